/**
 * STORAGE=blob on Azurite (the real Blob service, started for the run by
 * tests/azurite.globalSetup.ts): round trips, readiness, and two instances writing the
 * same conversation at once (ETags: the stale turn is run again on fresh state; once a
 * turn's conversation is saved, it is never run again), and the conversation state written only
 * when it changed.
 */
import { Storage, StoreItems } from 'botbuilder';
import { randomUUID } from 'node:crypto';
import { connect, createServer as createNetServer } from 'node:net';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { readiness } from '../../src/http/health';
import { onTurnError } from '../../src/bot/adapter';
import { createStorage, ETagConversationState, isETagConflict, probeStorage } from '../../src/state/storage';
import { CpxBot } from '../../src/bot/cpxBot';
import { MainDialog } from '../../src/dialogs/mainDialog';
import type { ConversationMemory, UserProfileState } from '../../src/dialogs/state';
import { createTestBot, kindOf, real, silentLogger, textOf } from '../helpers';
import { App, startApp } from '../bot/appHarness';
import { freePort } from '../bot/processes';
import { MemoryStorage, TestAdapter, TurnContext, UserState } from 'botbuilder';

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
 * Two instances (two bots, each with its own state objects and its own view of the one
 * storage, as two processes have) whose turns read before either writes, and whose writes
 * land in a fixed order: the « first » instance's, then the « second »'s. So the second
 * save is the stale one: with ETags it must conflict; without, it would overwrite the
 * first turn's state.
 */
class Gate {
  armed = false;
  private reads = 0;
  private releaseReads!: () => void;
  private releaseFirst!: () => void;
  readonly bothRead = new Promise<void>((r) => (this.releaseReads = r));
  readonly firstWritten = new Promise<void>((r) => (this.releaseFirst = r));
  read(): void {
    if (++this.reads === 2) this.releaseReads();
  }
  wrote(): void {
    this.releaseFirst();
  }
}

const atMost = (ms: number) => new Promise((r) => setTimeout(r, ms));

class GatedStorage implements Storage {
  constructor(
    private readonly inner: Storage,
    private readonly gate: Gate,
    private readonly role: 'first' | 'second',
  ) {}
  async read(keys: string[]): Promise<StoreItems> {
    const items = await this.inner.read(keys);
    if (this.gate.armed && keys.some((k) => k.includes('/conversations/'))) this.gate.read();
    return items;
  }
  async write(changes: StoreItems): Promise<void> {
    if (!this.gate.armed) return this.inner.write(changes);
    await Promise.race([this.gate.bothRead, atMost(2000)]);
    if (this.role === 'second') await Promise.race([this.gate.firstWritten, atMost(2000)]);
    try {
      return await this.inner.write(changes);
    } finally {
      if (this.role === 'first') this.gate.wrote();
    }
  }
  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }
}

function instance(storage: Storage, lines: Array<Record<string, unknown>>) {
  const { kb, recognizer, answers } = real();
  const conversationState = new ETagConversationState(storage);
  const userState = new UserState(storage);
  const dialog = new MainDialog(recognizer, kb, answers, {
    profile: userState.createProperty<UserProfileState>('profile'),
    memory: conversationState.createProperty<ConversationMemory>('memory'),
  });
  const logger = { ...silentLogger, info: (o: Record<string, unknown>, msg: string) => lines.push({ ...o, msg }), warn: () => {}, error: (o: Record<string, unknown>, msg: string) => lines.push({ ...o, msg, level: 'error' }) } as never;
  const bot = new CpxBot(conversationState, userState, dialog, answers, logger);
  const adapter = new TestAdapter(async (context: TurnContext) => bot.run(context), {
    channelId: 'test',
    conversation: { id: 'same-conversation', isGroup: false, conversationType: 'personal', name: '' },
    user: { id: 'same-user', name: 'Utilisateur' },
    bot: { id: 'bot', name: 'Assistant cartes CPx' },
  } as never);
  adapter.onTurnError = onTurnError(conversationState, answers, logger);
  return {
    async turn(text: string) {
      await adapter.processActivity({ type: 'message', text });
      return adapter.activeQueue.splice(0);
    },
  };
}

describe('two instances, one conversation, two turns at once', () => {
  for (const kind of ['memory', 'blob'] as const) {
    it(`runs the stale turn again on fresh state instead of overwriting the first (${kind})`, async () => {
      const base = createStorage({ storage: kind, blobConnectionString: connection(), blobContainer: container() });
      const gate = new Gate();
      const lines: Array<Record<string, unknown>> = [];
      const a = instance(new GatedStorage(base, gate, 'first'), lines);
      const b = instance(new GatedStorage(base, gate, 'second'), lines);
      const first = await a.turn('puis-je consulter le DMP ?');
      expect(textOf(first[0])).toMatch(/^Quelle est votre profession/);
      // two different turns on the profession question: one answers it, the other asks
      // something else; b saves last, on the state both read
      gate.armed = true;
      const [ra, rb] = await Promise.all([a.turn('médecin'), b.turn("c'est quoi ADRI ?")]);
      gate.armed = false;
      expect(textOf(ra[0])).toMatch(/statut/);
      expect(textOf(rb[0])).toMatch(/^ADRI/);
      for (const r of [...ra, ...rb]) expect(kindOf(r)).not.toBe('error');
      const attempts = lines.filter((l) => l.msg === 'turn').slice(-2).map((t) => t.attempts ?? 1);
      // the profession given by a's turn survived b's: the status question is still open
      // (without ETags b's save overwrote it, and « remplaçant » got the profession question)
      const next = await a.turn('remplaçant');
      expect(textOf(next[0])).toMatch(/(^|, )non : /i);
      // b conflicted and was run again after a's turn (attempts: 2), none was lost
      expect(attempts).toEqual([1, 2]);
    });
  }

  it('never runs a turn again once its conversation is saved: a conflict on the user state (the second save) is not retried', async () => {
    const { storage } = createTestBot();
    const lines: Array<Record<string, unknown>> = [];
    let refuseUsers = false;
    let conversationWrites = 0;
    const conflictOnUsers: Storage = {
      read: (keys) => storage.read(keys),
      write: async (changes) => {
        if (Object.keys(changes).some((k) => k.includes('/conversations/'))) conversationWrites++;
        if (refuseUsers && Object.keys(changes).some((k) => k.includes('/users/'))) throw new Error('Storage: error writing "users" due to eTag conflict.');
        return storage.write(changes);
      },
      delete: (keys) => storage.delete(keys),
    };
    const bot = instance(conflictOnUsers, lines);
    expect(textOf((await bot.turn('puis-je consulter le DMP ?'))[0])).toMatch(/^Quelle est votre profession/);
    expect(textOf((await bot.turn('médecin'))[0])).toMatch(/statut/);
    refuseUsers = true;
    conversationWrites = 0;
    const replies = await bot.turn('remplaçant');
    // the answer of the one run, delivered once; no rerun on the conversation that moved on
    expect(replies.map((r) => /(^|, )non : /i.test(textOf(r)))).toEqual([true]);
    expect(conversationWrites).toBe(1);
    const turn = lines.filter((l) => l.msg === 'turn').at(-1)!;
    expect(turn.attempts ?? 1).toBe(1);
    expect(turn.outcome).not.toBe('conflict');
    expect(lines.some((l) => l.level === 'error' && /user state/.test(String(l.msg)))).toBe(true);
  });

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

describe('ETagConversationState change detection', () => {
  /** A memory storage that counts the conversation writes. */
  function counting(): { storage: Storage; writes: () => number } {
    const inner = new MemoryStorage();
    let n = 0;
    return {
      storage: { read: (k) => inner.read(k), write: (c: StoreItems) => ((n += 1), inner.write(c)), delete: (k) => inner.delete(k) },
      writes: () => n,
    };
  }
  const turn = () => new TurnContext(new TestAdapter(), { type: 'message', channelId: 'test', conversation: { id: 'c1' }, from: { id: 'u1' }, recipient: { id: 'b' }, text: 'x' } as never);

  it('writes a state that changed, and not one that did not (its eTag aside)', async () => {
    const { storage, writes } = counting();
    const state = new ETagConversationState(storage);
    const memory = state.createProperty<ConversationMemory>('memory');

    let context = turn();
    await memory.set(context, { other: 'infirmier' });
    await state.saveChanges(context);
    expect(writes()).toBe(1);

    // a turn that reads the state and changes nothing: no write (the stored eTag differs from the loaded one)
    context = turn();
    expect(await memory.get(context)).toEqual({ other: 'infirmier' });
    await state.saveChanges(context);
    expect(writes()).toBe(1);

    // a turn that changes it: one write
    context = turn();
    await memory.set(context, { other: 'medecin' });
    await state.saveChanges(context);
    expect(writes()).toBe(2);
  });
});
