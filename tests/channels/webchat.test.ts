/**
 * The web chat's server side, in-process: the page and its security headers, the local
 * Direct Line subset (spoken to as DirectLineJS does: token, conversation, activities,
 * polling), the separation of conversations, the body caps, the off switch, and the
 * production token exchange against a stand-in Direct Line service on loopback.
 */
import { createServer as createHttpServer, IncomingMessage, request as httpRequest, Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { ConversationState, MemoryStorage, UserState } from 'botbuilder';
import type { Server } from 'restify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter } from '../../src/bot/adapter';
import { CpxBot } from '../../src/bot/cpxBot';
import { createServer } from '../../src/http/server';
import { registerWebChat, WebChatOptions } from '../../src/channels/webchat';
import { LocalDirectLine } from '../../src/channels/webchat/localDirectLine';
import { MainDialog } from '../../src/dialogs/mainDialog';
import type { ConversationMemory, UserProfileState } from '../../src/dialogs/state';
import { loadSettings } from '../../src/settings';
import { real, silentLogger, textOf } from '../helpers';

interface Running {
  base: string;
  server: Server;
}

async function start(settings: WebChatOptions['settings']): Promise<Running> {
  const { kb, recognizer, answers } = real();
  const storage = new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const adapter = createAdapter(
    { microsoftAppId: '', microsoftAppPassword: '', microsoftAppType: 'MultiTenant', microsoftAppTenantId: '' },
    conversationState,
    answers,
    silentLogger,
  );
  const dialog = new MainDialog(recognizer, kb, answers, {
    profile: userState.createProperty<UserProfileState>('profile'),
    memory: conversationState.createProperty<ConversationMemory>('memory'),
  });
  const bot = new CpxBot(conversationState, userState, dialog, answers, silentLogger);
  const server = createServer({ adapter, bot, logger: silentLogger, maxBodyBytes: 256 * 1024 });
  registerWebChat(server, { adapter, bot, logger: silentLogger, settings });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, server };
}

const LOCAL = { webchatLocal: true, directLineSecret: '', directLineEndpoint: 'https://directline.botframework.com/v3/directline', webchatFrameAncestors: '*' };

interface Session {
  conversationId: string;
  token: string;
  userId: string;
  domain: string;
  webSocket: boolean;
}

let local: Running;

async function json(r: Response): Promise<Record<string, unknown>> {
  return (await r.json()) as Record<string, unknown>;
}

async function newSession(base = local.base): Promise<Session> {
  const r = await fetch(`${base}/api/directline/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  expect(r.status).toBe(200);
  return (await r.json()) as Session;
}

function auth(s: Session) {
  return { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' };
}

async function postActivity(s: Session, activity: unknown, conversationId = s.conversationId): Promise<Response> {
  return fetch(`${local.base}/v3/directline/conversations/${conversationId}/activities`, { method: 'POST', headers: auth(s), body: JSON.stringify(activity) });
}

async function poll(s: Session, watermark = '0'): Promise<{ activities: Array<Record<string, any>>; watermark: string }> {
  const r = await fetch(`${local.base}/v3/directline/conversations/${s.conversationId}/activities?watermark=${watermark}`, { headers: auth(s) });
  expect(r.status).toBe(200);
  return (await r.json()) as { activities: Array<Record<string, any>>; watermark: string };
}

function botTexts(activities: Array<Record<string, any>>): string[] {
  return activities.filter((a) => a.from?.role === 'bot').map((a) => textOf(a));
}

beforeAll(async () => {
  local = await start(LOCAL);
});

afterAll(() => {
  local?.server.close();
});

describe('the web chat page', () => {
  it('serves a French page with a strict Content-Security-Policy', async () => {
    const r = await fetch(`${local.base}/`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain('frame-ancestors *');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await r.text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('src="/webchat/webchat.js"');
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)/); // no inline script
    expect(html).not.toMatch(/https?:\/\//); // nothing from elsewhere
  });

  it('serves the Web Chat bundle from node_modules, compressed', async () => {
    const r = await fetch(`${local.base}/webchat/webchat.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/javascript/);
    const text = await r.text(); // fetch decompresses
    expect(text.length).toBeGreaterThan(1_000_000);
    expect(text).toContain('renderWebChat');
    const raw = await new Promise<Buffer>((resolve, reject) => {
      import('node:http').then(({ get }) =>
        get(`${local.base}/webchat/webchat.js`, { headers: { 'accept-encoding': 'gzip' } }, (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => resolve(Buffer.concat(chunks)));
        }).on('error', reject),
      );
    });
    expect(raw.length).toBeLessThan(text.length / 2);
    expect(gunzipSync(raw).toString()).toBe(text);
  });

  it('serves the embeddable snippet and the example page', async () => {
    const embed = await fetch(`${local.base}/embed.js`);
    expect(embed.status).toBe(200);
    expect(await embed.text()).toContain("'/?integre=1'");
    const example = await fetch(`${local.base}/exemple`);
    expect(example.status).toBe(200);
    expect(await example.text()).toContain('<script src="/embed.js" defer></script>');
    expect(example.headers.get('content-security-policy')).toContain("frame-src 'self'");
  });
});

describe('the local Direct Line subset', () => {
  it('greets on webchat/join and runs a guided conversation with buttons and typing', async () => {
    const s = await newSession();
    expect(s.domain).toBe('/v3/directline');
    expect(s.webSocket).toBe(false);
    expect(s.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const started = await fetch(`${local.base}/v3/directline/conversations`, { method: 'POST', headers: auth(s), body: '{}' });
    expect(started.status).toBe(201);
    expect(await json(started)).toMatchObject({ conversationId: s.conversationId, token: s.token });

    expect((await postActivity(s, { type: 'event', name: 'webchat/join', from: { id: 'x' } })).status).toBe(200);
    let page = await poll(s);
    expect(page.activities[0]).toMatchObject({ type: 'event', name: 'webchat/join', from: { id: s.userId, role: 'user' } });
    expect(botTexts(page.activities)[0]).toMatch(/^Bonjour, je suis l'assistant cartes CPx/);

    const sent = await postActivity(s, { type: 'message', text: 'puis-je consulter le DMP ?', channelData: { clientActivityID: 'c-1' } });
    expect(sent.status).toBe(200);
    const { id } = (await sent.json()) as { id: string };
    page = await poll(s, page.watermark);
    // the echo first, as Direct Line does, then the question with its buttons
    expect(page.activities[0]).toMatchObject({ id, text: 'puis-je consulter le DMP ?', channelData: { clientActivityID: 'c-1' } });
    const question = page.activities[1];
    expect(textOf(question)).toMatch(/^Quelle est votre profession/);
    expect(question.replyToId).toBe(id);
    expect(question.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');

    // a card button: Web Chat sends the Action.Submit data as value, without text
    await postActivity(s, { type: 'message', value: { choice: 'Médecin', msteams: { type: 'imBack', value: 'Médecin' } } });
    page = await poll(s, page.watermark);
    expect(botTexts(page.activities)[0]).toMatch(/statut/);
    // typing works too
    await postActivity(s, { type: 'message', text: 'remplaçant' });
    page = await poll(s, page.watermark);
    expect(botTexts(page.activities)[0]).toMatch(/(^|, )non : /i);
    // the watermark moves on: nothing new
    expect((await poll(s, page.watermark)).activities).toEqual([]);
  });

  it('keeps each browser conversation apart', async () => {
    const a = await newSession();
    const b = await newSession();
    expect(a.conversationId).not.toBe(b.conversationId);
    expect(a.userId).not.toBe(b.userId);
    await postActivity(a, { type: 'message', text: 'je suis infirmière remplaçante' });
    // b's token opens neither a's activities nor a's conversation
    const read = await fetch(`${local.base}/v3/directline/conversations/${a.conversationId}/activities?watermark=0`, { headers: auth(b) });
    expect(read.status).toBe(403);
    expect((await postActivity(b, { type: 'message', text: 'bonjour' }, a.conversationId)).status).toBe(403);
    // b's own conversation knows nothing of a's profile
    await postActivity(b, { type: 'message', text: 'puis-je consulter le DMP ?' });
    expect(botTexts((await poll(b)).activities)[0]).toMatch(/^Quelle est votre profession/);
    // and a's stream holds only a's turns
    const aPage = await poll(a);
    expect(aPage.activities.every((x) => x.conversation.id === a.conversationId)).toBe(true);
    expect(aPage.activities.some((x) => x.text === 'bonjour')).toBe(false);
  });

  it('refuses missing, unknown and forged tokens', async () => {
    const s = await newSession();
    const url = `${local.base}/v3/directline/conversations/${s.conversationId}/activities?watermark=0`;
    expect((await fetch(url)).status).toBe(403);
    expect((await fetch(url, { headers: { authorization: 'Bearer ' + 'A'.repeat(43) } })).status).toBe(403);
    expect((await fetch(url, { headers: { authorization: s.token } })).status).toBe(403);
    expect((await fetch(`${local.base}/v3/directline/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(403);
  });

  it('refuses what a browser has no business sending, with 4xx and no echo', async () => {
    const s = await newSession();
    for (const bad of [[], 'x', { type: 'message' }, { type: 'message', text: { a: 1 } }, { type: 'invoke', name: 'x' }, { type: 'event', name: 'admin/reset' }, { type: 'conversationUpdate' }]) {
      const r = await postActivity(s, bad);
      expect(r.status).toBe(400);
    }
    const big = await postActivity(s, { type: 'message', text: 'a'.repeat(20_000) });
    expect(big.status).toBe(413);
    // the same cap on the bytes read, without Content-Length (issue 10, 7)
    const chunked = await fetch(`${local.base}/v3/directline/conversations/${s.conversationId}/activities`, {
      method: 'POST',
      headers: auth(s),
      body: new Blob([JSON.stringify({ type: 'message', text: 'a'.repeat(100_000) })]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    const notJson = await fetch(`${local.base}/v3/directline/conversations/${s.conversationId}/activities`, { method: 'POST', headers: auth(s), body: '{oops' });
    expect(notJson.status).toBe(400);
    expect((await poll(s)).activities).toEqual([]);
    // markup typed by the user never comes back in the bot's replies
    await postActivity(s, { type: 'message', text: '<img src=x onerror=alert(1)> je suis <b>kiné</b>' });
    const replies = (await poll(s)).activities.filter((a) => a.from.role === 'bot');
    expect(replies.length).toBeGreaterThan(0);
    expect(JSON.stringify(replies)).not.toMatch(/<img|<b>/);
  });

  it('decides the user id and channel itself, whatever the browser claims', async () => {
    const s = await newSession();
    await postActivity(s, { type: 'message', text: 'bonjour', from: { id: 'someone-else', role: 'bot' }, channelId: 'msteams', conversation: { id: 'other' }, deliveryMode: 'normal', serviceUrl: 'http://evil.example' });
    const [echo, ...replies] = (await poll(s)).activities;
    expect(echo).toMatchObject({ from: { id: s.userId, role: 'user' }, channelId: 'webchat', conversation: { id: s.conversationId } });
    expect(echo.serviceUrl).toBeUndefined();
    expect(replies.length).toBeGreaterThan(0);
    expect(replies[0]).toMatchObject({ from: { role: 'bot' }, recipient: { id: s.userId } });
  });

  it('refreshes a token', async () => {
    const s = await newSession();
    const r = await fetch(`${local.base}/v3/directline/tokens/refresh`, { method: 'POST', headers: auth(s), body: '{}' });
    expect(r.status).toBe(200);
    expect(await json(r)).toMatchObject({ token: s.token, conversationId: s.conversationId });
  });
});

describe('the live conversations cap', () => {
  it('refuses new conversations when full, unless one has been idle for a minute', () => {
    let now = 1_000_000;
    const dl = new LocalDirectLine({ adapter: undefined as never, bot: { run: async () => {} }, logger: silentLogger, maxConversations: 2, now: () => now });
    const a = dl.create('1.1.1.1');
    now += 30_000;
    expect(dl.create('2.2.2.2')).toHaveProperty('token');
    now += 10_000;
    expect(dl.create('3.3.3.3')).toEqual({ refused: 'full', retryAfter: 20 }); // both seen less than a minute ago
    now += 25_000; // a: 65 s without a request, b: 35 s
    const c = dl.create('3.3.3.3');
    expect(c).toHaveProperty('token');
    expect(dl.size).toBe(2);
    expect('conversationId' in c && 'conversationId' in a && c.conversationId !== a.conversationId).toBe(true);
    now += 31 * 60_000; // every token expired
    dl.sweep();
    expect(dl.size).toBe(0);
  });

  it('caps the conversations of one address, giving its own idlest place first', () => {
    let now = 1_000_000;
    const dl = new LocalDirectLine({ adapter: undefined as never, bot: { run: async () => {} }, logger: silentLogger, maxPerAddress: 2, now: () => now });
    expect(dl.create('1.1.1.1')).toHaveProperty('token');
    expect(dl.create('1.1.1.1')).toHaveProperty('token');
    expect(dl.create('1.1.1.1')).toEqual({ refused: 'address', retryAfter: 60 });
    expect(dl.create('2.2.2.2')).toHaveProperty('token');
    now += 61_000;
    expect(dl.create('1.1.1.1')).toHaveProperty('token');
    expect(dl.size).toBe(3);
  });
});

/** A request from one loopback address of the machine's many (127.0.0.2, 127.0.0.3…): a client of its own. */
function from(address: string, path: string, method: 'GET' | 'POST', headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const url = new URL(path, local.base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers: { 'content-type': 'application/json', ...headers }, localAddress: address, agent: false }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(method === 'POST' ? '{}' : undefined);
  });
}

describe('one client cannot starve the others (issue 10, 5)', () => {
  it('caps the live conversations per address: one address holding tokens leaves slots for the next visitor', async () => {
    let last = { status: 200, headers: {} as Record<string, unknown>, body: '' };
    let granted = 0;
    for (let i = 0; i < 1001 && last.status === 200; i++) {
      last = await from('127.0.0.2', '/api/directline/token', 'POST');
      if (last.status === 200) granted++;
    }
    expect(granted).toBe(20);
    expect(last.status).toBe(429);
    expect(Number(last.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // a new visitor from another address gets a conversation
    const visitor = await from('127.0.0.3', '/api/directline/token', 'POST');
    expect(visitor.status).toBe(200);
  });

  it('limits polling per address, with Retry-After, without slowing another address', async () => {
    const a = JSON.parse((await from('127.0.0.4', '/api/directline/token', 'POST')).body) as Session;
    const b = JSON.parse((await from('127.0.0.5', '/api/directline/token', 'POST')).body) as Session;
    const pollOf = (address: string, s: Session) => from(address, `/v3/directline/conversations/${s.conversationId}/activities?watermark=0`, 'GET', { authorization: `Bearer ${s.token}` });
    const statuses: number[] = [];
    let refused: Awaited<ReturnType<typeof pollOf>> | undefined;
    for (let i = 0; i < 150; i++) {
      const r = await pollOf('127.0.0.4', a);
      statuses.push(r.status);
      if (r.status === 429) refused ??= r;
    }
    expect(statuses.slice(0, 40).every((s) => s === 200)).toBe(true);
    expect(refused).toBeDefined();
    expect(Number(refused!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await pollOf('127.0.0.5', b)).status).toBe(200);
  });
});

describe('the off switch and the production token exchange', () => {
  let standIn: HttpServer;
  let standInBase = '';
  let mode: 'ok' | 'fail' = 'ok';
  const seen: Array<{ auth?: string; body: string }> = [];

  beforeAll(async () => {
    standIn = createHttpServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ auth: req.headers.authorization, body });
        if (req.method !== 'POST' || req.url !== '/v3/directline/tokens/generate') {
          res.writeHead(404);
          res.end();
          return;
        }
        if (mode === 'fail' || req.headers.authorization !== 'Bearer the-secret') {
          // (restify patches writeHead in this process: it does not return res)
          res.writeHead(mode === 'fail' ? 500 : 403, { 'content-type': 'application/json' });
          res.end('{"error":{"code":"ServiceError"}}');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ conversationId: 'dl-conv-1', token: 'short-lived-token', expires_in: 3600 }));
      });
    });
    await new Promise<void>((resolve) => standIn.listen(0, '127.0.0.1', () => resolve()));
    standInBase = `http://127.0.0.1:${(standIn.address() as AddressInfo).port}/v3/directline`;
  });

  afterAll(() => {
    standIn?.close();
  });

  it('switched off, the page is served but no conversation can be opened', async () => {
    const off = await start({ ...LOCAL, webchatLocal: false });
    try {
      const r = await fetch(`${off.base}/api/directline/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(r.status).toBe(503);
      expect((await fetch(`${off.base}/v3/directline/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(404);
    } finally {
      off.server.close();
    }
  });

  it('exchanges the secret for a token; the secret never reaches the browser', async () => {
    const prod = await start({ ...LOCAL, webchatLocal: false, directLineSecret: 'the-secret', directLineEndpoint: standInBase });
    try {
      mode = 'ok';
      const page = await fetch(`${prod.base}/`);
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toContain(`connect-src 'self' ${new URL(standInBase).origin} ws://127.0.0.1`);
      const r = await fetch(`${prod.base}/api/directline/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(r.status).toBe(200);
      const raw = await r.text();
      expect(raw).not.toContain('the-secret');
      const body = JSON.parse(raw);
      expect(body).toMatchObject({ token: 'short-lived-token', conversationId: 'dl-conv-1', domain: standInBase, webSocket: true });
      expect(body.userId).toMatch(/^dl_/);
      const call = seen.at(-1)!;
      expect(call.auth).toBe('Bearer the-secret');
      expect(JSON.parse(call.body)).toEqual({ user: { id: body.userId } });
      expect(r.headers.get('cache-control')).toBe('no-store');
    } finally {
      prod.server.close();
    }
  });

  it('says the service is unavailable when the exchange fails or the service is unreachable', async () => {
    const prod = await start({ ...LOCAL, webchatLocal: false, directLineSecret: 'the-secret', directLineEndpoint: standInBase });
    const down = await start({ ...LOCAL, webchatLocal: false, directLineSecret: 'the-secret', directLineEndpoint: 'http://127.0.0.1:9/v3/directline' });
    try {
      mode = 'fail';
      const r = await fetch(`${prod.base}/api/directline/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(r.status).toBe(502);
      expect(await r.text()).not.toContain('the-secret');
      const r2 = await fetch(`${down.base}/api/directline/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(r2.status).toBe(502);
    } finally {
      mode = 'ok';
      prod.server.close();
      down.server.close();
    }
  });
});

describe('the web chat settings', () => {
  it('turns the local chat on without MicrosoftAppId and off with it, unless told', () => {
    expect(loadSettings({}).webchatLocal).toBe(true);
    expect(loadSettings({ MicrosoftAppId: 'id', MicrosoftAppPassword: 'pw' }).webchatLocal).toBe(false);
    expect(loadSettings({ MicrosoftAppId: 'id', MicrosoftAppPassword: 'pw', WEBCHAT_LOCAL: 'true' }).webchatLocal).toBe(true);
    expect(loadSettings({ WEBCHAT_LOCAL: 'false' }).webchatLocal).toBe(false);
    expect(() => loadSettings({ WEBCHAT_LOCAL: 'peut-être' })).toThrow(/WEBCHAT_LOCAL/);
  });

  it('accepts only an https Direct Line endpoint (http on loopback for tests)', () => {
    expect(loadSettings({}).directLineEndpoint).toBe('https://directline.botframework.com/v3/directline');
    expect(loadSettings({ DIRECT_LINE_ENDPOINT: 'https://europe.directline.botframework.com/v3/directline/' }).directLineEndpoint).toBe(
      'https://europe.directline.botframework.com/v3/directline',
    );
    expect(() => loadSettings({ DIRECT_LINE_ENDPOINT: 'http://directline.example.com' })).toThrow(/DIRECT_LINE_ENDPOINT/);
    expect(() => loadSettings({ WEBCHAT_FRAME_ANCESTORS: "https://a.fr; script-src *" })).toThrow(/WEBCHAT_FRAME_ANCESTORS/);
  });
});
