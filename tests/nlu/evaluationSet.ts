/**
 * The evaluation set of the language understanding (tests/nlu/evaluation.yaml): its zod
 * schema, its loader, and the scoring of any engine's predictions against it. Used by
 * `npm run eval:nlu` (scripts/eval-nlu.ts) and by the accuracy floor test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { KnowledgeBase } from '../../src/knowledge/knowledgeBase';
import { resolveProfile } from '../../src/nlu/entities';
import { normalizeText, tokenize } from '../../src/nlu/normalize';
import type { Recognition } from '../../src/nlu/recognizer';

const EVALUATION_FILE = join(__dirname, 'evaluation.yaml');

const id = z.string().min(1);
const utteranceSchema = z
  .object({
    text: z.string().min(1).max(600),
    intent: id,
    profile: id.optional(),
    profession: id.optional(),
    status: id.optional(),
    uses: z.array(id).optional(),
    abbreviations: z.array(id).optional(),
    tags: z.array(z.string()).optional(),
  })
  .strict();
export const evaluationFileSchema = z.object({ utterances: z.array(utteranceSchema).min(300) }).strict();

export type Utterance = z.infer<typeof utteranceSchema>;

/** The intent of the fallback (out of scope): what the bot answers when it should not guess. */
export const FALLBACK = 'none';

/** Loads and validates the evaluation set; every id must exist in the knowledge base. */
export function loadEvaluationSet(kb: KnowledgeBase, file = EVALUATION_FILE): Utterance[] {
  const parsed = evaluationFileSchema.parse(parse(readFileSync(file, 'utf8')));
  const intents = new Set([...kb.intents.intents.map((i) => i.id), FALLBACK, ...Object.keys(kb.intents.commands).map((c) => `command.${c}`)]);
  const problems: string[] = [];
  parsed.utterances.forEach((u, i) => {
    const where = `utterances[${i}] « ${u.text} »`;
    if (!intents.has(u.intent) || u.intent === 'oos') problems.push(`${where}: intention inconnue ${u.intent}`);
    if (u.profile && !kb.profiles.has(u.profile)) problems.push(`${where}: profil inconnu ${u.profile}`);
    if (u.profession && !kb.professions.has(u.profession)) problems.push(`${where}: profession inconnue ${u.profession}`);
    if (u.status && !kb.statuses.has(u.status)) problems.push(`${where}: statut inconnu ${u.status}`);
    for (const x of u.uses ?? []) if (!kb.uses.has(x)) problems.push(`${where}: usage inconnu ${x}`);
    for (const x of u.abbreviations ?? []) if (!kb.glossary.has(x)) problems.push(`${where}: sigle inconnu ${x}`);
    if (u.profile && u.profession && kb.profiles.get(u.profile)?.profession !== u.profession) problems.push(`${where}: profil et profession incohérents`);
  });
  if (problems.length > 0) throw new Error(`evaluation.yaml:\n${problems.join('\n')}`);
  return parsed.utterances;
}

/** The comparison key of a phrase: accents, case and punctuation removed. */
export function phraseKey(text: string): string {
  return tokenize(normalizeText(text)).join(' ');
}

/** Commands count as their intent (« aide » typed alone is the help). */
export function canonicalIntent(intent: string): string {
  if (intent === 'command.help') return 'help';
  if (intent === 'oos' || intent === 'None' || intent === 'fallback') return FALLBACK;
  return intent;
}

/** What an engine understood of one utterance. */
export interface Prediction {
  intent: string;
  profile?: string;
  profession?: string;
  status?: string;
  uses?: string[];
  abbreviations?: string[];
  /** milliseconds to understand this utterance */
  ms: number;
}

/** Slots as the bot uses them, from our recognizer's recognition. */
function slotsOf(kb: KnowledgeBase, r: Recognition): Omit<Prediction, 'intent' | 'ms'> {
  const e = r.entities;
  const resolution = resolveProfile(kb, e);
  let profile: string | undefined;
  let profession: string | undefined;
  let status: string | undefined = e.statuses[0];
  if (resolution.kind === 'profile') {
    profile = resolution.profileId;
    const p = kb.profiles.get(profile)!;
    profession = p.profession;
    status = resolution.statusIgnored ?? e.statuses[0] ?? (e.profiles.length > 0 ? p.status : undefined);
  } else if (resolution.kind === 'needStatus') profession = resolution.profession;
  else profession = e.professions[0];
  return { profile, profession, status, uses: e.uses, abbreviations: e.abbreviations };
}

interface IntentStats {
  intent: string;
  support: number;
  predicted: number;
  truePositives: number;
  precision: number;
  recall: number;
  f1: number;
}

interface SlotStats {
  labelled: number;
  correct: number;
  accuracy: number;
}

interface ScoreError {
  text: string;
  field: string;
  expected: string;
  got: string;
}

export interface Score {
  engine: string;
  total: number;
  intentAccuracy: number;
  macroF1: number;
  perIntent: IntentStats[];
  labels: string[];
  /** confusion[expected][got] = count */
  confusion: Record<string, Record<string, number>>;
  slots: { profile: SlotStats; profession: SlotStats; status: SlotStats; uses: SlotStats; abbreviations: SlotStats };
  outOfScope: { total: number; fallback: number; answered: number; answeredRate: number; wrong: Array<{ text: string; got: string }> };
  /** in-scope utterances that got the fallback */
  missedInScope: number;
  medianMs: number;
  p95Ms: number;
  errors: ScoreError[];
}

const sameSet = (a: string[] = [], b: string[] = []) => a.length === b.length && [...a].sort().join('|') === [...b].sort().join('|');
const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);

function quantile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

export function score(engine: string, set: Utterance[], predictions: Prediction[]): Score {
  const labels = [...new Set(set.map((u) => canonicalIntent(u.intent)))].sort();
  const gotLabels = new Set(labels);
  const confusion: Record<string, Record<string, number>> = {};
  const errors: ScoreError[] = [];
  let correct = 0;
  const slot = (): SlotStats => ({ labelled: 0, correct: 0, accuracy: 1 });
  const slots = { profile: slot(), profession: slot(), status: slot(), uses: slot(), abbreviations: slot() };
  const oosWrong: Array<{ text: string; got: string }> = [];
  let oosTotal = 0;
  let missedInScope = 0;

  set.forEach((u, i) => {
    const p = predictions[i];
    const expected = canonicalIntent(u.intent);
    const got = canonicalIntent(p.intent);
    gotLabels.add(got);
    confusion[expected] ??= {};
    confusion[expected][got] = (confusion[expected][got] ?? 0) + 1;
    if (expected === got) correct++;
    else errors.push({ text: u.text, field: 'intent', expected, got });
    if (expected === FALLBACK) {
      oosTotal++;
      if (got !== FALLBACK) oosWrong.push({ text: u.text, got });
    } else if (got === FALLBACK) missedInScope++;

    const check = (field: 'profile' | 'profession' | 'status', want?: string) => {
      if (!want) return;
      slots[field].labelled++;
      if (p[field] === want) slots[field].correct++;
      else errors.push({ text: u.text, field, expected: want, got: p[field] ?? '—' });
    };
    check('profile', u.profile);
    check('profession', u.profession);
    check('status', u.status);
    if (u.uses) {
      slots.uses.labelled++;
      if (sameSet(u.uses, p.uses)) slots.uses.correct++;
      else errors.push({ text: u.text, field: 'uses', expected: u.uses.join(', '), got: (p.uses ?? []).join(', ') || '—' });
    }
    if (u.abbreviations && u.abbreviations.length > 0) {
      slots.abbreviations.labelled++;
      if (u.abbreviations.every((a) => p.abbreviations?.includes(a))) slots.abbreviations.correct++;
      else errors.push({ text: u.text, field: 'abbreviations', expected: u.abbreviations.join(', '), got: (p.abbreviations ?? []).join(', ') || '—' });
    }
  });
  for (const s of Object.values(slots)) s.accuracy = ratio(s.correct, s.labelled);

  const allLabels = [...gotLabels].sort();
  const perIntent: IntentStats[] = labels.map((intent) => {
    const support = set.filter((u) => canonicalIntent(u.intent) === intent).length;
    const predicted = predictions.filter((p) => canonicalIntent(p.intent) === intent).length;
    const tp = confusion[intent]?.[intent] ?? 0;
    const precision = ratio(tp, predicted);
    const recall = ratio(tp, support);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { intent, support, predicted, truePositives: tp, precision, recall, f1 };
  });
  const times = predictions.map((p) => p.ms);
  return {
    engine,
    total: set.length,
    intentAccuracy: ratio(correct, set.length),
    macroF1: perIntent.reduce((s, x) => s + x.f1, 0) / perIntent.length,
    perIntent,
    labels: allLabels,
    confusion,
    slots,
    outOfScope: { total: oosTotal, fallback: oosTotal - oosWrong.length, answered: oosWrong.length, answeredRate: ratio(oosWrong.length, oosTotal), wrong: oosWrong },
    missedInScope,
    medianMs: quantile(times, 0.5),
    p95Ms: quantile(times, 0.95),
    errors,
  };
}

/** Runs our recognizer over the set. */
export function predictWith(kb: KnowledgeBase, recognizer: { recognize(text: string): Recognition }, set: Utterance[]): Prediction[] {
  return set.map((u) => {
    const t0 = process.hrtime.bigint();
    const r = recognizer.recognize(u.text);
    const slots = slotsOf(kb, r);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    return { intent: r.intent, ...slots, ms };
  });
}
