/**
 * The bot's HTTP application built in this process, wired as src/index.ts wires it, on a
 * free loopback port: for tests that need many requests (auth, limits, fuzzing) without
 * paying a process start each time. Its log lines are kept for inspection.
 */
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createAdapter } from '../../src/bot/adapter';
import { CpxBot } from '../../src/bot/cpxBot';
import { registerReadiness } from '../../src/bot/health';
import { browserReachable, limitWhere, rateLimiter, securityHeaders } from '../../src/bot/security';
import { createServer } from '../../src/bot/server';
import { Drain } from '../../src/bot/shutdown';
import { createStorage, ETagConversationState, ETagUserState } from '../../src/bot/storage';
import { registerWebChat } from '../../src/bot/webchat';
import { MainDialog } from '../../src/dialogs/mainDialog';
import type { ConversationMemory, UserProfileState } from '../../src/dialogs/state';
import { createLogger } from '../../src/logger';
import { loadSettings } from '../../src/settings';
import { real } from '../helpers';

export interface App {
  base: string;
  logs: string[];
  close(): Promise<void>;
}

export async function startApp(env: Record<string, string> = {}): Promise<App> {
  const settings = loadSettings({ HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const logger = createLogger(settings, sink);
  const { kb, recognizer, answers } = real();
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
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    logs,
    close: () =>
      new Promise<void>((resolve) => {
        server.server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

export function activity(text: string | undefined, conversation: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    channelId: 'emulator',
    deliveryMode: 'expectReplies',
    conversation: { id: conversation },
    from: { id: `user-${conversation}`, name: 'Dr Martin Dupont' },
    recipient: { id: 'bot' },
    serviceUrl: 'http://127.0.0.1:9',
    ...(text === undefined ? {} : { text }),
    ...extra,
  };
}

export async function post(base: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** The texts the bot answered to one message, asserting a 200. */
export async function say(base: string, text: string, conversation: string): Promise<string[]> {
  const r = await post(base, activity(text, conversation));
  if (r.status !== 200) throw new Error(`status ${r.status}: ${await r.text()}`);
  const body = (await r.json()) as { activities: Array<{ text?: string }> };
  return body.activities.map((a) => a.text ?? '');
}
