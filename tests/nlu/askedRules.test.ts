/**
 * The named rules that settle what is asked (src/nlu/askedRules.ts): each rule's example
 * message, read by the real reading, is changed by that rule at its turn (the rule applies:
 * what was asked before it is not what it settles on), and the rules apply in order.
 */
import { describe, expect, it } from 'vitest';
import { ASKED_RULES, settleAsked } from '../../src/nlu/askedRules';
import { Understanding } from '../../src/nlu/reading';
import { real } from '../helpers';

const { kb, recognizer } = real();
const understanding = new Understanding(kb, recognizer);

describe('the rules that settle what is asked', () => {
  it('have distinct names and an example each', () => {
    expect(new Set(ASKED_RULES.map((r) => r.name)).size).toBe(ASKED_RULES.length);
    for (const r of ASKED_RULES) expect(r.example.length).toBeGreaterThan(3);
  });

  for (const rule of ASKED_RULES) {
    it(`« ${rule.name} » settles its example: ${rule.example}`, () => {
      expect(understanding.read(rule.example).askedBy).toContain(rule.name);
    });
  }

  it('apply in order, each on what the ones before settled', () => {
    const first = { name: 'a', example: 'a', apply: () => 'card.which' as const };
    const second = { name: 'b', example: 'b', apply: (_s: unknown, asked: string) => (asked === 'card.which' ? ('card.obtain' as const) : undefined) };
    const signals = {} as Parameters<typeof settleAsked>[0];
    expect(settleAsked(signals, 'none', [first, second])).toEqual({ asked: 'card.obtain', applied: ['a', 'b'] });
    expect(settleAsked(signals, 'none', [second, first])).toEqual({ asked: 'card.which', applied: ['a'] });
  });
});
