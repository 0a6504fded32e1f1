/**
 * STORAGE=memory with bounds: the SDK's MemoryStorage keeps every conversation and every
 * user profile for the life of the process, so anonymous traffic alone can exhaust the
 * heap. This one forgets an item idle (neither read nor written) for `ttlMs`, and beyond
 * `maxItems` the least recently used; a forgotten conversation starts afresh, as after
 * a restart.
 *
 * ETags as the SDK's MemoryStorage (botbuilder-core/lib/memoryStorage.js): each write
 * stamps a new numeric eTag; a write without eTag, with '*', or on a key absent (never
 * written, deleted or forgotten) succeeds; otherwise the eTag must be the stored one, or
 * the write fails with the SDK's message (« Storage: error writing "<key>" due to eTag
 * conflict. »). Items are stored as JSON, so what is read is a copy. One difference: a
 * write of several keys with one conflicting writes none of them (the SDK's writes the
 * others).
 *
 * A conversation's state weighs at most a few KB in memory (under 1,500 characters of
 * JSON while a question waits: the prompts keep what they ask, not their card), its
 * profile next to nothing: 5,000 items by default stay far below 60 MB.
 */
import type { Storage, StoreItems } from 'botbuilder';

/** Defaults of MEMORY_STATE_TTL_MINUTES and MEMORY_STATE_MAX_ITEMS. */
export const MEMORY_STATE_DEFAULTS = { ttlMinutes: 60, maxItems: 5_000 } as const;
/** How often idle items are looked for (an expired item is never returned in between). */
const SWEEP_EVERY_MS = 1_000;

export interface BoundedMemoryStorageOptions {
  /** an item neither read nor written for this long is forgotten, in ms */
  ttlMs: number;
  /** items kept at most; beyond, the least recently used is forgotten */
  maxItems: number;
  /** clock, for tests */
  now?: () => number;
}

interface Entry {
  json: string;
  eTag: string;
  touched: number;
}

export class BoundedMemoryStorage implements Storage {
  /** in order of last use: the first entries are the oldest */
  private readonly items = new Map<string, Entry>();
  private etag = 1;
  private lastSweep = Number.NEGATIVE_INFINITY;
  private readonly now: () => number;

  constructor(private readonly options: BoundedMemoryStorageOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Items kept now (expired ones included until the next read or write). */
  get size(): number {
    return this.items.size;
  }

  /**
   * Forgets the items idle for longer than the TTL: the oldest are first in the map. At most
   * once a second: every read moves its item to the end (delete, set), which leaves holes at
   * the start of the map that each iteration from the start walks through again; under load
   * that walk cost more than the rest of the read (measured by the bench's profile).
   */
  private sweep(now: number): void {
    if (now - this.lastSweep < SWEEP_EVERY_MS && now >= this.lastSweep) return;
    this.lastSweep = now;
    for (const [key, entry] of this.items) {
      if (now - entry.touched < this.options.ttlMs) break;
      this.items.delete(key);
    }
  }

  private expired(entry: Entry, now: number): boolean {
    return now - entry.touched >= this.options.ttlMs;
  }

  private touch(key: string, entry: Entry, now: number): void {
    entry.touched = now;
    this.items.delete(key);
    this.items.set(key, entry);
  }

  read(keys: string[]): Promise<StoreItems> {
    if (!keys) return Promise.reject(new ReferenceError('Keys are required when reading.'));
    const now = this.now();
    this.sweep(now);
    const data: StoreItems = {};
    for (const key of keys) {
      const entry = this.items.get(key);
      if (!entry) continue;
      // idle too long but not swept yet: forgotten all the same
      if (this.expired(entry, now)) {
        this.items.delete(key);
        continue;
      }
      this.touch(key, entry, now);
      data[key] = JSON.parse(entry.json);
    }
    return Promise.resolve(data);
  }

  write(changes: StoreItems): Promise<void> {
    if (!changes) return Promise.reject(new ReferenceError('Changes are required when writing.'));
    const now = this.now();
    this.sweep(now);
    const keys = Object.keys(changes);
    for (const key of keys) {
      const eTag = changes[key]?.eTag;
      const old = this.items.get(key);
      if (old && this.expired(old, now)) {
        this.items.delete(key);
        continue;
      }
      if (old && eTag && eTag !== '*' && eTag !== old.eTag) {
        return Promise.reject(new Error(`Storage: error writing "${key}" due to eTag conflict.`));
      }
    }
    for (const key of keys) {
      const eTag = (this.etag++).toString();
      const entry: Entry = { json: JSON.stringify({ ...changes[key], eTag }), eTag, touched: now };
      this.items.delete(key);
      this.items.set(key, entry);
    }
    while (this.items.size > this.options.maxItems) this.items.delete(this.items.keys().next().value as string);
    return Promise.resolve();
  }

  delete(keys: string[]): Promise<void> {
    for (const key of keys) this.items.delete(key);
    return Promise.resolve();
  }
}
