/**
 * The recorder the settings ask for: its store (file by default, Blob Storage in
 * production, memory for tests, none with EVENTS_STORE=off) and the secret of its
 * pseudonyms. Without EVENTS_SECRET, the store keeps one (a file of mode 600 in its
 * folder, a blob in its container) so that pseudonyms stay the same across restarts and
 * instances; a memory store draws one per process.
 */
import path from 'node:path';
import type { Logger } from '../logger';
import type { Settings } from '../settings';
import { BlobEventStore } from './blobStore';
import { EventRecorder, RecorderOptions } from './recorder';
import { EventStore, FileEventStore, MemoryEventStore } from './store';

export type EventSettings = Pick<
  Settings,
  'eventsStore' | 'eventsDir' | 'eventsContainer' | 'eventsSecret' | 'eventsRetentionDays' | 'reviewTexts' | 'reviewRetentionDays' | 'blobConnectionString'
>;

export function createEventStore(settings: EventSettings): EventStore | undefined {
  switch (settings.eventsStore) {
    case 'off':
      return undefined;
    case 'memory':
      return new MemoryEventStore();
    case 'blob':
      return new BlobEventStore(settings.blobConnectionString, settings.eventsContainer);
    case 'file':
      return new FileEventStore(path.resolve(settings.eventsDir));
  }
}

/**
 * The recorder, once its key is known: EVENTS_SECRET, or the one kept with the store
 * (read, or made by the first instance).
 */
export async function createEventRecorder(settings: EventSettings, logger?: Logger, options: Partial<RecorderOptions> = {}): Promise<EventRecorder | undefined> {
  const store = createEventStore(settings);
  if (!store) return undefined;
  const secret = settings.eventsSecret || (await store.storedSecret());
  if (!settings.eventsSecret && store.kind === 'blob') {
    logger?.warn('EVENTS_SECRET absent : la clé des pseudonymes est gardée dans le conteneur des événements ; mieux vaut la définir (Key Vault) pour la tenir à part des données');
  }
  return new EventRecorder(store, {
    secret,
    reviewTexts: settings.reviewTexts,
    reviewRetentionDays: settings.reviewRetentionDays,
    eventRetentionDays: settings.eventsRetentionDays,
    logger,
    ...options,
  });
}

export { EventRecorder } from './recorder';
;
export type { EventStore } from './store';
