import { describe, expect, it } from 'vitest';
import type { Activity } from 'botbuilder';
import { isVerdict } from '../../src/answers/answer';
import { createTestBot, textOf } from '../helpers';
import { loadConversations, replay } from './runner';

describe('conversations written as data, replayed through the real bot', () => {
  const conversations = loadConversations();
  it.each(conversations.map((c) => [c.file, c] as const))('%s', async (_file, conversation) => {
    await replay(conversation);
  });
});

/**
 * What a reader sees, per channel: one message per reply (never the same content as text
 * and as card, Teams would show both), no paragraph twice, yes/no answers short at first
 * sight. Every conversation is replayed as Teams and as Web Chat activities.
 */
function readerDefects(a: Partial<Activity>): string[] {
  const defects: string[] = [];
  const card = (a.attachments ?? []).find((x) => x.contentType === 'application/vnd.microsoft.card.adaptive');
  if (card && a.text) defects.push('texte et carte dans le même message');
  if (a.suggestedActions && card) defects.push('actions suggérées et carte dans le même message');
  const text = textOf(a);
  const paragraphs = text.split('\n\n').map((p) => p.trim()).filter((p) => p.length > 20);
  const seen = new Set<string>();
  for (const p of paragraphs) {
    if (seen.has(p)) defects.push(`paragraphe répété : ${p.slice(0, 60)}`);
    seen.add(p);
  }
  if (/\{\w+\}|\bundefined\b|\bnone\b/.test(text)) defects.push('résidu de modèle');
  const trace = (a.channelData as { trace?: { uses?: unknown[] } } | undefined)?.trace;
  if (card && trace && isVerdict({ trace } as never)) {
    const visible = (a.speak ?? '').length;
    if (visible > 600) defects.push(`oui/non de ${visible} caractères visibles`);
  }
  return defects;
}

describe('every conversation, as Teams and as Web Chat see it', () => {
  const conversations = loadConversations();
  for (const channelId of ['msteams', 'webchat']) {
    it.each(conversations.map((c) => [c.file, c] as const))(`${channelId}: %s`, async (file, conversation) => {
      const bot = createTestBot({ channelId });
      const defects: string[] = [];
      for (const turn of conversation.turns) {
        const activity: Partial<Activity> = turn.submit ? { type: 'message', value: turn.submit } : turn.event ? { type: 'event', name: turn.event } : turn.membersAdded ? { type: 'conversationUpdate', membersAdded: [{ id: 'user-1', name: 'Utilisateur' }] } : { type: 'message', text: turn.user ?? '' };
        for (const reply of await bot.turn(activity)) defects.push(...readerDefects(reply).map((d) => `${file} « ${turn.user ?? ''} » : ${d}`));
      }
      expect(defects).toEqual([]);
    });
  }

  it('finds a reply that carries its content twice (the check can fail)', () => {
    const card = { contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'Oui : vous pouvez.' }] } };
    expect(readerDefects({ text: 'Oui : vous pouvez.', attachments: [card] })).toContain('texte et carte dans le même message');
  });
});
