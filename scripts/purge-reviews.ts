/**
 * npm run purge:reviews — deletes what is past its retention: the review texts older than
 * REVIEW_RETENTION_DAYS (30 by default) and the events older than EVENTS_RETENTION_DAYS
 * (395). The bot does the same at start and every 12 hours; this command is for a
 * scheduled job or a manual check.
 *
 *   npm run purge:reviews                  past retention, in the store of the settings
 *   npm run purge:reviews -- --all         every review text (the CPAM turns the option off)
 *   npm run purge:reviews -- --dir DIR     a folder of events (file store)
 */
import { parseArgs } from 'node:util';
import { EventRecorder } from '../src/events/recorder';
import { dayOf } from '../src/events/types';
import { loadSettings } from '../src/settings';
import { storeFor } from './events/store';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { all: { type: 'boolean', default: false }, dir: { type: 'string' } } });
  const { store } = storeFor(values.dir);
  const settings = loadSettings();
  if (values.all) {
    const tomorrow = dayOf(new Date(Date.now() + 86_400_000));
    const days = await store.deleteBefore('reviews', tomorrow);
    console.log(`Textes gardés pour relecture : tous supprimés (${days.length} jour(s)).`);
    return;
  }
  const recorder = new EventRecorder(store, {
    secret: 'purge',
    reviewTexts: false,
    reviewRetentionDays: settings.reviewRetentionDays,
    eventRetentionDays: settings.eventsRetentionDays,
    flushIntervalMs: 0,
  });
  const gone = await recorder.purge();
  console.log(`Textes gardés pour relecture, au-delà de ${settings.reviewRetentionDays} jours : ${gone.reviews.length} jour(s) supprimé(s)${gone.reviews.length ? ` (${gone.reviews.join(', ')})` : ''}.`);
  console.log(`Événements, au-delà de ${settings.eventsRetentionDays} jours : ${gone.events.length} jour(s) supprimé(s).`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
