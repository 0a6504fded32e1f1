/**
 * Events and review texts in Azure Blob Storage (EVENTS_STORE=blob), in a container of
 * their own beside the state's: one append blob per collection, day and instance,
 * `events/2026-11-27/<instance>.jsonl`. Every instance appends to its own blobs (no two
 * writers on one blob), the report reads them all, and a retention limit deletes whole
 * days. Works the same on Azurite.
 */
import { randomBytes } from 'node:crypto';
import type { ContainerClient } from '@azure/storage-blob';
import { newSecret } from './pseudonym';
import { EventStore, inRange, parseLines, ReadRange } from './store';
import { Collection, dayOf, RecordOf } from './types';

/** An append block holds at most 4 MiB (older service versions). */
const MAX_BLOCK_BYTES = 4 * 1024 * 1024;

/** Where the key of the pseudonyms is kept when EVENTS_SECRET is not set. */
const SECRET_BLOB = 'secret/pseudonyms.key';

const RETRY = { maxTries: 3, retryDelayInMs: 200, maxRetryDelayInMs: 2000, tryTimeoutInMs: 15_000 };

export class BlobEventStore implements EventStore {
  readonly kind = 'blob' as const;
  private readonly client: ContainerClient;
  private ready?: Promise<void>;
  private readonly created = new Set<string>();
  /** suffix of the blob in use for a day, after one was full (50,000 blocks) */
  private readonly rolled = new Map<string, number>();

  constructor(connectionString: string, container: string, private readonly instance = `i-${randomBytes(6).toString('hex')}`) {
    // loaded only when the events go to Blob Storage
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { BlobServiceClient } = require('@azure/storage-blob') as typeof import('@azure/storage-blob');
    this.client = BlobServiceClient.fromConnectionString(connectionString, { retryOptions: RETRY }).getContainerClient(container);
  }

  /** Creates the container once; a failure is forgotten so that the next call tries again. */
  private ensure(): Promise<void> {
    this.ready ??= this.client.createIfNotExists().then(
      () => undefined,
      (err) => {
        this.ready = undefined;
        throw err;
      },
    );
    return this.ready;
  }

  private blobName(collection: Collection, day: string): string {
    const n = this.rolled.get(`${collection}/${day}`) ?? 0;
    return `${collection}/${day}/${this.instance}${n > 0 ? `-${n}` : ''}.jsonl`;
  }

  async append<C extends Collection>(collection: C, records: RecordOf<C>[]): Promise<void> {
    if (records.length === 0) return;
    await this.ensure();
    const perDay = new Map<string, string[]>();
    for (const r of records) {
      const day = dayOf(r.at);
      perDay.set(day, [...(perDay.get(day) ?? []), `${JSON.stringify(r)}\n`]);
    }
    for (const [day, lines] of perDay) {
      // blocks of whole lines, each under the size limit
      const blocks: string[] = [];
      let current = '';
      for (const line of lines) {
        if (current && Buffer.byteLength(current) + Buffer.byteLength(line) > MAX_BLOCK_BYTES) {
          blocks.push(current);
          current = '';
        }
        current += line;
      }
      if (current) blocks.push(current);
      for (const block of blocks) await this.appendBlock(collection, day, Buffer.from(block, 'utf8'));
    }
  }

  private async appendBlock(collection: Collection, day: string, body: Buffer): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const name = this.blobName(collection, day);
      const blob = this.client.getAppendBlobClient(name);
      if (!this.created.has(name)) {
        await blob.createIfNotExists({ blobHTTPHeaders: { blobContentType: 'application/x-ndjson; charset=utf-8' } });
        this.created.add(name);
      }
      try {
        await blob.appendBlock(body, body.length);
        return;
      } catch (err) {
        const code = (err as { code?: string; details?: { errorCode?: string } }).details?.errorCode ?? (err as { code?: string }).code;
        if (code === 'BlockCountExceedsLimit' || code === 'BlobNotFound') {
          // full: the next blob of the day; deleted meanwhile (a purge): created again
          if (code === 'BlockCountExceedsLimit') this.rolled.set(`${collection}/${day}`, (this.rolled.get(`${collection}/${day}`) ?? 0) + 1);
          this.created.delete(name);
          continue;
        }
        throw err;
      }
    }
    throw new Error(`blob des événements indisponible (${collection}/${day})`);
  }

  async days(collection: Collection): Promise<string[]> {
    await this.ensure();
    const out: string[] = [];
    for await (const item of this.client.listBlobsByHierarchy('/', { prefix: `${collection}/` })) {
      if (item.kind === 'prefix') {
        const day = item.name.slice(collection.length + 1).replace(/\/$/, '');
        if (/^\d{4}-\d{2}-\d{2}$/.test(day)) out.push(day);
      }
    }
    return out.sort();
  }

  private async blobsOf(collection: Collection, day: string): Promise<string[]> {
    const names: string[] = [];
    for await (const b of this.client.listBlobsFlat({ prefix: `${collection}/${day}/` })) names.push(b.name);
    return names.sort();
  }

  async read<C extends Collection>(collection: C, range?: ReadRange): Promise<RecordOf<C>[]> {
    const out: RecordOf<C>[] = [];
    for (const day of (await this.days(collection)).filter((d) => inRange(d, range))) {
      for (const name of await this.blobsOf(collection, day)) {
        const buffer = await this.client.getBlobClient(name).downloadToBuffer();
        out.push(...parseLines<RecordOf<C>>(buffer.toString('utf8')));
      }
    }
    return out;
  }

  async deleteBefore(collection: Collection, beforeDay: string): Promise<string[]> {
    const gone = (await this.days(collection)).filter((d) => d < beforeDay);
    for (const day of gone) {
      for (const name of await this.blobsOf(collection, day)) {
        await this.client.getBlobClient(name).deleteIfExists();
        this.created.delete(name);
      }
    }
    return gone;
  }

  /** The key kept in the container: created once (If-None-Match: *), then read by every instance. */
  async storedSecret(): Promise<string> {
    await this.ensure();
    const blob = this.client.getBlockBlobClient(SECRET_BLOB);
    try {
      const made = newSecret();
      await blob.upload(made, Buffer.byteLength(made), { conditions: { ifNoneMatch: '*' } });
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      if (status !== 409 && status !== 412) throw err;
    }
    return (await blob.downloadToBuffer()).toString('utf8').trim();
  }
}
