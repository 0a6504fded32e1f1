/**
 * Where conversation and user state live, chosen by the STORAGE setting: `memory` (one
 * process; lost on restart) or `blob` (Azure Blob Storage through the SDK's own
 * BlobsStorage; shared by every instance, kept across restarts, written with ETags so
 * that two instances cannot overwrite each other's turn silently).
 */
import { MemoryStorage, Storage, StoreItems } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import type { Settings } from '../settings';

export type StorageSettings = Pick<Settings, 'storage' | 'blobConnectionString' | 'blobContainer'>;

/** The key the readiness probe reads: never written, so the read is one cheap 404. */
const PROBE_KEY = 'readyz-probe';

/**
 * BlobsStorage creates its container on first use and keeps that promise: if the storage
 * was unreachable then, every later call would fail forever. This wrapper forgets a
 * failed initialisation so that the next call tries again.
 */
class RecoveringBlobsStorage implements Storage {
  private inner: BlobsStorage;

  constructor(private readonly connectionString: string, private readonly container: string) {
    this.inner = new BlobsStorage(connectionString, container);
  }

  private async guard<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      const init = (this.inner as unknown as { _initializePromise?: Promise<unknown> })._initializePromise;
      if (init) {
        const failed = await init.then(() => false, () => true);
        if (failed) this.inner = new BlobsStorage(this.connectionString, this.container);
      }
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
  return new MemoryStorage();
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
