/**
 * STORAGE=memory bounded (issue 10, finding 2): the same ETag behaviour as the SDK's
 * MemoryStorage, items forgotten after an idle time and beyond a count, and the HTTP
 * application keeping no more states than MEMORY_STATE_MAX_ITEMS.
 */
import { MemoryStorage, Storage } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { BoundedMemoryStorage } from '../../src/state/memoryStorage';
import { createStorage } from '../../src/state/storage';
import { loadSettings } from '../../src/settings';
import { say, startApp } from '../bot/appHarness';

/** What a storage does with a sequence of calls: each result, or the error's type and message. */
async function script(storage: Storage): Promise<unknown[]> {
  const out: unknown[] = [];
  const run = async (call: () => Promise<unknown>) => {
    try {
      out.push(await call());
    } catch (err) {
      out.push({ error: (err as Error).name, message: (err as Error).message });
    }
  };
  await run(() => storage.read(['a', 'b']));
  await run(() => storage.write({ a: { n: 1 }, b: { n: 1, eTag: 'whatever' } }));
  await run(() => storage.read(['a', 'b', 'c']));
  await run(() => storage.write({ a: { n: 2, eTag: '1' } }));
  await run(() => storage.write({ a: { n: 3, eTag: '1' } }));
  await run(() => storage.write({ a: { n: 4, eTag: '*' } }));
  await run(() => storage.write({ a: { n: 5, eTag: '' } }));
  await run(() => storage.read(['a']));
  await run(() => storage.delete(['a']));
  await run(() => storage.write({ a: { n: 6, eTag: '2' } }));
  await run(() => storage.read(['a']));
  await run(() => storage.write({ b: { nested: { list: [1, 'é', null] }, eTag: '2' } }));
  await run(() => storage.read(['b']));
  await run(() => storage.read(undefined as never));
  await run(() => storage.write(undefined as never));
  return out;
}

describe('BoundedMemoryStorage', () => {
  it('has the ETag semantics of the SDK MemoryStorage', async () => {
    const ours = await script(new BoundedMemoryStorage({ ttlMs: 60_000, maxItems: 100 }));
    expect(ours).toEqual(await script(new MemoryStorage()));
    expect(ours).toContainEqual({ error: 'Error', message: 'Storage: error writing "a" due to eTag conflict.' });
  });

  it('returns copies: changing what was read or written changes nothing stored', async () => {
    const storage = new BoundedMemoryStorage({ ttlMs: 60_000, maxItems: 100 });
    const item = { list: [1] };
    await storage.write({ k: item });
    item.list.push(2);
    const read = await storage.read(['k']);
    (read.k.list as number[]).push(3);
    expect((await storage.read(['k'])).k.list).toEqual([1]);
  });

  it('forgets an item idle for longer than the TTL; reading or writing it keeps it', async () => {
    let now = 0;
    const storage = new BoundedMemoryStorage({ ttlMs: 60 * 60_000, maxItems: 100, now: () => now });
    await storage.write({ kept: { n: 1 }, idle: { n: 1 } });
    now += 50 * 60_000;
    expect(Object.keys(await storage.read(['kept']))).toEqual(['kept']);
    now += 50 * 60_000;
    expect(Object.keys(await storage.read(['kept', 'idle']))).toEqual(['kept']);
    expect(storage.size).toBe(1);
    now += 61 * 60_000;
    expect(await storage.read(['kept'])).toEqual({});
    expect(storage.size).toBe(0);
    // a stale ETag on a forgotten item is a first write, as on a deleted one
    await expect(storage.write({ kept: { n: 2, eTag: '1' } })).resolves.toBeUndefined();
  });

  it('never returns an item idle past the TTL, even between two sweeps (they run at most once a second)', async () => {
    let now = 0;
    const storage = new BoundedMemoryStorage({ ttlMs: 100, maxItems: 100, now: () => now });
    await storage.write({ a: { v: 1 }, b: { v: 2 } });
    now = 50;
    expect(Object.keys(await storage.read(['a']))).toEqual(['a']);
    now = 160; // b idle 160 ms, a 110 ms: both past the TTL, the last sweep 160 ms ago
    expect(await storage.read(['a', 'b'])).toEqual({});
    expect(storage.size).toBe(0);
    // an expired item is written over as if absent, whatever its eTag
    await storage.write({ c: { v: 3 } });
    now = 300;
    await storage.write({ c: { v: 4, eTag: 'stale' } });
    expect((await storage.read(['c'])).c).toMatchObject({ v: 4 });
  });

  it('keeps at most maxItems, forgetting the least recently used', async () => {
    const storage = new BoundedMemoryStorage({ ttlMs: 60_000, maxItems: 3 });
    await storage.write({ a: { n: 1 }, b: { n: 1 }, c: { n: 1 } });
    await storage.read(['a']);
    await storage.write({ d: { n: 1 } });
    expect(Object.keys(await storage.read(['a', 'b', 'c', 'd'])).sort()).toEqual(['a', 'c', 'd']);
    expect(storage.size).toBe(3);
  });

  it('is what STORAGE=memory gives, with its settings and their defaults', () => {
    expect(loadSettings({})).toMatchObject({ memoryStateTtlMinutes: 60, memoryStateMaxItems: 5_000 });
    expect(() => loadSettings({ MEMORY_STATE_MAX_ITEMS: '0' })).toThrow('MEMORY_STATE_MAX_ITEMS');
    expect(() => loadSettings({ MEMORY_STATE_TTL_MINUTES: 'jamais' })).toThrow('MEMORY_STATE_TTL_MINUTES');
    expect(createStorage(loadSettings({}))).toBeInstanceOf(BoundedMemoryStorage);
  });
});

describe('the HTTP application with STORAGE=memory', () => {
  it('keeps no more conversation and user states than MEMORY_STATE_MAX_ITEMS, and the recent ones work', async () => {
    const app = await startApp({ RATE_LIMIT_PER_SECOND: '0', MEMORY_STATE_MAX_ITEMS: '20' });
    try {
      const ids = Array.from({ length: 40 }, (_v, i) => `bounded-${i}`);
      for (const id of ids) expect((await say(app.base, 'puis-je consulter le DMP ?', id))[0]).toMatch(/^Quelle est votre profession/);
      const keys = ids.flatMap((id) => [`emulator/conversations/${id}/`, `emulator/users/user-${id}/`]);
      const kept = Object.keys(await app.storage.read(keys));
      expect(kept.length).toBeGreaterThan(0);
      expect(kept.length).toBeLessThanOrEqual(20);
      // the most recent conversation goes on where it was
      expect((await say(app.base, 'médecin', ids.at(-1)!))[0]).toMatch(/statut/);
    } finally {
      await app.close();
    }
  });
});
