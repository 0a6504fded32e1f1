/**
 * Teams' feedback through the real HTTP application: the answer goes out through a
 * stand-in Bot Connector on loopback (as Teams' service would receive it, with the
 * feedback buttons turned on), the `message/submitAction` invoke Teams sends when a user
 * votes is answered 200 and recorded with the answer it is about.
 */
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventRecorder } from '../../src/events/recorder';
import { MemoryEventStore } from '../../src/events/store';
import type { FeedbackEvent, UsageEvent } from '../../src/events/types';
import { App, post, startApp } from '../bot/appHarness';

let app: App;
let connector: Server;
let connectorUrl = '';
const received: Array<{ url: string; body: Record<string, any> }> = [];
const store = new MemoryEventStore();
const recorder = new EventRecorder(store, { secret: 'y'.repeat(40), reviewTexts: false, reviewRetentionDays: 30, eventRetentionDays: 30, flushIntervalMs: 0 });

async function body(req: IncomingMessage): Promise<Record<string, any>> {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  return raw ? JSON.parse(raw) : {};
}

beforeAll(async () => {
  let n = 0;
  connector = createServer(async (req, res) => {
    received.push({ url: req.url ?? '', body: await body(req) });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: `1700000000${String(++n).padStart(3, '0')}` }));
  });
  await new Promise<void>((r) => connector.listen(0, '127.0.0.1', () => r()));
  connectorUrl = `http://127.0.0.1:${(connector.address() as AddressInfo).port}/`;
  app = await startApp({ RATE_LIMIT_PER_SECOND: '0' }, { events: recorder });
});
afterAll(async () => {
  await app?.close();
  connector?.close();
});

function teams(extra: Record<string, unknown>): Record<string, unknown> {
  return {
    channelId: 'msteams',
    serviceUrl: connectorUrl,
    from: { id: '29:1a2b3c', name: 'Dr Martin', aadObjectId: '11111111-2222-3333-4444-555555555555' },
    recipient: { id: '28:bot', name: 'Assistant cartes CPx' },
    conversation: { id: 'a:1personal-feedback', conversationType: 'personal', tenantId: 't1' },
    channelData: { tenant: { id: 't1' } },
    ...extra,
  };
}

describe('Teams feedback over HTTP', () => {
  it('turns the buttons on, answers the submitAction invoke 200 and records the vote on that answer', async () => {
    expect((await post(app.base, teams({ type: 'message', id: 'm1', text: 'je suis médecin remplaçant, puis-je consulter le DMP ?' }))).status).toBe(200);
    const answer = received.find((r) => r.body.type === 'message')!;
    expect(answer.body.channelData).toMatchObject({ replyKind: 'use.access', feedbackLoopEnabled: true });
    const answerId = '1700000000001';
    const r = await post(app.base, teams({ type: 'invoke', id: 'i1', name: 'message/submitAction', replyToId: answerId, value: { actionName: 'feedback', actionValue: { reaction: 'dislike', feedback: '{"feedbackText":""}' } } }));
    expect(r.status).toBe(200);
    await recorder.flush();
    const [vote] = ((await store.read('events')) as UsageEvent[]).filter((e) => e.type === 'feedback') as FeedbackEvent[];
    expect(vote).toMatchObject({ vote: 'down', via: 'teams', kind: 'use.access', channel: 'msteams' });
    expect(vote.comment).toBeUndefined();
    // the thanks and the offer of a person, sent to the conversation
    const offer = received.filter((x) => x.body.type === 'message').at(-1)!;
    expect(offer.body.channelData.replyKind).toBe('learning.handoff');
  });
});
