/**
 * The evaluation set is valid, kept apart from the training phrases, covers every intent
 * and every profile, and the understanding does not fall below the level reached
 * (accuracy only: timings belong to npm run eval:nlu, on a quiet machine).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { real } from '../helpers';
import { FALLBACK, Score, Utterance, evaluationFileSchema, loadEvaluationSet, phraseKey, predictWith, score } from './evaluationSet';

/** About two points under the figures of reports/nlu-evaluation.md (97.2 %, 97.1 %, 100 %, 98.2 %, 96 %, 1.6 %). */
const FLOOR = {
  intentAccuracy: 0.95,
  macroF1: 0.95,
  profession: 0.98,
  status: 0.96,
  // 0.96 measured after the billing words moved to the FSE group (the development set labels them « préparer »); two points of slack
  uses: 0.94,
  /** at most this share of out-of-scope utterances answered with anything but the fallback */
  outOfScopeAnswered: 0.04,
};

let set: Utterance[];
let result: Score;

beforeAll(() => {
  const { kb, recognizer } = real();
  set = loadEvaluationSet(kb);
  result = score('assistant', set, predictWith(kb, recognizer, set));
});

describe('the evaluation set', () => {
  it('has at least 300 utterances, 50 of them out of scope', () => {
    expect(set.length).toBeGreaterThanOrEqual(300);
    expect(set.filter((u) => u.intent === FALLBACK).length).toBeGreaterThanOrEqual(50);
  });

  it('covers every intent and every profile of the guide', () => {
    const { kb } = real();
    const intents = new Set(set.map((u) => u.intent));
    for (const it of kb.intents.intents) if (it.id !== 'oos') expect(intents, it.id).toContain(it.id);
    const profiles = new Set(set.map((u) => u.profile));
    expect(kb.profiles.size).toBe(27);
    for (const id of kb.profiles.keys()) expect(profiles, id).toContain(id);
  });

  it('is written the way professionals type: the short forms appear', () => {
    const words = new Set(set.flatMap((u) => phraseKey(u.text).split(' ')));
    for (const short of ['kine', 'ide', 'mk', 'sf', 'pharma', 'labo', 'fse', 'cps', 'rempla']) expect(words, short).toContain(short);
    expect(set.some((u) => u.tags?.includes('negation'))).toBe(true);
    expect(set.filter((u) => (u.uses ?? []).length >= 2).length).toBeGreaterThanOrEqual(5);
  });

  it('shares no utterance with the training phrases (accents, case and punctuation aside)', () => {
    const { kb } = real();
    const training = new Set(kb.intents.intents.flatMap((i) => i.phrases.map(phraseKey)));
    const leaks = set.filter((u) => training.has(phraseKey(u.text))).map((u) => u.text);
    expect(leaks).toEqual([]);
  });

  it('is refused when malformed, naming the problem', () => {
    const one = { text: 'bonjour', intent: 'greeting' };
    expect(evaluationFileSchema.safeParse({ utterances: [one] }).success).toBe(false); // too few
    expect(evaluationFileSchema.safeParse({ utterances: Array(300).fill({ ...one, colour: 'x' }) }).success).toBe(false); // unknown field
    expect(evaluationFileSchema.safeParse({ utterances: Array(300).fill(one) }).success).toBe(true);
  });
});

describe('understanding of the evaluation set (floor: the level reached)', () => {
  it('finds the intent', () => {
    expect(result.intentAccuracy).toBeGreaterThanOrEqual(FLOOR.intentAccuracy);
    expect(result.macroF1).toBeGreaterThanOrEqual(FLOOR.macroF1);
  });

  it('finds the profession, the status and the uses', () => {
    expect(result.slots.profession.accuracy).toBeGreaterThanOrEqual(FLOOR.profession);
    expect(result.slots.status.accuracy).toBeGreaterThanOrEqual(FLOOR.status);
    expect(result.slots.uses.accuracy).toBeGreaterThanOrEqual(FLOOR.uses);
  });

  it('gives the fallback to what is out of scope', () => {
    expect(result.outOfScope.answeredRate).toBeLessThanOrEqual(FLOOR.outOfScopeAnswered);
  });
});
