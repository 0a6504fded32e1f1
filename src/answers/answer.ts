/**
 * One answer of the assistant, built once and independent of any channel. The renderers
 * (render.ts) turn it into an Adaptive Card or plain text; the dialogs turn that into an
 * activity per channel (dialogs/activities.ts). Nothing here knows the Bot Framework.
 *
 * Reading order, which every renderer keeps:
 *   1. `decisive`: updates since the guide that change the answer (a closed service…),
 *   2. `headline`: the verdict and the fact that answers the question,
 *   3. `lines`: the guide's note, what is inferred and whom to ask,
 *   4. `source`,
 *   5. `details` (behind « Voir le détail »): delivery, e-CPS, other uses, updates that
 *      concern the question without changing it,
 *   6. `choices`: next steps, as buttons.
 */

export interface Choice {
  /** what the button shows */
  title: string;
  /** what the button sends back as the user's text */
  value: string;
}

/** A use's line in a list of uses, with its status. */
export interface UseLine {
  status: 'access' | 'conditional' | 'none' | 'closed';
  text: string;
}

export interface DetailSection {
  title?: string;
  lines: string[];
  facts?: Array<{ title: string; value: string }>;
  uses?: UseLine[];
}

/** What an answer said, for logs, the evaluation and tests (never the user's text). */
export interface AnswerTrace {
  /** the page of the guide the answer is about */
  profileId?: string;
  /** the answer is about someone else's card (an employee, a driver) */
  about?: 'self' | 'other';
  /** the person is not covered by the guide; the page given is the nearest one */
  uncovered?: string;
  uses?: Array<{ use: string; verdict: 'access' | 'conditional' | 'none' | 'unlisted' | 'closed'; inferred?: boolean }>;
  topic?: string;
  terms?: string[];
  /** the answer is said of a card, for whoever holds it (every page with that card answers alike): the card's id */
  holderOf?: string;
  /** what the bot asks back, when it asks */
  asks?: 'profession' | 'status' | 'ambiguity' | 'clarify' | 'compare' | 'use' | 'person';
}

export interface Answer {
  /** id of the answer, for logs and tests (« use.access », « ask.profession » …) */
  kind: string;
  /** what the bot says before the answer (« C'est noté : … Pour votre question précédente : ») */
  lead?: string;
  /** updates that change the answer, said before anything else */
  decisive: string[];
  title?: string;
  /** the first statement: the verdict and the fact that answers */
  headline: string;
  /** short paragraphs shown at first sight */
  lines: string[];
  source?: string;
  details: DetailSection[];
  choices: Choice[];
  /** many choices (the professions): buttons plus a drop-down list */
  manyChoices?: boolean;
  /** the bot waits for an answer to a question */
  expectsInput?: boolean;
  trace: AnswerTrace;
}

/** A short answer: one statement, maybe buttons. */
export function simpleAnswer(kind: string, headline: string, choices: Choice[] = [], trace: AnswerTrace = {}): Answer {
  return { kind, decisive: [], headline, lines: [], details: [], choices, trace };
}

/** Whether the answer has a verdict (« Oui », « Non » …): the 600-character rule applies. */
export function isVerdict(answer: Answer): boolean {
  return (answer.trace.uses?.length ?? 0) > 0;
}
