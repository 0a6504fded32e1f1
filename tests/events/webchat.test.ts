/**
 * Learning from use through the HTTP application (createHttpApp, as src/index.ts wires
 * it) and the local Direct Line the web page talks to: an answer carries Web Chat's
 * feedback actions, the vote Web Chat posts reaches the bot (only what the bot reads of
 * it), a reloaded page resumes its conversation with its token, and the turn's log line
 * carries the pseudonym, never the text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBCHAT_FEEDBACK_EVENT } from '../../src/bot/learning';
import { EventRecorder } from '../../src/events/recorder';
import { MemoryEventStore } from '../../src/events/store';
import type { FeedbackEvent, UsageEvent } from '../../src/events/types';
import { App, startApp } from '../bot/appHarness';
import { textOf } from '../helpers';

let app: App;
const store = new MemoryEventStore();
const recorder = new EventRecorder(store, { secret: 'x'.repeat(40), reviewTexts: false, reviewRetentionDays: 30, eventRetentionDays: 30, flushIntervalMs: 0 });

beforeAll(async () => {
  app = await startApp({ RATE_LIMIT_PER_SECOND: '0' }, { events: recorder });
});
afterAll(() => app?.close());

interface Session {
  conversationId: string;
  token: string;
}

async function session(): Promise<Session> {
  const r = await fetch(`${app.base}/api/directline/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  return (await r.json()) as Session;
}

const headers = (s: Session) => ({ authorization: `Bearer ${s.token}`, 'content-type': 'application/json' });

async function post(s: Session, activity: unknown): Promise<number> {
  const r = await fetch(`${app.base}/v3/directline/conversations/${s.conversationId}/activities`, { method: 'POST', headers: headers(s), body: JSON.stringify(activity) });
  return r.status;
}

async function activities(s: Session, watermark = 0): Promise<Array<Record<string, any>>> {
  const r = await fetch(`${app.base}/v3/directline/conversations/${s.conversationId}/activities?watermark=${watermark}`, { headers: headers(s) });
  return ((await r.json()) as { activities: Array<Record<string, any>> }).activities;
}

describe('learning from use in the local web chat', () => {
  it('rates an answer with Web Chat’s feedback actions and takes the vote Web Chat posts', async () => {
    const s = await session();
    expect(await post(s, { type: 'message', text: 'je suis médecin remplaçant, puis-je consulter le DMP ?' })).toBe(200);
    const answer = (await activities(s)).find((a) => a.from?.role === 'bot')!;
    const message = answer.entities.find((e: any) => e['@type'] === 'Message');
    const dislike = message.potentialAction.find((x: any) => x['@type'] === 'DislikeAction');
    // what Web Chat 4.18 posts, plus what a tampered page could add: only the vote reaches the bot
    const status = await post(s, { type: 'event', name: WEBCHAT_FEEDBACK_EVENT, entities: [{ ...dislike, text: '<script>alert(1)</script>', potentialAction: [{}] }], value: { huge: 'x'.repeat(1000) } });
    expect(status).toBe(200);
    const after = await activities(s, 2);
    expect(after.map((a) => textOf(a as never)).join('\n')).toMatch(/Merci de l'avoir signalé/);
    expect(JSON.stringify(after)).not.toContain('<script>');
    await recorder.flush();
    const [vote] = ((await store.read('events')) as UsageEvent[]).filter((e) => e.type === 'feedback') as FeedbackEvent[];
    expect(vote).toMatchObject({ vote: 'down', via: 'webchat', kind: 'use.access', channel: 'webchat' });
    // each turn's log line: the conversation's pseudonym, never its id nor the text
    const turns = app.logs.filter((l) => l.includes('"msg":"turn"'));
    expect(turns.some((l) => l.includes(`"conv":"${vote.conv}"`))).toBe(true);
    expect(turns.some((l) => l.includes('"type":"event"') && l.includes('"outcome":"feedback.down"'))).toBe(true);
    expect(app.logs.join('')).not.toMatch(/DMP \?|cpx-[A-Za-z0-9_-]{20,}/);
  });

  it('resumes the conversation of a reloaded page with its token, and only with it', async () => {
    const s = await session();
    const other = await session();
    expect(await post(s, { type: 'message', text: 'comment obtenir ma carte ?' })).toBe(200);
    const resumed = await fetch(`${app.base}/v3/directline/conversations/${s.conversationId}?watermark=`, { headers: headers(s) });
    expect(resumed.status).toBe(200);
    expect(await resumed.json()).toMatchObject({ conversationId: s.conversationId });
    expect((await fetch(`${app.base}/v3/directline/conversations/${s.conversationId}`, { headers: headers(other) })).status).toBe(403);
    expect((await fetch(`${app.base}/v3/directline/conversations/${s.conversationId}`)).status).toBe(403);
    // the history is still there for the page to show again
    expect((await activities(s)).map((a) => a.from?.role)).toEqual(['user', 'bot']);
  });

  it('still refuses events the page has no business sending', async () => {
    const s = await session();
    expect(await post(s, { type: 'event', name: 'webchat/reset' })).toBe(400);
  });
});
