/**
 * What the HTTP surface refuses or tolerates: oversized bodies (413), malformed JSON
 * (400), very long messages (answered politely, quickly), unknown activity types
 * (ignored), too many requests from one address (429), security headers, and the turn
 * log line (never the user's text or name by default).
 */
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger';
import { clientAddress, contentSecurityPolicy } from '../../src/http/security';
import { loadSettings } from '../../src/settings';
import { activity, App, post, say, startApp } from '../bot/appHarness';

let app: App;
let limited: App;

beforeAll(async () => {
  app = await startApp({ MAX_BODY_BYTES: '65536', RATE_LIMIT_PER_SECOND: '0' });
  limited = await startApp({ RATE_LIMIT_PER_SECOND: '2', RATE_LIMIT_BURST: '5', WEBCHAT_FRAME_ANCESTORS: "'self' https://www.ameli.fr" });
});

afterAll(async () => {
  await app?.close();
  await limited?.close();
});

describe('request limits', () => {
  it('refuses a body over MAX_BODY_BYTES with 413, and keeps answering', async () => {
    const r = await post(app.base, activity('a'.repeat(70_000), 'big-1'));
    expect(r.status).toBe(413);
    expect(await r.text()).not.toContain('aaaa');
    expect((await say(app.base, "c'est quoi ADRI ?", 'big-2'))[0]).toMatch(/^ADRI/);
  });

  it('caps a gzip body on its decompressed size (413), takes a small one, refuses other encodings (415)', async () => {
    const gzipped = (body: unknown, encoding = 'gzip') =>
      fetch(`${app.base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': encoding }, body: gzipSync(JSON.stringify(body)) });
    // 1 MB of text in 1 KB: restify's parser counted the compressed bytes and took it
    const bomb = await gzipped(activity(`bonjour${' '.repeat(1_000_000)}`, 'gzip-1'));
    expect(bomb.status).toBe(413);
    expect((await gzipped(activity("c'est quoi ADRI ?", 'gzip-2'))).status).toBe(200);
    expect((await gzipped(activity('bonjour', 'gzip-3'), 'br')).status).toBe(415);
  });

  it('refuses malformed JSON and non-JSON bodies with 400 or 415, never 500', async () => {
    expect((await post(app.base, '{"type": "message", ')).status).toBe(400);
    expect((await post(app.base, 'null')).status).toBe(400);
    expect((await post(app.base, '"text"')).status).toBe(400);
    const r = await fetch(`${app.base}/api/messages`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect([400, 415]).toContain(r.status);
  });

  it('answers a very long message politely, without slowing the bot', async () => {
    const long = 'Bonjour, je voudrais savoir si je peux consulter le DMP. ' + 'blabla '.repeat(8000);
    const started = Date.now();
    const replies = await say(app.base, long, 'long-1');
    const elapsed = Date.now() - started;
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.join(' ')).not.toContain('blabla blabla');
    expect(elapsed).toBeLessThan(1500);
    // a normal question right after is answered as usual
    expect((await say(app.base, "c'est quoi ADRI ?", 'long-2'))[0]).toMatch(/^ADRI/);
  });

  it('bounds the work of a turn by the text it reads: many @mentions over a long text take no time (issue 10, 1)', async () => {
    // 150 KB of text and 1,800 mention entities of the bot (Teams shape): the mentions were
    // removed from the whole text, once per entity, before the text was cut (6 s here)
    const wide = await startApp({ RATE_LIMIT_PER_SECOND: '0' });
    try {
      const entities = Array.from({ length: 1800 }, () => ({ type: 'mention', mentioned: { id: 'bot' }, text: ' ' }));
      const body = activity('a '.repeat(75_000), 'mentions-1', { channelId: 'msteams', entities });
      const started = Date.now();
      const turn = post(wide.base, body);
      await new Promise((r) => setTimeout(r, 100));
      const probe = Date.now();
      expect((await fetch(`${wide.base}/healthz`)).status).toBe(200);
      const healthMs = Date.now() - probe;
      expect((await turn).status).toBe(200);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(healthMs).toBeLessThan(500);
    } finally {
      await wide.close();
    }
  });

  it('ignores unknown activity types (200, no reply) and keeps the conversation', async () => {
    for (const type of ['typing', 'endOfConversation', 'installationUpdate', 'messageReaction', 'somethingNew', 'trace', 'handoff']) {
      const r = await post(app.base, { ...activity(undefined, 'types-1'), type });
      expect(r.status).toBeLessThan(300);
      const text = await r.text();
      if (text) expect((JSON.parse(text) as { activities?: unknown[] }).activities ?? []).toHaveLength(0);
    }
    expect((await say(app.base, "c'est quoi ADRI ?", 'types-1'))[0]).toMatch(/^ADRI/);
  });
});

describe('rate limiting (anonymous /api/messages)', () => {
  it('answers 429 past the burst from one address, with Retry-After, and not on /healthz', async () => {
    const responses: Response[] = [];
    for (let i = 0; i < 12; i++) responses.push(await post(limited.base, activity('bonjour', `rl-${i}`)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.slice(0, 5).every((s) => s === 200)).toBe(true);
    const refused = responses.find((r) => r.status === 429)!;
    expect(refused).toBeDefined();
    expect((await refused.json()) as object).toEqual({ error: 'TooManyRequestsError', message: 'trop de requêtes : réessayez dans un instant' });
    // issue 10, 7: when to come back
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < 10; i++) expect((await fetch(`${limited.base}/healthz`)).status).toBe(200);
  });

  it('lets the address through again once the bucket refills', async () => {
    await new Promise((r) => setTimeout(r, 1200));
    expect((await post(limited.base, activity('bonjour', 'rl-after'))).status).toBe(200);
  });
});

describe('rate limiting behind a trusted proxy (issue 10, 6)', () => {
  it('reads the client from the right-most hop the proxies added: the left part of X-Forwarded-For, or its absence, bypasses nothing', async () => {
    for (const env of [{ TRUST_PROXY: 'true' }, { TRUST_PROXY_HOPS: '2' }] as Array<Record<string, string>>) {
      const proxied = await startApp({ RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '3', ...env });
      try {
        const hops = env.TRUST_PROXY_HOPS === '2' ? ', 10.0.0.2' : '';
        // the client varies what it sends; the proxy appends the address it saw
        const spoofed: number[] = [];
        for (let i = 0; i < 8; i++) {
          spoofed.push((await post(proxied.base, activity('bonjour', `xff-${i}`), { 'x-forwarded-for': `198.51.100.${i}, 10.9.${i}.1, 203.0.113.7${hops}` })).status);
        }
        expect(spoofed.slice(0, 3)).toEqual([200, 200, 200]);
        expect(spoofed).toContain(429);
        // another client behind the same proxy is not affected
        expect((await post(proxied.base, activity('bonjour', 'xff-other'), { 'x-forwarded-for': `203.0.113.8${hops}` })).status).toBe(200);
        // no header: the socket's address (here the test's own), limited too
        const direct: number[] = [];
        for (let i = 0; i < 6; i++) direct.push((await post(proxied.base, activity('bonjour', `direct-${i}`))).status);
        expect(direct).toContain(429);
      } finally {
        await proxied.close();
      }
    }
  });

  it('takes the address TRUST_PROXY_HOPS from the right, the socket without a header, and an IPv6 client by its /64', () => {
    const req = (xff: string | undefined, socket = '10.0.0.1') => ({ headers: xff === undefined ? {} : { 'x-forwarded-for': xff }, socket: { remoteAddress: socket } }) as never;
    expect(clientAddress(req('1.1.1.1, 2.2.2.2'), 0)).toBe('10.0.0.1');
    expect(clientAddress(req('1.1.1.1, 2.2.2.2'), 1)).toBe('2.2.2.2');
    expect(clientAddress(req('1.1.1.1, 2.2.2.2, 10.0.0.3'), 2)).toBe('2.2.2.2');
    expect(clientAddress(req(undefined), 1)).toBe('10.0.0.1');
    expect(clientAddress(req(''), 1)).toBe('10.0.0.1');
    expect(clientAddress(req('2.2.2.2:51234'), 1)).toBe('2.2.2.2');
    expect(clientAddress(req(undefined, '::ffff:127.0.0.1'), 0)).toBe('127.0.0.1');
    expect(clientAddress(req('2001:db8:1:2:3:4:5:6'), 1)).toBe(clientAddress(req('[2001:db8:1:2::9]:443'), 1));
    expect(clientAddress(req('2001:db8:1:2:3:4:5:6'), 1)).not.toBe(clientAddress(req('2001:db8:1:3::1'), 1));
  });

  it('reads TRUST_PROXY_HOPS (TRUST_PROXY=true is one hop)', () => {
    expect(loadSettings({}).trustProxyHops).toBe(0);
    expect(loadSettings({ TRUST_PROXY: 'true' }).trustProxyHops).toBe(1);
    expect(loadSettings({ TRUST_PROXY_HOPS: '2' }).trustProxyHops).toBe(2);
    expect(() => loadSettings({ TRUST_PROXY_HOPS: '-1' })).toThrow('TRUST_PROXY_HOPS');
  });
});

describe('rate limiting (web chat routes)', () => {
  it('limits the web chat token route per address, not the page itself', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await fetch(`${limited.base}/api/directline/token`, { method: 'POST' })).status);
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 429).length).toBeLessThan(10);
    for (let i = 0; i < 10; i++) expect((await fetch(`${limited.base}/`)).status).toBe(200);
  });

  it('keeps one CSP on the web chat page: its own', async () => {
    const r = await fetch(`${app.base}/`);
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp.split(',')).toHaveLength(1);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/\*\.|unsafe-eval/);
  });
});

describe('security headers', () => {
  it('sets the one CSP (nothing by default, the own origin for each kind of resource), nosniff, a referrer policy and the configured frame ancestors', async () => {
    const r = await fetch(`${limited.base}/healthz`);
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'self' https://www.ameli.fr");
    expect(csp).not.toMatch(/\*|unsafe-eval/);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('referrer-policy')).toBe('no-referrer');
    // X-Frame-Options cannot express an allow-list: left out so that the CSP decides
    expect(r.headers.get('x-frame-options')).toBeNull();
  });

  it('sets them on every answer, including 404, 405, OPTIONS and errors (issue 10, 7)', async () => {
    const answers = [
      await fetch(`${limited.base}/nulle-part`),
      await fetch(`${limited.base}/api/messages`),
      await fetch(`${limited.base}/api/messages`, { method: 'OPTIONS' }),
      await fetch(`${limited.base}/healthz`, { method: 'DELETE' }),
      await post(app.base, '{"type": '),
    ];
    expect(answers.map((r) => r.status)).toEqual([404, 405, 405, 405, 400]);
    for (const r of answers) {
      expect(r.headers.get('content-security-policy')).toMatch(/frame-ancestors ('self' https:\/\/www\.ameli\.fr|\*)$/);
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it("forbids every frame with 'none', and follows WEBCHAT_FRAME_ANCESTORS (default *)", async () => {
    expect(contentSecurityPolicy({ frameAncestors: "'none'" })).toContain("frame-ancestors 'none'");
    const r = await fetch(`${app.base}/healthz`);
    expect(r.headers.get('content-security-policy')).toContain('frame-ancestors *');
    expect(r.headers.get('x-frame-options')).toBeNull();
    const own = await startApp({ WEBCHAT_FRAME_ANCESTORS: "'self'" });
    try {
      expect((await fetch(`${own.base}/healthz`)).headers.get('x-frame-options')).toBe('SAMEORIGIN');
    } finally {
      await own.close();
    }
  });
});

describe('the turn log line', () => {
  it("has channel, intent, latency and outcome, never the user's text, name or a secret", async () => {
    const before = app.logs.length;
    await say(app.base, 'je suis infirmière remplaçante, puis-je alimenter le DMP ?', 'log-1');
    const lines = app.logs.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>);
    const turn = lines.find((l) => l.msg === 'turn')!;
    expect(turn).toMatchObject({ channel: 'emulator', type: 'message' });
    expect(typeof turn.intent).toBe('string');
    expect(typeof turn.outcome).toBe('string');
    expect(typeof turn.latencyMs).toBe('number');
    const all = app.logs.join('');
    expect(all).not.toMatch(/infirmi|remplaçante|alimenter/i);
    expect(all).not.toContain('Dupont');
  });

  it('writes the text only with LOG_USER_TEXT, and warns loudly at start-up', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) });
    createLogger({ logLevel: 'info', logUserText: true }, sink);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 40 });
    expect(lines[0]).toContain('LOG_USER_TEXT');
    const withText = await startApp({ LOG_USER_TEXT: 'true', RATE_LIMIT_PER_SECOND: '0' });
    try {
      await say(withText.base, "c'est quoi ADRI ?", 'log-2');
      const turn = withText.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'turn')!;
      expect(turn.text).toBe("c'est quoi ADRI ?");
    } finally {
      await withText.close();
    }
  });
});
