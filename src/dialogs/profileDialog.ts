/**
 * The guided questions: the profession (buttons or free text), then the status where the
 * profession has several pages in the guide (titulaire, remplaçant, en formation,
 * salarié), or the one question that settles an ambiguity (« médecin biologiste »).
 * Ends with { profileId } or, when the user could not be understood, with nothing.
 *
 * Prompts are TextPrompts checked by our own recognizer: the SDK's choice prompts would
 * run Microsoft's number recognizers on every answer (slow on first use, and useless here).
 * The dialog state keeps what is asked (a few ids), not the rendered card: a prompt's
 * options are saved with the conversation on every turn it waits, and a card weighs ~5 KB
 * (its retry as much), to serialise, hash and store each time.
 */
import type { TurnContext } from 'botbuilder';
import { ComponentDialog, DialogTurnResult, PromptOptions, PromptValidator, PromptValidatorContext, TextPrompt, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import type { Answer } from '../answers/answer';
import type { Answers } from '../answers/compose';
import { answerableMidQuestion, needsProfile } from '../domain/intents';
import type { Reading, Understanding } from '../nlu/reading';
import { toActivity } from './activities';
import { PartialProfile, Router, partialOf } from './router';
import type { PendingQuestion } from './state';

export const PROFILE_DIALOG = 'profileDialog';
const PROFESSION_PROMPT = 'professionPrompt';
const STATUS_PROMPT = 'statusPrompt';
const AMBIGUITY_PROMPT = 'ambiguityPrompt';
const WATERFALL = 'profileWaterfall';

/** « merci », « au revoir » instead of an answer: the user is done, the question is dropped. */
const CLOSING = new Set(['thanks', 'goodbye']);

/** After this many answers not understood, the bot stops asking and offers help. */
const MAX_ATTEMPTS = 3;

export interface ProfileDialogOptions {
  pending: PendingQuestion;
  partial: PartialProfile;
  /** the user writes in the feminine: the status buttons agree */
  feminine?: boolean;
}

export interface ProfileDialogResult {
  profileId?: string;
  /** a status the user gave that has no page of its own for the profession */
  statusIgnored?: string;
  /** the question to answer: the one that started the dialog, or a new one asked in an answer */
  question?: PendingQuestion;
  feminine?: boolean;
  /** the person is not covered by the guide: the page is the nearest one */
  uncovered?: string;
  /** every page of this profession gives the answer: the status was not asked */
  allStatuses?: string;
  /** the profession of whoever employs the person (« je suis prépa »: a pharmacist) */
  employer?: string;
  /** a status the answer says is to come (« je suis encore remplaçante, je m'installe en juin ») */
  upcoming?: string;
}

/** What a prompt asks, as saved in the dialog state; rendered each time it is shown. */
export type Ask = (
  | { ask: 'profession'; uncoveredPlace?: string }
  | { ask: 'status'; profession: string; feminine?: boolean; other?: boolean }
  | { ask: 'conflict'; statuses: string[]; activities?: boolean }
  | { ask: 'ambiguity'; question: string; profiles: string[] }
) & {
  /** asked for no question of the user's (PendingQuestion.implied): a question answered meanwhile ends it instead of asking again */
  implied?: boolean;
};

/** A TextPrompt whose prompt is rendered from its compact Ask (kept in `validations`) when shown. */
class AskPrompt extends TextPrompt {
  constructor(
    id: string,
    validator: PromptValidator<string>,
    private readonly render: (ask: Ask, retry: boolean) => Answer,
    private readonly labels: Answers['labels'],
  ) {
    super(id, validator);
  }

  protected override async onPrompt(context: TurnContext, _state: unknown, options: PromptOptions, isRetry: boolean): Promise<void> {
    // after a question answered on the side, the question is asked again as itself, not as « not recognised »
    const retry = isRetry && !context.turnState.get(ANSWERED_ASIDE);
    await context.sendActivity(toActivity(this.render(options.validations as Ask, retry), this.labels));
  }
}

/** Set on a turn whose message got its own answer while a profile question waits. */
const ANSWERED_ASIDE = Symbol('answeredAside');
/** Set on a turn whose message got its own answer while a question nobody asked for waited: the question is dropped. */
const DROPPED = Symbol('dropped');

export class ProfileDialog extends ComponentDialog {
  constructor(
    private readonly understanding: Understanding,
    private readonly answers: Answers,
    private readonly router: Router,
  ) {
    super(PROFILE_DIALOG);
    const render = (ask: Ask, retry: boolean) => this.render(ask, retry);
    this.addDialog(new AskPrompt(PROFESSION_PROMPT, (pc) => this.validate(pc, 'profession'), render, answers.labels));
    this.addDialog(new AskPrompt(STATUS_PROMPT, (pc) => this.validate(pc, 'status'), render, answers.labels));
    this.addDialog(new AskPrompt(AMBIGUITY_PROMPT, (pc) => this.validate(pc, 'ambiguity'), render, answers.labels));
    this.addDialog(new WaterfallDialog(WATERFALL, [this.askStep.bind(this), this.answerStep.bind(this)]));
    this.initialDialogId = WATERFALL;
  }

  /** Asks the one question still needed: a conflict, an ambiguity, the profession or the status. */
  private async askStep(step: WaterfallStepContext<ProfileDialogOptions>): Promise<DialogTurnResult> {
    const { partial, feminine } = step.options;
    if (partial.conflict) return this.prompt(step, STATUS_PROMPT, { ask: 'conflict', statuses: partial.conflict, ...(partial.activities ? { activities: true } : {}) });
    if (partial.ambiguity) return this.prompt(step, AMBIGUITY_PROMPT, { ask: 'ambiguity', question: partial.ambiguity.question, profiles: partial.ambiguity.profiles });
    // the status of the person asked about: « son statut », and the buttons do not take the asker's feminine
    const other = step.options.pending.about === 'other';
    if (partial.profession) return this.prompt(step, STATUS_PROMPT, { ask: 'status', profession: partial.profession, ...(feminine && !other ? { feminine } : {}), ...(other ? { other } : {}) });
    return this.prompt(step, PROFESSION_PROMPT, { ask: 'profession', ...(partial.uncoveredPlace ? { uncoveredPlace: partial.uncoveredPlace } : {}) });
  }

  private async prompt(step: WaterfallStepContext<ProfileDialogOptions>, id: string, ask: Ask): Promise<DialogTurnResult> {
    return step.prompt(id, { validations: step.options.pending.implied ? { ...ask, implied: true } : ask });
  }

  /** The question of an Ask, or its retry (said again after an answer not understood). */
  private render(ask: Ask, retry: boolean): Answer {
    switch (ask.ask) {
      case 'conflict':
        return this.answers.askConflict(ask.statuses, !!ask.activities);
      case 'ambiguity':
        return this.answers.askAmbiguity(ask.question, ask.profiles);
      case 'status':
        return this.answers.askStatus(ask.profession, retry, !!ask.feminine, !!ask.other);
      case 'profession':
        return this.answers.askProfession(retry, ask.uncoveredPlace);
    }
  }

  /** Works out what the answer says; asks again (the next missing piece) or ends. */
  private async answerStep(step: WaterfallStepContext<ProfileDialogOptions>): Promise<DialogTurnResult> {
    const options = step.options;
    const text = typeof step.result === 'string' ? step.result : '';
    const reading = this.understanding.read(text);
    // « je suis podologue » (the status asked), then « carte perdue hier »: answered on the side, nothing else waits
    if (step.context.turnState.get(DROPPED)) return step.endDialog({} satisfies ProfileDialogResult);
    if (this.closes(reading) || reading.outOfField) {
      await step.context.sendActivity(toActivity(this.router.sideAnswer(reading, reading.outOfField ? 'oos' : reading.intent, undefined), this.answers.labels));
      return step.endDialog({} satisfies ProfileDialogResult);
    }
    // the answer, completed with what was said before (a status alone, a profession alone)
    const known = options.partial.conflict ? { profession: options.partial.profession } : options.partial;
    const merged = this.router.complete(reading, known);
    // an answer that also asks something, or a new question, replaces the question waiting
    const pending = this.newQuestion(reading, text) ?? options.pending;
    const feminine = options.feminine || reading.feminine;
    const uncovered = reading.subject.uncovered;
    if (uncovered) return step.endDialog({ profileId: uncovered.nearest, uncovered: uncovered.id, question: pending, feminine } satisfies ProfileDialogResult);
    // the profession asked after a workplace the guide does not cover: the nearest page there, said as a guess
    const there = options.partial.uncoveredPlace ? this.router.atUncoveredPlace(options.partial.uncoveredPlace, merged) : undefined;
    if (there) return step.endDialog({ ...there, question: pending, feminine } satisfies ProfileDialogResult);
    if (merged.kind === 'profile') {
      return step.endDialog({ profileId: merged.profileId, statusIgnored: merged.statusIgnored, question: pending, feminine, employer: reading.subject.employer, upcoming: reading.subject.upcoming?.[0] } satisfies ProfileDialogResult);
    }
    // a closed service asked meanwhile (« et SI-DEP ? »): closed for everyone, no profile needed
    if (pending !== options.pending && pending.intent === 'use.access' && pending.uses.length > 0 && pending.uses.every((u) => this.answers.closedBy(u))) {
      await step.context.sendActivity(toActivity(this.answers.closedAnswer(pending.uses), this.answers.labels));
      return step.endDialog({} satisfies ProfileDialogResult);
    }
    if (merged.kind === 'none') {
      // (« titulaire, enfin pas encore », « pas encore installée »: a status denied, none said, answers nothing yet; the same question again)
      const onlyDenied = reading.subject.denied.length > 0 && reading.subject.statuses.length === 0;
      if (pending !== options.pending || onlyDenied) return step.replaceDialog(WATERFALL, { pending, partial: options.partial, feminine } satisfies ProfileDialogOptions);
      await step.context.sendActivity(toActivity(this.answers.gaveUp(), this.answers.labels));
      return step.endDialog({} satisfies ProfileDialogResult);
    }
    // the profession given, and every page of it answers alike: no status question
    if (merged.kind === 'needStatus' && !options.partial.conflict) {
      // for an employee's card, the employer's profession is enough
      if (pending.staff) return step.endDialog({ profileId: this.router.firstPageOf(merged.profession).id, question: pending, feminine } satisfies ProfileDialogResult);
      const same = this.router.sameOnEveryPage(pending, merged.profession);
      if (same) return step.endDialog({ profileId: same.id, question: pending, feminine, allStatuses: merged.profession } satisfies ProfileDialogResult);
    }
    // one more question, with what is now known
    const next: PartialProfile = { ...options.partial, ambiguity: undefined, conflict: undefined, activities: undefined, ...partialOf(merged) };
    // replace the waterfall inside this dialog, not this dialog inside itself: a nested
    // profileDialog cannot be found again when « aide » re-prompts it (found by the fuzz test)
    return step.replaceDialog(WATERFALL, { pending, partial: next, feminine } satisfies ProfileDialogOptions);
  }

  /** « super merci ! » while a question waits, with nothing said of a profile: the conversation ends there. */
  private closes(reading: Reading): boolean {
    const e = reading.subject;
    return CLOSING.has(reading.intent) && e.profiles.length + e.professions.length + e.statuses.length === 0 && !e.uncovered;
  }

  /** A question asked instead of the answer (« et pour obtenir la carte ? »): it is kept, and answered once the page is known. */
  private newQuestion(reading: Reading, text = ''): PendingQuestion | undefined {
    const r = reading.recognition;
    if (reading.intent === 'use.access' && r.entities.uses.length > 0) return { intent: 'use.access', uses: r.entities.uses };
    // « titulaire, j'ai mon cabinet à Montaigu »: an answer that says who one is, with no question mark, answers; it asks nothing new
    const e = reading.subject;
    const answers = e.profiles.length + e.professions.length + e.statuses.length > 0 && !text.includes('?');
    if (needsProfile(reading.intent) && reading.intent !== 'use.access' && r.reason === 'classifier' && !answers) return { intent: reading.intent, uses: [] };
    return undefined;
  }

  /**
   * Accepts an answer that names a profession, a status or a profile, or a new question
   * that needs the page (kept for later). A question on another subject gets its answer,
   * then the question is asked again. After MAX_ATTEMPTS answers not understood, gives up
   * (the next step says so).
   */
  private async validate(pc: PromptValidatorContext<string>, expecting: 'profession' | 'status' | 'ambiguity'): Promise<boolean> {
    const text = pc.recognized.succeeded ? pc.recognized.value ?? '' : '';
    const reading = this.understanding.read(text);
    // « et la consult je la facture combien ? », « je suis patiente, ma carte Vitale … »: out of the field; answered, and the question dropped (answerStep)
    if (reading.outOfField) return true;
    const e = reading.subject;
    const saysProfile = e.profiles.length + e.professions.length > 0 || !!e.ambiguity || !!e.uncovered || (expecting !== 'ambiguity' && e.statuses.length + e.denied.length > 0);
    if (saysProfile) return true;
    if (this.newQuestion(reading, text) || this.closes(reading)) return true;
    if (pc.attemptCount >= MAX_ATTEMPTS) return true;
    if (answerableMidQuestion(reading.intent)) {
      const side = this.router.sideAnswer(reading, reading.intent, undefined);
      await pc.context.sendActivity(toActivity(side, this.answers.labels));
      pc.context.turnState.set(ANSWERED_ASIDE, true);
      if ((pc.options.validations as Ask | undefined)?.implied) {
        pc.context.turnState.set(DROPPED, true);
        return true;
      }
    }
    return false;
  }
}
