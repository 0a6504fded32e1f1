/**
 * Events and review texts in Blob Storage on Azurite (the real Blob service, started for
 * the run by tests/azurite.globalSetup.ts):
 *  - the store itself: one append blob per instance and day, read back as one, the key of
 *    the pseudonyms made once and shared, whole days deleted by the purge;
 *  - two bot processes (src/index.ts) sharing STORAGE=blob: a conversation that moves
 *    from one to the other has one pseudonym, its events and review texts from both are
 *    in the container, scrubbed, and no process logs a user's words.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BlobEventStore } from '../../src/events/blobStore';
import { pseudonymize } from '../../src/events/pseudonym';
import type { FeedbackEvent, ReviewText, TurnEvent, UsageEvent } from '../../src/events/types';
import { activity } from '../bot/appHarness';
import { BotProcess, startBotProcess } from '../bot/processes';

const connection = () => inject('azuriteConnectionString');
const running: BotProcess[] = [];
afterAll(async () => {
  for (const p of running) await p.stop('SIGKILL');
});

function turn(conv: string, at: string): TurnEvent {
  return { v: 1, type: 'turn', at, conv, channel: 'webchat', outcome: 'answered', kind: 'use.access', latencyMs: 5 };
}

describe('the Blob store of events', () => {
  it('keeps each instance’s records in its own blobs and reads them all back', async () => {
    const container = `ev-${randomUUID().slice(0, 8)}`;
    const a = new BlobEventStore(connection(), container, 'instance-a');
    const b = new BlobEventStore(connection(), container, 'instance-b');
    await Promise.all([
      a.append('events', [turn('c1', '2026-11-26T08:00:00.000Z'), turn('c1', '2026-11-27T08:00:00.000Z')]),
      b.append('events', [turn('c2', '2026-11-27T09:00:00.000Z')]),
    ]);
    await a.append('events', [turn('c3', '2026-11-27T10:00:00.000Z')]);
    const reader = new BlobEventStore(connection(), container, 'reader');
    expect(await reader.days('events')).toEqual(['2026-11-26', '2026-11-27']);
    const all = (await reader.read('events')) as TurnEvent[];
    expect(all.map((e) => e.conv).sort()).toEqual(['c1', 'c1', 'c2', 'c3']);
    expect(((await reader.read('events', { from: '2026-11-27' })) as TurnEvent[]).map((e) => e.conv).sort()).toEqual(['c1', 'c2', 'c3']);
    expect(await reader.read('reviews')).toEqual([]);
    // the purge deletes whole days; a writer whose blob was purged writes a new one
    expect(await reader.deleteBefore('events', '2026-11-27')).toEqual(['2026-11-26']);
    expect(await reader.days('events')).toEqual(['2026-11-27']);
    await a.deleteBefore('events', '2026-11-28');
    await b.append('events', [turn('c4', '2026-11-27T11:00:00.000Z')]);
    expect(((await reader.read('events')) as TurnEvent[]).map((e) => e.conv)).toEqual(['c4']);
  });

  it('makes the key of the pseudonyms once, for every instance', async () => {
    const container = `ev-${randomUUID().slice(0, 8)}`;
    const keys = await Promise.all([1, 2, 3].map((i) => new BlobEventStore(connection(), container, `i${i}`).storedSecret()));
    expect(new Set(keys).size).toBe(1);
    expect(keys[0].length).toBeGreaterThanOrEqual(32);
  });
});

describe('two bot processes on STORAGE=blob', () => {
  let a: BotProcess;
  let b: BotProcess;
  let eventsContainer: string;

  beforeAll(async () => {
    eventsContainer = `ev-${randomUUID().slice(0, 8)}`;
    const env = { STORAGE: 'blob', BLOB_CONNECTION_STRING: connection(), BLOB_CONTAINER: `st-${randomUUID().slice(0, 8)}`, EVENTS_STORE: 'blob', EVENTS_CONTAINER: eventsContainer, REVIEW_TEXTS: 'true' };
    [a, b] = await Promise.all([startBotProcess(env), startBotProcess(env)]);
    running.push(a, b);
  }, 60_000);

  async function say(p: BotProcess, body: Record<string, unknown>): Promise<Array<Record<string, any>>> {
    const r = await fetch(`${p.base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(r.status).toBe(200);
    return ((await r.json()) as { activities: Array<Record<string, any>> }).activities;
  }

  it('records the events and review texts of a conversation that moves from one process to the other', async () => {
    const conv = 'ev-conv-1';
    await say(a, activity('puis-je consulter le DMP ?', conv));
    await say(b, activity('médecin', conv));
    const [verdict] = await say(a, activity('remplaçant', conv));
    expect(verdict.channelData.replyKind).toBe('use.access');
    const down = verdict.attachments[0].content.actions.find((x: any) => x.data?.cpxFeedback === 'down');
    const offer = await say(b, activity(undefined, conv, { value: down.data }));
    expect(offer.map((x) => x.channelData?.replyKind)).toEqual(['learning.handoff']);
    await say(b, activity("je m'appelle Jean Martin, zzkq wpxr", conv));
    // SIGTERM: each process writes what it holds before it exits
    expect(await a.stop('SIGTERM')).toBe(0);
    expect(await b.stop('SIGTERM')).toBe(0);

    const store = new BlobEventStore(connection(), eventsContainer, 'lecteur');
    const events = (await store.read('events')) as UsageEvent[];
    const turns = events.filter((e): e is TurnEvent => e.type === 'turn');
    expect(turns.map((e) => e.outcome).sort()).toEqual(['answered', 'askedBack', 'askedBack', 'fallback']);
    // one pseudonym across both processes (the key kept in the container)
    const pseudonyms = new Set(events.map((e) => e.conv));
    expect(pseudonyms.size).toBe(1);
    const key = (await store.storedSecret()) as string;
    expect([...pseudonyms][0]).toBe(pseudonymize(key, 'emulator', conv));
    expect(events.find((e): e is FeedbackEvent => e.type === 'feedback')).toMatchObject({ vote: 'down', via: 'buttons', kind: 'use.access' });
    // written by both processes, each to its own blobs
    const names: string[] = [];
    for await (const blob of (store as unknown as { client: { listBlobsFlat(o: object): AsyncIterable<{ name: string }> } }).client.listBlobsFlat({ prefix: 'events/' })) names.push(blob.name);
    expect(new Set(names.map((n) => n.split('/').pop())).size).toBe(2);
    const reviews = (await store.read('reviews')) as ReviewText[];
    // the vote reached the other process, which does not hold the question (held in the
    // memory of the process that answered, never written): no « pas utile » text for it
    expect(reviews.map((r) => [r.reason, r.text]).sort()).toEqual([
      ['askedBack', 'puis-je consulter le DMP ?'],
      ['fallback', "je m'appelle [nom], zzkq wpxr"],
    ]);
    expect(JSON.stringify(events)).not.toMatch(/DMP \?|Martin|zzkq|ev-conv-1/);
    expect(a.output() + b.output()).not.toMatch(/DMP \?|Martin|zzkq/);
  }, 60_000);
});
