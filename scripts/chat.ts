/**
 * `npm run chat`: talk to the bot in the terminal, in-process (no server), with the same
 * knowledge files (KNOWLEDGE_DIR), recognizer, dialogs and state as the server.
 */
import { Answers } from '../src/answers/compose';
import { createBot } from '../src/bot/app';
import { createStorage } from '../src/state/storage';
import { runTerminalChat } from '../src/channels/terminal';
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
  const { adapter, bot } = createBot({ settings, logger, kb, recognizer, answers, storage: createStorage({ ...settings, storage: 'memory' }) });
  await runTerminalChat({ adapter, bot, input: process.stdin, output: process.stdout });
}

main().catch((err) => {
  // a knowledge file refused: say which and why (kb:check gives the full list)
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
