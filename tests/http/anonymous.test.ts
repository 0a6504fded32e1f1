/**
 * The anonymous mode (no MicrosoftAppId, issue 10, finding 3): it listens on loopback
 * unless HOST says otherwise (with a warning), it sends replies only to a loopback
 * serviceUrl (the Bot Framework Emulator) unless ALLOWED_SERVICE_URLS allows more, and
 * every outbound call gives up after OUTBOUND_TIMEOUT_MS. The « remote » serviceUrl of
 * these tests is http://0.0.0.0:<port>: not loopback by name, so refused, yet a
 * connection to it would land on this machine's loopback (no traffic leaves it even if
 * the refusal failed). The service behind it accepts and never answers.
 */
import { createServer, Server, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceUrlAllowed } from '../../src/http/security';
import { loadSettings, startupWarnings } from '../../src/settings';
import { activity, App, post, startApp } from '../bot/appHarness';
import { startBotProcess } from '../bot/processes';

let silent: Server;
let port = 0;
const open = new Set<Socket>();
let connections = 0;
let app: App;

beforeAll(async () => {
  silent = createServer((socket) => {
    connections++;
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => undefined);
    // reads (and ignores) the request, so that it sees the caller hang up
    socket.resume();
  });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
  port = (silent.address() as AddressInfo).port;
  app = await startApp({ RATE_LIMIT_PER_SECOND: '0', OUTBOUND_TIMEOUT_MS: '1000' });
});

afterAll(async () => {
  await app?.close();
  for (const s of open) s.destroy();
  await new Promise((r) => silent?.close(r));
});

/** A message delivered the usual way: the bot answers by calling serviceUrl. */
function message(serviceUrl: string, conversation: string) {
  const a = activity('bonjour', conversation, { serviceUrl });
  delete a.deliveryMode;
  return a;
}

function postWithin(body: unknown, ms: number): Promise<Response> {
  return fetch(`${app.base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(ms) });
}

describe('anonymous outbound calls', () => {
  it('refuses at once, with 400, a message whose serviceUrl is not loopback, and calls nothing', async () => {
    const started = Date.now();
    const r = await postWithin(message(`http://0.0.0.0:${port}`, 'anon-1'), 8000);
    expect(r.status).toBe(400);
    expect(((await r.json()) as { message: string }).message).toMatch(/serviceUrl/);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(connections).toBe(0);
  });

  it('still runs an expectReplies turn whatever its serviceUrl, without calling it', async () => {
    const r = await postWithin({ ...message(`http://0.0.0.0:${port}`, 'anon-2'), deliveryMode: 'expectReplies' }, 8000);
    expect(r.status).toBe(200);
    expect(((await r.json()) as { activities: unknown[] }).activities.length).toBeGreaterThan(0);
    expect(connections).toBe(0);
  });

  it('gives up on a loopback serviceUrl that never answers within OUTBOUND_TIMEOUT_MS, leaving no socket open', async () => {
    const started = Date.now();
    const r = await postWithin(message(`http://127.0.0.1:${port}`, 'anon-3'), 8000);
    expect(r.status).toBeLessThan(500);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(connections).toBeGreaterThan(0);
    // every call gives up within OUTBOUND_TIMEOUT_MS (1 s here), the typing indicator's too:
    // no socket is left open past it
    const deadline = Date.now() + 2500;
    while (open.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(open.size).toBe(0);
    // the server answers as usual afterwards
    expect((await post(app.base, activity("c'est quoi ADRI ?", 'anon-4'))).status).toBe(200);
  });

  it('allows more serviceUrls only when told (ALLOWED_SERVICE_URLS), and any with MicrosoftAppId (the token binds it)', () => {
    const anonymous = { anonymous: true, allowed: [] as string[] };
    expect(serviceUrlAllowed('http://localhost:3979/', anonymous)).toBe(true);
    expect(serviceUrlAllowed('http://127.0.0.1:9', anonymous)).toBe(true);
    expect(serviceUrlAllowed('http://[::1]:9/x', anonymous)).toBe(true);
    for (const url of ['http://0.0.0.0:9', 'https://smba.trafficmanager.net/emea/', 'http://127.0.0.1.nip.io/', 'http://10.0.0.1/', 'file:///etc/passwd', 'pas une adresse']) {
      expect(serviceUrlAllowed(url, anonymous)).toBe(false);
    }
    const allowed = loadSettings({ ALLOWED_SERVICE_URLS: 'https://smba.trafficmanager.net, https://example.org/' }).allowedServiceUrls;
    expect(allowed).toEqual(['https://smba.trafficmanager.net', 'https://example.org']);
    expect(serviceUrlAllowed('https://smba.trafficmanager.net/emea/', { anonymous: true, allowed })).toBe(true);
    expect(serviceUrlAllowed('https://smba.trafficmanager.net.evil.example/', { anonymous: true, allowed })).toBe(false);
    expect(serviceUrlAllowed('http://10.0.0.1/', { anonymous: true, allowed: ['*'] })).toBe(true);
    expect(serviceUrlAllowed('http://10.0.0.1/', { anonymous: false, allowed: [] })).toBe(true);
    expect(() => loadSettings({ ALLOWED_SERVICE_URLS: 'smba.trafficmanager.net' })).toThrow('ALLOWED_SERVICE_URLS');
    expect(loadSettings({}).outboundTimeoutMs).toBe(15_000);
  });
});

describe('where the anonymous server listens', () => {
  it('on loopback by default, on all interfaces by default with MicrosoftAppId, wherever HOST says', () => {
    expect(loadSettings({}).host).toBe('127.0.0.1');
    expect(loadSettings({ MicrosoftAppId: 'id', MicrosoftAppPassword: 'pw' }).host).toBe('0.0.0.0');
    expect(loadSettings({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it('warns at start-up when opened beyond loopback, or to any serviceUrl', () => {
    expect(startupWarnings(loadSettings({}))).toEqual([]);
    expect(startupWarnings(loadSettings({ HOST: '127.0.0.2' }))).toEqual([]);
    expect(startupWarnings(loadSettings({ MicrosoftAppId: 'id', MicrosoftAppPassword: 'pw' }))).toEqual([]);
    expect(startupWarnings(loadSettings({ HOST: '0.0.0.0' })).join(' ')).toMatch(/HOST=0\.0\.0\.0/);
    expect(startupWarnings(loadSettings({ ALLOWED_SERVICE_URLS: '*' })).join(' ')).toMatch(/ALLOWED_SERVICE_URLS/);
  });

  it('the real server started without HOST says it listens on 127.0.0.1', async () => {
    const p = await startBotProcess({ HOST: '' });
    try {
      const ready = p
        .output()
        .split('\n')
        .find((l) => l.includes('prêt'));
      expect(JSON.parse(ready!)).toMatchObject({ host: '127.0.0.1', auth: 'anonymous' });
    } finally {
      await p.stop('SIGKILL');
    }
  }, 40_000);
});
