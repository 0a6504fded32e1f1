/**
 * Bot Framework authentication with MicrosoftAppId and MicrosoftAppPassword set. A local
 * OpenID metadata service on loopback plays login.botframework.com and publishes one
 * trusted signing key; tokens are signed here. Only a valid token gets through; every
 * other case is a quick 401 — including when the metadata host cannot be reached.
 */
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activity, App, post, startApp } from './appHarness';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const ISSUER = 'https://api.botframework.com';
const SERVICE_URL = 'http://127.0.0.1:9';

type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let trusted: Key;
let untrusted: Key;
let metadata: Server;
let app: App;
let unreachable: App;

async function token(key: Key, options: { kid?: string; expiresIn?: number; audience?: string; issuer?: string } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ serviceurl: SERVICE_URL })
    .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'trusted-key', typ: 'JWT' })
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? APP_ID)
    .setIssuedAt(now - 60)
    .setNotBefore(now - 60)
    .setExpirationTime(now + (options.expiresIn ?? 3600))
    .sign(key);
}

function message(conversation: string) {
  return activity('bonjour', conversation, { channelId: 'webchat', serviceUrl: SERVICE_URL });
}

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  trusted = pair.privateKey;
  untrusted = (await generateKeyPair('RS256')).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'trusted-key', use: 'sig', endorsements: ['webchat', 'msteams', 'emulator'] };
  metadata = createServer((req, res) => {
    const base = `http://127.0.0.1:${(metadata.address() as AddressInfo).port}`;
    res.setHeader('content-type', 'application/json');
    if (req.url === '/openid') res.end(JSON.stringify({ issuer: ISSUER, jwks_uri: `${base}/keys` }));
    else if (req.url === '/keys') res.end(JSON.stringify({ keys: [jwk] }));
    else res.writeHead(404).end('{}');
  });
  await new Promise<void>((r) => metadata.listen(0, '127.0.0.1', () => r()));
  const metadataUrl = `http://127.0.0.1:${(metadata.address() as AddressInfo).port}/openid`;
  const auth = { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-a-real-secret', MicrosoftAppType: 'MultiTenant' };
  app = await startApp({ ...auth, ToBotFromChannelOpenIdMetadataUrl: metadataUrl, ToBotFromEmulatorOpenIdMetadataUrl: metadataUrl });
  // a bot whose key host does not answer (port 9 on loopback: connection refused), as offline
  unreachable = await startApp({
    ...auth,
    ToBotFromChannelOpenIdMetadataUrl: 'http://127.0.0.1:9/openid',
    ToBotFromEmulatorOpenIdMetadataUrl: 'http://127.0.0.1:9/openid',
  });
});

afterAll(async () => {
  await app?.close();
  await unreachable?.close();
  await new Promise((r) => metadata?.close(r));
});

describe('with MicrosoftAppId set, /api/messages', () => {
  it('answers a request carrying a valid Bot Framework token', async () => {
    const r = await post(app.base, message('auth-ok'), { authorization: `Bearer ${await token(trusted)}` });
    if (r.status !== 200) console.log(app.logs.join(''));
    expect(r.status).toBe(200);
    const body = (await r.json()) as { activities: Array<{ text?: string }> };
    expect(body.activities.length).toBeGreaterThan(0);
  });

  it('refuses a request without an Authorization header (401)', async () => {
    expect((await post(app.base, message('auth-none'))).status).toBe(401);
  });

  it('refuses a garbage token (401)', async () => {
    for (const header of ['Bearer garbage', 'Bearer a.b.c', 'Basic dXNlcjpwYXNz', 'Bearer ' + 'x'.repeat(5000)]) {
      expect((await post(app.base, message('auth-garbage'), { authorization: header })).status).toBe(401);
    }
  });

  it('refuses an expired token (401)', async () => {
    const expired = await token(trusted, { expiresIn: -3600 });
    expect((await post(app.base, message('auth-expired'), { authorization: `Bearer ${expired}` })).status).toBe(401);
  });

  it('refuses a token signed with a key it does not trust (401), whatever its key id', async () => {
    for (const kid of ['trusted-key', 'unknown-key']) {
      const forged = await token(untrusted, { kid });
      expect((await post(app.base, message('auth-forged'), { authorization: `Bearer ${forged}` })).status).toBe(401);
    }
  });

  it('refuses a well-signed token for another bot or from another issuer (401), with a body that says nothing of the token', async () => {
    const otherAudience = await token(trusted, { audience: 'another-bot' });
    const aud = await post(app.base, message('auth-aud'), { authorization: `Bearer ${otherAudience}` });
    expect(aud.status).toBe(401);
    const otherIssuer = await token(trusted, { issuer: 'https://evil.example' });
    const iss = await post(app.base, message('auth-iss'), { authorization: `Bearer ${otherIssuer}` });
    expect(iss.status).toBe(401);
    // issue 10, 7: one generic body for every refusal
    const none = await post(app.base, message('auth-none'));
    const bodies = [await aud.text(), await iss.text(), await none.text()];
    expect(bodies[0]).not.toContain('another-bot');
    expect(bodies[1]).not.toContain('evil.example');
    expect(new Set(bodies).size).toBe(1);
  });

  it('fails closed, quickly, when the signing keys cannot be fetched (401, not 500)', async () => {
    const started = Date.now();
    const r = await post(unreachable.base, message('auth-offline'), { authorization: `Bearer ${await token(trusted)}` });
    expect(r.status).toBe(401);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('is ready only when the signing keys can be fetched (/readyz, issue 10, 7)', async () => {
    const ok = await fetch(`${app.base}/readyz`);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { checks: Record<string, string> }).checks.signingKeys).toBe('ok');
    const started = Date.now();
    const down = await fetch(`${unreachable.base}/readyz`);
    expect(down.status).toBe(503);
    expect(((await down.json()) as { checks: Record<string, string> }).checks.signingKeys).toBe('injoignables');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('without MicrosoftAppId, needs no signing keys to be ready', async () => {
    const anonymous = await startApp();
    try {
      const r = await fetch(`${anonymous.base}/readyz`);
      expect(r.status).toBe(200);
      expect(((await r.json()) as { checks: Record<string, string> }).checks.signingKeys).toBeUndefined();
    } finally {
      await anonymous.close();
    }
  });

  it('never writes the token or the secret in the logs', () => {
    const all = app.logs.join('') + unreachable.logs.join('');
    expect(all).toContain('request refused: 401');
    expect(all).not.toContain('not-a-real-secret');
    expect(all).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
  });
});
