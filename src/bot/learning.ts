/**
 * Learning from use, in the bot (the pure parts are in src/events):
 *  - every answer (not the bot's questions) can be rated, with each channel's own
 *    mechanism: Web Chat's feedback actions (a schema.org Message entity with LikeAction /
 *    DislikeAction, Web Chat 4.18), Teams' feedback buttons (channelData
 *    feedbackLoopEnabled, answered by a `message/submitAction` invoke), card buttons
 *    elsewhere (the Emulator, other Direct Line clients);
 *  - a vote is recorded and thanked; after « pas utile », and after two misunderstandings
 *    in a row, the bot offers the délégués numérique en santé, with a prefilled e-mail
 *    that carries the question only if the user presses the button that asks for it;
 *  - one event per user turn (intent, outcome, confidence, channel, latency), written by
 *    the EventRecorder; the texts of fallback, asked-back and « pas utile » turns only
 *    when the CPAM opted in (REVIEW_TEXTS), scrubbed;
 *  - the error message carries the conversation's short reference.
 *
 * What it keeps in the conversation state: counters and the ids of the last answers
 * (never text). The user's last question, scrubbed, is held in this process's memory for
 * a few minutes, for the e-mail only.
 */
import { ActionTypes, Activity, ActivityTypes, CardAction, ConversationState, InvokeResponse, ResourceResponse, StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { Answer, AnswerTrace } from '../answers/answer';
import { LearningAnswers, mailtoUrl } from '../answers/learning';
import type { RenderLabels } from '../answers/render';
import { toActivity } from '../dialogs/activities';
import { DidYouMean } from '../dialogs/didYouMean';
import { turnOutcome } from '../dialogs/mainDialog';
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import type { Logger } from '../logger';
import { outcomeOf, ReplyKind, takesFeedback } from '../events/outcome';
import type { EventRecorder } from '../events/recorder';
import { scrub } from '../events/scrub';
import { NO_TELEMETRY, Telemetry } from '../events/telemetry';
import { TtlCache } from '../events/ttlCache';
import type { Vote } from '../events/types';
import { TEAMS_CHANNEL_ID } from '../channels/teams';

/** The event Web Chat posts when a feedback button is pressed (Web Chat 4.18). */
export const WEBCHAT_FEEDBACK_EVENT = 'webchat:activity-status/feedback';
/** The invoke Teams sends when a feedback button is pressed and its form submitted. */
export const TEAMS_SUBMIT_ACTION = 'message/submitAction';
/** Channels whose client is Web Chat: its own feedback buttons. */
const WEB_CHAT_CHANNELS = new Set(['webchat', 'directline']);
/** Channels that get no feedback buttons (the developers' terminal chat). */
const NO_FEEDBACK_CHANNELS = new Set(['terminal']);
/** How long the last question is held for the e-mail (in memory only). */
const HELD_FOR_MS = 15 * 60 * 1000;
/** Answers remembered per conversation, to know what a vote is about. */
const ANSWERS_KEPT = 10;
const MAX_REF_LENGTH = 12;

interface AnswerSent {
  ref: string;
  kind: string;
  intent?: string;
  subject?: string;
}

/** The conversation state of learning: no text, only counters and ids. */
export interface LearningState {
  seq?: number;
  answers?: AnswerSent[];
  /** fallbacks in a row */
  misunderstood?: number;
  /** « ref:vote » already thanked */
  voted?: string[];
}

interface HeldQuestion {
  /** the question, scrubbed */
  text: string;
  /** the answer it got, when it got one */
  ref?: string;
  /** the e-mail with the question was offered for it */
  offered?: boolean;
}

interface TurnLearning {
  replies: Array<ReplyKind & { ref?: string; subject?: string }>;
  /** the turn was a vote or a hand-off button: no turn event */
  handled?: boolean;
  capturing?: boolean;
}

const TURN = Symbol('learningTurn');
const SENT_ANSWER = new WeakMap<object, AnswerSent>();

/** A vote read from an activity. */
export interface VoteActivity {
  vote: Vote;
  via: 'webchat' | 'teams' | 'buttons';
  ref?: string;
  /** Teams: the id of the message voted on */
  replyToId?: string;
  /** Teams: the text of the feedback form, if any */
  comment?: string;
}

/** What an answer was about, from its trace: ids of the knowledge files only. */
function subjectOf(trace: AnswerTrace | undefined): string | undefined {
  if (!trace) return undefined;
  const parts = [trace.profileId, trace.uses?.map((u) => u.use).join('+'), trace.topic, trace.terms?.join('+'), trace.uncovered].filter((p): p is string => !!p);
  return parts.length > 0 ? parts.join(' · ').slice(0, 160) : undefined;
}

function safeRef(value: unknown): string | undefined {
  return typeof value === 'string' && /^[a-z0-9]+$/i.test(value) && value.length <= MAX_REF_LENGTH ? value : undefined;
}

/** The entity that makes Web Chat show its feedback buttons under a message. */
function voteEntity(ref: string): Record<string, unknown> {
  return {
    type: 'https://schema.org/Message',
    '@context': 'https://schema.org',
    '@id': '',
    '@type': 'Message',
    potentialAction: [
      { '@type': 'LikeAction', '@id': `cpx:vote/${ref}/up`, actionStatus: 'PotentialActionStatus' },
      { '@type': 'DislikeAction', '@id': `cpx:vote/${ref}/down`, actionStatus: 'PotentialActionStatus' },
    ],
  };
}

/** Only what the bot reads of Web Chat's feedback entity (for a relay that forwards it). */
export function feedbackEntities(entities: unknown): Array<Record<string, string>> | undefined {
  if (!Array.isArray(entities)) return undefined;
  const out: Array<Record<string, string>> = [];
  for (const e of entities.slice(0, 4) as Array<Record<string, unknown>>) {
    if (!e || typeof e !== 'object') continue;
    const type = e['@type'];
    if (type !== 'LikeAction' && type !== 'DislikeAction' && type !== 'VoteAction') continue;
    const id = typeof e['@id'] === 'string' && e['@id'].length <= 60 ? e['@id'] : undefined;
    const option = typeof e.actionOption === 'string' && e.actionOption.length <= 20 ? e.actionOption : undefined;
    out.push({ '@type': type, ...(id ? { '@id': id } : {}), ...(option ? { actionOption: option } : {}) });
  }
  return out.length > 0 ? out : undefined;
}

/** The vote an activity carries, if it is one (Web Chat event, Teams invoke, card button). */
function readVote(activity: Partial<Activity>): VoteActivity | undefined {
  if (activity.type === ActivityTypes.Event && activity.name === WEBCHAT_FEEDBACK_EVENT) {
    const action = feedbackEntities(activity.entities)?.[0];
    if (!action) return undefined;
    const id = /^cpx:vote\/([a-z0-9]+)\/(up|down)$/i.exec(action['@id'] ?? '');
    const down = action['@type'] === 'DislikeAction' || (action['@type'] === 'VoteAction' && action.actionOption === 'downvote');
    return { vote: down ? 'down' : 'up', via: 'webchat', ref: safeRef(id?.[1]) };
  }
  if (activity.type === ActivityTypes.Invoke && activity.name === TEAMS_SUBMIT_ACTION) {
    const value = activity.value as { actionName?: unknown; actionValue?: { reaction?: unknown; feedback?: unknown } } | undefined;
    if (!value || value.actionName !== 'feedback' || !value.actionValue) return undefined;
    const reaction = value.actionValue.reaction;
    if (reaction !== 'like' && reaction !== 'dislike') return undefined;
    let comment: string | undefined;
    const feedback = value.actionValue.feedback;
    try {
      const parsed = typeof feedback === 'string' ? (JSON.parse(feedback) as { feedbackText?: unknown }) : (feedback as { feedbackText?: unknown } | undefined);
      if (typeof parsed?.feedbackText === 'string' && parsed.feedbackText.trim()) comment = parsed.feedbackText.slice(0, 2000);
    } catch {
      /* a form the bot does not know: no comment */
    }
    return { vote: reaction === 'like' ? 'up' : 'down', via: 'teams', replyToId: typeof activity.replyToId === 'string' ? activity.replyToId : undefined, comment };
  }
  if (activity.type === ActivityTypes.Message) {
    const value = activity.value as { cpxFeedback?: unknown; ref?: unknown } | undefined;
    if (value && typeof value === 'object' && (value.cpxFeedback === 'up' || value.cpxFeedback === 'down')) return { vote: value.cpxFeedback, via: 'buttons', ref: safeRef(value.ref) };
  }
  return undefined;
}

export interface LearningOptions {
  kb: KnowledgeBase;
  labels: RenderLabels;
  conversationState: ConversationState;
  /** where events go; none: votes and offers work, nothing is kept */
  recorder?: EventRecorder;
  telemetry?: Telemetry;
  logger?: Logger;
}

export class Learning {
  readonly answers: LearningAnswers;
  readonly didYouMean: DidYouMean;
  private readonly state: StatePropertyAccessor<LearningState>;
  private readonly held = new TtlCache<HeldQuestion>(HELD_FOR_MS);
  /** Teams message id → the answer it carried (this process only) */
  private readonly teamsIds = new TtlCache<AnswerSent>(24 * 60 * 60 * 1000, 20_000);
  private readonly telemetry: Telemetry;

  constructor(private readonly options: LearningOptions) {
    this.answers = new LearningAnswers(options.kb);
    this.state = options.conversationState.createProperty<LearningState>('learning');
    this.didYouMean = new DidYouMean(this.answers, options.conversationState.createProperty('didYouMean'));
    this.telemetry = options.telemetry ?? NO_TELEMETRY;
  }

  get recorder(): EventRecorder | undefined {
    return this.options.recorder;
  }

  private turn(context: TurnContext): TurnLearning {
    let t = context.turnState.get(TURN) as TurnLearning | undefined;
    if (!t) {
      t = { replies: [] };
      context.turnState.set(TURN, t);
    }
    return t;
  }

  private key(context: TurnContext): string {
    return `${context.activity.channelId}\u0000${context.activity.conversation?.id}`;
  }

  /** The conversation's pseudonym (events, logs), or undefined without a recorder. */
  pseudonym(context: TurnContext): string | undefined {
    const { channelId, conversation } = context.activity;
    return this.recorder && channelId && conversation?.id ? this.recorder.pseudonym(channelId, conversation.id) : undefined;
  }

  private reference(context: TurnContext): string | undefined {
    const { channelId, conversation } = context.activity;
    return this.recorder && channelId && conversation?.id ? this.recorder.reference(channelId, conversation.id) : undefined;
  }

  /** The error answer with the conversation's reference, for the support. */
  withReference(context: TurnContext, error: Answer): Answer {
    const reference = this.reference(context);
    return reference ? { ...error, headline: `${error.headline} ${this.answers.errorReference(reference)}` } : error;
  }

  /**
   * Before the turn (and before the state guard holds the replies): every answer sent is
   * noted and given its feedback buttons; its reference is kept in the conversation state.
   */
  begin(context: TurnContext): void {
    this.turn(context);
    context.onSendActivities(async (ctx, activities, next) => {
      for (const activity of activities) await this.noteReply(ctx, activity);
      return next();
    });
  }

  /** At the start of each attempt of the turn (the state guard may run it again). */
  attempt(context: TurnContext): void {
    const t = this.turn(context);
    t.replies = [];
    t.handled = false;
    if (!t.capturing && context.activity.channelId === TEAMS_CHANNEL_ID) {
      // registered after the state guard: sees the ids Teams gives to the replies actually sent
      t.capturing = true;
      context.onSendActivities(async (_ctx, activities, next) => {
        const responses = ((await next()) ?? []) as ResourceResponse[];
        activities.forEach((a, i) => {
          const sent = SENT_ANSWER.get(a);
          if (sent && responses[i]?.id) this.teamsIds.set(responses[i].id, sent);
        });
        return responses;
      });
    }
  }

  private async noteReply(context: TurnContext, activity: Partial<Activity>): Promise<void> {
    if (activity.type !== ActivityTypes.Message) return;
    const data = activity.channelData as { replyKind?: unknown; trace?: AnswerTrace } | undefined;
    if (typeof data?.replyKind !== 'string') return;
    const reply = { kind: data.replyKind, expectsInput: activity.inputHint === 'expectingInput', subject: subjectOf(data.trace) };
    const t = this.turn(context);
    t.replies.push(reply);
    const channel = context.activity.channelId;
    if (!takesFeedback(reply) || NO_FEEDBACK_CHANNELS.has(channel)) return;
    const state = await this.state.get(context, {});
    const seq = (state.seq ?? 0) + 1;
    const ref = seq.toString(36);
    const sent: AnswerSent = { ref, kind: reply.kind, intent: turnOutcome(context).intent, subject: reply.subject };
    await this.state.set(context, { ...state, seq, answers: [...(state.answers ?? []), sent].slice(-ANSWERS_KEPT) });
    (reply as { ref?: string }).ref = ref;
    SENT_ANSWER.set(activity, sent);
    this.decorate(activity, channel, ref);
  }

  /** Each channel's way of rating a message. */
  private decorate(activity: Partial<Activity>, channel: string, ref: string): void {
    if (channel === TEAMS_CHANNEL_ID) {
      activity.channelData = { ...(activity.channelData as object), feedbackLoopEnabled: true };
      return;
    }
    if (WEB_CHAT_CHANNELS.has(channel)) {
      activity.entities = [...(activity.entities ?? []), voteEntity(ref) as never];
      return;
    }
    const up = this.options.kb.say('learning.feedback.up');
    const down = this.options.kb.say('learning.feedback.down');
    const card = (activity.attachments ?? []).find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content as { actions?: unknown[] } | undefined;
    if (card) {
      card.actions = [
        ...(card.actions ?? []),
        { type: 'Action.Submit', title: up, data: { cpxFeedback: 'up', ref } },
        { type: 'Action.Submit', title: down, data: { cpxFeedback: 'down', ref } },
      ];
      return;
    }
    const buttons: CardAction[] = (['up', 'down'] as const).map((vote) => ({ type: ActionTypes.MessageBack, title: vote === 'up' ? up : down, displayText: vote === 'up' ? up : down, text: '', value: { cpxFeedback: vote, ref } }));
    activity.suggestedActions = { to: activity.suggestedActions?.to ?? [], actions: [...(activity.suggestedActions?.actions ?? []), ...buttons] };
  }

  private async send(context: TurnContext, answer: Answer, mail?: { title: string; url: string }): Promise<void> {
    const activity = toActivity(answer, this.options.labels);
    // the e-mail as a link button of the card (the answers that carry one always have a card)
    const card = activity.attachments?.[0]?.content as { actions?: unknown[] } | undefined;
    if (mail && card) card.actions = [{ type: 'Action.OpenUrl', title: mail.title, url: mail.url }, ...(card.actions ?? [])];
    await context.sendActivity(activity);
  }

  /** The offer of a person, with the e-mail button (without the question). */
  private async offerPerson(context: TurnContext, reason: 'notUseful' | 'misunderstood', canAttach: boolean): Promise<void> {
    const reference = this.reference(context) ?? '';
    const mail = this.answers.mail(reference);
    await this.send(context, this.answers.handoff(reason, canAttach), { title: this.answers.mailTitle(), url: mailtoUrl(mail) });
    this.record(context, { type: 'handoff', reason });
  }

  private record(context: TurnContext, event: Record<string, unknown>): void {
    const conv = this.pseudonym(context);
    if (!conv || !this.recorder) return;
    this.recorder.record({ conv, channel: context.activity.channelId, ...event } as never);
  }

  /** A vote from any channel: recorded, thanked once; « pas utile » offers a person. */
  private async handleVote(context: TurnContext, v: VoteActivity): Promise<void> {
    this.turn(context).handled = true;
    turnOutcome(context).outcome = `feedback.${v.vote}`; // for the turn's log line
    const state = await this.state.get(context, {});
    const answers = state.answers ?? [];
    let sent = v.ref ? answers.find((a) => a.ref === v.ref) : undefined;
    if (!sent && v.replyToId) sent = this.teamsIds.get(v.replyToId);
    if (!sent && !v.ref) sent = answers[answers.length - 1];
    this.record(context, { type: 'feedback', vote: v.vote, via: v.via, kind: sent?.kind, intent: sent?.intent, subject: sent?.subject, ...(v.comment ? { comment: true } : {}) });
    this.telemetry.feedback(context.activity.channelId, v.vote);
    const conv = this.pseudonym(context);
    if (v.comment && conv) this.recorder?.review({ conv, channel: context.activity.channelId, reason: 'comment', kind: sent?.kind, intent: sent?.intent, text: v.comment });
    const key = `${sent?.ref ?? v.ref ?? '?'}:${v.vote}`;
    if ((state.voted ?? []).includes(key)) return; // the same button again: recorded, not thanked twice
    await this.state.set(context, { ...state, voted: [...(state.voted ?? []), key].slice(-20) });
    if (v.vote === 'up') {
      await this.send(context, this.answers.thanks());
      return;
    }
    const held = this.held.get(this.key(context));
    const ofThatAnswer = held && sent && held.ref === sent.ref ? held : undefined;
    if (ofThatAnswer && conv) this.recorder?.review({ conv, channel: context.activity.channelId, reason: 'notUseful', kind: sent?.kind, intent: sent?.intent, text: ofThatAnswer.text });
    if (ofThatAnswer) this.held.set(this.key(context), { ...ofThatAnswer, offered: true });
    await this.offerPerson(context, 'notUseful', !!ofThatAnswer);
  }

  /**
   * A message that is a vote (card buttons) or the « put my question in the e-mail »
   * button: handled here, the dialog does not see it. Returns whether it was.
   */
  async beforeMessage(context: TurnContext): Promise<boolean> {
    const vote = readVote(context.activity);
    if (vote) {
      await this.handleVote(context, vote);
      return true;
    }
    const text = (context.activity.text ?? '').trim();
    if (text && text.toLowerCase() === this.answers.attachValue().toLowerCase()) {
      this.turn(context).handled = true;
      turnOutcome(context).outcome = 'handoff.mail';
      const held = this.held.get(this.key(context));
      const question = held?.offered ? held.text : undefined;
      const reference = this.reference(context) ?? '';
      await this.send(context, this.answers.attached(!!question), { title: this.answers.mailTitle(), url: mailtoUrl(this.answers.mail(reference, question)) });
      return true;
    }
    return false;
  }

  /** After the dialog answered a message: review texts, misunderstandings, the held question. */
  async afterMessage(context: TurnContext): Promise<void> {
    const t = this.turn(context);
    const outcome = outcomeOf(t.replies);
    const said = turnOutcome(context);
    const text = context.activity.text ?? '';
    const fromButton = typeof (context.activity.value as { choice?: unknown } | undefined)?.choice === 'string';
    const conv = this.pseudonym(context);
    const channel = context.activity.channelId;
    const lastRef = [...t.replies].reverse().find((r) => r.ref)?.ref;
    const lastKind = [...t.replies].reverse()[0]?.kind;
    // a new question (the dialog read it: its confidence is known), not the answer to a question of the bot
    const newQuestion = said.confidence !== undefined;
    const key = this.key(context);
    const held = this.held.get(key);
    if (text.trim() && !fromButton && (newQuestion || !held)) this.held.set(key, { text: scrub(text), ref: lastRef });
    else if (held && lastRef) this.held.set(key, { text: held.text, ref: lastRef }); // the answer to the question held
    if (conv && text.trim() && !fromButton) {
      if (outcome === 'fallback' || (outcome === 'askedBack' && newQuestion)) {
        this.recorder?.review({ conv, channel, reason: outcome, intent: said.intent, kind: lastKind, text });
      }
    }
    const chosen = said.didYouMean;
    if (conv && chosen?.chosen && chosen.text) this.recorder?.review({ conv, channel, reason: 'didYouMean', intent: chosen.offered[0], chosen: chosen.chosen, text: chosen.text });
    const state = await this.state.get(context, {});
    let misunderstood = outcome === 'fallback' ? (state.misunderstood ?? 0) + 1 : 0;
    if (misunderstood >= 2) {
      misunderstood = 0;
      const canAttach = text.trim() !== '' && !fromButton;
      if (canAttach) this.held.set(this.key(context), { text: scrub(text), offered: true });
      await this.offerPerson(context, 'misunderstood', canAttach);
    }
    await this.state.set(context, { ...state, misunderstood });
  }

  /** Web Chat's feedback event; returns whether it was one. */
  async onEvent(context: TurnContext): Promise<boolean> {
    const vote = readVote(context.activity);
    if (!vote) return false;
    await this.handleVote(context, vote);
    return true;
  }

  /** Teams' `message/submitAction` invoke: the feedback form of a message. */
  async onSubmitAction(context: TurnContext): Promise<InvokeResponse> {
    const vote = readVote(context.activity);
    if (!vote) return { status: 400, body: { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'action inconnue' } } };
    await this.handleVote(context, vote);
    return { status: 200, body: {} };
  }

  /** After the turn (its state saved): the turn's event and measures. */
  end(context: TurnContext, latencyMs: number, failed: boolean): void {
    const activity = context.activity;
    if (activity.type !== ActivityTypes.Message) return;
    const t = this.turn(context);
    if (t.handled) return;
    const said = turnOutcome(context);
    const outcome = failed ? 'error' : outcomeOf(t.replies);
    const main = t.replies.filter((r) => !r.kind.startsWith('learning.'));
    const last = main[main.length - 1];
    this.telemetry.turn(activity.channelId, outcome, latencyMs);
    this.record(context, {
      type: 'turn',
      intent: said.intent,
      kind: last?.kind,
      outcome,
      ...(typeof said.confidence === 'number' ? { confidence: Math.round(said.confidence * 1000) / 1000 } : {}),
      latencyMs: Math.round(latencyMs),
      ...(last?.subject ? { subject: last.subject } : {}),
    });
    if (said.didYouMean) this.record(context, { type: 'didYouMean', offered: said.didYouMean.offered, ...(said.didYouMean.chosen ? { chosen: said.didYouMean.chosen } : {}) });
  }
}
