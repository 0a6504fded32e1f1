/**
 * The event store the usage scripts read: the one the settings (environment, .env) name,
 * or the folder given with --dir (a file store, e.g. a copy of data/events).
 */
import { createEventStore, EventSettings } from '../../src/events';
import type { EventStore } from '../../src/events/store';
import { FileEventStore } from '../../src/events/store';
import { loadSettings, SettingsError } from '../../src/settings';

export function storeFor(dir: string | undefined): { store: EventStore; settings?: EventSettings } {
  if (dir) return { store: new FileEventStore(dir) };
  const settings = loadSettings();
  const store = createEventStore(settings);
  if (!store) throw new SettingsError('EVENTS_STORE', 'les événements sont désactivés (EVENTS_STORE=off) : rien à lire');
  if (store.kind === 'memory') throw new SettingsError('EVENTS_STORE', "EVENTS_STORE=memory ne garde les événements que dans le processus du bot : utilisez file (par défaut) ou blob");
  return { store, settings };
}
