/**
 * The dialogs with a fake recognizer handed in (as Microsoft's core-bot sample does): the
 * conversation logic is tested apart from the understanding.
 */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Entities } from '../../src/nlu/entities';
import type { Recognition, Recognizer } from '../../src/nlu/recognizer';
import { createTestBot, kindOf, textOf } from '../helpers';

function entities(partial: Partial<Entities> = {}): Entities {
  return { profiles: [], professions: [], statuses: [], uses: [], useGroups: [], groupUses: [], abbreviations: [], cards: [], verbUses: [], matches: [], ...partial };
}

/** A recognizer that knows a few scripted messages only. */
class FakeRecognizer implements Recognizer {
  calls: string[] = [];
  constructor(private readonly script: Record<string, Partial<Recognition>>) {}
  recognize(text: string): Recognition {
    this.calls.push(text);
    if (text === 'boom') throw new Error('recognizer exploded');
    const r = this.script[text] ?? {};
    return { intent: 'none', confidence: 0, ranking: [], tokens: [], reason: 'classifier', ...r, entities: r.entities ?? entities() };
  }
}

const script: Record<string, Partial<Recognition>> = {
  Q: { intent: 'use.access', confidence: 0.9, entities: entities({ uses: ['dmp-read'] }) },
  P: { intent: 'profile.set', confidence: 0.9, entities: entities({ professions: ['pharmacien'] }) },
  S: { intent: 'profile.set', confidence: 0.9, entities: entities({ statuses: ['remplacant'] }) },
  HELP: { intent: 'command.help', command: 'help', confidence: 1 },
  STOP: { intent: 'command.cancel', command: 'cancel', confidence: 1 },
  AMB: { intent: 'card.which', confidence: 0.9, entities: entities({ ambiguity: { profiles: ['laboratoire', 'medecin'], question: 'Laboratoire ou cabinet ?' } }) },
  LAB: { intent: 'profile.set', confidence: 0.9, entities: entities({ profiles: ['laboratoire'] }) },
};

describe('MainDialog with a fake recognizer', () => {
  it('asks the profession, then the status, then answers the question that was asked', async () => {
    const fake = new FakeRecognizer(script);
    const bot = createTestBot({ recognizer: fake });
    expect((await bot.turn('Q')).map(kindOf)).toEqual(['ask.profession']);
    expect((await bot.turn('P')).map(kindOf)).toEqual(['ask.status']);
    const answer = await bot.turn('S');
    expect(answer.map(kindOf)).toEqual(['use.access']);
    expect(textOf(answer[0])).toMatch(/^Mise à jour.*\n\nSelon le guide \(2023\), non : .*pharmacien remplaçant/s);
    expect(fake.calls).toContain('S');
  });

  it('re-asks the same question when the answer is not understood, then gives up with help', async () => {
    const bot = createTestBot({ recognizer: new FakeRecognizer(script) });
    await bot.turn('Q');
    expect((await bot.turn('???')).map(kindOf)).toEqual(['ask.profession']);
    expect((await bot.turn('???')).map(kindOf)).toEqual(['ask.profession']);
    const last = await bot.turn('???');
    expect(last.map(kindOf)).toEqual(['ask.gaveUp']);
    // the conversation goes on normally
    expect((await bot.turn('Q')).map(kindOf)).toEqual(['ask.profession']);
  });

  it('handles help and cancel in the middle of a question', async () => {
    const bot = createTestBot({ recognizer: new FakeRecognizer(script) });
    await bot.turn('Q');
    expect((await bot.turn('HELP')).map(kindOf)).toEqual(['help', 'ask.profession']);
    expect((await bot.turn('STOP')).map(kindOf)).toEqual(['cancelled']);
    expect((await bot.turn('P')).map(kindOf)).toEqual(['ask.status']);
  });

  it('asks the one question that settles an ambiguity', async () => {
    const bot = createTestBot({ recognizer: new FakeRecognizer(script) });
    const ask = await bot.turn('AMB');
    expect(ask.map(kindOf)).toEqual(['ask.ambiguity']);
    expect(textOf(ask[0])).toBe('Laboratoire ou cabinet ?');
    const answer = await bot.turn('LAB');
    expect(answer.map(kindOf)).toEqual(['card.which']);
    expect(textOf(answer[0])).toMatch(/^En tant que professionnel de laboratoire/);
  });

  it('apologises when a turn throws, logs no text, and keeps the conversation usable', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const bot = createTestBot({ recognizer: new FakeRecognizer(script), logger });
    await bot.turn('Q');
    const apology = await bot.turn('boom');
    // the failure and the turns are logged, never the user's text
    expect(lines.some((l) => /"level":50/.test(l) || /error/i.test(l))).toBe(true);
    expect(lines.filter((l) => l.includes('"msg":"turn"')).length).toBeGreaterThanOrEqual(2);
    expect(lines.join('\n')).not.toContain('boom');
    expect(apology.map(kindOf)).toEqual(['error']);
    expect(textOf(apology[0])).toMatch(/^Désolé/);
    expect((await bot.turn('Q')).map(kindOf)).toEqual(['ask.profession']);
  });

  it('remembers the profile across conversations of the same user', async () => {
    const { MemoryStorage } = await import('botbuilder');
    const storage = new MemoryStorage();
    const first = createTestBot({ storage, conversationId: 'a' });
    await first.turn('je suis kiné remplaçant');
    const second = createTestBot({ storage, conversationId: 'b' });
    const r = await second.turn('puis-je utiliser SCOR ?');
    expect(r.map(kindOf)).toEqual(['use.access']);
    expect(textOf(r[0])).toMatch(/masseur-kinésithérapeute remplaçant/);
  });
});
