/**
 * Shared test wiring: the real knowledge base, recognizer, answers and bot, built once per
 * test file, and a TestAdapter harness that returns the replies of each turn.
 */
import { Activity, ActivityTypes, ConversationState, MemoryStorage, Storage, TestAdapter, TurnContext } from 'botbuilder';
import pino from 'pino';
import { Answers } from '../src/answers/compose';
import { onTurnError } from '../src/bot/adapter';
import { CpxBot } from '../src/bot/cpxBot';
import type { Learning } from '../src/bot/learning';
import { composeBot } from '../src/bot/app';
import type { Logger } from '../src/logger';
import type { KnowledgeBase } from '../src/knowledge/knowledgeBase';
import { loadKnowledgeBase } from '../src/knowledge/load';
import { KeywordRecognizer, Recognizer } from '../src/nlu/recognizer';

let cached: { kb: KnowledgeBase; recognizer: KeywordRecognizer; answers: Answers } | undefined;

/** The shipped knowledge base, its recognizer and its answers (built once per file). */
export function real() {
  if (!cached) {
    const kb = loadKnowledgeBase();
    cached = { kb, recognizer: new KeywordRecognizer(kb), answers: new Answers(kb) };
  }
  return cached;
}

export const silentLogger = pino({ level: 'silent' });

export interface TestBot {
  adapter: TestAdapter;
  bot: CpxBot;
  storage: Storage;
  /** sends one activity (or a text) and returns the bot's replies to it */
  turn(activity: string | Partial<Activity>): Promise<Partial<Activity>[]>;
}

export interface TestBotOptions {
  recognizer?: Recognizer;
  storage?: Storage;
  conversationId?: string;
  userId?: string;
  channelId?: string;
  /** where the bot's log lines go (silent by default) */
  logger?: Logger;
  /** learning from use (feedback, events, « did you mean »), built on the bot's conversation state */
  learning?: (conversationState: ConversationState) => Learning;
}

export function createTestBot(options: TestBotOptions = {}): TestBot {
  const { kb, recognizer, answers } = real();
  const storage = options.storage ?? new MemoryStorage();
  const logger = options.logger ?? silentLogger;
  // the production composition (ETag-checked conversation state, last-writer-wins profile)
  const { conversationState, learning, bot } = composeBot({ kb, recognizer: options.recognizer ?? recognizer, answers, storage, logger, learning: options.learning });
  const adapter = new TestAdapter(async (context: TurnContext) => bot.run(context), {
    channelId: options.channelId ?? 'test',
    conversation: { id: options.conversationId ?? 'conv-1', isGroup: false, conversationType: 'personal', name: '' },
    user: { id: options.userId ?? 'user-1', name: 'Utilisateur' },
    bot: { id: 'bot', name: 'Assistant cartes CPx' },
  } as never);
  adapter.onTurnError = onTurnError(conversationState, answers, logger, learning ? (context) => learning.withReference(context, answers.error()) : undefined);
  return {
    adapter,
    bot,
    storage,
    async turn(activity) {
      const a: Partial<Activity> = typeof activity === 'string' ? { type: ActivityTypes.Message, text: activity } : activity;
      await adapter.processActivity(a);
      return adapter.activeQueue.splice(0);
    },
  };
}

/** The replyKind the bot stamps on each reply (see dialogs/activities.ts). */
export function kindOf(a: Partial<Activity>): string | undefined {
  return (a.channelData as { replyKind?: string } | undefined)?.replyKind;
}

interface CardElement {
  type?: string;
  text?: string;
  title?: string;
  body?: CardElement[];
  items?: CardElement[];
  columns?: CardElement[];
  actions?: CardElement[];
  facts?: Array<{ title: string; value: string }>;
  data?: { choice?: string };
}

function cardTexts(el: CardElement | undefined, out: string[]): void {
  if (!el) return;
  if (el.type === 'TextBlock' && typeof el.text === 'string') out.push(el.text.replace(/\\([\\*_`[\]<>#])/g, '$1'));
  for (const f of el.facts ?? []) out.push(`${f.title} : ${f.value}`);
  for (const k of ['body', 'items', 'columns'] as const) for (const c of el[k] ?? []) cardTexts(c, out);
}

function cardChoices(el: CardElement | undefined, out: string[]): void {
  if (!el) return;
  if (el.type === 'Action.Submit' && typeof el.data?.choice === 'string') out.push(el.data.choice);
  for (const k of ['body', 'items', 'columns', 'actions'] as const) for (const c of el[k] ?? []) cardChoices(c, out);
}

/** What a reader can read in a reply: its text, or every text of its card (details too), in order. */
export function textOf(a: { text?: string; attachments?: unknown[] } | Partial<Activity>): string {
  const out: string[] = [];
  if (a.text) out.push(a.text);
  for (const att of (a.attachments ?? []) as Array<{ contentType?: string; content?: unknown }>) if (att.contentType === 'application/vnd.microsoft.card.adaptive') cardTexts(att.content as CardElement, out);
  return out.join('\n\n');
}

/** The choices a reply offers: suggested actions and card buttons. */
export function choicesOf(a: Partial<Activity>): string[] {
  const out = (a.suggestedActions?.actions ?? []).map((x) => String(x.value));
  for (const att of a.attachments ?? []) if (att.contentType === 'application/vnd.microsoft.card.adaptive') cardChoices(att.content as CardElement, out);
  return out;
}
