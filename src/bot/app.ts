/**
 * The composition of the bot, shared by the server (src/index.ts), the terminal chat and
 * the tests that run the HTTP application in-process: state on the given storage
 * (ETag-checked), adapter, dialogs, ActivityHandler, then the restify server with its
 * middleware (drain, security headers, per-IP limit), the web chat and the readiness probe.
 */
import { Storage, UserState } from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import type { Server } from 'restify';
import type { Answers } from '../answers/compose';
import { MainDialog } from '../dialogs/mainDialog';
import type { ConversationMemory, UserProfileState } from '../dialogs/state';
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import type { Logger } from '../logger';
import type { EventRecorder } from '../events/recorder';
import type { Telemetry } from '../events/telemetry';
import type { Recognizer } from '../nlu/recognizer';
import type { Settings } from '../settings';
import { createAdapter } from './adapter';
import { CpxBot } from './cpxBot';
import { Learning } from './learning';
import { registerReadiness } from '../http/health';
import { browserReachable, limitWhere, rateLimiter, securityHeaders, serviceUrlAllowed, signingKeysProbe } from '../http/security';
import { createServer } from '../http/server';
import { Drain } from '../http/shutdown';
import { ETagConversationState } from '../state/storage';
import { TypingIndicator } from '../channels/typing';
import { registerWebChat } from '../channels/webchat';

export interface BotParts {
  settings: Settings;
  logger: Logger;
  kb: KnowledgeBase;
  recognizer: Recognizer;
  answers: Answers;
  storage: Storage;
  /** usage events (src/events); none: feedback and hand-off work, nothing is kept */
  events?: EventRecorder;
  /** OpenTelemetry metrics, when configured */
  telemetry?: Telemetry;
}

/** What the conversation needs, without the adapter: shared by the server and the tests. */
export interface ConversationParts {
  kb: KnowledgeBase;
  recognizer: Recognizer;
  answers: Answers;
  storage: Storage;
  logger: Logger;
  logUserText?: boolean;
  /** learning from use, built on the conversation state */
  learning?: (conversationState: ETagConversationState) => Learning;
}

/** The state (conversation ETag-checked, profile last writer wins), the dialogs and the ActivityHandler. */
export function composeBot({ kb, recognizer, answers, storage, logger, logUserText, learning: makeLearning }: ConversationParts) {
  const conversationState = new ETagConversationState(storage);
  // the profile: last writer wins, saved after the conversation (see turnGuard.ts)
  const userState = new UserState(storage);
  const learning = makeLearning?.(conversationState);
  const dialog = new MainDialog(
    recognizer,
    kb,
    answers,
    {
      profile: userState.createProperty<UserProfileState>('profile'),
      memory: conversationState.createProperty<ConversationMemory>('memory'),
    },
    { didYouMean: learning?.didYouMean },
  );
  const bot = new CpxBot(conversationState, userState, dialog, answers, logger, { logUserText, learning });
  return { conversationState, userState, learning, bot };
}

/** State, adapter, dialogs and the ActivityHandler. */
export function createBot({ settings, logger, kb, recognizer, answers, storage, events, telemetry }: BotParts) {
  // learning from use: feedback, events, the offer of a person, « did you mean »
  const { conversationState, learning, bot } = composeBot({
    kb,
    recognizer,
    answers,
    storage,
    logger,
    logUserText: settings.logUserText,
    learning: (state) => new Learning({ kb, labels: answers.labels, conversationState: state, recorder: events, telemetry, logger }),
  });
  const adapter = createAdapter(settings, conversationState, answers, logger, (context) => learning!.withReference(context, answers.error()));
  adapter.use(new TypingIndicator());
  return { adapter, bot };
}

/** The bot behind its HTTP server (not listening yet). */
export function createHttpApp(parts: BotParts): { server: Server; drain: Drain } {
  const { settings, logger, kb, storage } = parts;
  const { adapter, bot } = createBot(parts);
  const drain = new Drain();
  // per-IP limit on what a browser can reach: web chat tokens and local Direct Line posts,
  // and /api/messages when anonymous (with a Microsoft App ID only the Bot Framework
  // service can call it, from its own addresses)
  const limiter = rateLimiter({ perSecond: settings.rateLimitPerSecond, burst: settings.rateLimitBurst, trustedHops: settings.trustProxyHops });
  const server = createServer({
    adapter,
    bot,
    logger,
    maxBodyBytes: settings.maxBodyBytes,
    serviceUrlAllowed: (url) => serviceUrlAllowed(url, { anonymous: !settings.microsoftAppId, allowed: settings.allowedServiceUrls }),
    pre: [securityHeaders({ frameAncestors: settings.webchatFrameAncestors })],
    use: [drain.middleware, limitWhere(browserReachable(!settings.microsoftAppId), limiter)],
  });
  registerWebChat(server, { adapter, bot, logger, settings });
  // anonymous, no token is checked: the signing keys are not needed
  const signingKeys = settings.microsoftAppId
    ? signingKeysProbe(settings.toBotFromChannelOpenIdMetadataUrl || AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl, logger)
    : undefined;
  registerReadiness(server, { storage, knowledgeLoaded: () => kb.profiles.size > 0, shuttingDown: () => drain.shuttingDown, signingKeys, logger });
  return { server, drain };
}
