/**
 * One logger (issue 10, finding 4): the real entry point (src/index.ts) in its own process,
 * so that everything it writes is seen, restify's own lines included. Whatever a client
 * sends — a deeply nested or oversized body, a burst past the rate limit — the answer is a
 * 4xx, never a 500, and no log line holds the user's text or the client's address; with
 * LOG_LEVEL=silent, nothing is written at all.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { activity } from '../bot/appHarness';
import { BotProcess, startBotProcess } from '../bot/processes';

const USER_TEXT = 'texte-confidentiel-du-patient';
const running: BotProcess[] = [];

afterAll(async () => {
  for (const p of running) await p.stop('SIGKILL');
});

function post(base: string, body: string): Promise<Response> {
  return fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(10_000) });
}

/** A message whose `from` holds an object nested `depth` levels deep. */
function nestedFrom(depth: number, conversation: string): string {
  const base = JSON.stringify(activity(USER_TEXT, conversation, { from: { id: 'u-nested', x: 0 } }));
  return base.replace('"x":0', `"x":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
}

/**
 * Starts the bot at `level` and sends it hostile requests — a nested body, an oversized
 * one, a burst past the limit — checking each gets its 4xx; returns the JSON log lines.
 */
async function hostileRun(level: string): Promise<string[]> {
  const p = await startBotProcess({ LOG_LEVEL: level, RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '3' });
  running.push(p);
  expect((await post(p.base, nestedFrom(40_000, 'log-nested'))).status).toBe(400);
  expect((await post(p.base, JSON.stringify(activity(`${USER_TEXT} ${'x'.repeat(300_000)}`, 'log-big')))).status).toBe(413);
  const burst: number[] = [];
  for (let i = 0; i < 8; i++) burst.push((await post(p.base, JSON.stringify(activity(USER_TEXT, `log-burst-${i}`)))).status);
  expect(burst).toContain(429);
  await new Promise((r) => setTimeout(r, 200));
  return p.output().split('\n').filter((l) => l.startsWith('{'));
}

describe('the logs of the server process', () => {
  it('with LOG_LEVEL=silent: hostile requests get 4xx, and nothing at all is logged', async () => {
    expect(await hostileRun('silent')).toEqual([]);
  }, 40_000);

  it('with the default level: no user text, no client address, no huge line', async () => {
    const lines = await hostileRun('info');
    expect(lines.some((l) => l.includes('"msg":"turn"'))).toBe(true);
    // the start-up line names the address the server listens on; no other line names one
    const others = lines.filter((l) => !l.includes('prêt'));
    for (const line of others) {
      expect(line).not.toContain(USER_TEXT);
      expect(line).not.toMatch(/127\.0\.0\.1|::1|::ffff/);
      expect(line.length).toBeLessThan(2000);
    }
  }, 40_000);
});
