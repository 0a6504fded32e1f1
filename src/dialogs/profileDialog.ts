/**
 * The guided questions: the profession (buttons or free text), then the status where the
 * profession has several pages in the guide (titulaire, remplaçant, en formation,
 * salarié), or the one question that settles an ambiguity (« médecin biologiste »).
 * Ends with { profileId } or, when the user could not be understood, with nothing.
 *
 * Prompts are TextPrompts checked by our own recognizer: the SDK's choice prompts would
 * run Microsoft's number recognizers on every answer (slow on first use, and useless here).
 */
import { ComponentDialog, DialogTurnResult, PromptValidatorContext, TextPrompt, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import type { Answers } from '../answers/compose';
import type { Reply } from '../answers/reply';
import type { Recognition, Recognizer } from '../nlu/recognizer';
import { toActivity } from './activities';
import { PartialProfile, Router, partialOf } from './router';
import type { PendingQuestion } from './state';

export const PROFILE_DIALOG = 'profileDialog';
const PROFESSION_PROMPT = 'professionPrompt';
const STATUS_PROMPT = 'statusPrompt';
const AMBIGUITY_PROMPT = 'ambiguityPrompt';
const WATERFALL = 'profileWaterfall';

/** After this many answers not understood, the bot stops asking and offers help. */
export const MAX_ATTEMPTS = 3;

export interface ProfileDialogOptions {
  pending: PendingQuestion;
  partial: PartialProfile;
  /** said before the first question (« C'est noté … ») */
  lead?: string;
}

export interface ProfileDialogResult {
  profileId?: string;
  /** a status the user gave that has no page of its own for the profession */
  statusIgnored?: string;
  /** the question to answer: the one that started the dialog, or a new one asked in an answer */
  question?: PendingQuestion;
}

interface PromptOptionsWithReply {
  /** which profession the status question is about */
  profession?: string;
}

export class ProfileDialog extends ComponentDialog {
  constructor(
    private readonly recognizer: Recognizer,
    private readonly answers: Answers,
    private readonly router: Router,
  ) {
    super(PROFILE_DIALOG);
    this.addDialog(new TextPrompt(PROFESSION_PROMPT, (pc) => this.validate(pc, 'profession')));
    this.addDialog(new TextPrompt(STATUS_PROMPT, (pc) => this.validate(pc, 'status')));
    this.addDialog(new TextPrompt(AMBIGUITY_PROMPT, (pc) => this.validate(pc, 'ambiguity')));
    this.addDialog(new WaterfallDialog(WATERFALL, [this.askStep.bind(this), this.answerStep.bind(this)]));
    this.initialDialogId = WATERFALL;
  }

  /** Asks the one question still needed: ambiguity, profession or status. */
  private async askStep(step: WaterfallStepContext<ProfileDialogOptions>): Promise<DialogTurnResult> {
    const options = step.options;
    if (options.lead) await step.context.sendActivity(options.lead);
    const { partial } = options;
    if (partial.ambiguity) {
      return this.prompt(step, AMBIGUITY_PROMPT, this.answers.askAmbiguity(partial.ambiguity.question, partial.ambiguity.profiles));
    }
    if (partial.profession) {
      return this.prompt(step, STATUS_PROMPT, this.answers.askStatus(partial.profession), this.answers.askStatus(partial.profession, true), { profession: partial.profession });
    }
    return this.prompt(step, PROFESSION_PROMPT, this.answers.askProfession(), this.answers.askProfession(true));
  }

  private async prompt(step: WaterfallStepContext, id: string, prompt: Reply, retry?: Reply, validations?: PromptOptionsWithReply): Promise<DialogTurnResult> {
    return step.prompt(id, {
      prompt: toActivity(prompt, true),
      retryPrompt: toActivity(retry ?? prompt, true),
      validations,
    });
  }

  /** Works out what the answer says; asks again (the next missing piece) or ends. */
  private async answerStep(step: WaterfallStepContext<ProfileDialogOptions>): Promise<DialogTurnResult> {
    const options = step.options;
    const text = typeof step.result === 'string' ? step.result : '';
    const recognition = this.recognizer.recognize(text);
    // the answer, completed with what was said before (a status alone, a profession alone)
    const merged = this.router.complete(recognition, options.partial);
    // an answer that also asks something (« infirmière, et je peux consulter le DMP ? ») replaces the question
    const asks = recognition.intent === 'use.access' && recognition.entities.uses.length > 0;
    const pending: PendingQuestion = asks ? { intent: 'use.access', uses: recognition.entities.uses } : options.pending;
    if (merged.kind === 'profile') {
      return step.endDialog({ profileId: merged.profileId, statusIgnored: merged.statusIgnored, question: pending } satisfies ProfileDialogResult);
    }
    if (merged.kind === 'none') {
      await step.context.sendActivity(toActivity(this.answers.gaveUp()));
      return step.endDialog({} satisfies ProfileDialogResult);
    }
    // one more question, with what is now known
    const next: PartialProfile = { ...options.partial, ambiguity: undefined, ...partialOf(merged) };
    // replace the waterfall inside this dialog, not this dialog inside itself: a nested
    // profileDialog cannot be found again when « aide » re-prompts it (found by the fuzz test)
    return step.replaceDialog(WATERFALL, { pending, partial: next } satisfies ProfileDialogOptions);
  }

  /**
   * Accepts an answer that names a profession, a status or a profile. A question on
   * another subject gets its answer, then the question is asked again. After
   * MAX_ATTEMPTS answers not understood, gives up (the next step says so).
   */
  private async validate(pc: PromptValidatorContext<string>, expecting: 'profession' | 'status' | 'ambiguity'): Promise<boolean> {
    const text = pc.recognized.succeeded ? pc.recognized.value ?? '' : '';
    const recognition: Recognition = this.recognizer.recognize(text);
    const e = recognition.entities;
    const saysProfile = e.profiles.length + e.professions.length > 0 || !!e.ambiguity || (expecting !== 'ambiguity' && e.statuses.length > 0);
    if (saysProfile) return true;
    if (pc.attemptCount >= MAX_ATTEMPTS) return true;
    const side = SIDE_INTENTS.has(recognition.intent) ? this.router.sideAnswer(recognition, recognition.intent) : undefined;
    if (side) await pc.context.sendActivity(toActivity(side));
    return false;
  }
}

/** Questions the user may ask in the middle of the profile questions. */
const SIDE_INTENTS = new Set(['card.validity', 'card.renew', 'card.lost', 'card.broken', 'ecps.info', 'adeli.rpps', 'card.compare', 'contact.cpam', 'glossary.define', 'help']);
