/**
 * End to end: the real entry point started as a process on a free port, spoken to over
 * HTTP with deliveryMode « expectReplies », as a client of /api/messages would.
 */
import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/net';
import { activity as harnessActivity } from '../bot/appHarness';
import { textOf } from '../helpers';

let child: ChildProcess;
let base = '';
let output = '';

async function waitHealthy(url: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start:\n${output}`);
}

/** The e2e conversation by default; the harness's activity otherwise. */
function activity(text: string, conversation = 'e2e-1', extra: Record<string, unknown> = {}) {
  return harnessActivity(text, conversation, extra);
}

async function post(body: unknown, raw = false): Promise<Response> {
  return fetch(`${base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ? (body as string) : JSON.stringify(body),
  });
}

async function say(text: string, conversation?: string): Promise<Array<{ text?: string; attachments?: unknown[] }>> {
  const r = await post(activity(text, conversation));
  expect(r.status).toBe(200);
  const body = (await r.json()) as { activities: Array<{ text?: string }> };
  return body.activities;
}

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), 'src/index.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', MicrosoftAppId: '', MicrosoftAppPassword: '', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  // (a shared machine under load compiles and starts the server slowly: a minute, within the hook's own limit)
  await waitHealthy(base, 60_000);
}, 90_000);

afterAll(() => {
  child?.kill('SIGTERM');
});

describe('the bot over HTTP', () => {
  it('answers GET /healthz', async () => {
    const r = await fetch(`${base}/healthz`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ status: 'ok' });
  });

  it('runs a whole guided conversation with expectReplies', async () => {
    const first = await say('puis-je consulter le DMP ?');
    expect(textOf(first[0])).toMatch(/^Quelle est votre profession/);
    expect(first[0].attachments).toHaveLength(1);
    const second = await say('médecin');
    expect(textOf(second[0])).toMatch(/statut/);
    const third = await say('remplaçant');
    expect(textOf(third[0])).toMatch(/(^|, )non : /i);
    expect(textOf(third[0])).toContain('prévu en 2023');
  });

  it('answers everything said at once in one reply', async () => {
    const replies = await say('je suis infirmière remplaçante, puis-je alimenter le DMP ?', 'e2e-2');
    expect(replies).toHaveLength(1);
    expect(textOf(replies[0])).toMatch(/(^|, )non : /i);
  });

  it('refuses malformed bodies with 400, never 500', async () => {
    expect((await post('{not json', true)).status).toBe(400);
    expect((await post([])).status).toBe(400);
    expect((await post({ type: 'message' })).status).toBe(400);
    expect((await post({ ...activity('x'), conversation: null })).status).toBe(400);
    expect((await post({ ...activity('x'), from: { id: 42 } })).status).toBe(400);
    expect((await post({ ...activity('x'), text: { nested: true } })).status).toBe(400);
    const noReplyPath = { ...activity('x') } as Record<string, unknown>;
    delete noReplyPath.deliveryMode;
    delete noReplyPath.serviceUrl;
    expect((await post(noReplyPath)).status).toBe(400);
    // and the bot still answers afterwards
    const replies = await say("c'est quoi ADRI ?", 'e2e-3');
    expect(textOf(replies[0])).toMatch(/^ADRI/);
  });

  it('does not echo markup the user typed', async () => {
    const r = await post(activity('<img src=x onerror=alert(1)> je suis <b>kiné</b>', 'e2e-4'));
    const text = await r.text();
    expect(r.status).toBe(200);
    expect(text).not.toContain('<img');
    expect(text).not.toContain('<b>');
  });
});
