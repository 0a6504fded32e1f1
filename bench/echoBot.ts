/**
 * The baseline for the benchmark: a bare echo bot on the bot's own stack — the same
 * restify server (createServer, same body cap, same middleware: drain, security headers)
 * and the same CloudAdapter with the same settings — whose turn only echoes the text.
 * What the real bot costs more than this is the cost of understanding and answering.
 */
import { ActivityHandler, MemoryStorage } from 'botbuilder';
import { createAdapter } from '../src/bot/adapter';
import { paceHeapGrowth } from '../src/http/heap';
import { securityHeaders } from '../src/http/security';
import { createServer } from '../src/http/server';
import { Drain } from '../src/http/shutdown';
import { ETagConversationState } from '../src/state/storage';
import { Answers } from '../src/answers/compose';
import { loadKnowledgeBase } from '../src/knowledge/load';
import { createLogger } from '../src/logger';
import { loadSettings } from '../src/settings';

// the same V8 heap pacing as src/index.ts, so that the comparison stays fair
paceHeapGrowth();
const settings = loadSettings();
const logger = createLogger(settings);
const answers = new Answers(loadKnowledgeBase());
const adapter = createAdapter(settings, new ETagConversationState(new MemoryStorage()), answers, logger);

class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
      await next();
    });
  }
}

const bot = new EchoBot();
const server = createServer({
  adapter,
  bot,
  logger,
  maxBodyBytes: settings.maxBodyBytes,
  pre: [securityHeaders({ frameAncestors: settings.webchatFrameAncestors })],
  use: [new Drain().middleware],
});
server.listen(settings.port, settings.host, () => logger.info({ port: settings.port }, 'echo bot ready'));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
