/**
 * Teams-shaped activities through the real bot (TestAdapter harness): a personal chat, a
 * channel conversation where the bot is @mentioned, an Adaptive Card submit, the greeting
 * on installation, the text format Teams renders, and cards of schema 1.5 at most.
 */
import type { Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { removeBotMention, toTeamsText } from '../../src/channels/teams';
import { createTestBot, kindOf, real, textOf } from '../helpers';

const BOT = { id: '28:00000000-0000-0000-0000-000000000abc', name: 'Assistant cartes CPx' };
const USER = { id: '29:1a2b3c', name: 'Dr Martin', aadObjectId: '11111111-2222-3333-4444-555555555555' };
const TENANT = { id: '99999999-8888-7777-6666-555555555555' };

function personal(text: string | undefined, extra: Partial<Activity> = {}): Partial<Activity> {
  return {
    type: 'message',
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    from: USER,
    recipient: BOT,
    conversation: { id: 'a:1personal', conversationType: 'personal', tenantId: TENANT.id, isGroup: false } as never,
    channelData: { tenant: TENANT },
    text,
    ...extra,
  };
}

function inChannel(text: string): Partial<Activity> {
  const mention = `<at>${BOT.name}</at>`;
  return personal(`${mention}&nbsp;${text}`, {
    conversation: { id: '19:general@thread.tacv2;messageid=1700000000000', conversationType: 'channel', isGroup: true, tenantId: TENANT.id } as never,
    channelData: { tenant: TENANT, team: { id: '19:team@thread.tacv2' }, channel: { id: '19:general@thread.tacv2' } },
    entities: [{ type: 'mention', mentioned: BOT, text: mention }],
  });
}

/**
 * The shared harness, without its activity template: TestAdapter copies the template
 * (channelId « test », one conversation) over every activity, and these tests need the
 * channel and conversations of Teams.
 */
function teamsBot(heard: string[] = []) {
  const { recognizer } = real();
  // the real recognizer, recording the text it is given
  const t = createTestBot({ recognizer: { recognize: (text: string) => (heard.push(text), recognizer.recognize(text)) } });
  (t.adapter as unknown as { template: object }).template = {};
  return t;
}

function cardsOf(replies: Partial<Activity>[]): Array<Record<string, any>> {
  return replies.flatMap((r) => (r.attachments ?? []).filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive').map((a) => a.content));
}

describe('the bot in Microsoft Teams', () => {
  it('removes its @mention in a channel before understanding', async () => {
    const heard: string[] = [];
    const t = teamsBot(heard);
    const replies = await t.turn(inChannel('je suis infirmière remplaçante, puis-je alimenter le DMP ?'));
    expect(heard[0]).toBe('je suis infirmière remplaçante, puis-je alimenter le DMP ?');
    expect(replies).toHaveLength(1);
    expect(textOf(replies[0])).toMatch(/^Mise à jour.*Selon le guide \(2023\), non : /s);
    // the mention alone is not understood as a question about something
    const bare = await t.turn(inChannel(''));
    expect(bare.length).toBeGreaterThan(0);
    expect(JSON.stringify(bare)).not.toContain('&lt;at&gt;');
  });

  it('leaves the mention of another user in the text', () => {
    const a: Partial<Activity> = {
      text: '<at>Alice</at> <at>Assistant cartes CPx</at> bonjour',
      recipient: BOT,
      entities: [
        { type: 'mention', mentioned: { id: '29:alice', name: 'Alice' }, text: '<at>Alice</at>' },
        { type: 'mention', mentioned: BOT, text: '<at>Assistant cartes CPx</at>' },
      ],
    };
    removeBotMention(a);
    expect(a.text).toBe('<at>Alice</at> bonjour');
  });

  it('runs a guided conversation in a personal chat, choices as card buttons, with an Adaptive Card submit', async () => {
    const t = teamsBot();
    const question = await t.turn(personal('puis-je consulter le DMP ?'));
    expect(kindOf(question[0])).toBe('ask.profession');
    const buttons = cardsOf(question)[0].body.flatMap((e: any) => (e.type === 'ActionSet' ? e.actions : []));
    const doctor = buttons.find((b: any) => b.title === 'Médecin');
    expect(doctor.data.msteams).toEqual({ type: 'imBack', value: 'Médecin' });
    // an Action.Submit from Teams: the card's data as value (and no text)
    const status = await t.turn(personal(undefined, { value: doctor.data }));
    expect(textOf(status[0])).toMatch(/statut/);
    // an imBack: Teams posts the button's value as the user's text
    const verdict = await t.turn(personal('Remplaçant(e)'));
    expect(textOf(verdict[0])).toMatch(/Selon le guide \(2023\), non : /);
    for (const card of cardsOf([...question, ...status, ...verdict])) {
      expect(Number(card.version)).toBeLessThanOrEqual(1.5);
      const actions = JSON.stringify(card);
      expect(actions).not.toMatch(/Action\.Execute|Action\.ShowCard/);
    }
  });

  it('sends each reply once: a card without text (its summary for notifications), or a text without card', async () => {
    const t = teamsBot();
    const replies = [
      ...(await t.turn(personal('je suis secrétaire médicale, puis-je consulter le DMP ?'))),
      ...(await t.turn(personal('merci'))),
      ...(await t.turn(personal('quelle carte pour un kiné ?'))),
    ];
    expect(replies.length).toBe(3);
    for (const r of replies) {
      const cards = cardsOf([r]);
      if (cards.length > 0) {
        expect(r.text ?? '').toBe('');
        expect(r.summary).toBeTruthy();
      } else {
        expect(r.text).toBeTruthy();
        expect(r.attachments ?? []).toHaveLength(0);
      }
    }
    // plain text to Teams: escaped HTML, line breaks as <br>
    const [thanks] = await t.turn(personal('merci'));
    expect(thanks.textFormat).toBe('xml');
    expect(thanks.text).not.toContain('\n');
  });

  it('escapes markup in what it sends to Teams', () => {
    const a = toTeamsText({ type: 'message', textFormat: 'plain', text: 'a < b & c\nd' });
    expect(a).toMatchObject({ textFormat: 'xml', text: 'a &lt; b &amp; c<br>d' });
  });

  it('greets once when the app is installed in a personal scope', async () => {
    const t = teamsBot();
    const install = await t.turn({ ...personal(undefined), type: 'installationUpdate', action: 'add' } as Partial<Activity>);
    expect(install).toHaveLength(1);
    expect(kindOf(install[0])).toBe('welcome');
    const added = await t.turn({ ...personal(undefined), type: 'conversationUpdate', membersAdded: [BOT] });
    expect(added).toHaveLength(0); // already greeted in this conversation
  });

  it('greets when it is added to a team', async () => {
    const t = teamsBot();
    const base = inChannel('');
    const replies = await t.turn({
      type: 'conversationUpdate',
      channelId: 'msteams',
      serviceUrl: base.serviceUrl,
      from: USER,
      recipient: BOT,
      conversation: { id: '19:general@thread.tacv2', conversationType: 'channel', isGroup: true, tenantId: TENANT.id } as never,
      channelData: { tenant: TENANT, team: { id: '19:general@thread.tacv2', name: 'Secrétariat' }, eventType: 'teamMemberAdded' },
      membersAdded: [{ id: BOT.id, name: BOT.name }],
    });
    expect(replies).toHaveLength(1);
    expect(kindOf(replies[0])).toBe('welcome');
    expect(replies[0].textFormat).toBe('xml');
  });
});
