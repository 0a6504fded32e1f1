/**
 * `npm run chat`: talk to the bot in the terminal, in-process (no server), with the same
 * knowledge files (KNOWLEDGE_DIR), recognizer, dialogs and state as the server.
 */
import { ConversationState, MemoryStorage, UserState } from 'botbuilder';
import { Answers } from '../src/answers/compose';
import { createAdapter } from '../src/bot/adapter';
import { CpxBot } from '../src/bot/cpxBot';
import { runTerminalChat } from '../src/bot/terminalChat';
import { MainDialog } from '../src/dialogs/mainDialog';
import type { ConversationMemory, UserProfileState } from '../src/dialogs/state';
import { loadKnowledgeBase } from '../src/knowledge/load';
import { createLogger } from '../src/logger';
import { KeywordRecognizer } from '../src/nlu/recognizer';
import { loadSettings } from '../src/settings';

async function main(): Promise<void> {
  const settings = loadSettings();
  // the turn logs would mix with the conversation: errors only, unless LOG_LEVEL says otherwise
  const logger = createLogger({ ...settings, logLevel: process.env.LOG_LEVEL ? settings.logLevel : 'error' }, process.stderr as never);
  const kb = settings.knowledgeDir ? loadKnowledgeBase(settings.knowledgeDir) : loadKnowledgeBase();
  const recognizer = new KeywordRecognizer(kb);
  const answers = new Answers(kb);
  const storage = new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const adapter = createAdapter(settings, conversationState, answers, logger);
  const dialog = new MainDialog(recognizer, kb, answers, {
    profile: userState.createProperty<UserProfileState>('profile'),
    memory: conversationState.createProperty<ConversationMemory>('memory'),
  });
  const bot = new CpxBot(conversationState, userState, dialog, answers, logger, { logUserText: settings.logUserText });
  await runTerminalChat({ adapter, bot, input: process.stdin, output: process.stdout });
}

main().catch((err) => {
  // a knowledge file refused: say which and why (kb:check gives the full list)
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
