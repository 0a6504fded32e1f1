/**
 * The event recorder and its stores (src/events): pseudonyms, review texts kept only when
 * the CPAM opts in (and scrubbed), the purge of what is past retention, a failing store
 * that costs no turn and loses nothing it can keep.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prefixOfReference, pseudonymize, referenceOf } from '../../src/events/pseudonym';
import { EventRecorder, NewEvent } from '../../src/events/recorder';
import { EventStore, FileEventStore, MemoryEventStore } from '../../src/events/store';
import { TtlCache } from '../../src/events/ttlCache';
import type { ReviewText, UsageEvent } from '../../src/events/types';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'cpx-events-'));
  dirs.push(d);
  return d;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function recorder(store: EventStore, options: { reviewTexts?: boolean; now?: Date; reviewRetentionDays?: number; eventRetentionDays?: number } = {}) {
  let now = options.now ?? new Date('2026-11-27T10:00:00Z');
  const r = new EventRecorder(store, {
    secret: 'une-clé-de-test-assez-longue-pour-les-pseudonymes',
    reviewTexts: options.reviewTexts ?? false,
    reviewRetentionDays: options.reviewRetentionDays ?? 30,
    eventRetentionDays: options.eventRetentionDays ?? 395,
    flushIntervalMs: 0,
    now: () => now,
  });
  return { r, at: (iso: string) => (now = new Date(iso)) };
}

describe('pseudonyms', () => {
  it('are the same for a conversation on every instance, and tell nothing without the secret', () => {
    const a = pseudonymize('clé-1', 'webchat', 'cpx-abc');
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(pseudonymize('clé-1', 'webchat', 'cpx-abc')).toBe(a);
    expect(pseudonymize('clé-2', 'webchat', 'cpx-abc')).not.toBe(a);
    expect(pseudonymize('clé-1', 'msteams', 'cpx-abc')).not.toBe(a);
    expect(a).not.toContain('abc');
  });

  it('give a short reference that leads back to the pseudonym', () => {
    const p = pseudonymize('clé-1', 'webchat', 'cpx-abc');
    const ref = referenceOf(p);
    expect(ref).toMatch(/^CPX-[0-9A-F]{4}-[0-9A-F]{4}$/);
    expect(p.startsWith(prefixOfReference(ref)!)).toBe(true);
    expect(prefixOfReference(ref.toLowerCase().replace('cpx-', ''))).toBe(prefixOfReference(ref));
    expect(prefixOfReference('pas une référence')).toBeUndefined();
  });
});

describe('the recorder', () => {
  const turn = (conv: string): NewEvent => ({ type: 'turn', conv, channel: 'webchat', intent: 'none', kind: 'fallback', outcome: 'fallback', latencyMs: 12 });

  it('keeps nothing of what users wrote when REVIEW_TEXTS is off', async () => {
    const store = new MemoryEventStore();
    const { r } = recorder(store, { reviewTexts: false });
    expect(r.review({ conv: 'c1', channel: 'webchat', reason: 'fallback', text: 'je suis le Dr Martin, 06 12 34 56 78' })).toBe(false);
    r.record(turn('c1'));
    await r.flush();
    expect(await store.read('reviews')).toEqual([]);
    expect(await store.days('reviews')).toEqual([]);
    const events = await store.read('events');
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events)).not.toMatch(/Martin|06 12/);
  });

  it('keeps the scrubbed text when REVIEW_TEXTS is on', async () => {
    const store = new MemoryEventStore();
    const { r } = recorder(store, { reviewTexts: true });
    expect(r.review({ conv: 'c1', channel: 'webchat', reason: 'fallback', intent: 'none', text: "je m'appelle Jean Martin, mon RPPS 10001234567, j'ai perdu ma carte" })).toBe(true);
    await r.flush();
    const [kept] = (await store.read('reviews')) as ReviewText[];
    expect(kept).toMatchObject({ v: 1, reason: 'fallback', intent: 'none', text: "je m'appelle [nom], mon RPPS [numéro], j'ai perdu ma carte" });
    expect(kept.at).toBe('2026-11-27T10:00:00.000Z');
  });

  for (const kind of ['memory', 'file'] as const) {
    it(`purges what is past retention (${kind} store)`, async () => {
      const store = kind === 'memory' ? new MemoryEventStore() : new FileEventStore(tempDir());
      const { r, at } = recorder(store, { reviewTexts: true, reviewRetentionDays: 30, eventRetentionDays: 60 });
      const days = { '2026-08-01': 'août', '2026-10-20': 'octobre', '2026-10-29': 'fin octobre', '2026-11-26': 'novembre' };
      for (const [day, words] of Object.entries(days)) {
        at(`${day}T12:00:00Z`);
        r.record(turn(`c-${day}`));
        r.review({ conv: `c-${day}`, channel: 'webchat', reason: 'fallback', text: `question de ${words}` });
      }
      await r.flush();
      at('2026-11-27T09:00:00Z');
      const gone = await r.purge();
      // 30 days before 27 November is 28 October: the texts of 20 October and before are past retention
      expect(gone.reviews).toEqual(['2026-08-01', '2026-10-20']);
      expect(((await store.read('reviews')) as ReviewText[]).map((x) => x.text)).toEqual(['question de fin octobre', 'question de novembre']);
      // the pseudonymous events are kept longer (60 days here)
      expect(gone.events).toEqual(['2026-08-01']);
      expect((await store.days('events')).sort()).toEqual(['2026-10-20', '2026-10-29', '2026-11-26']);
      expect(await r.purge()).toEqual({ events: [], reviews: [] });
      if (store instanceof FileEventStore) expect(readdirSync(path.join(store.dir, 'reviews')).sort()).toEqual(['2026-10-29.jsonl', '2026-11-26.jsonl']);
    });
  }

  it('writes day files of JSON lines with no text unless opted in, readable by another process', async () => {
    const dir = tempDir();
    const { r } = recorder(new FileEventStore(dir));
    r.record(turn('c1'));
    r.record({ type: 'feedback', conv: 'c1', channel: 'webchat', vote: 'down', via: 'webchat', kind: 'use.access' });
    await r.flush();
    const lines = readFileSync(path.join(dir, 'events', '2026-11-27.jsonl'), 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).type)).toEqual(['turn', 'feedback']);
    expect(await new FileEventStore(dir).read('events', { from: '2026-11-27', to: '2026-11-27' })).toHaveLength(2);
    expect(await new FileEventStore(dir).read('events', { from: '2026-11-28' })).toEqual([]);
  });

  it('keeps the records while the store fails and writes them, in order, once it answers', async () => {
    const inner = new MemoryEventStore();
    let down = true;
    const flaky: EventStore = {
      kind: 'memory',
      append: (c, rs) => (down ? Promise.reject(new Error('stockage injoignable')) : inner.append(c, rs)),
      read: (c, range) => inner.read(c, range),
      days: (c) => inner.days(c),
      deleteBefore: (c, d) => inner.deleteBefore(c, d),
      storedSecret: () => inner.storedSecret(),
    };
    const { r } = recorder(flaky);
    r.record(turn('a'));
    await r.flush();
    r.record(turn('b'));
    down = false;
    await r.flush();
    expect(((await inner.read('events')) as UsageEvent[]).map((e) => e.conv)).toEqual(['a', 'b']);
  });

  it('keeps a secret of its own per file store, the same for every process', async () => {
    const dir = tempDir();
    const [a, b] = await Promise.all([new FileEventStore(dir).storedSecret(), new FileEventStore(dir).storedSecret()]);
    expect(a).toBe(b);
    expect(a.length).toBeGreaterThanOrEqual(32);
  });
});

describe('the held texts', () => {
  it('expire, and are bounded in number', () => {
    let now = 0;
    const cache = new TtlCache<string>(1000, 2, () => now);
    cache.set('a', 'x');
    now = 999;
    expect(cache.get('a')).toBe('x');
    now = 1000;
    expect(cache.get('a')).toBeUndefined();
    cache.set('a', '1');
    cache.set('b', '2');
    cache.set('c', '3');
    expect(cache.size).toBe(2);
    expect(cache.get('a')).toBeUndefined();
  });
});

describe('the recorder’s pseudonyms', () => {
  it('are the keyed HMAC of channel and id, the same when asked again, also past the ones it remembers', () => {
    const { r } = recorder(new MemoryEventStore());
    const secret = 'une-clé-de-test-assez-longue-pour-les-pseudonymes';
    expect(r.pseudonym('msteams', 'a:1')).toBe(pseudonymize(secret, 'msteams', 'a:1'));
    expect(r.pseudonym('msteams', 'a:1')).toBe(pseudonymize(secret, 'msteams', 'a:1'));
    expect(r.pseudonym('webchat', 'a:1')).not.toBe(r.pseudonym('msteams', 'a:1'));
    for (let i = 0; i < 6_000; i++) r.pseudonym('webchat', `c-${i}`);
    expect(r.pseudonym('webchat', 'c-3')).toBe(pseudonymize(secret, 'webchat', 'c-3'));
  });
});
