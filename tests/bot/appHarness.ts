/**
 * The bot's HTTP application built in this process, wired as src/index.ts wires it, on a
 * free loopback port: for tests that need many requests (auth, limits, fuzzing) without
 * paying a process start each time. Its log lines are kept for inspection.
 */
import type { Storage } from 'botbuilder';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { BotParts, createHttpApp } from '../../src/bot/app';
import { createStorage } from '../../src/state/storage';
import { createLogger } from '../../src/logger';
import { loadSettings } from '../../src/settings';
import { real, textOf } from '../helpers';

export interface App {
  base: string;
  logs: string[];
  storage: Storage;
  close(): Promise<void>;
}

export async function startApp(env: Record<string, string> = {}, parts: Pick<Partial<BotParts>, 'events' | 'telemetry'> = {}): Promise<App> {
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
  const { server } = createHttpApp({ settings, logger, kb, recognizer, answers, storage, ...parts });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    logs,
    storage,
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
  const body = (await r.json()) as { activities: Array<Record<string, unknown>> };
  return body.activities.map((a) => textOf(a as never));
}
