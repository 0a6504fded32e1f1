/**
 * « Did you mean »: when the classifier hesitates between two readings of a new question,
 * the bot asks which one, both as buttons, instead of answering the first. The choice
 * reads the question again with the chosen intent (the profession, uses and cards it
 * names are kept) and is recorded: the report shows it as a training signal.
 *
 * Close: both are intents the bot answers, the reading keeps the classifier's first, and
 * the second scores at least CLOSE_RATIO of the first. Measured on the evaluation set
 * (tests/nlu/evaluation.yaml, 363 messages, November 2026): the rule asks on 3 of them;
 * on 2 the second reading was the right one, on 1 the first.
 *
 * The message itself is held in this process's memory for a few minutes (TtlCache), never
 * in the conversation state; a choice that reaches another instance, or comes later,
 * reads the button's own question instead.
 */
import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { Answer } from '../answers/answer';
import { DID_YOU_MEAN_INTENTS, LearningAnswers } from '../answers/learning';
import { isIntent } from '../domain/intents';
import { TtlCache } from '../events/ttlCache';
import type { Reading, Understanding } from '../nlu/reading';

const CLOSE_RATIO = 0.8;

interface PendingChoice {
  offered: string[];
  /** what each button sends back, in the same order */
  values: string[];
}

export interface DidYouMeanState {
  didYouMean?: PendingChoice;
}

/** What happened to a « did you mean » question this turn (for the turn's event). */
export interface DidYouMeanOutcome {
  offered: string[];
  chosen?: string;
  /** the message the choice read again (for a review text, when kept) */
  text?: string;
}

/** The two readings to offer, or undefined when the first is clear enough. */
function closeReadings(reading: Reading): [string, string] | undefined {
  const [first, second] = reading.recognition.ranking;
  if (!first || !second || reading.command || reading.english || reading.followUp) return undefined;
  if (reading.intent !== first.intent || first.intent === second.intent) return undefined;
  if (!DID_YOU_MEAN_INTENTS.has(first.intent) || !DID_YOU_MEAN_INTENTS.has(second.intent)) return undefined;
  return second.score >= CLOSE_RATIO * first.score ? [first.intent, second.intent] : undefined;
}

function keyOf(context: TurnContext): string {
  return `${context.activity.channelId}\u0000${context.activity.conversation?.id}`;
}

export class DidYouMean {
  private readonly held: TtlCache<string>;

  constructor(
    private readonly answers: LearningAnswers,
    private readonly state: StatePropertyAccessor<DidYouMeanState>,
    heldForMs = 10 * 60 * 1000,
  ) {
    this.held = new TtlCache<string>(heldForMs);
  }

  /**
   * The reading of the turn's message. A choice among the readings offered last turn
   * reads the held message with the chosen intent; a new question whose readings are close
   * comes back with the question to ask (`ask`).
   */
  async read(context: TurnContext, understanding: Understanding): Promise<{ reading: Reading; ask?: Answer; outcome?: DidYouMeanOutcome }> {
    const text = context.activity.text ?? '';
    const state = await this.state.get(context, {});
    const pending = state.didYouMean;
    if (pending) {
      await this.state.set(context, { ...state, didYouMean: undefined });
      const index = pending.values.findIndex((v) => v.trim().toLowerCase() === text.trim().toLowerCase());
      const chosen = index >= 0 ? pending.offered[index] : undefined;
      if (chosen && isIntent(chosen)) {
        const held = this.held.get(keyOf(context));
        this.held.delete(keyOf(context));
        const reading = understanding.read(held ?? text);
        return { reading: { ...reading, intent: chosen }, outcome: { offered: pending.offered, chosen, text: held } };
      }
      this.held.delete(keyOf(context));
      const reading = understanding.read(text);
      return { reading, outcome: { offered: pending.offered } };
    }
    const reading = understanding.read(text);
    // a button's text is the bot's own wording: no question about it
    const fromButton = typeof (context.activity.value as { choice?: unknown } | undefined)?.choice === 'string';
    const close = fromButton ? undefined : closeReadings(reading);
    if (!close) return { reading };
    const values = close.map((i) => this.answers.intentQuestion(i));
    if (values.some((v) => !v)) return { reading };
    this.held.set(keyOf(context), text);
    await this.state.set(context, { ...state, didYouMean: { offered: close, values: values as string[] } });
    return { reading, ask: this.answers.didYouMean(close) };
  }
}
