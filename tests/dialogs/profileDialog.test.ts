/**
 * The guided questions keep what they ask in the dialog state, not the rendered card: the
 * state is serialised, hashed and stored on every turn the bot waits (issue 9, throughput).
 */
import { MemoryStorage } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { choicesOf, createTestBot, kindOf, textOf } from '../helpers';

/** The stored conversation state, as the storage keeps it. */
async function conversationJson(storage: MemoryStorage): Promise<string> {
  const items = await storage.read(['test/conversations/conv-1/']);
  return JSON.stringify(items['test/conversations/conv-1/'] ?? {});
}

describe('ProfileDialog prompts', () => {
  it('save a few ids while waiting, not the card: the state stays under 1.5 KB', async () => {
    const storage = new MemoryStorage();
    const bot = createTestBot({ storage });
    const ask = await bot.turn('puis-je consulter le DMP ?');
    expect(ask.map(kindOf)).toEqual(['ask.profession']);
    expect(JSON.stringify(ask[0]).length).toBeGreaterThan(3000); // the card shown is large…
    const waiting = await conversationJson(storage);
    expect(waiting.length).toBeLessThan(1500); // …the state that remembers it is not
    expect(waiting).not.toContain('AdaptiveCard');
    expect((await bot.turn('médecin')).map(kindOf)).toEqual(['ask.status']);
    expect((await conversationJson(storage)).length).toBeLessThan(1500);
  });

  it('render the retry from what is saved: the same buttons, the words of a retry', async () => {
    const bot = createTestBot({ storage: new MemoryStorage() });
    await bot.turn('je suis infirmière, puis-je consulter le DMP ?');
    const retry = await bot.turn('euh');
    expect(retry.map(kindOf)).toEqual(['ask.status']);
    expect(textOf(retry[0])).toMatch(/Je n'ai pas reconnu le statut/);
    expect(choicesOf(retry[0]).join(' | ')).toMatch(/Titulaire \(installée\)/); // feminine kept in the saved question
    const answer = await bot.turn('remplaçante');
    expect(answer.map(kindOf)).toEqual(['use.access']);
  });
});
