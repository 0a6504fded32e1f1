/**
 * The ActivityHandler: a thin layer that normalises what arrives (card buttons, long
 * texts), greets newcomers, runs the main dialog, saves the state and logs one line per
 * turn (never the user's text unless LOG_USER_TEXT is on).
 */
import { ActivityHandler, ActivityTypes, ConversationState, InvokeResponse, StatePropertyAccessor, TurnContext, UserState } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { Answers } from '../answers/compose';
import { toActivity } from '../dialogs/activities';
import { MainDialog, turnOutcome } from '../dialogs/mainDialog';
import type { Logger } from '../logger';
import { Learning, TEAMS_SUBMIT_ACTION } from './learning';
import { runSavingState, StateConflictError } from '../state/turnGuard';
import { removeBotMention, useTeamsFormatting } from '../channels/teams';

/** Longest message text the bot reads; beyond it, the text is cut. */
export const MAX_TEXT_LENGTH = 2000;

interface WelcomeState {
  welcomed?: boolean;
}

/**
 * Makes a button press a message like any other: an Adaptive Card submit carries the
 * choice in `value.choice` (Web Chat) and no text.
 */
function normalizeIncoming(context: TurnContext): void {
  const activity = context.activity;
  if (activity.type !== ActivityTypes.Message) return;
  let text = typeof activity.text === 'string' ? activity.text : '';
  const value = activity.value as Record<string, unknown> | undefined;
  if (!text.trim() && value && typeof value === 'object' && typeof value.choice === 'string') text = value.choice;
  activity.text = text.length > MAX_TEXT_LENGTH ? text.slice(0, MAX_TEXT_LENGTH) : text;
}

export class CpxBot extends ActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly welcome: StatePropertyAccessor<WelcomeState>;

  constructor(
    private readonly conversationState: ConversationState,
    private readonly userState: UserState,
    private readonly dialog: MainDialog,
    private readonly answers: Answers,
    private readonly logger: Logger,
    private readonly options: { logUserText?: boolean; learning?: Learning } = {},
  ) {
    super();
    this.dialogState = conversationState.createProperty<DialogState>('dialogState');
    this.welcome = conversationState.createProperty<WelcomeState>('welcome');
    const learning = options.learning;

    this.onMessage(async (context, next) => {
      // cut first: every later step (mentions included) works on at most MAX_TEXT_LENGTH
      normalizeIncoming(context);
      removeBotMention(context.activity);
      // learning from use: a vote or the hand-off's e-mail button is not a question
      if (learning && (await learning.beforeMessage(context))) return next();
      await this.dialog.run(context, this.dialogState);
      await learning?.afterMessage(context);
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const others = (context.activity.membersAdded ?? []).filter((m) => m && m.id !== context.activity.recipient?.id);
      // Teams: the bot itself is added to a team or a group chat
      const botAdded = context.activity.channelId === 'msteams' && others.length === 0;
      if (others.length > 0 || botAdded) await this.greet(context);
      await next();
    });

    // Teams: the app is installed (personal, team or group chat)
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.greet(context);
      await next();
    });

    this.onEvent(async (context, next) => {
      if (context.activity.name === 'webchat/join') await this.greet(context);
      else await learning?.onEvent(context);
      await next();
    });
  }

  /** Greets once per conversation (Web Chat sends both a conversation update and webchat/join). */
  private async greet(context: TurnContext): Promise<void> {
    const state = await this.welcome.get(context, {});
    if (state.welcomed) return;
    await context.sendActivity(toActivity(this.answers.welcome(), this.answers.labels));
    await this.welcome.set(context, { welcomed: true });
  }

  /**
   * An Adaptive Card Action.Execute without its `action` makes the SDK throw a TypeError
   * (it reads value.action.type): refuse it with 400 instead of failing the turn.
   */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const value = context.activity.value as { action?: unknown } | undefined;
    if (context.activity.name === 'adaptiveCard/action' && (!value || typeof value !== 'object' || !value.action || typeof value.action !== 'object')) {
      return { status: 400, body: { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'action manquante' } } };
    }
    // Teams' feedback buttons (learning from use)
    if (context.activity.name === TEAMS_SUBMIT_ACTION && this.options.learning) return this.options.learning.onSubmitAction(context);
    return super.onInvokeActivity(context);
  }

  override async run(context: TurnContext): Promise<void> {
    const started = process.hrtime.bigint();
    let attempts = 1;
    let failed = false;
    const learning = this.options.learning;
    try {
      useTeamsFormatting(context);
      learning?.begin(context);
      // state saved with ETags; on a conflict with another instance the turn is run again
      ({ attempts } = await runSavingState(context, [this.conversationState, this.userState], () => {
        learning?.attempt(context);
        return super.run(context);
      }));
    } catch (err) {
      failed = true;
      if (!(err instanceof StateConflictError)) throw err;
      attempts = 0;
      turnOutcome(context).outcome = 'conflict';
      // the conversation is kept as the other turn saved it: say so, do not reset it
      const error = this.answers.error();
      await context.sendActivity(toActivity(learning ? learning.withReference(context, error) : error, this.answers.labels));
    } finally {
      const outcome = turnOutcome(context);
      const latencyMs = Number(process.hrtime.bigint() - started) / 1e6;
      const line: Record<string, unknown> = {
        channel: context.activity.channelId,
        type: context.activity.type,
        intent: outcome.intent,
        outcome: outcome.outcome,
        latencyMs: Math.round(latencyMs * 10) / 10,
      };
      if (attempts !== 1) line.attempts = attempts;
      // the conversation's pseudonym, as in the usage events (never its id)
      const conv = learning?.pseudonym(context);
      if (conv) line.conv = conv;
      if (this.options.logUserText && context.activity.type === ActivityTypes.Message) line.text = context.activity.text;
      this.logger.info(line, 'turn');
      learning?.end(context, latencyMs, failed);
    }
  }
}
