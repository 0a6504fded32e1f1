/**
 * The reading marks of lexicon.yaml › markers, folded once per knowledge base and shared by
 * the entity finder, the reading and the router: each list as a set of words (« past »,
 * « possessive » …) and as one pattern of whole phrases (« quelle carte », « c est quoi » …).
 */
import type { Lexicon } from '../knowledge/schema';
import { foldWords, normalizeText, tokenize } from './normalize';

type MarkerLists = Lexicon['markers'];

export interface Markers {
  /** each list as folded words: « est-ce » → « est », « ce » */
  words: { [K in keyof MarkerLists]: Set<string> };
  /** each list as folded phrases matched whole in the folded text */
  phrases: { [K in keyof MarkerLists]: RegExp };
  /** each list as a pattern of phrases that end the text tested (« … j ai » before « une assistante ») */
  endings: { [K in keyof MarkerLists]: RegExp };
}

const built = new WeakMap<MarkerLists, Markers>();

/** A phrase list as one pattern over the folded, space-joined tokens of a text. */
function phrasePattern(list: string[]): RegExp {
  const alternatives = list.map((p) => tokenize(normalizeText(p)).join(' ')).filter(Boolean);
  return alternatives.length > 0 ? new RegExp(`\\b(${alternatives.join('|')})\\b`) : /(?!)/;
}

/** The marks of this lexicon, built on first use. */
export function markersOf(lists: MarkerLists): Markers {
  let m = built.get(lists);
  if (!m) {
    const entries = Object.entries(lists) as Array<[keyof MarkerLists, string[]]>;
    m = {
      words: Object.fromEntries(entries.map(([k, v]) => [k, foldWords(v)])) as Markers['words'],
      phrases: Object.fromEntries(entries.map(([k, v]) => [k, phrasePattern(v)])) as Markers['phrases'],
      endings: Object.fromEntries(entries.map(([k, v]) => [k, new RegExp(`(?:${phrasePattern(v).source})$`)])) as Markers['endings'],
    };
    built.set(lists, m);
  }
  return m;
}

/** « je ne remplace plus »: « ne » right before a status said by a verb, a word of negation right after it (markers › verbNegation, negation). */
function negatedVerb(tokens: string[], start: number, end: number, words: Markers['words']): boolean {
  return words.verbNegation.has(tokens[start - 1] ?? '') && words.negation.has(tokens[end] ?? '');
}

/**
 * Whether the status said at tokens[start, end) is denied: a word of negation among the `within` words before it
 * (« pas encore installée »), or « ne » … « plus » around its verb (« je ne remplace plus »); not when a « je »
 * (« je ne remplace plus, j'ai repris un cabinet ») or a person word (« pas orthoptiste, installée ») comes between.
 */
export function statusDenied(tokens: string[], start: number, end: number, within: number, words: Markers['words'], personStarts: number[]): boolean {
  const from = Math.max(0, start - within);
  const near = tokens.slice(from, start);
  const last = near.reduce((at, t, i) => (words.negation.has(t) ? i : at), -1);
  const between = (i: number) => i > from + last && i < start;
  const ofThisStatus = last >= 0 && !near.slice(last + 1).some((t) => words.asker.has(t)) && !personStarts.some(between);
  return ofThisStatus || negatedVerb(tokens, start, end, words);
}

/**
 * Whether a phrase of `pattern` (one of the lists as `endings`) starts right after tokens[end], in up to four words, with no
 * entity starting right after it: « titulaire… enfin pas encore » (markers › takenBack, notYet); not « remplaçante, pas encore
 * installée », where the status that follows is the one the words are about.
 */
export function saidRightAfter(tokens: string[], end: number, pattern: RegExp, starts: number[]): boolean {
  for (let k = 1; k <= 4 && end + k <= tokens.length; k++) {
    if (pattern.test(tokens.slice(end, end + k).join(' '))) return !starts.includes(end + k);
  }
  return false;
}
