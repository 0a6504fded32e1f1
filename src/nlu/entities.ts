/**
 * Finds professions, statuses, uses, abbreviations and cards in free text, and works out
 * which profile of the guide the user describes. Pure functions over the knowledge base.
 */
import { CARD_WORDS, foldWords, normalizeText } from './normalize';
import { Markers, markersOf, statusDenied } from './markers';
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import { Gazetteer, GazetteerEntry, PhraseMatch, stem } from './gazetteer';
import { LexiconIndex } from './normalize';

export interface Entities {
  /** profiles named directly (« interne », « aide-soignante »), best first */
  profiles: string[];
  /** professions named, best first */
  professions: string[];
  /** statuses stated, last stated first (negations applied) */
  statuses: string[];
  /** uses asked about, in the order of the message */
  uses: string[];
  /** groups of uses named with no step (« mes factures », « le DMP »): their uses are in `uses` too */
  useGroups: string[];
  /** the uses that come only from a group named with no step */
  groupUses: string[];
  /** abbreviations (glossary entries) named */
  abbreviations: string[];
  /** cards named */
  cards: string[];
  /** uses a verb of the message would pick if its group were named (« et le consulter ? ») */
  verbUses: string[];
  /** a phrase that may designate several profiles (« médecin biologiste ») */
  ambiguity?: { profiles: string[]; question: string };
  matches: PhraseMatch[];
}

/** Words before a profession that make it a complement: « secrétaire d'un médecin ». */
const COMPLEMENT_MARKS = new Set(['de', 'd', 'du', 'des', 'chez', 'pour', 'aupres', 'avec']);

export class EntityFinder {
  readonly gazetteer: Gazetteer;
  /** statuses alone: a status word inside a profession phrase (« infirmière libérale ») still counts */
  private readonly statusGazetteer: Gazetteer;
  /** verb stem → use ids it selects within its group */
  private readonly verbStems: Map<string, Array<{ use: string; group: string }>>;
  /** the reading marks of lexicon.yaml › markers (negation, place, asker, holderOf …) */
  private readonly marks: Markers['words'];
  /** the forms of « être », and the participles after them that name no status (lexicon.yaml › markers) */
  private readonly beForms: Set<string>;
  private readonly participles: Set<string>;
  /** « CPE nominative ou anonyme »: words that join two cards, the second named by its last word (markers › listJoiners) */
  private readonly joiners: Set<string>;
  /** « mon assistante audio »: a word right before a profession naming someone who works for it (professions.yaml › uncovered › heads) → that uncovered id */
  private readonly heads: Map<string, string>;
  /** words after which the question comes: « …, mais est-ce que je peux le consulter ? » (markers › contrast) */
  private readonly contrasts: Set<string>;
  /** « ma carte de secrétaire »: a word of complement after a card names its holder (markers › complement) */
  private readonly complements: Set<string>;
  /** « statusId phrase » of the workplaces that suggest a status (professions.yaml › statuses › places) */
  private readonly places: Set<string>;

  constructor(private readonly kb: KnowledgeBase, lexicon: LexiconIndex, extraVocabulary: Iterable<string> = []) {
    const marks = markersOf(kb.lexicon.markers).words;
    this.marks = marks;
    this.beForms = marks.beForms;
    this.participles = marks.participles;
    this.joiners = marks.listJoiners;
    this.heads = new Map([...kb.uncovered.values()].flatMap((u) => [...foldWords(u.heads)].map((h) => [h, u.id] as const)));
    this.contrasts = marks.contrast;
    this.complements = marks.complement;
    const entries: GazetteerEntry[] = [];
    for (const p of kb.profiles.values()) entries.push({ kind: 'profile', id: p.id, phrases: p.synonyms });
    for (const p of kb.professions.values()) entries.push({ kind: 'profession', id: p.id, phrases: [p.label, ...p.synonyms] });
    for (const s of kb.statuses.values()) entries.push({ kind: 'status', id: s.id, phrases: [...s.synonyms, ...s.places] });
    this.places = new Set([...kb.statuses.values()].flatMap((s) => s.places.map((p) => `${s.id} ${p}`)));
    for (const u of kb.uses.values()) entries.push({ kind: 'use', id: u.id, phrases: [u.label, ...u.synonyms] });
    for (const g of kb.useGroups.values()) entries.push({ kind: 'useGroup', id: g.id, phrases: g.synonyms });
    for (const g of kb.glossary.values()) entries.push({ kind: 'abbreviation', id: g.id, phrases: [g.abbreviation, ...g.synonyms] });
    for (const c of kb.cards.values()) entries.push({ kind: 'card', id: c.id, phrases: [c.name, ...c.synonyms] });
    kb.ambiguities.forEach((a, i) => entries.push({ kind: 'ambiguity', id: String(i), phrases: a.phrases }));
    for (const u of kb.uncovered.values()) entries.push({ kind: 'uncovered', id: u.id, phrases: u.phrases });
    for (const n of kb.noCard.values()) entries.push({ kind: 'noCard', id: n.id, phrases: n.phrases });
    // a person's phrase never spans a possessive or « j'ai »: « dentiste, ma remplaçante », « infirmière et j'ai une remplaçante » are two people
    this.gazetteer = new Gazetteer(entries, lexicon, extraVocabulary, { words: new Set([...marks.possessive, ...marks.personBreak, ...marks.verbNegation]), kinds: new Set(['profile', 'profession', 'status', 'uncovered', 'ambiguity']) });
    this.statusGazetteer = new Gazetteer(entries.filter((e) => e.kind === 'status'), lexicon, this.gazetteer.vocabulary);
    this.verbStems = new Map();
    for (const u of kb.uses.values()) {
      if (!u.group) continue;
      for (const v of u.verbs) {
        // folded like the message's tokens (« télétransmettre » → « teletransmettre »)
        const s = stem(normalizeText(v));
        const list = this.verbStems.get(s) ?? [];
        list.push({ use: u.id, group: u.group });
        this.verbStems.set(s, list);
      }
    }
  }

  find(tokens: string[]): Entities {
    // « elle sera remplacée toute seule ? »: a participle after « être » names no status
    const participle = (m: PhraseMatch) => m.kind === 'status' && m.end - m.start === 1 && this.participles.has(tokens[m.start]) && this.beForms.has(tokens[m.start - 1] ?? '');
    const found = this.gazetteer.find(tokens).filter((m) => !participle(m));
    // « mon assistante audio »: someone who works for the profession named after them, not one of them (a person the guide has no page for)
    const headOf = (m: PhraseMatch) => ((m.kind === 'profession' || m.kind === 'profile') && !found.some((o) => o !== m && o.start <= m.start - 1 && o.end > m.start - 1) ? this.heads.get(tokens[m.start - 1] ?? '') : undefined);
    const matches = found.flatMap((m): PhraseMatch[] => {
      const id = headOf(m);
      return id ? [{ kind: 'uncovered', id, start: m.start - 1, end: m.end, length: m.length + 1, exact: false, phrase: `${tokens[m.start - 1]} ${m.phrase}` }] : [m];
    }).filter((m, i, all) => m.kind !== 'uncovered' || all.findIndex((o) => o.kind === 'uncovered' && o.start === m.start) === i);
    // a card named after its holder (« la carte de l'assistante médicale ») still names the holder
    const holders: PhraseMatch[] = [];
    for (const m of matches) {
      if (m.kind !== 'card' || m.end - m.start < 2) continue;
      // the words after « carte »
      for (const x of this.gazetteer.find(tokens.slice(m.start + 1, m.end))) {
        if (x.kind === 'profile' || x.kind === 'profession') holders.push({ ...x, start: x.start + m.start + 1, end: x.end + m.start + 1 });
      }
    }
    // « CPE nominative ou anonyme »: the second card named by its last word alone, after « ou » / « et »
    const elided: PhraseMatch[] = [];
    for (const m of matches) {
      const words = tokens.slice(m.start, m.end);
      if (m.kind !== 'card' || words.length < 2 || !this.joiners.has(tokens[m.end] ?? '') || !tokens[m.end + 1]) continue;
      const other = this.gazetteer.find([...words.slice(0, -1), tokens[m.end + 1]]).find((x) => x.kind === 'card' && x.id !== m.id && x.start === 0 && x.end === words.length);
      if (other) elided.push({ ...other, start: m.end + 1, end: m.end + 2 });
    }
    const of = (kind: string) => [...matches, ...holders, ...elided].filter((m) => m.kind === kind);
    // « ma carte (CPE) de secrétaire »: the holder, not a complement
    const cardBefore = (at: number) => CARD_WORDS.has(tokens[at] ?? '') || matches.some((c) => (c.kind === 'card' || c.kind === 'abbreviation') && c.end === at + 1);
    const isComplement = (m: PhraseMatch) => {
      const before = tokens.slice(Math.max(0, m.start - 2), m.start);
      if (this.complements.has(tokens[m.start - 1] ?? '') && cardBefore(m.start - 2)) return false;
      return before.some((t) => COMPLEMENT_MARKS.has(t));
    };
    const rank = (list: PhraseMatch[]) =>
      [...list].sort((a, b) => Number(isComplement(a)) - Number(isComplement(b)) || a.start - b.start);
    const unique = (ids: string[]) => [...new Set(ids)];

    // statuses, with negation: the last one stated wins
    const statuses: string[] = [];
    const insideProfile = (m: PhraseMatch) => matches.some((p) => p.kind === 'profile' && m.start < p.end && p.start < m.end);
    const statusMatches = [...of('status'), ...this.statusGazetteer.find(tokens).filter((m) => !participle(m) && !insideProfile(m) && !of('status').some((s) => s.start === m.start))]
      .sort((a, b) => a.start - b.start);
    const isPlace = (m: PhraseMatch) => this.places.has(`${m.id} ${m.phrase}`);
    // « médecin en clinique »: a place where the profession named works either way says no status
    const named = [...of('profession').map((m) => m.id), ...of('profile').map((m) => this.kb.profiles.get(m.id)?.profession ?? '')];
    // (unless the status is said too: « des gardes salariées en clinique »)
    const eitherWay = (m: PhraseMatch) => isPlace(m) && named.some((p) => this.kb.professions.get(p)?.placesOfEitherStatus.includes(m.phrase)) && !statusMatches.some((o) => o.id === m.id && !isPlace(o));
    // a status of someone else (« celle de la titulaire ») counts only when no other is stated
    const own = statusMatches.filter((m) => !isComplement(m) && !eitherWay(m));
    // « libéral, j'opère à la clinique »: a workplace gives way to a status said outright
    // (unless that status is also said outright: « des gardes salariées en clinique »)
    const saidOutright = own.filter((m) => !isPlace(m));
    const counted = own.filter((m) => !isPlace(m) || !saidOutright.some((o) => o.id !== m.id) || statusMatches.some((o) => o.id === m.id && !isPlace(o)));
    const personStarts = matches.filter((p) => p.kind === 'profile' || p.kind === 'profession').map((p) => p.start);
    for (const m of own.length > 0 ? counted : of('profile').length > 0 ? [] : statusMatches.filter((m) => !eitherWay(m))) {
      const negated = statusDenied(tokens, m.start, m.end, 2, this.marks, personStarts);
      const status = this.kb.statuses.get(m.id);
      const id = negated ? status?.negatedMeans : m.id;
      if (id) statuses.unshift(id);
    }

    const ambiguity = of('ambiguity')[0];
    // « infirmière, un patient demande si son transport en ambulance est pris en charge »: after who one is (said first,
    // or right after « je » / « moi »; not « le pharmacien signe … »), a page named as a place or a means (« en ambulance »)
    // or as the holder of another card (« pédiatre installée, je dois mettre ma CPS ou celle de la secrétaire ? ») is not the asker's
    // (not for staff: « secrétaire chez des ambulanciers » is on the page of the company's staff)
    const lead = matches.find((m) => (m.kind === 'profile' || m.kind === 'profession') && !isComplement(m) && (m.start <= 1 || tokens.slice(Math.max(0, m.start - 3), m.start).some((t) => this.marks.asker.has(t))));
    const leadProfession = lead?.kind === 'profile' ? this.kb.profiles.get(lead.id)?.profession : lead?.id;
    const anotherCard = (m: PhraseMatch) => tokens.slice(Math.max(0, m.start - 2), m.start).some((t) => this.marks.holderOf.has(t)) && tokens.slice(Math.max(0, m.start - 3), m.start).some((t, k, near) => CARD_WORDS.has(t) || this.marks.cardPronoun.has(t) || cardBefore(m.start - near.length + k));
    const elsewhere = (m: PhraseMatch) =>
      !!lead && !!leadProfession && !this.kb.isStaff(leadProfession) && m.start > lead.start && (this.marks.place.has(tokens[m.start - 1] ?? '') || anotherCard(m)) && this.kb.profiles.get(m.id)?.profession !== leadProfession;
    const profiles = unique(rank(of('profile').filter((m) => !elsewhere(m))).map((m) => m.id));
    const professions = unique(rank(of('profession')).map((m) => m.id));

    const resolved = this.resolveUses(tokens, matches);
    return {
      profiles,
      professions,
      statuses: unique(statuses),
      uses: resolved.uses,
      useGroups: resolved.groups,
      groupUses: resolved.fromGroups,
      verbUses: unique(tokens.flatMap((t) => (this.verbStems.get(stem(t)) ?? []).map((v) => v.use))),
      abbreviations: unique(of('abbreviation').map((m) => m.id)),
      cards: unique(of('card').map((m) => m.id)),
      ambiguity: ambiguity ? this.kb.ambiguities[Number(ambiguity.id)] : undefined,
      matches,
    };
  }

  /**
   * Uses named outright, plus uses of a group named by its short form (« le DMP »): the
   * verbs of the message pick the uses of the group (« consulter et alimenter le DMP »);
   * with no verb, every use of the group is meant.
   */
  private resolveUses(tokens: string[], matches: PhraseMatch[]): { uses: string[]; groups: string[]; fromGroups: string[] } {
    const uses: Array<{ id: string; at: number }> = [];
    const namedGroups: string[] = [];
    const fromGroups: string[] = [];
    const groups = new Set<string>();
    // « ma secrétaire peut faire les feuilles de soins et moi je signe (je télétransmets) après ? »: after a use named, « et je »,
    // « moi je » + a verb or a use says what the asker does, not which use is asked
    const named = matches.filter((m) => m.kind === 'use' || m.kind === 'useGroup');
    const askerDoes = (i: number) => this.marks.asker.has(tokens[i - 1] ?? '') && (this.marks.followUp.has(tokens[i - 2] ?? '') || this.marks.asker.has(tokens[i - 2] ?? '')) && named.some((m) => m.end < i - 2);
    for (const m of matches) {
      if (m.kind === 'use' && askerDoes(m.start)) continue;
      if (m.kind === 'use') {
        uses.push({ id: m.id, at: m.start });
        const g = this.kb.uses.get(m.id)?.group;
        if (g) groups.add(g);
      }
      if (m.kind === 'useGroup') groups.add(m.id);
    }
    const covered = (i: number) => matches.some((m) => (m.kind === 'use' || m.kind === 'useGroup') && i >= m.start && i < m.end);
    for (const group of groups) {
      const picked: Array<{ id: string; at: number }> = [];
      tokens.forEach((t, i) => {
        if (covered(i) || askerDoes(i)) return;
        for (const v of this.verbStems.get(stem(t)) ?? []) {
          if (v.group !== group) continue;
          // a verb followed closely by another use belongs to that use (« consulter Amelipro »)
          const next = matches.find((m) => m.start > i && m.start <= i + 3 && (m.kind === 'use' || m.kind === 'abbreviation'));
          if (next && next.kind === 'use' && this.kb.uses.get(next.id)?.group !== group) continue;
          // (the sigle's long form too: « ouvrir le dossier médical partagé » is the DMP's)
          if (next && next.kind === 'abbreviation' && !this.kb.usesInGroup(group).some((u) => u.abbreviation && (next.phrase.toLowerCase().includes(u.abbreviation.toLowerCase()) || next.id === u.abbreviation.toLowerCase()))) continue;
          picked.push({ id: v.use, at: i });
        }
      });
      // « je peux l'alimenter, mais est-ce que je peux le consulter ? »: after « mais », what is asked
      const contrastAt = tokens.reduce((at, t, i) => (this.contrasts.has(t) ? i : at), -1);
      // (« … mais pas le consulter, c'est ça ? » asks of both)
      const after = picked.filter((p) => p.at > contrastAt && !tokens.slice(contrastAt + 1, p.at).some((t) => this.marks.negation.has(t)));
      if (contrastAt >= 0 && after.length > 0 && after.length < picked.length) picked.splice(0, picked.length, ...after);
      const groupMentions = matches.filter((m) => m.kind === 'useGroup' && m.id === group);
      if (picked.length > 0) uses.push(...picked);
      else if (groupMentions.length > 0 && !uses.some((u) => this.kb.uses.get(u.id)?.group === group)) {
        namedGroups.push(group);
        for (const u of this.kb.usesInGroup(group)) {
          uses.push({ id: u.id, at: groupMentions[0].start });
          fromGroups.push(u.id);
        }
      }
    }
    return { uses: [...new Set(uses.sort((a, b) => a.at - b.at).map((u) => u.id))], groups: namedGroups, fromGroups };
  }
}

/** What the user's words say of their profile. */
export type ProfileResolution =
  | { kind: 'none' }
  | { kind: 'profile'; profileId: string; statusIgnored?: string }
  | { kind: 'needStatus'; profession: string }
  | { kind: 'needProfession'; status: string }
  | { kind: 'ambiguous'; profiles: string[]; question: string };

/**
 * Works out the profile from what the message says, completed by what the user said
 * earlier in an unfinished profile question (a status or a profession given alone).
 */
export function resolveProfile(
  kb: KnowledgeBase,
  entities: Pick<Entities, 'profiles' | 'professions' | 'statuses' | 'ambiguity'>,
  known: { profession?: string; status?: string } = {},
): ProfileResolution {
  if (entities.ambiguity && entities.profiles.length === 0 && entities.professions.length === 0) {
    // « ortho remplaçante »: the status said chooses the page of each profession (« Orthophoniste remplaçant », « Orthoptiste »)
    const said = entities.statuses[0] ?? known.status;
    const pages = entities.ambiguity.profiles.map((id) => (said && kb.profileFor(kb.profiles.get(id)?.profession ?? '', said)?.id) || id);
    return { kind: 'ambiguous', profiles: [...new Set(pages)], question: entities.ambiguity.question };
  }
  // « secrétaire salariée »: the pages of employees say nothing more with « salarié »
  const employees = [...entities.profiles.map((id) => kb.profiles.get(id)?.profession), ...entities.professions].some((p) => kb.isStaff(p));
  const status = employees && entities.statuses[0] === 'salarie' ? entities.statuses[1] : entities.statuses[0];
  if (entities.profiles.length > 0) {
    const direct = kb.profiles.get(entities.profiles[0])!;
    // a status stated beside a profile's own phrase (« secrétaire médicale remplaçante ») has no page of its own
    // (only from a titulaire page: « étudiant en médecine qui remplace » stays en formation)
    if (status && status !== direct.status && direct.status === 'titulaire') {
      const other = kb.profileFor(direct.profession, status);
      if (other && entities.professions.length === 0) return { kind: 'profile', profileId: other.id };
      return { kind: 'profile', profileId: direct.id, statusIgnored: status === 'titulaire' ? undefined : status };
    }
    return { kind: 'profile', profileId: direct.id };
  }
  const profession = entities.professions[0] ?? (status ? known.profession : undefined);
  if (!profession) {
    if (status) return { kind: 'needProfession', status };
    return { kind: 'none' };
  }
  const options = kb.profilesOf(profession);
  const wanted = status ?? known.status;
  if (options.length === 1) {
    const only = options[0];
    return { kind: 'profile', profileId: only.id, statusIgnored: wanted && wanted !== only.status && wanted !== 'titulaire' ? wanted : undefined };
  }
  if (wanted) {
    const p = kb.profileFor(profession, wanted);
    if (p) return { kind: 'profile', profileId: p.id };
    const titulaire = kb.profileFor(profession, 'titulaire');
    if (titulaire) return { kind: 'profile', profileId: titulaire.id, statusIgnored: wanted };
  }
  return { kind: 'needStatus', profession };
}
