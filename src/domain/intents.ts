/**
 * The intents: one union and one registry, shared by the recognizer, the router, the
 * dialogs and kb:check (which refuses an intents.yaml whose ids are not these).
 *  - needsProfile: the answer depends on the asker's page of the guide;
 *  - midQuestion: may be answered while the bot waits for a profession or a status,
 *    without losing that question;
 *  - trained: the classifier learns it from intents.yaml (the others come from rules);
 *  - domain: a question on the cards that a message may ask beside another one (the second
 *    question of a message is offered apart only when both are of the domain).
 */
export const INTENTS = {
  'card.which': { needsProfile: true, midQuestion: false, trained: true, domain: true },
  'use.access': { needsProfile: true, midQuestion: false, trained: true, domain: true },
  'card.uses': { needsProfile: true, midQuestion: false, trained: true, domain: true },
  'card.obtain': { needsProfile: true, midQuestion: false, trained: true, domain: true },
  'card.renew': { needsProfile: false, midQuestion: true, trained: true, domain: true },
  'card.validity': { needsProfile: false, midQuestion: true, trained: true, domain: true },
  'card.lost': { needsProfile: false, midQuestion: true, trained: true, domain: true },
  'card.broken': { needsProfile: false, midQuestion: true, trained: true, domain: true },
  'contact.cpam': { needsProfile: false, midQuestion: true, trained: true, domain: true },
  'glossary.define': { needsProfile: false, midQuestion: true, trained: true, domain: true },
  'ecps.info': { needsProfile: false, midQuestion: true, trained: true, domain: true },
  'card.compare': { needsProfile: false, midQuestion: true, trained: true, domain: true },
  'adeli.rpps': { needsProfile: false, midQuestion: true, trained: true, domain: true },
  'profile.set': { needsProfile: false, midQuestion: false, trained: true, domain: false },
  help: { needsProfile: false, midQuestion: true, trained: true, domain: false },
  greeting: { needsProfile: false, midQuestion: false, trained: true, domain: false },
  thanks: { needsProfile: false, midQuestion: false, trained: true, domain: false },
  goodbye: { needsProfile: false, midQuestion: false, trained: true, domain: false },
  /** out of scope: trained on phrases of other subjects, answered with the help */
  oos: { needsProfile: false, midQuestion: false, trained: true, domain: false },
  /** « carte » alone: the likely questions as buttons */
  'card.clarify': { needsProfile: false, midQuestion: false, trained: false, domain: false },
  /** a message in English */
  'lang.english': { needsProfile: false, midQuestion: true, trained: false, domain: false },
  /** nothing understood */
  none: { needsProfile: false, midQuestion: false, trained: false, domain: false },
} as const satisfies Record<string, { needsProfile: boolean; midQuestion: boolean; trained: boolean; domain: boolean }>;

export type IntentId = keyof typeof INTENTS;

export const TRAINED_INTENTS = (Object.keys(INTENTS) as IntentId[]).filter((id) => INTENTS[id].trained);

export function isIntent(value: string): value is IntentId {
  return Object.prototype.hasOwnProperty.call(INTENTS, value);
}

export function needsProfile(intent: IntentId): boolean {
  return INTENTS[intent].needsProfile;
}

export function answerableMidQuestion(intent: IntentId): boolean {
  return INTENTS[intent].midQuestion;
}

/**
 * Intents whose answers say nearly the same (« ma carte expire le mois prochain » is a renewal and a validity question: each
 * answer gives the card's duration and how it is renewed). When the classifier hesitates between two of a kind, their
 * scores are taken together against the threshold, and the first is answered.
 */
const KINDRED: ReadonlyArray<ReadonlySet<IntentId>> = [new Set<IntentId>(['card.renew', 'card.validity'])];

export function kindred(a: string, b: string): boolean {
  return a !== b && KINDRED.some((kind) => kind.has(a as IntentId) && kind.has(b as IntentId));
}

/** A question on the cards (not help, chit-chat or a statement): one a message may ask beside another. */
export function domainQuestion(intent: IntentId): boolean {
  return INTENTS[intent].domain;
}
