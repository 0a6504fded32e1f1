/**
 * The conversation. Each message is recognised, then answered at once, or after the
 * profile questions (ProfileDialog) when the answer depends on a profile the bot does not
 * know yet. « aide », « annuler » and « recommencer » work at any point, including in the
 * middle of a question (onContinueDialog, as in Microsoft's cancelAndHelpDialog).
 *
 * The recognizer, the knowledge base and the answers are given to the constructor, so
 * tests can hand it fakes.
 */
import { StatePropertyAccessor, TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  DialogContext,
  DialogSet,
  DialogState,
  DialogTurnResult,
  DialogTurnStatus,
  WaterfallDialog,
  WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { Answers } from '../answers/compose';
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import type { Answer } from '../answers/answer';
import { needsProfile } from '../domain/intents';
import { Understanding } from '../nlu/reading';
import type { Command, Recognizer } from '../nlu/recognizer';
import { toActivity } from './activities';
import type { DidYouMean, DidYouMeanOutcome } from './didYouMean';
import { PROFILE_DIALOG, ProfileDialog, ProfileDialogOptions, ProfileDialogResult } from './profileDialog';
import { Decision, Router } from './router';
import { ConversationMemory, PendingQuestion, UserProfileState, remembering, withActivityChosen } from './state';

const MAIN_DIALOG = 'mainDialog';
const MAIN_WATERFALL = 'mainWaterfall';

export interface MainDialogState {
  profile: StatePropertyAccessor<UserProfileState>;
  memory: StatePropertyAccessor<ConversationMemory>;
}

/** What the turn did, for the turn's log line. */
export interface TurnOutcome {
  intent?: string;
  outcome?: string;
  /** the classifier's confidence in the intent (learning from use) */
  confidence?: number;
  /** a « did you mean » question answered, or left for another message */
  didYouMean?: DidYouMeanOutcome;
}

/** Optional parts of the conversation (learning from use: src/dialogs/didYouMean.ts). */
export interface MainDialogOptions {
  /** asks which reading was meant when two are close */
  didYouMean?: DidYouMean;
}

const OUTCOME_KEY = Symbol('turnOutcome');

export function turnOutcome(context: TurnContext): TurnOutcome {
  let o = context.turnState.get(OUTCOME_KEY) as TurnOutcome | undefined;
  if (!o) {
    o = {};
    context.turnState.set(OUTCOME_KEY, o);
  }
  return o;
}

export class MainDialog extends ComponentDialog {
  private readonly router: Router;
  private readonly understanding: Understanding;
  private readonly dialogSets = new WeakMap<StatePropertyAccessor<DialogState>, DialogSet>();

  constructor(
    private readonly recognizer: Recognizer,
    private readonly kb: KnowledgeBase,
    private readonly answers: Answers,
    private readonly state: MainDialogState,
    private readonly options: MainDialogOptions = {},
  ) {
    super(MAIN_DIALOG);
    this.router = new Router(kb, answers);
    this.understanding = new Understanding(kb, recognizer);
    this.addDialog(new ProfileDialog(this.understanding, answers, this.router));
    this.addDialog(new WaterfallDialog(MAIN_WATERFALL, [this.routeStep.bind(this), this.afterProfileStep.bind(this)]));
    this.initialDialogId = MAIN_WATERFALL;
  }

  /** Runs the dialog for one turn (as in Microsoft's core-bot sample). */
  async run(context: TurnContext, dialogState: StatePropertyAccessor<DialogState>): Promise<void> {
    // the dialog set holds no turn data: built once per state accessor, not on every turn
    let dialogSet = this.dialogSets.get(dialogState);
    if (!dialogSet) {
      dialogSet = new DialogSet(dialogState);
      dialogSet.add(this);
      this.dialogSets.set(dialogState, dialogSet);
    }
    const dc = await dialogSet.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.id);
  }

  /** Interruptions while a question is pending. */
  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const text = innerDc.context.activity.text ?? '';
    const command = this.recognizer.recognize(text).command;
    if (command) {
      const handled = await this.interrupt(innerDc, command);
      if (handled) return handled;
    }
    // « je suis infirmière » (the status asked), then « mon remplaçant peut consulter le DMP ? »:
    // a question about someone else is no answer about oneself; it is routed afresh
    const reading = this.understanding.read(text);
    if (reading.about === 'other' && (needsProfile(reading.intent) || reading.intent === 'card.which')) {
      await innerDc.cancelAllDialogs();
      return innerDc.beginDialog(MAIN_WATERFALL);
    }
    return super.onContinueDialog(innerDc);
  }

  private async interrupt(dc: DialogContext, command: Command): Promise<DialogTurnResult | undefined> {
    const outcome = turnOutcome(dc.context);
    outcome.intent = `command.${command}`;
    switch (command) {
      case 'help':
        outcome.outcome = 'help';
        await this.send(dc.context, this.answers.help());
        await dc.repromptDialog();
        return { status: DialogTurnStatus.waiting };
      case 'cancel':
        outcome.outcome = 'cancelled';
        await dc.cancelAllDialogs();
        await this.send(dc.context, this.answers.simple('cancelled', 'cancelled'));
        return { status: DialogTurnStatus.cancelled };
      case 'restart':
        outcome.outcome = 'restarted';
        await dc.cancelAllDialogs();
        await this.restart(dc.context);
        return { status: DialogTurnStatus.cancelled };
    }
  }

  private async restart(context: TurnContext): Promise<void> {
    await this.state.profile.set(context, {});
    await this.state.memory.set(context, {});
    await this.send(context, this.answers.simple('restarted', 'restarted'));
    await this.send(context, this.answers.welcome());
  }

  private async send(context: TurnContext, answer: Answer): Promise<void> {
    await context.sendActivity(toActivity(answer, this.answers.labels));
  }

  private async routeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const context = step.context;
    const outcome = turnOutcome(context);
    // « did you mean » (learning from use): a choice reads the question again; close readings are asked
    const read = this.options.didYouMean ? await this.options.didYouMean.read(context, this.understanding) : { reading: this.understanding.read(context.activity.text ?? '') };
    const reading = read.reading;
    outcome.confidence = reading.confidence;
    if (read.outcome) outcome.didYouMean = read.outcome;
    if (read.ask) {
      outcome.intent = reading.intent;
      outcome.outcome = read.ask.kind;
      await this.send(context, read.ask);
      return step.endDialog();
    }
    const user = await this.state.profile.get(context, {});
    const memory = await this.state.memory.get(context, {});
    const decision: Decision = this.router.decide(reading, user, memory);
    outcome.intent = reading.intent;

    switch (decision.kind) {
      case 'command':
        if (decision.command === 'restart') {
          outcome.outcome = 'restarted';
          await this.restart(context);
        } else if (decision.command === 'cancel') {
          outcome.outcome = 'cancelled';
          await this.send(context, this.answers.simple('cancelled', 'cancelled'));
        } else {
          outcome.outcome = 'help';
          await this.send(context, this.answers.help());
        }
        return step.endDialog();
      case 'reply':
        if (decision.saveUser) await this.state.profile.set(context, decision.saveUser);
        if (decision.remember) await this.state.memory.set(context, remembering(memory, decision.remember));
        outcome.outcome = decision.answer.kind;
        await this.send(context, decision.answer);
        return step.endDialog();
      case 'askProfile': {
        if (decision.saveUser) await this.state.profile.set(context, decision.saveUser);
        outcome.outcome = 'ask.profile';
        const options: ProfileDialogOptions = { pending: decision.pending, partial: decision.partial, feminine: reading.feminine || !!user.feminine };
        (step.values as { pending?: PendingQuestion }).pending = decision.pending;
        return step.beginDialog(PROFILE_DIALOG, options);
      }
    }
  }

  /** Answers the question that was waiting for the profile. */
  private async afterProfileStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as ProfileDialogResult | undefined;
    const pending: PendingQuestion = result?.question ?? (step.values as { pending?: PendingQuestion }).pending ?? { intent: 'card.which', uses: [] };
    let profile = result?.profileId ? this.kb.profiles.get(result.profileId) : undefined;
    if (!profile) return step.endDialog();
    const user = await this.state.profile.get(step.context, {});
    // « mon salarié … » then « je suis pharmacien »: the asker's page is kept, the employee's answers
    if (pending.staff) {
      const page = this.kb.profilesOf(profile.profession).length > 1 ? { profession: profile.profession } : { profileId: profile.id };
      await this.state.profile.set(step.context, { ...page, feminine: user.feminine || result?.feminine });
      profile = this.router.staffPage(profile.profession);
    }
    // « je prends un remplaçant » then « pharmacie »: the profession answered is the asker's too (when nothing else is known of them)
    if (pending.about === 'other' && pending.sharesProfession && !user.profileId && !user.profession) {
      await this.state.profile.set(step.context, { ...user, profession: profile.profession });
    }
    // a question about someone else's card leaves the asker's profile as it is
    if (pending.about !== 'other') {
      // a page chosen for its profession only (every page alike) keeps the profession, not a status
      // (the activity chosen by someone with two keeps both)
      const kept = withActivityChosen(user, profile.id) ?? (result?.allStatuses ? { profession: result.allStatuses } : { profileId: profile.id });
      await this.state.profile.set(step.context, { ...kept, feminine: user.feminine || result?.feminine, uncovered: result?.uncovered, statusIgnored: result?.statusIgnored, ...(result?.employer ? { employer: result.employer } : {}) });
    }
    const memory = await this.state.memory.get(step.context, {});
    const { another, ...asked } = pending;
    // (« je suis encore remplaçante, je m'installe en juin »: the page to come is kept for « et après juin ? »)
    const toCome = asked.about !== 'other' && result?.upcoming ? this.router.pageToCome(profile.id, result.upcoming) : undefined;
    const remembered: PendingQuestion = asked.about === 'other' ? { ...asked, subjectProfileId: profile.id } : { ...asked, ...(toCome ? { thenProfileId: toCome } : {}) };
    await this.state.memory.set(step.context, remembering(memory, remembered));
    const uncovered = result?.uncovered ? this.kb.uncovered.get(result.uncovered) : undefined;
    const answered = this.router.answerFor(asked, profile, {
      statusIgnored: result?.statusIgnored,
      feminine: user.feminine || result?.feminine,
      uncovered: uncovered ? { id: uncovered.id, label: uncovered.label } : undefined,
      allStatuses: result?.allStatuses ? this.router.professionLabel(result.allStatuses) : undefined,
    });
    // the second question of the message that started it, offered now
    const answer = another ? this.answers.withAnotherQuestion(answered, another) : answered;
    const outcome = turnOutcome(step.context);
    outcome.outcome = answer.kind;
    // what the answer answers (for the log line and the feedback on it)
    outcome.intent ??= pending.intent;
    await this.send(step.context, answer);
    return step.endDialog();
  }
}
