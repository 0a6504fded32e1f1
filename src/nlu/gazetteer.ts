/**
 * Finds known phrases (professions, statuses, uses, abbreviations, cards …) in a list of
 * tokens, tolerant of missing accents (folded beforehand), plural and feminine endings
 * (same French stem), typos (Damerau-Levenshtein) and words typed together or apart
 * (« sivac » / « si vac »). Stop words are skipped on both sides, so « consulter le DMP »
 * and « consulter son DMP » are the same phrase.
 */
import { damerauLevenshtein, frenchStemmer } from './naturalModules';
import { LexiconIndex, toTokens } from './normalize';

export interface GazetteerEntry {
  kind: string;
  id: string;
  phrases: string[];
}

export interface PhraseMatch {
  kind: string;
  id: string;
  /** index of the first and one past the last matched token, in the full token list */
  start: number;
  end: number;
  /** number of content tokens matched */
  length: number;
  exact: boolean;
  phrase: string;
}

interface PreparedPhrase {
  kind: string;
  id: string;
  tokens: string[];
  stems: string[];
  phrase: string;
}

const stemCache = new Map<string, string>();
export function stem(token: string): string {
  let s = stemCache.get(token);
  if (s === undefined) {
    s = frenchStemmer.stem(token);
    if (stemCache.size < 50_000) stemCache.set(token, s);
  }
  return s;
}

/** Agent nouns (« préparateur », « préparatrices »): the stemmer gives them the stem of their verb. */
const AGENT_NOUN = /(?:teur|trice)s?$/;

/** Infinitives of the verbs in -ir (« accueillir », « remplir »): the stemmer gives them the stem of a noun (« accueil », « remplas »). */
const INFINITIVE_IR = /ir$/;

/** Whether an input token stands for a phrase token: same word, same stem, or a typo of it. */
function tokenSimilarity(input: string, target: string, known?: Set<string>): 'exact' | 'fuzzy' | null {
  if (input === target) return 'exact';
  // same stem, unless one is an agent noun and the other not: « préparer » is not « préparateur »;
  // nor one an infinitive in -ir and the other not: « on va accueillir une remplaçante » names no agent d'accueil
  const sameKind = AGENT_NOUN.test(input) === AGENT_NOUN.test(target) && INFINITIVE_IR.test(input) === INFINITIVE_IR.test(target);
  if (input.length >= 4 && target.length >= 4 && stem(input) === stem(target) && sameKind) return 'exact';
  if (known?.has(input)) return null; // a real word of the domain is not a typo of another
  const len = Math.min(input.length, target.length);
  if (len < 5 || Math.abs(input.length - target.length) > 2) return null;
  const max = len >= 9 ? 2 : 1;
  return damerauLevenshtein(input, target, { restricted: true }) <= max ? 'fuzzy' : null;
}

export class Gazetteer {
  private readonly byFirst = new Map<string, PreparedPhrase[]>();
  private readonly firstTokens: string[] = [];
  private readonly singleJoined = new Map<string, PreparedPhrase[]>();
  /** every token of every phrase: a token found here is never taken for a typo */
  readonly vocabulary = new Set<string>();

  constructor(
    entries: GazetteerEntry[],
    private readonly lexicon: LexiconIndex,
    extraVocabulary: Iterable<string> = [],
    /** stop words a phrase of these kinds never spans (« dentiste, ma remplaçante » is not « dentiste remplaçante »; « faire mes factures » stays a use) */
    private readonly barriers: { words: ReadonlySet<string>; kinds: ReadonlySet<string> } = { words: new Set(), kinds: new Set() },
  ) {
    for (const entry of entries) {
      for (const phrase of entry.phrases) {
        const tokens = this.content(toTokens(phrase, lexicon));
        if (tokens.length === 0) continue;
        const prepared: PreparedPhrase = { kind: entry.kind, id: entry.id, tokens, stems: tokens.map(stem), phrase };
        this.add(prepared);
        if (tokens.length > 1) {
          // « si vac » also matches « sivac »
          const joined = tokens.join('');
          const list = this.singleJoined.get(joined) ?? [];
          list.push(prepared);
          this.singleJoined.set(joined, list);
        }
        tokens.forEach((t) => this.vocabulary.add(t));
      }
    }
    for (const w of extraVocabulary) this.vocabulary.add(w);
    this.firstTokens.push(...this.byFirst.keys());
  }

  private add(p: PreparedPhrase): void {
    const list = this.byFirst.get(p.tokens[0]) ?? [];
    list.push(p);
    this.byFirst.set(p.tokens[0], list);
  }

  private content(tokens: string[]): string[] {
    return tokens.filter((t) => !this.lexicon.stopwords.has(t));
  }

  /**
   * All matches in the tokens (already normalised by toTokens), overlapping ones
   * resolved in favour of the longest, then exact, match. Several entries matching the
   * same span (e.g. « DMP » as a use group and as an abbreviation) are all kept.
   */
  find(tokens: string[]): PhraseMatch[] {
    // positions of content tokens in the full list
    const positions: number[] = [];
    const content: string[] = [];
    tokens.forEach((t, i) => {
      if (!this.lexicon.stopwords.has(t)) {
        positions.push(i);
        content.push(t);
      }
    });
    const raw: PhraseMatch[] = [];
    for (let i = 0; i < content.length; i++) {
      const candidates = this.candidatesFor(content[i]);
      for (const p of candidates) {
        let exact = true;
        let ok = i + p.tokens.length <= content.length;
        if (ok && p.tokens.length > 1 && this.barriers.kinds.has(p.kind)) {
          for (let j = positions[i] + 1; ok && j < positions[i + p.tokens.length - 1]; j++) if (this.barriers.words.has(tokens[j])) ok = false;
        }
        for (let k = 0; ok && k < p.tokens.length; k++) {
          const sim = tokenSimilarity(content[i + k], p.tokens[k], this.vocabulary);
          if (!sim) ok = false;
          else if (sim === 'fuzzy') exact = false;
        }
        if (ok) {
          raw.push({
            kind: p.kind,
            id: p.id,
            start: positions[i],
            end: positions[i + p.tokens.length - 1] + 1,
            length: p.tokens.length,
            exact,
            phrase: p.phrase,
          });
        }
      }
      // words typed together: « sivac », « sagefemme »
      const joinedHits = this.singleJoined.get(content[i]);
      if (joinedHits) {
        for (const p of joinedHits) {
          raw.push({ kind: p.kind, id: p.id, start: positions[i], end: positions[i] + 1, length: p.tokens.length, exact: true, phrase: p.phrase });
        }
      }
      // words typed apart: « ameli pro » for « amelipro »
      if (i + 1 < content.length) {
        const joined = content[i] + content[i + 1];
        for (const p of this.byFirst.get(joined) ?? []) {
          if (p.tokens.length === 1) {
            raw.push({ kind: p.kind, id: p.id, start: positions[i], end: positions[i + 1] + 1, length: 2, exact: true, phrase: p.phrase });
          }
        }
      }
    }
    return resolveOverlaps(raw);
  }

  private candidatesFor(token: string): PreparedPhrase[] {
    const out: PreparedPhrase[] = [...(this.byFirst.get(token) ?? [])];
    for (const first of this.firstTokens) {
      if (first !== token && tokenSimilarity(token, first, this.vocabulary)) out.push(...(this.byFirst.get(first) ?? []));
    }
    return out;
  }
}

function resolveOverlaps(matches: PhraseMatch[]): PhraseMatch[] {
  const sorted = [...matches].sort(
    (a, b) => b.length - a.length || Number(b.exact) - Number(a.exact) || a.start - b.start,
  );
  const kept: PhraseMatch[] = [];
  for (const m of sorted) {
    const clash = kept.find((k) => m.start < k.end && k.start < m.end);
    if (!clash) kept.push(m);
    else if (clash.start === m.start && clash.end === m.end && clash.length === m.length && clash.exact === m.exact) {
      // same span, another entry (DMP as use group and as abbreviation): keep both
      if (!kept.some((k) => k.kind === m.kind && k.id === m.id && k.start === m.start)) kept.push(m);
    }
  }
  return kept.sort((a, b) => a.start - b.start);
}
