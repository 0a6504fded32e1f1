/**
 * Where conversation and user state live, chosen by the STORAGE setting: `memory` (one
 * process; lost on restart; bounded in time and count, see memoryStorage.ts) or `blob` (Azure Blob Storage through the SDK's own
 * BlobsStorage; shared by every instance, kept across restarts, written with ETags so
 * that two instances cannot overwrite each other's turn silently).
 */
import { ConversationState, Storage, StoreItems, TurnContext } from 'botbuilder';
import type { BlobsStorage as BlobsStorageType } from 'botbuilder-azure-blobs';
import type { Settings } from '../settings';
import { BoundedMemoryStorage, MEMORY_STATE_DEFAULTS } from './memoryStorage';

export type StorageSettings = Pick<Settings, 'storage' | 'blobConnectionString' | 'blobContainer'> &
  Partial<Pick<Settings, 'memoryStateTtlMinutes' | 'memoryStateMaxItems'>>;

/** The key the readiness probe reads: never written, so the read is one cheap 404. */
const PROBE_KEY = 'readyz-probe';

/**
 * BlobsStorage creates its container on first use and keeps that promise: if the storage
 * was unreachable then, every later call would fail forever. This wrapper forgets a
 * failed initialisation so that the next call tries again.
 */
/**
 * A user is waiting on every read and write: a few quick retries, not the Azure SDK's
 * default of minutes of back-off.
 */
const BLOB_OPTIONS = {
  storagePipelineOptions: { retryOptions: { maxTries: 3, retryDelayInMs: 100, maxRetryDelayInMs: 1000, tryTimeoutInMs: 10_000 } },
};

/**
 * Loaded only with STORAGE=blob: the Azure SDK weighs about 20 MB of memory and 150 ms of
 * start-up that the embedded default does not need.
 */
function newBlobsStorage(connectionString: string, container: string): BlobsStorageType {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { BlobsStorage } = require('botbuilder-azure-blobs') as typeof import('botbuilder-azure-blobs');
  return new BlobsStorage(connectionString, container, BLOB_OPTIONS);
}

/**
 * The SDK's BlobsStorage creates its container once, on first use, and keeps that promise:
 * if the storage was down then, every later call fails with it. Until one call has
 * succeeded, a failure replaces the store by a fresh one, so that the next call tries
 * again (found when the storage is down at start-up). No private field of the SDK is read.
 */
class RecoveringBlobsStorage implements Storage {
  private inner: BlobsStorageType;
  private reached = false;

  constructor(private readonly connectionString: string, private readonly container: string) {
    this.inner = newBlobsStorage(connectionString, container);
  }

  private async guard<T>(call: () => Promise<T>): Promise<T> {
    try {
      const result = await call();
      this.reached = true;
      return result;
    } catch (err) {
      if (!this.reached) this.inner = newBlobsStorage(this.connectionString, this.container);
      throw err;
    }
  }

  read(keys: string[]): Promise<StoreItems> {
    return this.guard(() => this.inner.read(keys));
  }

  write(changes: StoreItems): Promise<void> {
    return this.guard(() => this.inner.write(changes));
  }

  delete(keys: string[]): Promise<void> {
    return this.guard(() => this.inner.delete(keys));
  }
}

export function createStorage(settings: StorageSettings): Storage {
  if (settings.storage === 'blob') return new RecoveringBlobsStorage(settings.blobConnectionString, settings.blobContainer);
  return new BoundedMemoryStorage({
    ttlMs: (settings.memoryStateTtlMinutes ?? MEMORY_STATE_DEFAULTS.ttlMinutes) * 60_000,
    maxItems: settings.memoryStateMaxItems ?? MEMORY_STATE_DEFAULTS.maxItems,
  });
}

/** Readiness of the storage: one cheap read. Throws when the storage does not answer. */
export async function probeStorage(storage: Storage): Promise<void> {
  await storage.read([PROBE_KEY]);
}

/** True for the error a storage raises when state was written with a stale ETag. */
export function isETagConflict(err: unknown): boolean {
  const message = (err as Error)?.message ?? '';
  return /eTag conflict/i.test(message) || (err as { statusCode?: number })?.statusCode === 412;
}

/**
 * The SDK's BotState writes with eTag '*' (the last writer wins), so two instances
 * answering the same conversation at once would silently overwrite each other. This
 * conversation state writes with the ETag it read: a stale write is refused by the
 * storage (see turnGuard.ts, which runs the turn again). A state never saved yet is
 * written unconditionally. The user state (the profile) stays the SDK's UserState, last
 * writer wins, written once the conversation is saved.
 */
/** A state as JSON, without its eTag: equal snapshots, same state (the state is plain data). */
function snapshot(state: Record<string, unknown>): string {
  const { eTag: _eTag, ...rest } = state;
  return JSON.stringify(rest);
}

export class ETagConversationState extends ConversationState {
  /** the state as loaded (or last written) in this turn, as JSON without its eTag, kept under a key of our own */
  private readonly loaded = Symbol('ETagConversationState.loaded');

  constructor(private readonly store: Storage) {
    super(store);
  }

  override async load(context: TurnContext, force = false): Promise<Record<string, unknown>> {
    const state = await super.load(context, force);
    if (force || !context.turnState.has(this.loaded)) context.turnState.set(this.loaded, snapshot(state));
    return state;
  }

  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    // the state object the turn changed (BotState.get: public, the same object it caches)
    const state = this.get(context) as Record<string, unknown> | undefined;
    if (!state && !force) return;
    const current = state ?? {};
    // one snapshot per save (the eTag is not part of it, so it holds after the write too); plain JSON, no
    // hash: the SDK's change hash (stringify + SHA-256) showed in the profile under load
    const now = snapshot(current);
    if (!force && context.turnState.get(this.loaded) === now) return;
    const key = await this.storageKey(context);
    const eTag = typeof current.eTag === 'string' && current.eTag ? current.eTag : '*';
    await this.store.write({ [key]: { ...current, eTag } });
    // written: later saves in this same turn are this turn's own, unconditional
    current.eTag = '*';
    context.turnState.set(this.loaded, now);
  }
}
