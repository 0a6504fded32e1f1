/**
 * The one door through which the bot keeps anything of its use. It pseudonymises the
 * conversation, stamps the time, keeps a review text only when REVIEW_TEXTS is on (and
 * scrubbed), and writes in the background: a turn never waits for the store, and a store
 * that fails costs events (counted in a warning), never a turn. `purge()` deletes what is
 * past its retention (review texts: REVIEW_RETENTION_DAYS; events: EVENTS_RETENTION_DAYS).
 */
import type { Logger } from '../logger';
import { TextCache } from '../nlu/textCache';
import { pseudonymize, referenceOf } from './pseudonym';
import { scrub } from './scrub';
import type { EventStore } from './store';
import { Collection, dayOf, RecordOf, ReviewText, UsageEvent } from './types';

type WithoutStamp<T> = T extends unknown ? Omit<T, 'v' | 'at'> : never;
export type NewEvent = WithoutStamp<UsageEvent>;
export type NewReview = Omit<ReviewText, 'v' | 'at'>;

export interface RecorderOptions {
  /** key of the pseudonyms (EVENTS_SECRET) */
  secret: string;
  /** keep the texts of fallback, asked-back and « pas utile » turns (REVIEW_TEXTS) */
  reviewTexts: boolean;
  reviewRetentionDays: number;
  eventRetentionDays: number;
  logger?: Pick<Logger, 'warn' | 'info'>;
  now?: () => Date;
  /** how often buffered records are written */
  flushIntervalMs?: number;
  /** records kept while the store fails, beyond which the oldest are dropped */
  maxBuffered?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export class EventRecorder {
  private readonly pending: { events: UsageEvent[]; reviews: ReviewText[] } = { events: [], reviews: [] };
  private flushing: Promise<void> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private purgeTimer?: NodeJS.Timeout;
  private dropped = 0;
  private readonly now: () => Date;
  /** the pseudonyms of recent conversations (a pure function of the id: cached, never stored) */
  private readonly pseudonyms = new TextCache<string>(5_000, 1_000);

  constructor(readonly store: EventStore, private readonly options: RecorderOptions) {
    this.now = options.now ?? (() => new Date());
    const every = options.flushIntervalMs ?? 1000;
    if (every > 0) {
      this.timer = setInterval(() => void this.flush(), every);
      this.timer.unref();
    }
  }

  get reviewTexts(): boolean {
    return this.options.reviewTexts;
  }

  /** Pseudonyms are asked several times a turn: an HMAC each time is measurable under load. */
  pseudonym(channel: string, conversationId: string): string {
    return this.pseudonyms.get(`${channel}\u0000${conversationId}`, () => pseudonymize(this.options.secret, channel, conversationId));
  }

  /** The short reference of a conversation, given to the user (« CPX-1A2B-3C4D »). */
  reference(channel: string, conversationId: string): string {
    return referenceOf(this.pseudonym(channel, conversationId));
  }

  record(event: NewEvent): void {
    this.push('events', { v: 1, at: this.now().toISOString(), ...event } as UsageEvent);
  }

  /** Keeps a text for review, scrubbed, only when the CPAM opted in; returns whether it was kept. */
  review(review: NewReview): boolean {
    if (!this.options.reviewTexts) return false;
    const text = scrub(review.text);
    if (!text) return false;
    this.push('reviews', { v: 1, at: this.now().toISOString(), ...review, text });
    return true;
  }

  private push<C extends Collection>(collection: C, record: RecordOf<C>): void {
    const list = this.pending[collection] as RecordOf<C>[];
    list.push(record);
    const max = this.options.maxBuffered ?? 10_000;
    if (list.length > max) {
      this.dropped += list.length - max;
      list.splice(0, list.length - max);
    }
  }

  /** Writes what is buffered (one write at a time); resolves once written or failed. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writePending());
    return this.flushing;
  }

  private async writePending(): Promise<void> {
    for (const collection of ['events', 'reviews'] as const) {
      const batch = this.pending[collection].splice(0);
      if (batch.length === 0) continue;
      try {
        await this.store.append(collection, batch as never);
      } catch (err) {
        // kept for the next try, in order
        (this.pending[collection] as unknown[]).unshift(...batch);
        this.options.logger?.warn({ collection, buffered: this.pending[collection].length, err: { name: (err as Error)?.name, message: (err as Error)?.message } }, 'événements non écrits : nouvel essai plus tard');
        break;
      }
    }
    if (this.dropped > 0) {
      this.options.logger?.warn({ dropped: this.dropped }, 'événements perdus : le stockage des événements ne répond pas');
      this.dropped = 0;
    }
  }

  /** Deletes what is past retention; returns the days deleted per collection. */
  async purge(): Promise<{ events: string[]; reviews: string[] }> {
    const now = this.now().getTime();
    const reviews = await this.store.deleteBefore('reviews', dayOf(new Date(now - this.options.reviewRetentionDays * DAY_MS)));
    const events = await this.store.deleteBefore('events', dayOf(new Date(now - this.options.eventRetentionDays * DAY_MS)));
    if (reviews.length > 0 || events.length > 0) this.options.logger?.info({ reviewDays: reviews.length, eventDays: events.length }, 'purge : données au-delà de leur durée de conservation supprimées');
    return { events, reviews };
  }

  /** Purges now and then every `everyMs` (the server does it; `npm run purge:reviews` too). */
  schedulePurge(everyMs = 12 * 60 * 60 * 1000): void {
    const run = () =>
      this.purge().catch((err) => this.options.logger?.warn({ err: { name: (err as Error)?.name, message: (err as Error)?.message } }, 'purge impossible : nouvel essai plus tard'));
    void run();
    this.purgeTimer = setInterval(run, everyMs);
    this.purgeTimer.unref();
  }

  /** Stops the timers and writes what is left. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.purgeTimer) clearInterval(this.purgeTimer);
    await this.flush();
  }
}
