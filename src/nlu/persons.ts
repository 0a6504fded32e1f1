/**
 * Who a person named in a message is to the asker: the cues the reading uses to split the
 * profile facts between the asker and the person asked about (`Understanding.people`).
 * Each cue is one named rule, read on the folded tokens of one message with the marks of
 * lexicon.yaml › markers and the staff lists of professions.yaml, so that each can be
 * tested, and switched off, alone. Plain TypeScript, no Bot Framework.
 */
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import type { PhraseMatch } from './gazetteer';
import { Markers, markersOf } from './markers';
import { CARD_WORDS, normalizeText, tokenize } from './normalize';

/** The profession a profile or profession match names (a page's profession for a page; '' for anything else). */
export function professionOfMatch(kb: KnowledgeBase, m: PhraseMatch): string {
  return m.kind === 'profession' ? m.id : (kb.profiles.get(m.id)?.profession ?? '');
}

/** What the cues read besides the message: the marks, and what the knowledge base says of staff. */
export interface PersonCueContext {
  kb: KnowledgeBase;
  words: Markers['words'];
  phrases: Markers['phrases'];
  /** the lists as phrases that end the words tested (ownTask before a staff word, having before « un / une », cleft before the article) */
  endings: Markers['endings'];
  /** professions.yaml › staff.employers, folded: « preparatrice » → pharmacien */
  staffEmployers: Map<string, string>;
}

/** The context of the cues for a knowledge base (built once, with the reading). */
export function personCueContext(kb: KnowledgeBase): PersonCueContext {
  const marks = markersOf(kb.lexicon.markers);
  return {
    kb,
    words: marks.words,
    phrases: marks.phrases,
    endings: marks.endings,
    staffEmployers: new Map(Object.entries(kb.staff.employers).flatMap(([profession, list]) => list.map((p) => [tokenize(normalizeText(p)).join(' '), profession] as const))),
  };
}

/** The kinds of match that name a person: a page or a profession. */
export const PROFILE_KINDS: ReadonlySet<string> = new Set(['profile', 'profession']);

export class PersonCues {
  /** the message asks what the asker can do (« je peux … ? »): a card named is not someone else's question */
  readonly asksForSelf: boolean;

  constructor(
    private readonly tokens: string[],
    /** every entity match of the message */
    private readonly all: PhraseMatch[],
    /** the matches of a profession or a page */
    private readonly matches: PhraseMatch[],
    private readonly c: PersonCueContext,
  ) {
    this.asksForSelf = c.phrases.selfAbility.test(tokens.join(' '));
  }

  private at(i: number): string {
    return this.tokens[i] ?? '';
  }

  /** The profession a match names (a page's profession for a page). */
  professionOf(m: PhraseMatch): string {
    return professionOfMatch(this.c.kb, m);
  }

  /** « ma secrétaire », « nos kinés »: a possessive before; not « ma pharmacie », « notre cabinet infirmier » (a structure, or its kind). */
  isOther(m: { start: number }): boolean {
    const w = this.c.words;
    if (w.structures.has(this.at(m.start)) || w.structures.has(this.at(m.start - 1))) return false;
    if (this.ownerOfAThing(m)) return false;
    // (« mes bilans podo »: the possessive is the thing's, a word of a thing comes between)
    if (w.thingNouns.has(this.at(m.start - 1))) return false;
    return this.tokens.slice(Math.max(0, m.start - 2), m.start).some((t) => w.possessive.has(t));
  }

  /**
   * « j'aimerais consulter le DMP des patients de ma titulaire »: someone named after « de » as the owner of a thing (not of a
   * card, nor of a person), after a « je »: a mention; the asker asks for themselves.
   */
  private ownerOfAThing(m: { start: number }): boolean {
    const w = this.c.words;
    if (!w.possessive.has(this.at(m.start - 1)) || !w.partitive.has(this.at(m.start - 2))) return false;
    const thing = m.start - 3;
    const named = (x: PhraseMatch) => thing >= x.start && thing < x.end && (x.kind === 'card' || x.kind === 'abbreviation' || PROFILE_KINDS.has(x.kind));
    if (thing < 0 || CARD_WORDS.has(this.at(thing)) || this.all.some(named)) return false;
    return this.tokens.slice(0, thing).some((t) => w.asker.has(t));
  }

  /**
   * « je peux mettre en lot les factures préparées par ma secrétaire ? »: someone named after « par », who did a thing, after a
   * « je » and with no « elle / il » after them (not « je suis remplacée par ma collègue, elle peut … ? »): a mention.
   */
  agentOfAThing(m: { start: number }): boolean {
    const w = this.c.words;
    if (!w.possessive.has(this.at(m.start - 1)) || !w.agent.has(this.at(m.start - 2))) return false;
    return this.tokens.slice(0, m.start - 2).some((t) => w.asker.has(t)) && !this.tokens.slice(m.start).some((t) => w.thirdPerson.has(t));
  }

  /** « je suis infirmière », « inscrite depuis »: said of the asker. */
  said(m: PhraseMatch): boolean {
    return this.c.words.accomplished.has(this.at(m.start - 1)) || this.c.words.accomplished.has(this.at(m.start - 2));
  }

  /** « il est en formation », « elle est remplaçante »: said of « il / elle », not of the asker. */
  saidOfThem(m: PhraseMatch): boolean {
    const before = this.tokens.slice(Math.max(0, m.start - 3), m.start);
    const verb = before.findIndex((t) => this.c.words.passive.has(t));
    return verb > 0 && this.c.words.thirdPerson.has(before[verb - 1]);
  }

  /** « avec une orthoptiste »: someone one works with. */
  alongside(m: PhraseMatch): boolean {
    const w = this.c.words;
    if (!w.indefinite.has(this.at(m.start - 1))) return false;
    if (w.alongside.has(this.at(m.start - 2))) return true;
    // « avec 2 collaborateurs et une secrétaire »: a later person of a list opened by « avec »
    if (!w.listJoiners.has(this.at(m.start - 2))) return false;
    const inList = (i: number) => this.count(i) || w.indefinite.has(this.at(i)) || w.listJoiners.has(this.at(i)) || this.all.some((x) => i >= x.start && i < x.end);
    for (let i = m.start - 3; i >= Math.max(0, m.start - 9); i--) {
      if (w.alongside.has(this.at(i))) return true;
      if (!inList(i)) return false;
    }
    return false;
  }

  /** « assistante chez un audioprothésiste », « chez le kiné »: the employer, with any article. */
  employedAt(m: PhraseMatch): boolean {
    const w = this.c.words;
    return w.employedAt.has(this.at(m.start - 1)) || (w.employedAt.has(this.at(m.start - 2)) && (w.indefinite.has(this.at(m.start - 1)) || w.definite.has(this.at(m.start - 1))));
  }

  /** « je m'occupe de l'accueil », « je travaille au secrétariat »: the asker's own job (staff words only: « je travaille à la pharmacie » makes no pharmacist). */
  ownTask(m: PhraseMatch): boolean {
    const w = this.c.words;
    if (m.kind !== 'profession' || !this.c.kb.isStaff(m.id)) return false;
    const before = this.tokens.slice(Math.max(0, m.start - 6), m.start).filter((t) => !w.definite.has(t) && !w.contracted.has(t) && !w.partitive.has(t));
    return this.c.endings.ownTask.test(before.join(' '));
  }

  /** « inscrite à l'ordre des sages-femmes »: the asker's own profession (or own job), never an employer. */
  ownBody(m: PhraseMatch): boolean {
    return this.ownTask(m) || this.c.words.ownBody.has(this.at(m.start - 2)) || this.c.words.ownBody.has(this.at(m.start - 3));
  }

  /** « titulaire de la pharmacie », « associé du cabinet dentaire »: a structure after a status, the asker's own (its practitioner's profession). */
  ownPlace(m: PhraseMatch): boolean {
    if (!this.c.words.structures.has(this.at(m.start))) return false;
    return this.all.some((x) => x.kind === 'status' && m.start - x.end >= 1 && m.start - x.end <= 2 && this.c.words.complement.has(this.at(x.end)));
  }

  /** « pour le docteur », « du kiné », « chez un audioprothésiste », « avec une orthoptiste »: whom one works for or with. */
  employerOf(m: PhraseMatch): boolean {
    const w = this.c.words;
    if (this.ownBody(m) || this.ownPlace(m)) return false;
    if (this.alongside(m) || this.employedAt(m) || this.placeOf(m) || this.staffOf(m)) return true;
    return m.kind === 'profession' && ((w.complement.has(this.at(m.start - 2)) && w.definite.has(this.at(m.start - 1))) || w.contracted.has(this.at(m.start - 1)));
  }

  /**
   * « secrétaire dans un cabinet de médecins », « au cabinet d'infirmiers »: beside a staff word, the practitioners of a structure
   * named with « de » (not « mon cabinet de kiné »: with no staff word, the asker's own).
   */
  private placeOf(m: PhraseMatch): boolean {
    const staffSaid = this.matches.some((o) => o !== m && this.c.kb.isStaff(this.professionOf(o)));
    // (« j'embauche une secrétaire dans mon cabinet d'orthophonie »: « mon cabinet » is the asker's own)
    const ownStructure = this.c.words.possessive.has(this.at(m.start - 3));
    return staffSaid && !ownStructure && m.kind === 'profession' && this.c.words.structures.has(this.at(m.start - 2)) && this.c.words.holderOf.has(this.at(m.start - 1)) && !this.c.words.contracted.has(this.at(m.start - 1));
  }

  /** « la secrétaire d'une orthoptiste », « secrétaire du kiné »: a practitioner named right after a staff word and « de », whom they work for. */
  private staffOf(m: PhraseMatch): boolean {
    const w = this.c.words;
    const article = w.indefinite.has(this.at(m.start - 1)) || w.definite.has(this.at(m.start - 1));
    const of = article && w.holderOf.has(this.at(m.start - 2)) ? m.start - 2 : w.contracted.has(this.at(m.start - 1)) ? m.start - 1 : -1;
    // (not « secrétaire d'une société d'ambulances »: a company whose staff has a page of its own, professions.yaml › staff.pageByEmployer)
    if (this.c.kb.staff.pageByEmployer[this.professionOf(m)]) return false;
    return of > 0 && this.matches.some((o) => o !== m && o.end === of && this.c.kb.isStaff(this.professionOf(o)));
  }

  /** « je suis infirmière et je fais des prises de sang pour un labo »: with the asker's own profession said, « pour un … » is whom one works for. */
  worksFor(m: PhraseMatch): boolean {
    return this.c.words.complement.has(this.at(m.start - 2)) && this.c.words.indefinite.has(this.at(m.start - 1)) && this.matches.some((o) => o.id !== m.id && this.said(o));
  }

  /** « je suis audioprothésiste, la secrétaire du centre peut-elle … »: beside who one is, « la secrétaire » is someone else. */
  theColleague(m: PhraseMatch): boolean {
    const w = this.c.words;
    const next = this.tokens.slice(m.end, m.end + 4);
    const asksOfThem = next.some((t) => w.sameQuestion.has(t)) && !next.some((t) => w.asker.has(t));
    return w.definite.has(this.at(m.start - 1)) && !this.said(m) && asksOfThem && this.matches.some((o) => o.id !== m.id && o.kind === m.kind && this.said(o));
  }

  /** Where a card named ends at token i (« carte », « CPS »), or undefined. */
  private cardEndingAt(i: number): number | undefined {
    if (CARD_WORDS.has(this.at(i))) return i;
    return this.all.find((c) => c.kind === 'card' && c.end === i + 1)?.start;
  }

  /** « la CPS du Dr Lebon », « la carte de la kiné »: the card's holder, someone else (not « ma carte de secrétaire », not « je peux … ou faut la carte du pharmacien ? »). */
  holder(m: PhraseMatch): boolean {
    const w = this.c.words;
    if (this.asksForSelf) return false;
    const cardAt = w.contracted.has(this.at(m.start - 1))
      ? this.cardEndingAt(m.start - 2)
      : w.complement.has(this.at(m.start - 2)) && w.definite.has(this.at(m.start - 1))
        ? this.cardEndingAt(m.start - 3)
        : undefined;
    return cardAt !== undefined && !w.firstPerson.has(this.at(cardAt - 1));
  }

  /** « on a une secrétaire, elle peut … ? »: a staff member brought in with « une », then « elle »: the one asked about. */
  introduced(m: PhraseMatch): boolean {
    return this.c.kb.isStaff(this.professionOf(m)) && this.c.words.indefinite.has(this.at(m.start - 1)) && !this.said(m) && this.tokens.slice(m.end).some((t) => this.c.words.thirdPerson.has(t));
  }

  /** « j'ai une assistante médicale », « on a un remplaçant », « j'ai deux vendeuses »: someone one has beside oneself, not the asker (not « je suis une … »). */
  had(m: { start: number }): boolean {
    if (this.c.words.structures.has(this.at(m.start))) return false;
    return (this.c.words.indefinite.has(this.at(m.start - 1)) || this.count(m.start - 1)) && this.c.endings.having.test(this.tokens.slice(Math.max(0, m.start - 4), m.start - 1).join(' '));
  }

  /** « et pour la secrétaire de l'accueil ? »: a follow-up that opens on « et pour » + an article names the person now asked about. */
  askedFor(m: PhraseMatch): boolean {
    const w = this.c.words;
    const article = this.at(m.start - 1);
    if (!w.definite.has(article) && !w.indefinite.has(article)) return false;
    const before = this.tokens.slice(0, m.start - 1).filter((t) => !w.leadIn.has(t));
    // (« et les infirmières de l'HAD alors ? », « et le médecin ? »: « et » then the person, in a short follow-up)
    // (« et l'opticien d'à côté qui bosse avec nous ? »: longer, with no « je » or « moi »)
    const short = this.tokens.length <= 8 || (this.tokens.length <= 12 && !this.tokens.some((t) => w.asker.has(t)));
    const plainFollowUp = before.length === 1 && w.followUp.has(before[0]) && w.definite.has(article) && short;
    return (before.length === 2 && w.followUp.has(before[0]) && w.forWhom.has(before[1])) || plainFollowUp;
  }

  /** « c'est (obligatoirement) moi qui les signe, ou la secrétaire peut ? »: where the asker is put forward (the question is the asker's), or -1. */
  askerPutForward(): number {
    const w = this.c.words;
    for (let i = 0; i < this.tokens.length; i++) {
      if (!w.asker.has(this.tokens[i]) || !w.relative.has(this.at(i + 1))) continue;
      for (let k = 1; k <= 2; k++) if (this.c.endings.cleft.test(this.tokens.slice(Math.max(0, i - k - 3), i - k + 1).join(' '))) return i;
    }
    return -1;
  }

  /** « … ou la secrétaire peut le faire ? » after « c'est moi qui … »: a person named with « le / la » and not said to be the asker (not « les secrétaires, c'est moi qui commande leurs cartes ? »). */
  mentionedAfter(m: PhraseMatch, at: number): boolean {
    return at >= 0 && m.start > at && this.c.words.definite.has(this.at(m.start - 1)) && !this.said(m);
  }

  /** « c'est le médecin qui doit le faire ? »: the person a cleft sentence puts forward, someone else (not « c'est moi qui … »). */
  cleft(m: PhraseMatch): boolean {
    const w = this.c.words;
    const article = this.at(m.start - 1);
    if (!w.definite.has(article) && !w.indefinite.has(article)) return false;
    return w.relative.has(this.at(m.end)) && this.c.endings.cleft.test(this.tokens.slice(Math.max(0, m.start - 4), m.start - 1).join(' '));
  }

  /** « un des médecins qui consultent chez nous », « une de nos secrétaires »: one of several people, someone else. */
  oneOf(m: { start: number }): boolean {
    const w = this.c.words;
    const article = this.at(m.start - 1);
    const of = w.contracted.has(article) || w.possessive.has(article) ? m.start - 1 : -1;
    const partitive = w.possessive.has(article) && w.partitive.has(this.at(m.start - 2)) ? m.start - 2 : of;
    return partitive > 0 && w.indefinite.has(this.at(partitive - 1));
  }

  /** « mon fils est kiné », « ma fille, interne en médecine », « mon mari vient de finir ses études de dentaire »: said of a relative of the asker. */
  ofARelative(m: { start: number }): boolean {
    const w = this.c.words;
    for (let k = m.start - 1; k >= Math.max(1, m.start - 7); k--) {
      if (w.asker.has(this.at(k)) || w.accomplished.has(this.at(k))) return false;
      if (w.relatives.has(this.at(k)) && w.possessive.has(this.at(k - 1))) return true;
    }
    return false;
  }

  /** Someone else by the way they are named: « ma secrétaire », « la CPS du Dr Lebon », « on a une secrétaire, elle … »,
   * « j'ai une assistante », « un des médecins », « c'est le médecin qui … », « et pour la secrétaire ? ». */
  namedAsSomeoneElse(m: PhraseMatch): boolean {
    return this.isOther(m) || this.holder(m) || this.introduced(m) || this.had(m) || this.oneOf(m) || this.cleft(m) || this.askedFor(m) || this.ofARelative(m);
  }

  /** « j'embauche une secrétaire » (not « je viens d'être embauchée comme secrétaire »: the asker was hired). */
  hired(m: PhraseMatch): boolean {
    const w = this.c.words;
    for (let i = Math.max(0, m.start - 3); i < m.start; i++) if (w.hiring.has(this.at(i)) && !w.passive.has(this.at(i - 1))) return true;
    // « nouvelle préparatrice, quelle carte ? » (not « je suis la nouvelle secrétaire », « nouvelle infirmière, j'étais remplaçante »):
    // the message opens on a newcomer, and no « je » says who writes (nor « mes … », « nouveau titulaire : mes préparatrices … »)
    return m.start === 1 && w.newcomer.has(this.at(0)) && !this.tokens.some((t) => w.asker.has(t) || w.firstPerson.has(t));
  }

  /** « la titulaire me demande… » (not « je suis la remplaçante »): someone else, with « la ». */
  theOther(m: PhraseMatch): boolean {
    return this.c.words.singularDefinite.has(this.at(m.start - 1)) && !this.c.words.accomplished.has(this.at(m.start - 2));
  }

  /**
   * « le remplaçant pourra consulter le DMP avec sa carte ? »: the message opens on « le / la » + a person, and no « je », « moi »
   * or « ma » says who writes: the person asked about (not « la titulaire me demande si je peux … »).
   */
  opensTheQuestion(m: PhraseMatch): boolean {
    const w = this.c.words;
    const before = this.tokens.slice(0, Math.max(0, m.start - 1)).filter((t) => !w.leadIn.has(t) && !w.followUp.has(t));
    return before.length === 0 && this.theOther(m) && !this.tokens.some((t) => w.asker.has(t) || w.firstPerson.has(t));
  }

  /** « et la titulaire que je remplace, elle peut ? »: « la » + a status, then « elle »: the person asked about. */
  namedThenThem(m: PhraseMatch): boolean {
    return this.theOther(m) && !this.said(m) && this.tokens.slice(m.end).some((t) => this.c.words.thirdPerson.has(t));
  }

  /** « mon remplacement », « à l'hôpital »: a status word that names an activity or a place, no person. */
  aPerson(m: PhraseMatch): boolean {
    return !this.tokens.slice(m.start, m.end).some((t) => this.c.words.activityNouns.has(t));
  }

  /** « elle travaille aussi pour mon associé »: after « elle … pour », the person one works for, not the one asked about. */
  employerOfThem(m: PhraseMatch): boolean {
    const w = this.c.words;
    if (w.complement.has(this.at(m.start - 2)) && this.tokens.slice(0, m.start).some((t) => w.thirdPerson.has(t))) return true;
    // « elle assiste aussi mes 2 associés »: « elle », a verb, then the people she works for (not « elle est ma remplaçante »: who she is)
    const own = w.possessive.has(this.at(m.start - 1)) ? m.start - 1 : w.possessive.has(this.at(m.start - 2)) && this.count(m.start - 1) ? m.start - 2 : -1;
    if (own < 0) return false;
    const pronoun = this.tokens.slice(Math.max(0, own - 4), own).findIndex((t) => w.thirdPerson.has(t));
    if (pronoun < 0) return false;
    return !w.beForms.has(this.at(Math.max(0, own - 4) + pronoun + 1));
  }

  /** « 2 », « trois », « quelques »: a number of people before a noun. */
  private count(i: number): boolean {
    return /^\d+$/.test(this.at(i)) || this.c.words.counts.has(this.at(i));
  }

  /** « ma préparatrice », « je suis prépa »: the profession of whoever employs that staff member (professions.yaml › staff.employers). */
  employerOfStaff(m: PhraseMatch): string | undefined {
    return this.c.staffEmployers.get(this.tokens.slice(m.start, m.end).join(' '));
  }
}
