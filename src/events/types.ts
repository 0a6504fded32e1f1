/**
 * What the bot keeps of its use, to learn from it: one event per user turn, one per
 * feedback, one per « did you mean » choice and one per offer of a person. Events carry
 * no user text and no identifier in clear: the conversation is a pseudonym (an HMAC of
 * its id with a secret, see pseudonym.ts). Review texts (reviews) are the only records
 * with user text, kept only when the CPAM opts in, scrubbed, and deleted after their
 * retention (see recorder.ts and scrub.ts). Nothing here knows the Bot Framework.
 */

/** What a user turn came to. */
export type Outcome = 'answered' | 'askedBack' | 'fallback' | 'other' | 'error';

interface EventBase {
  /** version of the record's shape */
  v: 1;
  /** ISO date and time (UTC) */
  at: string;
  /** pseudonym of the conversation */
  conv: string;
  channel: string;
}

export interface TurnEvent extends EventBase {
  type: 'turn';
  /** the reading's intent (« use.access », « none » …) */
  intent?: string;
  /** the kind of the last reply (« use.access », « ask.profession », « fallback » …) */
  kind?: string;
  outcome: Outcome;
  /** the classifier's confidence in the intent, 0–1 */
  confidence?: number;
  latencyMs: number;
  /** what the answer was about: page of the guide, uses, topic (ids of the knowledge files) */
  subject?: string;
}

export type Vote = 'up' | 'down';

export interface FeedbackEvent extends EventBase {
  type: 'feedback';
  vote: Vote;
  /** the reply the vote is about (its kind, intent and subject), when known */
  kind?: string;
  intent?: string;
  subject?: string;
  /** how the vote came: Web Chat's feedback actions, Teams' feedback buttons, card buttons */
  via: 'webchat' | 'teams' | 'buttons';
  /** whether the user also wrote a comment (Teams' form); the comment itself is a review text */
  comment?: boolean;
}

export interface ChoiceEvent extends EventBase {
  type: 'didYouMean';
  /** the intents offered as buttons */
  offered: string[];
  /** the one chosen; absent when the user wrote something else */
  chosen?: string;
}

export interface HandoffEvent extends EventBase {
  type: 'handoff';
  reason: 'misunderstood' | 'notUseful';
}

export type UsageEvent = TurnEvent | FeedbackEvent | ChoiceEvent | HandoffEvent;

/** Why a text was kept for review. */
export type ReviewReason = 'fallback' | 'askedBack' | 'notUseful' | 'didYouMean' | 'comment';

export interface ReviewText {
  v: 1;
  at: string;
  conv: string;
  channel: string;
  reason: ReviewReason;
  intent?: string;
  kind?: string;
  /** the intent chosen among those offered (« did you mean ») */
  chosen?: string;
  /** the user's text, scrubbed (scrub.ts) */
  text: string;
}

/** The two collections a store keeps. */
export type Collection = 'events' | 'reviews';

export type RecordOf<C extends Collection> = C extends 'events' ? UsageEvent : ReviewText;

/** The day (UTC, YYYY-MM-DD) a record belongs to: stores are partitioned by day. */
export function dayOf(at: string | Date): string {
  return (typeof at === 'string' ? at : at.toISOString()).slice(0, 10);
}
