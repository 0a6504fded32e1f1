/**
 * The blind set (tests/nlu/blind, see its README): no training phrase, synonym or lexicon
 * entry may hold one of its messages or one of the second set's (compared as classifier
 * inputs, after the lexicon and the stop words), and the bot keeps its measured level on
 * the first set (floors about two points under reports/nlu-dialogues.md, so that one
 * content edit does not break CI). The second set is scored by npm run eval:nlu only.
 */
import { describe, expect, it } from 'vitest';
import { toTokens } from '../../src/nlu/normalize';
import { runBlindSet } from '../../scripts/eval/blindRun';
import { real } from '../helpers';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadBlindSet } from './blindSet';

const { kb, recognizer } = real();

/** A text as the classifier receives it: tokens after the lexicon, without stop words. */
function classifierInput(text: string): string {
  return toTokens(text, recognizer.lexicon).filter((t) => !recognizer.lexicon.stopwords.has(t)).join(' ');
}

describe('the blind set', () => {
  const set = loadBlindSet();
  const second = loadBlindSet(join(__dirname, 'blind2'));
  const third = loadBlindSet(join(__dirname, 'blind3'));
  const fourth = loadBlindSet(join(__dirname, 'blind4'));
  const fifth = existsSync(join(__dirname, 'blind5')) ? loadBlindSet(join(__dirname, 'blind5')) : [];
  const sixth = existsSync(join(__dirname, 'blind6')) ? loadBlindSet(join(__dirname, 'blind6')) : [];
  const seventh = existsSync(join(__dirname, 'blind7')) ? loadBlindSet(join(__dirname, 'blind7')) : [];
  const eighth = existsSync(join(__dirname, 'blind8')) ? loadBlindSet(join(__dirname, 'blind8')) : [];
  const ninth = existsSync(join(__dirname, 'blind9')) ? loadBlindSet(join(__dirname, 'blind9')) : [];
  const tenth = existsSync(join(__dirname, 'blind10')) ? loadBlindSet(join(__dirname, 'blind10')) : [];
  const eleventh = existsSync(join(__dirname, 'blind11')) ? loadBlindSet(join(__dirname, 'blind11')) : [];
  const twelfth = existsSync(join(__dirname, 'blind12')) ? loadBlindSet(join(__dirname, 'blind12')) : [];
  const thirteenth = existsSync(join(__dirname, 'blind13')) ? loadBlindSet(join(__dirname, 'blind13')) : [];
  const fourteenth = existsSync(join(__dirname, 'blind14')) ? loadBlindSet(join(__dirname, 'blind14')) : [];
  const fifteenth = existsSync(join(__dirname, 'blind15')) ? loadBlindSet(join(__dirname, 'blind15')) : [];
  const sixteenth = existsSync(join(__dirname, 'blind16')) ? loadBlindSet(join(__dirname, 'blind16')) : [];
  const seventeenth = existsSync(join(__dirname, 'blind17')) ? loadBlindSet(join(__dirname, 'blind17')) : [];
  const eighteenth = existsSync(join(__dirname, 'blind18')) ? loadBlindSet(join(__dirname, 'blind18')) : [];
  const nineteenth = existsSync(join(__dirname, 'blind19')) ? loadBlindSet(join(__dirname, 'blind19')) : [];

  it('is large enough: at least 400 messages and 60 dialogues', () => {
    expect(set.filter((d) => d.single).length).toBeGreaterThanOrEqual(400);
    expect(set.filter((d) => !d.single).length).toBeGreaterThanOrEqual(60);
  });

  /** Training phrases that predate the blind sets (tests/nlu/intents-at-freeze.yaml): a blind message may read like one of them. */
  const atFreeze = new Set(
    (parse(readFileSync(join(__dirname, 'intents-at-freeze.yaml'), 'utf8')) as { intents: Array<{ phrases: string[] }> }).intents.flatMap((i) => i.phrases.map(classifierInput)),
  );

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
    // synonyms of the first version (3d67070, before any blind set was written): a blind message made of the same
    // words is a coincidence, not a copy (« lire le dossier médical partagé », uses.yaml › dmp-read, met by blind-10)
    // and a training phrase in intents.yaml since 04b84f0 (27/11/2026), before blind-15 was written (28/11), met by one of its messages;
    // two more, met by blind-16 (written in session 10): « il fait beau chez vous » (04b84f0) and « code PIN bloqué » (9ceceb5), both of 27/11
    const predating = new Set(['lire le dossier médical partagé', 'tu peux me raconter une blague', 'il fait beau chez vous', 'code PIN bloqué'].map(classifierInput));
    const copied: string[] = [];
    // the blind set's messages are never shown, even in a failure: the phrase of ours that matches is
    const sets = [{ dialogues: set, blind: false }, { dialogues: second, blind: false }, { dialogues: third, blind: false }, { dialogues: fourth, blind: false }, { dialogues: fifth, blind: false }, { dialogues: sixth, blind: true }, { dialogues: seventh, blind: false }, { dialogues: eighth, blind: false }, { dialogues: ninth, blind: false }, { dialogues: tenth, blind: false }, { dialogues: eleventh, blind: false }, { dialogues: twelfth, blind: true }, { dialogues: thirteenth, blind: true }, { dialogues: fourteenth, blind: false }, { dialogues: fifteenth, blind: false }, { dialogues: sixteenth, blind: false }, { dialogues: seventeenth, blind: false }, { dialogues: eighteenth, blind: true }, { dialogues: nineteenth, blind: true }];
    for (const { dialogues, blind } of sets) {
      for (const d of dialogues) {
        for (const t of d.turns) {
          const input = classifierInput(t.user);
          const shown = blind ? `(jeu aveugle) notre phrase : « ${input} »` : t.user;
          if (input.split(' ').length >= 3 && taught.has(input) && !atFreeze.has(input) && !predating.has(input)) copied.push(shown);
          if (synonyms.some((s) => input === s) && !predating.has(input)) copied.push(shown);
        }
      }
    }
    expect(copied).toEqual([]);
  });

  it('detects a copied message, even re-cased and re-punctuated (the check can fail)', () => {
    const message = set.find((d) => d.single && classifierInput(d.turns[0].user).split(' ').length >= 3 && !atFreeze.has(classifierInput(d.turns[0].user)))!.turns[0].user;
    const taught = new Set([classifierInput(`${message.toUpperCase()} !!`)]);
    expect(taught.has(classifierInput(message))).toBe(true);
    expect(atFreeze.has(classifierInput(message))).toBe(false);
  });

  /**
   * The sets whose failures were read (development sets) keep their measured level, a little
   * under it (reports/nlu-dialogues.md, final measurement of session 7).
   */
  const floors = [
    { name: 'blind-1 (development since the architecture)', dialogues: set, measured: '91.5 % messages, 89.4 % dialogues, 0 wrong verdicts, 0/68 out of scope answered', messages: 0.89, whole: 0.87, wrongVerdicts: 1, oos: 0.04 },
    { name: 'blind-2 (development since session 2)', dialogues: second, measured: '94.9 %, 91.0 %, 0, 0/67', messages: 0.92, whole: 0.88, wrongVerdicts: 1, oos: 0.03 },
    { name: 'blind-3 (development since the end of session 2)', dialogues: third, measured: '93.3 %, 88.2 %, 0, 0/87', messages: 0.9, whole: 0.85, wrongVerdicts: 1, oos: 0.03 },
    { name: 'blind-4 (development since session 3)', dialogues: fourth, measured: '93.6 %, 90.7 %, 1, 0/98', messages: 0.91, whole: 0.88, wrongVerdicts: 2, oos: 0.03 },
    { name: 'blind-5 (development since session 4)', dialogues: fifth, measured: '93.7 %, 90.1 %, 0, 0/73', messages: 0.91, whole: 0.87, wrongVerdicts: 1, oos: 0.03 },
    { name: 'blind-7 (development since session 5)', dialogues: seventh, measured: '92.6 %, 89.1 %, 0, 1/80', messages: 0.9, whole: 0.86, wrongVerdicts: 1, oos: 0.04 },
    { name: 'blind-8 (development since the end of session 5)', dialogues: eighth, measured: '89.4 %, 84.4 %, 3, 4/90', messages: 0.87, whole: 0.82, wrongVerdicts: 4, oos: 0.07 },
    { name: 'blind-9 (development since session 6)', dialogues: ninth, measured: '92.0 %, 88.0 %, 0, 3/84', messages: 0.89, whole: 0.85, wrongVerdicts: 1, oos: 0.06 },
    { name: 'blind-10 (development since session 7)', dialogues: tenth, measured: '89.9 %, 84.5 %, 2, 4/79', messages: 0.87, whole: 0.82, wrongVerdicts: 3, oos: 0.07 },
    { name: 'blind-11 (development since the end of session 7)', dialogues: eleventh, measured: '86.8 %, 81.8 %, 5, 3/102', messages: 0.84, whole: 0.79, wrongVerdicts: 6, oos: 0.05 },
    { name: 'blind-14 (development since session 9)', dialogues: fourteenth, measured: '88.7 %, 84.3 %, 0, 5/95', messages: 0.86, whole: 0.82, wrongVerdicts: 1, oos: 0.07 },
    { name: 'blind-15 (development since session 10)', dialogues: fifteenth, measured: '87.8 %, 85.0 %, 2, 2/85', messages: 0.85, whole: 0.82, wrongVerdicts: 3, oos: 0.05 },
    { name: 'blind-16 (development since session 11)', dialogues: sixteenth, measured: '92.6 %, 87.5 %, 2, 1/87', messages: 0.9, whole: 0.85, wrongVerdicts: 3, oos: 0.04 },
    { name: 'blind-17 (development since session 12)', dialogues: seventeenth, measured: '90.9 % messages, 83.1 % dialogues, 0, 5/66', messages: 0.88, whole: 0.81, wrongVerdicts: 1, oos: 0.1 },
  ];
  for (const f of floors) {
    it(`keeps its measured level on ${f.name}: ${f.measured}`, async () => {
      const s = await runBlindSet(f.dialogues);
      expect(s.messagesRight / s.messages).toBeGreaterThanOrEqual(f.messages);
      expect(s.dialoguesRight / s.dialogues).toBeGreaterThanOrEqual(f.whole);
      expect(s.wrongVerdicts).toBeLessThanOrEqual(f.wrongVerdicts);
      expect(s.oosAnswered / s.oosTotal).toBeLessThanOrEqual(f.oos);
    }, 120_000);
  }
});
