/**
 * The blind set (tests/nlu/blind, see its README): no training phrase, synonym or lexicon
 * entry may hold one of its messages (compared as classifier inputs, after the lexicon and
 * the stop words), and the bot keeps its measured level on it (floors about two points
 * under the figures of reports/nlu-blind.json, so that one content edit does not break CI).
 */
import { describe, expect, it } from 'vitest';
import { toTokens } from '../../src/nlu/normalize';
import { runBlindSet } from '../../scripts/eval/blindRun';
import { real } from '../helpers';
import { loadBlindSet } from './blindSet';

const { kb, recognizer } = real();

/** A text as the classifier receives it: tokens after the lexicon, without stop words. */
function classifierInput(text: string): string {
  return toTokens(text, recognizer.lexicon).filter((t) => !recognizer.lexicon.stopwords.has(t)).join(' ');
}

describe('the blind set', () => {
  const set = loadBlindSet();

  it('is large enough: at least 400 messages and 60 dialogues', () => {
    expect(set.filter((d) => d.single).length).toBeGreaterThanOrEqual(400);
    expect(set.filter((d) => !d.single).length).toBeGreaterThanOrEqual(60);
  });

  /**
   * Blind messages that read, as classifier inputs, like training phrases that were in
   * intents.yaml before the blind set was written (commit 9215fd7): coincidences of common
   * phrasings, not copies. Nothing may be added to this list.
   */
  const PREEXISTING = new Set([
    'quelle carte pour un interne ?',
    'la différence entre la CPS et la e-CPS svp',
    'et ma carte est valable combien de temps ?',
    'je peux me connecter à amelipro avec ?',
    'quelle différence entre CPE nominative et CPE anonyme ?',
  ]);

  it('is never copied into the training phrases, synonyms or lexicon', () => {
    const taught = new Set<string>();
    for (const it of kb.intents.intents) for (const p of it.phrases) taught.add(classifierInput(p));
    const synonyms = [
      ...[...kb.professions.values()].flatMap((p) => p.synonyms),
      ...[...kb.profiles.values()].flatMap((p) => p.synonyms),
      ...[...kb.uses.values()].flatMap((u) => u.synonyms),
      ...[...kb.useGroups.values()].flatMap((g) => g.synonyms),
      ...Object.keys(kb.lexicon.replacements),
    ].map(classifierInput).filter((s) => s.split(' ').length >= 4);
    const copied: string[] = [];
    for (const d of set) {
      for (const t of d.turns) {
        const input = classifierInput(t.user);
        if (input.split(' ').length >= 3 && taught.has(input) && !PREEXISTING.has(t.user)) copied.push(t.user);
        if (synonyms.some((s) => input === s)) copied.push(t.user);
      }
    }
    expect(copied).toEqual([]);
  });

  it('detects a copied message (the check can fail)', () => {
    const message = set.find((d) => d.single && classifierInput(d.turns[0].user).split(' ').length >= 3)!.turns[0].user;
    const taught = new Set([classifierInput(message.toUpperCase())]);
    expect(taught.has(classifierInput(message))).toBe(true);
  });

  it('keeps its measured level: messages and dialogues right, no more wrong verdicts, out of scope rarely answered', async () => {
    const s = await runBlindSet(set);
    expect(s.messagesRight / s.messages).toBeGreaterThanOrEqual(0.7);
    expect(s.dialoguesRight / s.dialogues).toBeGreaterThanOrEqual(0.65);
    expect(s.wrongVerdicts).toBeLessThanOrEqual(12);
    expect(s.oosAnswered / s.oosTotal).toBeLessThanOrEqual(0.2);
  }, 120_000);
});
