/**
 * What a turn came to, read from the kinds of the replies the bot sent (see
 * answers/answer.ts): answered, asked back (a question of the bot: the profession, the
 * status, which reading…), fallback (not understood, or out of the bot's field), other
 * (welcome, help, small talk, commands), error. And which replies get feedback buttons:
 * the answers, not the questions the bot asks nor its small talk.
 */
import type { Outcome } from './types';

export interface ReplyKind {
  kind: string;
  /** the reply waits for an answer (a question of the bot) */
  expectsInput?: boolean;
}

/** Replies that say the bot did not understand, or that the question is not in its field. */
const FALLBACK_KINDS = new Set(['fallback', 'ask.gaveUp', 'lang.english']);
/** Replies that are not answers to a question: greetings, help, commands, errors. */
const OTHER_KINDS = new Set(['welcome', 'help', 'cancelled', 'restarted', 'greeting', 'thanks', 'goodbye']);
/** Answers that only acknowledge what the user said of themself (« C'est noté »). */
const ACKNOWLEDGEMENTS = new Set(['profile.set']);

/** The bot's own replies about learning (thanks, the offer of a person) do not decide the outcome. */
function isLearningKind(kind: string): boolean {
  return kind.startsWith('learning.');
}

function outcomeOfReply(r: ReplyKind): Outcome {
  if (r.kind === 'error') return 'error';
  if (FALLBACK_KINDS.has(r.kind)) return 'fallback';
  if (r.expectsInput || r.kind.startsWith('ask.') || r.kind.startsWith('clarify.')) return 'askedBack';
  if (OTHER_KINDS.has(r.kind)) return 'other';
  return 'answered';
}

/** A turn's outcome: that of its last reply (a lead and an answer: the answer decides). */
export function outcomeOf(replies: ReplyKind[]): Outcome {
  const main = replies.filter((r) => !isLearningKind(r.kind));
  const last = main[main.length - 1];
  return last ? outcomeOfReply(last) : 'other';
}

/** Whether a reply is an answer that the user may rate (« utile » / « pas utile »). */
export function takesFeedback(r: ReplyKind): boolean {
  return !isLearningKind(r.kind) && outcomeOfReply(r) === 'answered' && !ACKNOWLEDGEMENTS.has(r.kind);
}
