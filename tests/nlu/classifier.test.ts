/**
 * Contract with natural: the classifier reads natural's Bayes model through the indices of
 * the features present (src/nlu/classifier.ts), which relies on natural enumerating its
 * `features` object in the order it builds its vectors. This checks, on the training
 * phrases and on messages of other shapes, that the indexed path gives exactly what
 * natural's public path gives.
 */
import { describe, expect, it } from 'vitest';
import { featuresOf } from '../../src/nlu/classifier';
import { toTokens } from '../../src/nlu/normalize';
import { real } from '../helpers';

const { kb, recognizer } = real();

function features(text: string): string[] {
  const tokens = toTokens(text, recognizer.lexicon);
  return featuresOf(tokens, recognizer.entities.gazetteer.find(tokens), recognizer.lexicon, recognizer.bigrams);
}

describe('the indexed Bayes path agrees with natural', () => {
  const texts = [
    ...kb.intents.intents.flatMap((i) => i.phrases.slice(0, 8)),
    'je suis infirmière remplaçante, puis-je alimenter le DMP ?',
    'qui contacter pour une carte bloquée',
    'zzz qqq',
    'quelle carte',
  ];

  it('gives the same likelihoods, intent by intent, as natural\'s public getClassifications', () => {
    let compared = 0;
    for (const text of texts) {
      const f = features(text);
      const fast = recognizer.classifier.indexedLikelihoods(f);
      const slow = recognizer.classifier.publicLikelihoods(f);
      expect(fast.map((c) => c.label)).toEqual(slow.map((c) => c.label));
      fast.forEach((c, i) => expect(c.value).toBeCloseTo(slow[i].value, 12));
      compared++;
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('would notice a different order (the check can fail)', () => {
    const f = features('je suis infirmière remplaçante, puis-je alimenter le DMP ?');
    const slow = recognizer.classifier.publicLikelihoods(f);
    const shuffled = recognizer.classifier.publicLikelihoods(f.slice(0, 1));
    expect(shuffled.map((c) => c.value)).not.toEqual(slow.map((c) => c.value));
  });
});
