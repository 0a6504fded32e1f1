/**
 * Shared test wiring: the real knowledge base, recognizer, answers and bot, built once per
 * test file, and a TestAdapter harness that returns the replies of each turn.
 */
import { Activity, ActivityTypes, ConversationState, MemoryStorage, Storage, TestAdapter, TurnContext, UserState } from 'botbuilder';
import pino from 'pino';
import { Answers } from '../src/answers/compose';
import { onTurnError } from '../src/bot/adapter';
import { CpxBot } from '../src/bot/cpxBot';
import { MainDialog } from '../src/dialogs/mainDialog';
import type { ConversationMemory, UserProfileState } from '../src/dialogs/state';
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

export function createTestBot(options: { recognizer?: Recognizer; storage?: Storage; conversationId?: string; userId?: string } = {}): TestBot {
  const { kb, recognizer, answers } = real();
  const storage = options.storage ?? new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const dialog = new MainDialog(options.recognizer ?? recognizer, kb, answers, {
    profile: userState.createProperty<UserProfileState>('profile'),
    memory: conversationState.createProperty<ConversationMemory>('memory'),
  });
  const bot = new CpxBot(conversationState, userState, dialog, answers, silentLogger);
  const adapter = new TestAdapter(async (context: TurnContext) => bot.run(context), {
    channelId: 'test',
    conversation: { id: options.conversationId ?? 'conv-1', isGroup: false, conversationType: 'personal', name: '' },
    user: { id: options.userId ?? 'user-1', name: 'Utilisateur' },
    bot: { id: 'bot', name: 'Assistant cartes CPx' },
  } as never);
  adapter.onTurnError = onTurnError(conversationState, answers, silentLogger);
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
