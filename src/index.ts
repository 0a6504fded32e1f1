/**
 * Entry point: only wires settings → knowledge → storage → adapter → bot → server.
 */
import { Answers } from './answers/compose';
import { createAdapter } from './bot/adapter';
import { CpxBot } from './bot/cpxBot';
import { registerReadiness } from './bot/health';
import { browserReachable, limitWhere, rateLimiter, securityHeaders } from './bot/security';
import { createServer } from './bot/server';
import { Drain, installGracefulShutdown } from './bot/shutdown';
import { createStorage, ETagConversationState, ETagUserState } from './bot/storage';
import { registerWebChat } from './bot/webchat';
import { MainDialog } from './dialogs/mainDialog';
import type { ConversationMemory, UserProfileState } from './dialogs/state';
import { loadKnowledgeBase } from './knowledge/load';
import { createLogger } from './logger';
import { KeywordRecognizer } from './nlu/recognizer';
import { loadSettings } from './settings';

async function main(): Promise<void> {
  const settings = loadSettings();
  const logger = createLogger(settings);
  const kb = settings.knowledgeDir ? loadKnowledgeBase(settings.knowledgeDir) : loadKnowledgeBase();
  const recognizer = new KeywordRecognizer(kb);
  const answers = new Answers(kb);

  const storage = createStorage(settings);
  const conversationState = new ETagConversationState(storage);
  const userState = new ETagUserState(storage);

  const adapter = createAdapter(settings, conversationState, answers, logger);
  const dialog = new MainDialog(recognizer, kb, answers, {
    profile: userState.createProperty<UserProfileState>('profile'),
    memory: conversationState.createProperty<ConversationMemory>('memory'),
  });
  const bot = new CpxBot(conversationState, userState, dialog, answers, logger, { logUserText: settings.logUserText });
  const drain = new Drain();
  // per-IP limit on what a browser can reach: web chat tokens and local Direct Line posts,
  // and /api/messages when anonymous (with a Microsoft App ID only the Bot Framework
  // service can call it, from its own addresses)
  const limiter = rateLimiter({ perSecond: settings.rateLimitPerSecond, burst: settings.rateLimitBurst, trustProxy: settings.trustProxy });
  const server = createServer({
    adapter,
    bot,
    logger,
    maxBodyBytes: settings.maxBodyBytes,
    use: [drain.middleware, securityHeaders({ frameAncestors: settings.webchatFrameAncestors }), limitWhere(browserReachable(!settings.microsoftAppId), limiter)],
  });
  registerWebChat(server, { adapter, bot, logger, settings });
  registerReadiness(server, { storage, knowledgeLoaded: () => kb.profiles.size > 0, shuttingDown: () => drain.shuttingDown, logger });
  installGracefulShutdown({ server, drain, logger, timeoutMs: settings.shutdownTimeoutMs });

  server.listen(settings.port, settings.host, () => {
    logger.info(
      { url: `http://localhost:${settings.port}`, auth: settings.microsoftAppId ? 'bot-framework' : 'anonymous', storage: settings.storage, profiles: kb.profiles.size },
      'assistant cartes CPx prêt',
    );
  });
}

main().catch((err) => {
  // settings or knowledge refused: say why, with the variable or the file, and stop
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
