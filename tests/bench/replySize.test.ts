/**
 * The bench's reply measure (bench/replySize.ts) on replies of both shapes: the bot before
 * issue 9 (the answer as Teams text and again as a card: two bubbles) and the current one
 * (one card, its details in a hidden container). No timing here: sizes only.
 */
import { describe, expect, it } from 'vitest';
import { incoming, QUESTIONS, sizeOf } from '../../bench/replySize';

const card = (body: unknown[]) => ({ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', version: '1.5', body } });

describe('reply size, as the bench measures it', () => {
  it('counts a Teams text and its card as two bubbles, and both as seen', () => {
    const text = 'Non : pas avec la CPE.<br>Source : le guide &amp; ses mises à jour.';
    const a = { type: 'message', textFormat: 'xml', text, attachments: [card([{ type: 'TextBlock', text: 'Non : pas avec la CPE.' }])], channelData: { replyKind: 'use.access' } };
    const size = sizeOf([a]);
    expect(size).toMatchObject({ kind: 'use.access', messages: 1, bubbles: 2 });
    expect(size.sent).toBe(text.length + JSON.stringify(a.attachments[0].content).length);
    // markup removed, entities decoded, one blank line between paragraphs
    expect(size.visible).toBe('Non : pas avec la CPE.\nSource : le guide & ses mises à jour.\n\nNon : pas avec la CPE.'.length);
  });

  it('leaves out hidden details, buttons and escapes; reads a column set as one line', () => {
    const body = [
      { type: 'TextBlock', text: 'Oui : vous pouvez \\*consulter\\* le DMP.' },
      { type: 'FactSet', facts: [{ title: 'Validité', value: '3 ans' }] },
      { type: 'Container', id: 'details', isVisible: false, items: [{ type: 'TextBlock', text: 'un long détail '.repeat(50) }] },
      { type: 'ColumnSet', columns: [{ type: 'Column', items: [{ type: 'TextBlock', text: '✅' }] }, { type: 'Column', items: [{ type: 'TextBlock', text: 'Utiliser une MSS' }] }] },
      { type: 'ActionSet', actions: [{ type: 'Action.Submit', title: 'Qui contacter ?' }] },
    ];
    const size = sizeOf([{ type: 'message', attachments: [card(body)] }, { type: 'typing' }]);
    expect(size.bubbles).toBe(1);
    expect(size.messages).toBe(1);
    expect(size.visible).toBe('Oui : vous pouvez *consulter* le DMP.\n\nValidité 3 ans\n\n✅ Utiliser une MSS'.length);
    expect(size.sent).toBeGreaterThan(750); // the hidden details are sent all the same
  });

  it('asks distinct questions, eight of them yes/no, as a channel would post them', () => {
    expect(QUESTIONS.filter((q) => q.yesNo).length).toBeGreaterThanOrEqual(8);
    expect(new Set(QUESTIONS.map((q) => q.text)).size).toBe(QUESTIONS.length);
    const teams = incoming('merci', 'msteams', 'c1');
    expect(teams).toMatchObject({ channelId: 'msteams', deliveryMode: 'expectReplies', conversation: { id: 'c1', conversationType: 'personal' }, from: { id: 'u-c1' } });
    expect(incoming('merci', 'webchat', 'c2').conversation).toEqual({ id: 'c2' });
  });
});
