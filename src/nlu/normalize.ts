/**
 * Text normalisation shared by the classifier and the entity finder: lower case,
 * accents folded (the French stemmer does not fold them), apostrophes and punctuation
 * turned into spaces, markup removed, SMS and short forms rewritten from the lexicon.
 */
import { frenchTokenizer } from './naturalModules';

/** Longest text the understanding looks at; the rest of a very long message is ignored. */
const MAX_UNDERSTOOD_LENGTH = 600;

function foldAccents(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/œ/g, 'oe')
    .replace(/Œ/g, 'OE')
    .replace(/æ/g, 'ae')
    .replace(/Æ/g, 'AE');
}

/** Lower case, accents folded, punctuation as spaces; « + » kept as the word « plus » (PEC+). */
export function normalizeText(value: string): string {
  let s = String(value ?? '').slice(0, MAX_UNDERSTOOD_LENGTH * 2);
  s = s.replace(/<[^>]*>/g, ' '); // markup never reaches the understanding
  s = foldAccents(s.toLowerCase());
  s = s.replace(/([a-z])\+/g, '$1 plus ');
  s = s.replace(/[’'`´‘]/g, ' ');
  s = s.replace(/[^a-z0-9]+/g, ' ');
  return s.trim().slice(0, MAX_UNDERSTOOD_LENGTH);
}

export interface LexiconIndex {
  /** single word → replacement words */
  words: Map<string, string[]>;
  /** multi-word phrase (as token list) → replacement words, longest first */
  phrases: Array<{ from: string[]; to: string[] }>;
  stopwords: Set<string>;
}

const lexicons = new WeakMap<object, LexiconIndex>();

/** The index of a knowledge base's lexicon (lexicon.yaml), built once and shared by the recognizer, the reading and the router. */
export function lexiconOf(lexicon: { replacements: Record<string, string>; stopwords: string[] }): LexiconIndex {
  let index = lexicons.get(lexicon);
  if (!index) {
    index = buildLexicon(lexicon.replacements, lexicon.stopwords);
    lexicons.set(lexicon, index);
  }
  return index;
}

function buildLexicon(replacements: Record<string, string>, stopwords: string[]): LexiconIndex {
  const words = new Map<string, string[]>();
  const phrases: Array<{ from: string[]; to: string[] }> = [];
  for (const [from, to] of Object.entries(replacements)) {
    const f = tokenize(normalizeText(from));
    const t = tokenize(normalizeText(to));
    if (f.length === 0) continue;
    if (f.length === 1) words.set(f[0], t);
    else phrases.push({ from: f, to: t });
  }
  phrases.sort((a, b) => b.from.length - a.from.length);
  return { words, phrases, stopwords: new Set(stopwords.map((w) => normalizeText(w))) };
}

/** Splits normalised text into tokens with natural's French tokenizer. */
export function tokenize(normalized: string): string[] {
  if (!normalized) return [];
  return frenchTokenizer.tokenize(normalized).filter((t) => t.length > 0);
}

/** Normalises, tokenises and rewrites SMS / short forms. */
export function toTokens(value: string, lexicon?: LexiconIndex): string[] {
  const tokens = tokenize(normalizeText(value));
  if (!lexicon) return tokens;
  const out: string[] = [];
  for (let i = 0; i < tokens.length; ) {
    let replaced = false;
    for (const p of lexicon.phrases) {
      if (i + p.from.length <= tokens.length && p.from.every((w, k) => tokens[i + k] === w)) {
        out.push(...p.to);
        i += p.from.length;
        replaced = true;
        break;
      }
    }
    if (replaced) continue;
    const w = lexicon.words.get(tokens[i]);
    if (w) out.push(...w);
    else out.push(tokens[i]);
    i += 1;
  }
  return out;
}

/** Words or phrases as the understanding compares them: folded, tokenised, one set. */
export function foldWords(words: string[]): Set<string> {
  return new Set(words.flatMap((w) => tokenize(normalizeText(w))));
}

/** The word « carte » itself, folded (the recognizer, the entity finder, the reading and the router read it). */
export const CARD_WORDS: ReadonlySet<string> = new Set(['carte', 'cartes']);
