/**
 * The questions the bot could not answer, grouped for the editors (as QnA Maker's active
 * learning grouped similar unanswered queries): texts with the same content words, up to
 * their French stem and accents, fall in one group; each group has its count, its most
 * frequent wording as the example, and a suggestion of where it belongs in the knowledge
 * files (an intent's training phrases, a use's or a profession's synonyms, an answer to
 * re-read, or a subject out of the bot's field).
 */
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import { stem } from '../nlu/gazetteer';
import { damerauLevenshtein } from '../nlu/naturalModules';
import { normalizeText, tokenize } from '../nlu/normalize';
import type { Recognizer } from '../nlu/recognizer';
import type { ReviewReason, ReviewText } from './types';

/** Two texts whose content words overlap this much (Jaccard) are one question. */
const SAME_QUESTION = 0.5;

/** Placeholders of the scrubbing: not words of the question. */
const PLACEHOLDERS = new Set(['nom', 'numero', 'telephone', 'courriel', 'nir', 'date']);

export interface Suggestion {
  /** intent: training phrase; use / profession: synonym; answer: re-read; outOfScope; new */
  type: 'intent' | 'use' | 'profession' | 'answer' | 'outOfScope' | 'new';
  /** the id it is about (intent, use, profession, answer kind) */
  target?: string;
  /** the knowledge file to edit */
  file?: string;
  /** what to do, in French, for the editors */
  text: string;
}

export interface QuestionGroup {
  count: number;
  example: string;
  /** other wordings, most frequent first (at most 4) */
  variants: string[];
  reasons: Partial<Record<ReviewReason, number>>;
  /** intents chosen by users among those offered (« did you mean ») */
  chosen: Record<string, number>;
  /** kinds of the answers marked « pas utile » */
  kinds: Record<string, number>;
  suggestion: Suggestion;
}

interface Member {
  text: string;
  stems: Set<string>;
  reviews: ReviewText[];
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let common = 0;
  for (const x of a) if (b.has(x)) common++;
  return common / (a.size + b.size - common);
}

function bump(map: Record<string, number>, key: string | undefined): void {
  if (key) map[key] = (map[key] ?? 0) + 1;
}

function top(map: Record<string, number>): string | undefined {
  return Object.entries(map).sort((x, y) => y[1] - x[1])[0]?.[0];
}

export class QuestionGrouper {
  private readonly stopwords: Set<string>;
  /** the stems of every word the knowledge files know (training phrases, synonyms, lexicon) */
  private readonly vocabulary = new Set<string>();
  private readonly synonyms: Array<{ word: string; type: 'profession' | 'use'; id: string }> = [];

  constructor(kb: KnowledgeBase, private readonly recognizer: Recognizer) {
    this.stopwords = new Set(kb.lexicon.stopwords.map((w) => normalizeText(w)));
    const words = (s: string) => tokenize(normalizeText(s));
    for (const it of kb.intents.intents) for (const p of it.phrases) words(p).forEach((w) => this.vocabulary.add(w));
    for (const [from, to] of Object.entries(kb.lexicon.replacements)) [...words(from), ...words(to)].forEach((w) => this.vocabulary.add(w));
    for (const p of kb.professions.values()) {
      for (const s of [p.label, ...p.synonyms]) for (const w of words(s)) if (w.length >= 4) this.synonyms.push({ word: w, type: 'profession', id: p.id });
    }
    for (const u of kb.uses.values()) for (const s of [u.label, ...u.synonyms]) for (const w of words(s)) if (w.length >= 4) this.synonyms.push({ word: w, type: 'use', id: u.id });
    for (const g of kb.useGroups.values()) for (const s of [g.label, ...g.synonyms]) for (const w of words(s)) if (w.length >= 4) this.synonyms.push({ word: w, type: 'use', id: g.id });
    for (const s of this.synonyms) this.vocabulary.add(s.word);
    for (const g of kb.glossary.values()) for (const w of words(JSON.stringify(g))) this.vocabulary.add(w);
    for (const w of [...this.vocabulary]) this.vocabulary.add(stem(w));
  }

  /** Words the recognizer knows only from out-of-scope phrases (« vitale », « remboursement »). */
  private foreign(tokens: string[]): string | undefined {
    const foreign = (this.recognizer as { foreignFeatures?: ReadonlySet<string> }).foreignFeatures;
    return foreign ? tokens.find((t) => foreign.has(stem(t))) : undefined;
  }

  /** The content words of a text, stemmed. */
  stems(text: string): Set<string> {
    return new Set(
      tokenize(normalizeText(text))
        .filter((t) => !this.stopwords.has(t) && !PLACEHOLDERS.has(t) && !/^\d+$/.test(t))
        .map((t) => stem(t)),
    );
  }

  /** Groups the review texts, largest group first. */
  group(reviews: ReviewText[]): QuestionGroup[] {
    // the same wording once, with all its reviews, most frequent first
    const byText = new Map<string, ReviewText[]>();
    for (const r of reviews) {
      if (r.reason === 'comment' || !r.text) continue;
      const key = r.text.trim();
      byText.set(key, [...(byText.get(key) ?? []), r]);
    }
    const wordings = [...byText.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
    const groups: Member[][] = [];
    for (const [text, rs] of wordings) {
      const member: Member = { text, stems: this.stems(text), reviews: rs };
      let best: Member[] | undefined;
      let bestScore = 0;
      for (const g of groups) {
        const score = jaccard(member.stems, g[0].stems);
        if (score > bestScore) {
          bestScore = score;
          best = g;
        }
      }
      if (best && bestScore >= SAME_QUESTION) best.push(member);
      else groups.push([member]);
    }
    return groups
      .map((g) => this.describe(g))
      .sort((a, b) => b.count - a.count || a.example.localeCompare(b.example));
  }

  private describe(members: Member[]): QuestionGroup {
    const reasons: Partial<Record<ReviewReason, number>> = {};
    const chosen: Record<string, number> = {};
    const kinds: Record<string, number> = {};
    let count = 0;
    for (const m of members) {
      for (const r of m.reviews) {
        count++;
        reasons[r.reason] = (reasons[r.reason] ?? 0) + 1;
        if (r.reason === 'didYouMean') bump(chosen, r.chosen);
        if (r.reason === 'notUseful') bump(kinds, r.kind);
      }
    }
    const example = members[0].text;
    return { count, example, variants: members.slice(1, 5).map((m) => m.text), reasons, chosen, kinds, suggestion: this.suggest(example, reasons, chosen, kinds, count) };
  }

  /** Where the question belongs in the knowledge files. */
  suggest(example: string, reasons: Partial<Record<ReviewReason, number>>, chosen: Record<string, number>, kinds: Record<string, number>, count: number): Suggestion {
    const picked = top(chosen);
    if (picked) return { type: 'intent', target: picked, file: 'intents.yaml', text: `Ajouter « ${example} » aux phrases de l'intention ${picked} : c'est la lecture que les utilisateurs ont choisie.` };
    const answer = top(kinds);
    if (answer && (reasons.notUseful ?? 0) * 2 >= count) {
      return { type: 'answer', target: answer, file: 'responses.yaml', text: `Relire la réponse « ${answer} » donnée à cette question (formulation dans responses.yaml, faits dans la page du guide) : elle a été jugée « pas utile ».` };
    }
    const all = tokenize(normalizeText(example));
    const foreign = this.foreign(all);
    if (foreign) {
      return { type: 'outOfScope', text: `Lu comme hors du domaine des cartes (« ${foreign} » n'apparaît que dans des phrases hors sujet) : la réponse d'aide suffit, sinon un sujet à ajouter (topics.yaml).` };
    }
    // a word the knowledge files do not know, close to a synonym of a profession or a use
    const tokens = all.filter((t) => t.length >= 5 && !this.vocabulary.has(t) && !this.vocabulary.has(stem(t)) && !this.stopwords.has(t) && !PLACEHOLDERS.has(t));
    for (const t of tokens) {
      const near = this.synonyms.find((s) => Math.abs(s.word.length - t.length) <= 2 && damerauLevenshtein(t, s.word, { restricted: true }) <= (t.length >= 8 ? 2 : 1));
      if (near) {
        const file = near.type === 'profession' ? 'professions.yaml' : 'uses.yaml';
        const what = near.type === 'profession' ? 'de la profession' : "de l'usage";
        return { type: near.type, target: near.id, file, text: `Ajouter « ${t} » aux synonymes ${what} ${near.id} (${file}) : proche de « ${near.word} ».` };
      }
    }
    const r = this.recognizer.recognize(example);
    const first = r.ranking[0];
    if (first?.intent === 'oos') return { type: 'outOfScope', text: "Hors du domaine des cartes : la réponse d'aide suffit, ou un sujet à ajouter (topics.yaml) si la question revient souvent." };
    if (r.intent !== 'none' && r.intent !== 'oos' && !r.command) {
      return { type: 'intent', target: r.intent, file: 'intents.yaml', text: `Ajouter « ${example} » aux phrases de l'intention ${r.intent} (lue maintenant, mais sans réponse directe).` };
    }
    if (first && first.intent !== 'none' && first.score >= 0.3) {
      return { type: 'intent', target: first.intent, file: 'intents.yaml', text: `Le bot ne l'a pas comprise (hors de son domaine, ou trop incertain). Si elle relève des cartes : ajouter « ${example} » aux phrases de l'intention ${first.intent}, la plus proche.` };
    }
    return { type: 'new', text: 'Question nouvelle : une intention (intents.yaml) ou un sujet (topics.yaml) à créer si elle revient.' };
  }
}
