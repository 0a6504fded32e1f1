/**
 * The grader of the dialogue sets (tests/nlu/blindSet.ts) on hand-made replies: what it
 * counts as right, and as a wrong verdict, when a label asks for a question back.
 */
import { describe, expect, it } from 'vitest';
import { real } from '../helpers';
import { BlindDialogue, ReplyTrace, scoreBlindSet } from './blindSet';

const { kb } = real();

/** Scores one message labelled `expect` answered by `reply`. */
async function grade(expectation: BlindDialogue['turns'][number]['expect'], reply: ReplyTrace) {
  const dialogue: BlindDialogue = { id: 't', file: 't', single: true, turns: [{ user: 'x', expect: expectation }] };
  return scoreBlindSet(kb, [dialogue], () => async () => [reply]);
}

const verdict = (profileId: string, use: string, v: string): ReplyTrace => ({ kind: 'use.access', profileId, uses: [{ use, verdict: v }] });

/** A profession and a use whose pages all give one status, and one whose pages differ. */
function cases() {
  let same: { profession: string; use: string; status: string } | undefined;
  let differ: { profession: string; use: string } | undefined;
  for (const profession of new Set([...kb.profiles.values()].map((p) => p.profession))) {
    const pages = kb.profilesOf(profession);
    if (pages.length < 2) continue;
    for (const use of kb.uses.keys()) {
      const statuses = new Set(pages.map((p) => p.uses.find((u) => u.use === use)?.status ?? 'unlisted'));
      if (statuses.size === 1 && statuses.has('access')) same ??= { profession, use, status: 'access' };
      if (statuses.size > 1 && [...statuses].some((s) => s === 'access')) differ ??= { profession, use };
    }
  }
  return { same: same!, differ: differ! };
}

describe('grading a label that asks for the status', () => {
  const { same, differ } = cases();

  it('accepts the verdict every page of the profession gives, without the status', async () => {
    const page = kb.profilesOf(same.profession)[0].id;
    const s = await grade({ kind: 'ask', ask: 'status', profession: same.profession, use: same.use }, verdict(page, same.use, 'access'));
    expect(s.turnsRight).toBe(1);
    expect(s.wrongVerdicts).toBe(0);
  });

  it('counts the other word as a wrong verdict', async () => {
    const page = kb.profilesOf(same.profession)[0].id;
    const s = await grade({ kind: 'ask', ask: 'status', profession: same.profession, use: same.use }, verdict(page, same.use, 'unlisted'));
    expect(s.turnsRight).toBe(0);
    expect(s.wrongVerdicts).toBe(1);
  });

  it('still wants the question back when the pages differ', async () => {
    const page = kb.profilesOf(differ.profession)[0].id;
    const s = await grade({ kind: 'ask', ask: 'status', profession: differ.profession, use: differ.use }, verdict(page, differ.use, 'access'));
    expect(s.wrongVerdicts).toBe(1);
    const asked = await grade({ kind: 'ask', ask: 'status', profession: differ.profession, use: differ.use }, { kind: 'ask.status' });
    expect(asked.turnsRight).toBe(1);
  });
});

describe('grading a label that asks which case applies, on a page the guide answers under a condition', () => {
  const conditional = [...kb.profiles.values()].flatMap((p) => p.uses.filter((u) => u.status === 'conditional').map((u) => ({ profile: p.id, use: u.use })))[0];

  it('accepts the conditional answer of that page (it states the condition)', async () => {
    const s = await grade({ kind: 'ask', ask: 'status', profile: conditional.profile, use: conditional.use }, verdict(conditional.profile, conditional.use, 'conditional'));
    expect(s.turnsRight).toBe(1);
    expect(s.wrongVerdicts).toBe(0);
  });

  it('still counts a plain « Oui » there, or another page, as no question back', async () => {
    const plain = await grade({ kind: 'ask', ask: 'status', profile: conditional.profile, use: conditional.use }, verdict(conditional.profile, conditional.use, 'access'));
    expect(plain.turnsRight).toBe(0);
    expect(plain.wrongVerdicts).toBe(1);
    const other = [...kb.profiles.keys()].find((id) => id !== conditional.profile)!;
    const elsewhere = await grade({ kind: 'ask', ask: 'status', profile: conditional.profile, use: conditional.use }, verdict(other, conditional.use, 'conditional'));
    expect(elsewhere.turnsRight).toBe(0);
  });
});

describe('grading a verdict said of a card, for every holder of it', () => {
  /** A card held by several pages, and a use they all answer alike, and one they do not. */
  const shared = [...new Set([...kb.profiles.values()].map((p) => p.card))]
    .map((card) => ({ card, pages: [...kb.profiles.values()].filter((p) => p.card === card) }))
    .find((c) => c.pages.length > 2)!;
  const word = (p: (typeof shared.pages)[number], use: string) => (['access', 'conditional'].includes(p.uses.find((u) => u.use === use)?.status ?? '') ? 'oui' : 'non');
  const alike = [...kb.uses.keys()].find((u) => new Set(shared.pages.map((p) => word(p, u))).size === 1 && word(shared.pages[0], u) === 'oui')!;
  const held = (v: string): ReplyTrace => ({ ...verdict(shared.pages[0].id, alike, v), holderOf: shared.card });

  it('is right for a label asking the profession when every holder gets that word', async () => {
    const s = await grade({ kind: 'ask', ask: 'profession', use: alike }, held('access'));
    expect(s.turnsRight).toBe(1);
    const other = await grade({ kind: 'ask', ask: 'profession', use: alike }, held('none'));
    expect(other.wrongVerdicts).toBe(1);
  });

  it('is right for a labelled page holding that card, not as « another page »', async () => {
    const page = shared.pages[shared.pages.length - 1].id;
    const s = await grade({ kind: 'access', profile: page, use: alike }, held('access'));
    expect(s.turnsRight).toBe(1);
    const plain = await grade({ kind: 'access', profile: page, use: alike }, verdict(shared.pages[0].id, alike, 'access'));
    expect(plain.turnsRight).toBe(0);
  });
});
