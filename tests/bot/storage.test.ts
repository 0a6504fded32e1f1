/**
 * STORAGE=blob on Azurite (the real Blob service, started for the run by
 * tests/azurite.globalSetup.ts): round trips, readiness, and two instances writing the
 * same conversation at once (ETags: the second turn is run again on fresh state).
 */
import { Storage, StoreItems } from 'botbuilder';
import { randomUUID } from 'node:crypto';
import { connect, createServer as createNetServer } from 'node:net';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { readiness } from '../../src/bot/health';
import { createStorage, ETagConversationState, ETagUserState, isETagConflict, probeStorage } from '../../src/bot/storage';
import { CpxBot } from '../../src/bot/cpxBot';
import { MainDialog } from '../../src/dialogs/mainDialog';
import type { ConversationMemory, UserProfileState } from '../../src/dialogs/state';
import { createTestBot, kindOf, real, silentLogger, textOf } from '../helpers';
import { App, startApp } from './appHarness';
import { freePort } from './processes';
import { TestAdapter, TurnContext } from 'botbuilder';

const connection = () => inject('azuriteConnectionString');
const container = () => `t-${randomUUID().slice(0, 8)}`;
const apps: App[] = [];

afterAll(async () => {
  for (const a of apps) await a.close();
});

describe('BlobsStorage on Azurite', () => {
  it('keeps state with accents and emoji, with an ETag, and refuses a stale ETag', async () => {
    const storage = createStorage({ storage: 'blob', blobConnectionString: connection(), blobContainer: container() });
    await probeStorage(storage);
    await storage.write({ 'k/1': { texte: 'Quelle est votre profession ? Médecin, infirmière, sage-femme 🩺', n: 1 } });
    const first = (await storage.read(['k/1']))['k/1'];
    expect(first.texte).toBe('Quelle est votre profession ? Médecin, infirmière, sage-femme 🩺');
    expect(typeof first.eTag).toBe('string');
    await storage.write({ 'k/1': { ...first, n: 2 } });
    const err = await storage.write({ 'k/1': { ...first, n: 3 } }).catch((e: unknown) => e);
    expect(isETagConflict(err)).toBe(true);
    expect((await storage.read(['k/1']))['k/1'].n).toBe(2);
  });

  it('says not ready (503) quickly when the storage cannot be reached, ready when it can', async () => {
    const down = await startApp({
      STORAGE: 'blob',
      BLOB_CONNECTION_STRING: connection().replace(/BlobEndpoint=http:\/\/127\.0\.0\.1:\d+/, 'BlobEndpoint=http://127.0.0.1:9'),
      BLOB_CONTAINER: container(),
    });
    apps.push(down);
    const started = Date.now();
    const r = await fetch(`${down.base}/readyz`);
    expect(r.status).toBe(503);
    expect(((await r.json()) as { checks: Record<string, string> }).checks.storage).toBe('injoignable');
    expect(Date.now() - started).toBeLessThan(5000);
    const up = await startApp({ STORAGE: 'blob', BLOB_CONNECTION_STRING: connection(), BLOB_CONTAINER: container() });
    apps.push(up);
    const ok = await fetch(`${up.base}/readyz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'ready', checks: { knowledge: 'ok', shutdown: 'non', storage: 'ok' } });
  });

  it('recovers once a storage that was down at start-up comes back', async () => {
    const port = await freePort();
    const storage = createStorage({
      storage: 'blob',
      blobConnectionString: connection().replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${port}`),
      blobContainer: container(),
    });
    const check = () => readiness({ storage, knowledgeLoaded: () => true, shuttingDown: () => false, logger: silentLogger, timeoutMs: 1500 });
    expect((await check()).ready).toBe(false);
    // the storage comes back: a plain TCP relay to Azurite on the port it was expected on
    const target = Number(/127\.0\.0\.1:(\d+)/.exec(connection())![1]);
    const relay = createNetServer((socket) => {
      const upstream = connect(target, '127.0.0.1');
      socket.pipe(upstream).pipe(socket);
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((r) => relay.listen(port, '127.0.0.1', () => r()));
    try {
      // its first failed container creation is forgotten: a later check succeeds
      let ready = false;
      for (let i = 0; i < 10 && !ready; i++) ready = (await check()).ready;
      expect(ready).toBe(true);
      await storage.write({ back: { ok: true } });
      expect((await storage.read(['back'])).back.ok).toBe(true);
    } finally {
      await new Promise((r) => relay.close(r));
    }
  });
});

/**
 * Two instances (two bots, each with its own state objects, as two processes have) over
 * one storage whose writes wait until both turns have read: the two turns read the same
 * ETag, so the second to save must conflict.
 */
class BarrierStorage implements Storage {
  private readers = 0;
  private release!: () => void;
  private readonly bothRead = new Promise<void>((r) => (this.release = r));
  armed = false;
  constructor(private readonly inner: Storage) {}
  async read(keys: string[]): Promise<StoreItems> {
    const items = await this.inner.read(keys);
    if (this.armed && keys.some((k) => k.includes('/conversations/')) && ++this.readers === 2) this.release();
    return items;
  }
  async write(changes: StoreItems): Promise<void> {
    if (this.armed) await Promise.race([this.bothRead, new Promise((r) => setTimeout(r, 2000))]);
    return this.inner.write(changes);
  }
  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }
}

function instance(storage: Storage, lines: Array<Record<string, unknown>>) {
  const { kb, recognizer, answers } = real();
  const conversationState = new ETagConversationState(storage);
  const userState = new ETagUserState(storage);
  const dialog = new MainDialog(recognizer, kb, answers, {
    profile: userState.createProperty<UserProfileState>('profile'),
    memory: conversationState.createProperty<ConversationMemory>('memory'),
  });
  const logger = { ...silentLogger, info: (o: Record<string, unknown>) => lines.push(o) } as never;
  const bot = new CpxBot(conversationState, userState, dialog, answers, logger);
  const adapter = new TestAdapter(async (context: TurnContext) => bot.run(context), {
    channelId: 'test',
    conversation: { id: 'same-conversation', isGroup: false, conversationType: 'personal', name: '' },
    user: { id: 'same-user', name: 'Utilisateur' },
    bot: { id: 'bot', name: 'Assistant cartes CPx' },
  } as never);
  return {
    async turn(text: string) {
      await adapter.processActivity({ type: 'message', text });
      return adapter.activeQueue.splice(0);
    },
  };
}

describe('two instances, one conversation, two turns at once', () => {
  for (const kind of ['memory', 'blob'] as const) {
    it(`runs the second turn again on fresh state instead of overwriting the first (${kind})`, async () => {
      const base = createStorage({ storage: kind, blobConnectionString: connection(), blobContainer: container() });
      const storage = new BarrierStorage(base);
      const lines: Array<Record<string, unknown>> = [];
      const a = instance(storage, lines);
      const b = instance(storage, lines);
      const first = await a.turn('puis-je consulter le DMP ?');
      expect(textOf(first[0])).toMatch(/^Quelle est votre profession/);
      storage.armed = true;
      const [ra, rb] = await Promise.all([a.turn('médecin'), b.turn('médecin')]);
      storage.armed = false;
      const turns = lines.slice(-2);
      // one of the two conflicted and was run again (attempts: 2), none was lost in silence
      expect(turns.map((t) => t.attempts ?? 1).sort()).toEqual([1, 2]);
      expect(ra.length + rb.length).toBeGreaterThanOrEqual(2);
      for (const r of [...ra, ...rb]) expect(kindOf(r)).not.toBe('error');
      // the state is whole: the conversation goes on where the two turns left it
      const next = await a.turn('remplaçant');
      expect(textOf(next[0])).toMatch(/(^|, )non : /i);
    });
  }

  it('answers clearly, keeping the conversation, when every attempt conflicts', async () => {
    const { storage } = createTestBot();
    const lines: Array<Record<string, unknown>> = [];
    const conflicting: Storage = {
      read: (keys) => storage.read(keys),
      write: async () => {
        throw new Error('Storage: error writing "x" due to eTag conflict.');
      },
      delete: (keys) => storage.delete(keys),
    };
    const bot = instance(conflicting, lines);
    const replies = await bot.turn('puis-je consulter le DMP ?');
    expect(replies).toHaveLength(1);
    expect(kindOf(replies[0])).toBe('error');
    expect(textOf(replies[0])).toMatch(/conversation est conservée/);
    expect(lines.at(-1)).toMatchObject({ outcome: 'conflict', attempts: 0 });
  });
});
