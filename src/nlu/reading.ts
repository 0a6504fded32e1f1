/**
 * One explicit reading of each message: who speaks and about whom, what is asked, the
 * profile facts with their polarity (stated, denied, in the past), the uses, cards and
 * terms named, whether the message is in English. Built from the recognizer's result on
 * the question part of the message (a pasted e-mail or a story before the question does
 * not decide what is asked). A plain value, testable without the Bot Framework.
 */
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import { IntentId, domainQuestion, isIntent } from '../domain/intents';
import { plainOneLine } from '../domain/text';
import type { Entities } from './entities';
import type { PhraseMatch } from './gazetteer';
import { CARD_WORDS, foldWords, lexiconOf, normalizeText, toTokens, tokenize } from './normalize';
import { Markers, markersOf, saidRightAfter, statusDenied } from './markers';
import { PersonCueContext, PersonCues, PROFILE_KINDS, personCueContext, professionOfMatch } from './persons';
import { TextCache } from './textCache';
import { AskedSignals, settleAsked } from './askedRules';
import type { Command, Recognition, Recognizer } from './recognizer';

/** Facts about one person (the asker, or the person the question is about). */
export interface PersonFacts {
  profiles: string[];
  professions: string[];
  /** statuses that hold now, last stated first */
  statuses: string[];
  /** statuses said not to hold (« je ne suis plus remplaçante », « j'étais salarié », « je m'installe en janvier ») */
  denied: string[];
  /** of the denied, those said for the future (« je m'installe en janvier »): the page of a card to come */
  upcoming?: string[];
  /** statuses the time spoken of is after (« après la thèse »: en formation, professions.yaml › statuses › endedBy): they no longer prevail */
  ended?: string[];
  /** a person the guide has no page for (« centre de santé », « assistante dentaire ») */
  uncovered?: { id: string; label: string; nearest: string };
  ambiguity?: Entities['ambiguity'];
  /** pages one of which is meant (« mes chauffeurs »: taxi or ambulancier) */
  candidates?: string[];
  /** an employee of the asker, whose employer's profession is not known yet */
  staffOfAsker?: boolean;
  /** « ma collaboratrice »: the status word that names that employee, who may be a colleague in her own name (KnowledgeBase › colleaguePage) */
  colleagueStatus?: string;
  /** someone the guide gives no card (« je suis comptable »: professions.yaml › noCard) */
  noCard?: { id: string; label: string };
  /** a workplace named alone (« à l'officine »): the practitioner's profession if the person turns out to be one */
  workplace?: string;
  /** the profession of whoever employs this person (« je suis prépa »: a pharmacist), from professions.yaml › staff.employers */
  employer?: string;
}

export interface Reading {
  command?: Command;
  intent: IntentId;
  confidence: number;
  /** the question is about someone else's card (« ma préparatrice », « mes chauffeurs ») */
  about: 'self' | 'other';
  /** the person the question is about */
  subject: PersonFacts;
  /** the asker, when the question is about someone else */
  speaker?: PersonFacts;
  /** a card lent or borrowed (« il peut me prêter sa CPS ? »): the answer first says a card is its holder's alone */
  lending?: boolean;
  /** the asker's own card is named (« ma CPS », « ma carte ») */
  ownCard?: boolean;
  /** the subject is the asker as they will be (« et si je m'installe l'an prochain ? »): not kept as who they are */
  future?: boolean;
  /** two statuses that hold at once and lead to different pages (« libéral » and « en clinique ») */
  conflict?: string[];
  /** a case the guide does not describe for the card (« j'ai changé de nom », « je pars à la retraite », lexicon › markers › unguidedEvents) */
  unguided?: boolean;
  /** the statuses whose activity the message names (« pour le cabinet », professions.yaml › statuses › activityWords): for someone with two activities */
  activityStatuses?: string[];
  /** uses named outright */
  uses: string[];
  /** groups of uses named by an everyday word (« mes factures », « le DMP ») with no step named */
  useGroups: string[];
  cards: string[];
  abbreviations: string[];
  /** the message is written in English */
  english: boolean;
  /** the user writes in the feminine (« infirmière remplaçante ») */
  feminine: boolean;
  /** « et si … », « et pour … » : a follow-up of the previous question */
  followUp: boolean;
  /** a second question in the same message, answered apart (its text, without markup) */
  another?: string;
  /** words of a card lost, damaged or refused (« perdue », « lecteur », « PIN »): a lost or broken card is meant, even in a follow-up */
  cardTrouble: boolean;
  /** words that put the question outside the cards (lexicon › outside): out of scope whatever came before */
  outOfField: boolean;
  /** the rules of askedRules.ts that changed what is asked, in order (names) */
  askedBy: string[];
  /** the recognizer's result on the question part, for the router's finer rules */
  recognition: Recognition;
}

/** Questions about a card to come: a status said for the future (« je m'installe en janvier ») decides the page. */
const FOR_THE_CARD_TO_COME = new Set<IntentId>(['card.which', 'card.obtain']);

/** A second question is sent back on a click: as long as a message may reasonably be. */
const MAX_ANOTHER_LENGTH = 200;


function sentences(text: string): string[] {
  return String(text ?? '')
    .split(/(?<=[?!.\n])\s+|\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export class Understanding {
  /** the reading marks of lexicon.yaml › markers, folded (« english », « past », « possessive » …) */
  private readonly words: Markers['words'];
  /** the same lists as whole phrases (« quelle carte », « c est quoi »: a definition asked …) */
  private readonly phrases: Markers['phrases'];
  /** the card ids (« cpe-anonyme »…), to tell a card's sigle (« cpe ») among the sigles named */
  private readonly cardIds: string[];
  private readonly staffWords: Set<string>;
  private readonly driverWords: Set<string>;
  /** what the person cues read besides the message (see persons.ts) */
  private readonly cues: PersonCueContext;
  /** the words of aside (lexicon.yaml › markers › aside) as found in text folded letter for letter */
  private readonly asideWords: RegExp;
  /** each status's weak synonyms (« libéral », professions.yaml › statuses › weakSynonyms), as the message's tokens read them */
  private readonly weakStatusWords: Map<string, Set<string>>;
  /** each status's own workplaces (« mon cabinet », professions.yaml › statuses › ownPlaces), folded */
  private readonly ownPlaceWords: Map<string, Set<string>>;
  /** each status's words for its activity (« cabinet », « hôpital », professions.yaml › statuses › activityWords), folded */
  private readonly activityWords: Map<string, Set<string>>;
  /** each status's « après la thèse » (professions.yaml › statuses › endedBy), as the message's tokens read it */
  private readonly endings: Array<{ status: string; pattern: RegExp }>;

  constructor(
    private readonly kb: KnowledgeBase,
    private readonly recognizer: Recognizer,
  ) {
    const marks = markersOf(kb.lexicon.markers);
    this.words = marks.words;
    this.phrases = marks.phrases;
    this.staffWords = foldWords(kb.staff.phrases);
    this.driverWords = foldWords(kb.staff.drivers);
    this.cardIds = [...kb.cards.keys()];
    this.cues = personCueContext(kb);
    const lexicon = lexiconOf(kb.lexicon);
    this.weakStatusWords = new Map([...kb.statuses.values()].map((st) => [st.id, new Set(st.weakSynonyms.map((p) => toTokens(p, lexicon).join(' ')))]));
    this.ownPlaceWords = new Map([...kb.statuses.values()].map((st) => [st.id, foldWords(st.ownPlaces)]));
    this.activityWords = new Map([...kb.statuses.values()].map((st) => [st.id, foldWords(st.activityWords)]));
    this.endings = [...kb.statuses.values()].flatMap((st) => {
      const phrases = st.endedBy.map((p) => toTokens(p, lexicon).join(' ')).filter(Boolean);
      return phrases.length > 0 ? [{ status: st.id, pattern: new RegExp(`\\b(${phrases.join('|')})\\b`) }] : [];
    });
    const aside = (kb.lexicon.markers.aside ?? []).map((p) => tokenize(normalizeText(p)).join("[\\s'’-]+")).filter(Boolean);
    this.asideWords = aside.length > 0 ? new RegExp(`(^|[^\\p{L}])(${aside.join('|')})(?![\\p{L}])`, 'u') : /(?!)/;
  }

  /** Recent readings (see TextCache). */
  private readonly cache = new TextCache<Reading>();

  /** The reading of a text; the result is shared and must not be modified. */
  read(text: string): Reading {
    return this.cache.get(String(text ?? ''), (t) => this.readUncached(t));
  }

  private readUncached(text: string): Reading {
    // « ma CPS est bloquée et au passage c'est quoi l'INSi ? »: the question is before « au passage », what follows is offered apart
    const aside = this.asideOf(text);
    if (aside) return { ...this.read(aside.question), another: plainOneLine(aside.other).slice(0, MAX_ANOTHER_LENGTH) };
    const full = this.recognizer.recognize(text);
    const raw = tokenize(normalizeText(text));
    const english = this.isEnglish(raw);
    // the question part: the sentences that ask (a « ? », or the last sentence of a long message)
    let question = full;
    // the words of the sentences that ask (for the marks read on the question only)
    let askedPart = text;
    const parts = sentences(text);
    let another: string | undefined;
    if (parts.length > 1) {
      let asking = parts.filter((s) => s.includes('?'));
      // « quelle carte pour ma secrétaire ? et est-ce qu'elle pourra télétransmettre ? »: two questions of the domain,
      // each its own: the first is answered, the second offered (its text, without markup)
      const [a, b] = asking.slice(-2);
      // « moi, titulaire, je signe … avec ma carte ? et ma préparatrice, elle peut aussi ? »: the asker's question, then the same for
      // someone else named with « ma / mon »: the message is read without the second, offered apart (the person it names is not the asker's subject)
      const at = b ? text.lastIndexOf(b) : -1;
      if (b && at >= 0 && this.thenForSomeoneElse(a, b)) return { ...this.read(`${text.slice(0, at)}${text.slice(at + b.length)}`), another: plainOneLine(b).slice(0, MAX_ANOTHER_LENGTH) };
      if (b && this.twoQuestions(a, b)) {
        another = plainOneLine(b).slice(0, MAX_ANOTHER_LENGTH);
        asking = asking.slice(0, -1);
      }
      // without a « ? », the last sentence that is not only who one is (« … ne passe plus. secrétaire médicale »)
      const telling = parts.filter((s) => !this.onlyWhoOneIs(s));
      const focus = (asking.length > 0 ? asking.slice(-2) : telling.length > 0 ? telling.slice(-1) : parts.slice(-1)).join(' ');
      askedPart = focus;
      if (focus.length < text.length) {
        const q = this.recognizer.recognize(focus);
        // the question part decides what is asked when it says something of the domain, or when the whole says nothing
        // (« code de déblocage perdu, je fais comment ? je suis interne »: words of a card's trouble are of the domain too)
        const cardWords = q.tokens.some((t) => this.words.anchors.has(t) || this.words.damaged.has(t) || this.words.missing.has(t));
        const says = q.entities.matches.length > 0 || cardWords || full.intent === 'none' || full.intent === 'oos';
        if (q.command === undefined && q.intent !== 'none' && q.intent !== 'oos' && says) question = q;
      }
    }
    const e = full.entities;
    const joined = full.tokens.join(' ');
    // « je peux lui donner le code de ma carte pour qu'elle télétransmette ? »: the asker's card lent to someone
    const lendingOut = this.phrases.lendingOut.test(joined);
    const people = this.people(full.tokens, e, lendingOut);
    const intent: IntentId = english ? 'lang.english' : isIntent(question.intent) ? question.intent : 'none';
    const qe = question.entities;
    const groupUses = new Set(qe.groupUses);
    const uses = (qe.uses.length > 0 ? qe.uses : question === full ? [] : e.uses).filter((u) => !groupUses.has(u));
    const useGroups = qe.uses.length > 0 ? qe.useGroups : question === full ? [] : e.useGroups;
    // the sigles of the question part, else of the whole message
    const abbreviationsNamed = qe.abbreviations.length > 0 ? qe.abbreviations : e.abbreviations;
    const facts = people.subject;
    const signals = this.signals({ text, raw, askedPart, full, question, another, people, uses, useGroups, abbreviationsNamed });
    const { missing, faulty, outOfField } = signals;
    // what is asked: the classifier's intent, then the named rules of askedRules.ts, in order
    const { asked, applied } = settleAsked(signals, intent);
    // « je m'installe en janvier, quelle carte ? », « je pourrai consulter le DMP une fois installée ? »: the status to come decides
    // (« et si je m'installe l'an prochain ? » after a question: the same question, for the status to come)
    // (not a statement with no question: « je suis remplaçant, je vais m'installer en avril » says who one is today, and what is to come)
    const asking = text.includes('?') || this.phrases.questionWords.test(joined);
    const aboutTheFuture = (FOR_THE_CARD_TO_COME.has(asked) && (asking || !facts.upcoming || facts.statuses.length + facts.profiles.length === 0)) || ((asked === 'use.access' || asked === 'card.uses') && this.phrases.futureQuestion.test(joined)) || (this.isFollowUp(raw) && !!facts.upcoming && uses.length === 0);
    // « le titulaire peut-il me prêter sa CPS pour télétransmettre ? je suis préparateur »: a card lent or borrowed;
    // what the asker may do is asked of the asker's own page (a card is its holder's alone)
    const lending = lendingOut || this.phrases.lending.test(joined);
    const speakerSaid = !!people.speaker && people.speaker.profiles.length + people.speaker.professions.length > 0;
    // « médecin installé : ma CPS me permet de mettre en lot les FSE que ma secrétaire a préparées ? », « … et moi aussi ? »:
    // the asker's own card, or « moi aussi », is the asker's question; someone named beside it is only context
    // (not « ma secrétaire peut-elle … ? »: an ability said of them keeps the question theirs)
    // « ma CPS », « ma carte »: the asker's own card
    // (« ma propre carte »: a word of one's own may come between, lexicon › markers › own)
    const myWord = (i: number) => this.words.firstPerson.has(full.tokens[i] ?? '') || (this.words.own.has(full.tokens[i] ?? '') && this.words.firstPerson.has(full.tokens[i - 1] ?? ''));
    const mine = (names: (t: string, i: number) => boolean) => full.tokens.some((t, i) => names(t, i) && myWord(i - 1));
    const myCardSaid = mine((_, i) => this.cardWordAt(full.tokens, e, i));
    // (« ma CPE »: a sigle naming cards, glossary › cards, is the asker's card too, for the question of which one it is; not for whom asks)
    const myCardsSaid = mine((_, i) => e.matches.some((m) => m.kind === 'abbreviation' && m.start === i && !!this.kb.glossary.get(m.id)?.cards));
    const theirAbility = [...(people.othersAt ?? [])].some((i) => full.tokens.slice(i + 1, i + 4).some((t) => this.words.sameQuestion.has(t)));
    // (« ma vendeuse n'a pas de carte, moi j'ai la CPS d'opticien. Je peux signer … ? »: a question part of my own ability, naming nobody)
    const askedOfMe = question !== full && this.phrases.selfAbility.test(question.tokens.join(' ')) && !qe.matches.some((m) => PROFILE_KINDS.has(m.kind) || m.kind === 'status');
    // (the asker's profession named in the message, not only inferred from the staff named: « … avec ma CPE ? (préparatrice) »)
    const speakerNamed = !!people.speaker && e.matches.some((m) => PROFILE_KINDS.has(m.kind) && (people.speaker!.professions.includes(m.id) || people.speaker!.profiles.includes(m.id)));
    // (« je signe moi-même ou c'est la carte de la titulaire qu'il faut ? »: the asker, or the person named as the other choice: the asker's question)
    const firstOther = Math.min(...(people.othersAt ?? []));
    const choiceAt = full.tokens.findIndex((t, i) => i < firstOther && this.words.alternative.has(t));
    const meOrThem = choiceAt > 0 && full.tokens.slice(0, choiceAt).some((t) => this.words.asker.has(t));
    // (« je fais les papiers de mon mari infirmier, est-ce que je peux avoir une carte … ? »: nothing said of who asks, the question is
    // still theirs; their profile is asked, never taken from the person named)
    const speakerUnknown = !!people.speaker && !speakerSaid && !people.speaker.uncovered;
    // (not « avec ma CPE ambulancier », « avec la carte de ma vendeuse »: a card named, the asker's or someone's, says whose question it is)
    const aCardOf = full.tokens.some((t, i) => CARD_WORDS.has(t) && this.words.holderOf.has(full.tokens[i + 1] ?? ''));
    const myAbility = (question === full ? this.phrases.selfAbility.test(joined) : askedOfMe) && (intent === 'use.access' || intent === 'card.which') && !myCardSaid && !myCardsSaid && !aCardOf;
    const askerAsks = people.about === 'other' && !lending && !theirAbility && ((myCardSaid && speakerSaid) || this.phrases.meToo.test(joined) || (askedOfMe && speakerNamed) || (myAbility && speakerUnknown) || (meOrThem && speakerSaid));
    // (not a card lent to the person named: what they may do is asked of their own card)
    const askerInstead = (lending && !lendingOut && people.about === 'other' && speakerSaid) || askerAsks ? people.speaker : undefined;
    // « après la thèse, je ferai des remplacements »: the time spoken of is after the formation
    const ended = this.endings.filter((x) => x.pattern.test(joined)).map((x) => x.status);
    let subject: PersonFacts = askerInstead ?? people.subject;
    // « je suis expert-comptable de plusieurs infirmières, je peux avoir une carte … ? »: the asker is someone the guide gives no card;
    // the professionals named are their clients (not « je suis l'informaticien, il lui faut quoi comme carte, à l'orthophoniste ? »:
    // with a professional named, only a question of the asker's own ability is theirs)
    const professionalNamed = e.matches.some((m) => PROFILE_KINDS.has(m.kind));
    const ownQuestion = !professionalNamed || this.phrases.selfAbility.test(question.tokens.join(' '));
    const noCard = (askerInstead || people.about === 'self') && !lending && ownQuestion ? this.noCardOfAsker(full.tokens, e) : undefined;
    if (noCard) subject = { profiles: [], professions: [], statuses: [], denied: [], noCard };
    const present = subject;
    if (aboutTheFuture && people.about === 'self') {
      const coming = facts.upcoming?.[0] ?? (this.phrases.futureQuestion.test(joined) ? facts.statuses[0] : undefined);
      const page = facts.profiles[0] ? this.kb.profiles.get(facts.profiles[0]) : undefined;
      // (« interne, je vais faire des remplacements »: a status that prevails stays the page, the replacements to come too)
      const prevails = !!page && (this.kb.statuses.get(page.status ?? '')?.prevailsOver ?? []).includes(coming ?? '') && !ended.includes(page.status ?? '');
      if (coming && page && page.status !== coming && !prevails && this.kb.profileFor(page.profession, coming)) {
        subject = { ...facts, profiles: [], professions: [page.profession], statuses: [coming], denied: facts.denied.filter((d) => d !== coming) };
      } else if (coming && !page && facts.professions.length === 1 && facts.upcoming?.includes(coming) && this.kb.profileFor(facts.professions[0], coming)) {
        // « je suis son remplaçant ; après la reprise j'aurai accès à … ? »: the status to come, for the profession said
        subject = { ...facts, statuses: [coming], denied: facts.denied.filter((d) => d !== coming) };
      } else if (facts.statuses.length === 0 && facts.upcoming) {
        subject = { ...facts, statuses: facts.upcoming, denied: facts.denied.filter((d) => !facts.upcoming!.includes(d)) };
      }
    }
    if (ended.length > 0) subject = { ...subject, ended };
    return {
      command: full.command,
      intent: full.command ? 'help' : asked,
      confidence: question.confidence,
      askedBy: applied,
      about: askerInstead ? 'self' : people.about,
      subject,
      speaker: askerInstead ? undefined : people.speaker,
      ...(lending ? { lending } : {}),
      ...(myCardSaid || myCardsSaid ? { ownCard: true } : {}),
      // the page answered is the one to come (« une fois installée »): it says nothing of who the asker is today
      ...(subject !== present ? { future: true } : {}),
      conflict: people.conflict,
      ...this.activitiesNamed(full.tokens),
      ...(this.phrases.unguidedEvents.test(joined) ? { unguided: true } : {}),
      uses,
      useGroups,
      cards: qe.cards.length > 0 ? qe.cards : e.cards,
      abbreviations: abbreviationsNamed,
      english,
      // (« ma préparatrice peut … ? »: the feminine of someone else says nothing of the asker)
      // (« une consultation libérale », « un exercice libéral »: a word of a thing, not of the person, lexicon › markers › thingNouns)
      feminine: raw.some((t, i) => this.ofPerson(this.words.feminine, raw, i)) && !raw.some((t, i) => this.ofPerson(this.words.masculine, raw, i)) && (!people.othersAt || full.tokens.some((t, i) => this.ofPerson(this.words.feminine, full.tokens, i) && !people.othersAt!.has(i))),
      followUp: this.isFollowUp(raw),
      ...(another ? { another } : {}),
      cardTrouble: missing || faulty,
      outOfField,
      recognition: question === full ? full : { ...question, entities: { ...question.entities, profiles: e.profiles, professions: e.professions, statuses: e.statuses, ambiguity: e.ambiguity } },
    };
  }

  /** What the rules of askedRules.ts read of a message (none of it depends on what is asked). */
  private signals(m: {
    text: string;
    raw: string[];
    askedPart: string;
    full: Recognition;
    question: Recognition;
    another?: string;
    people: { about: 'self' | 'other'; subject: PersonFacts; relative?: boolean };
    uses: string[];
    useGroups: string[];
    abbreviationsNamed: string[];
  }): AskedSignals {
    const { text, raw, full, question, uses, useGroups, abbreviationsNamed } = m;
    const e = full.entities;
    const qe = question.entities;
    const joined = full.tokens.join(' ');
    const facts = m.people.subject;
    const has = (list: Set<string>) => full.tokens.some((t) => list.has(t));
    // (« CPS vs CPF ? »: read before the lexicon too, which takes « vs » for « vous »)
    const differenceSaid = this.phrases.difference.test(joined) || this.phrases.difference.test(raw.join(' '));
    // (« je peux signer les lots avec ma propre CPS ou il faut celle du titulaire ? »: a use asked for oneself stays a question of access)
    const mayI = uses.length > 0 && this.phrases.selfAbility.test(joined);
    const cardsNamed = (qe.cards.length > 0 ? qe.cards : e.cards).filter((c) => c !== 'e-cps');
    // (not from a second question offered apart: « puis-je consulter le DMP ? et c'est quoi la e-CPS ? »)
    const ecpsNamed = qe.cards.includes('e-cps') || qe.abbreviations.includes('e-cps') || (!m.another && e.cards.includes('e-cps'));
    const askedWords = tokenize(normalizeText(m.askedPart)).join(' ');
    // (« je suis perdue avec ces sigles »: the asker is lost, not the card)
    const missing = full.tokens.some((t, i) => this.words.missing.has(t) && !this.words.accomplished.has(full.tokens[i - 1] ?? ''));
    const cardTerms = new Set([...cardsNamed, ...abbreviationsNamed.filter((a) => this.cardSigle(a))]);
    // « ma remplaçante peut accéder au DMP avec sa carte à elle ? »: a use group with « peut », and no « quelle carte », stays a question of access
    const groupAt = e.matches.find((x) => x.kind === 'useGroup')?.start ?? -1;
    // (« CDS » names a workplace, not a card or a service)
    const placeSigle = (a: string) => e.matches.some((x) => x.kind === 'abbreviation' && x.id === a && e.matches.some((u) => u.kind === 'uncovered' && u.start <= x.start && x.end <= u.end));
    const namesCards = uses.length > 0 || cardsNamed.length > 0 || ecpsNamed || abbreviationsNamed.some((a) => !placeSigle(a));
    const aCard = cardsNamed.length > 0 || full.tokens.some((t) => CARD_WORDS.has(t));
    // the patient's carte Vitale, and no professional card: out of the field, even as an answer to a question
    const patientsCard = has(this.words.patientCard) && cardsNamed.length === 0 && !ecpsNamed;
    // (« accès au DMP … ou c'est mon logiciel qui bug ? » is of the domain; « mon logiciel de facturation plante » is not: the group names the software)
    const groupNamed = e.matches.some((x) => x.kind === 'useGroup' && !(this.words.complement.has(full.tokens[x.start - 1] ?? '') && this.words.offTopic.has(full.tokens[x.start - 2] ?? '')));
    return {
      text,
      full,
      question,
      e,
      qe,
      joined,
      askedWords,
      longEnough: raw.length > 2,
      uses,
      useGroups,
      abbreviationsNamed,
      cardsNamed,
      cardTerms,
      ecpsNamed,
      ecpsInQuestion: qe.cards.includes('e-cps') || qe.abbreviations.includes('e-cps'),
      facts,
      hasFacts: facts.profiles.length + facts.professions.length + facts.statuses.length + facts.denied.length > 0 || !!facts.uncovered,
      // (not a status word alone: « merci, ça m'aide pour mon installation ! » is thanks)
      aPersonSaid: facts.profiles.length + facts.professions.length > 0 || !!facts.uncovered || e.matches.some((x) => x.kind === 'status' && !full.tokens.slice(x.start, x.end).some((t) => this.words.activityNouns.has(t))),
      // (« je suis infirmière », « je suis le nouveau kiné », « je suis la nouvelle secrétaire »: an article and « nouveau » may come between)
      saysWhoIAm: e.matches.some((x) => {
        let k = x.start - 1;
        if (this.words.newcomer.has(full.tokens[k] ?? '')) k--;
        if (this.words.singularDefinite.has(full.tokens[k] ?? '') && k < x.start - 1) k--;
        return this.words.accomplished.has(full.tokens[k] ?? '') && this.words.asker.has(full.tokens[k - 1] ?? '') && PROFILE_KINDS.has(x.kind);
      }),
      aboutSelf: m.people.about === 'self',
      // « ma fille est … », « mon mari … »: the person spoken of is a relative of the asker (persons.ts › ofARelative)
      relativeSaid: !!m.people.relative,
      differenceSaid,
      mayI,
      renewal: has(this.words.renewal),
      missing,
      faulty: full.tokens.some((t) => this.words.damaged.has(t) || this.words.anchors.has(t)),
      // (a word of loss followed by a code or the reader, with no card word between: « perdu le code de déblocage de ma CPE »)
      codeMissing: full.tokens.some((t, i) => {
        if (!this.words.missing.has(t)) return false;
        const next = full.tokens.slice(i + 1, i + 4);
        const code = next.findIndex((x) => this.words.anchors.has(x));
        return code >= 0 && !next.slice(0, code).some((_, k) => this.cardWordAt(full.tokens, e, i + 1 + k));
      }),
      damaged: has(this.words.damaged),
      aCard,
      namesCards,
      ordering: this.phrases.order.test(joined) || this.phrases.orderPhrases.test(joined),
      namesWhich: this.phrases.namesWhich.test(joined),
      whichWords: !mayI && (this.phrases.whichCard.test(joined) || (cardTerms.size >= 2 && has(this.words.alternative) && !differenceSaid)),
      // (« ma secrétaire prépare les feuilles de soins, il lui faut quelle carte ? »: a use told, « quelle carte » asked, no ability asked)
      whichForUse: this.phrases.namesWhich.test(askedWords) && !has(this.words.sameQuestion) && !mayI,
      groupAbility: useGroups.length > 0 && full.tokens.some((t, i) => i < groupAt && this.words.sameQuestion.has(t)) && !this.phrases.namesWhich.test(joined),
      adeli: [...qe.abbreviations, ...e.abbreviations].includes('adeli'),
      // (a sigle that is not a card's: « la CPS me sert à quoi ? » asks what the asker's card allows)
      otherSigle: abbreviationsNamed.some((a) => a !== 'e-cps' && !this.cardSigle(a)),
      endsOnDefinition: this.phrases.definition.test(full.tokens.slice(-4).join(' ')),
      // (« ma mère est en EHPAD, comment elle peut voir son dossier médical en ligne ? »: a patient's own record, asked by family, no professional named)
      outOfField: (this.phrases.outside.test(joined) && !namesCards) || (this.phrases.offTopic.test(joined) && !namesCards && !aCard && !groupNamed) || (this.phrases.money.test(joined) && !aCard && !ecpsNamed) || patientsCard || (this.phrases.family.test(joined) && !aCard && !facts.profiles.length && !facts.professions.length && !facts.uncovered),
      whoToContact: has(this.words.whoWords) && has(this.words.contact),
      advisorVisit: has(this.words.advisor) && this.phrases.visit.test(joined),
      words: this.words,
      phrases: this.phrases,
    };
  }

  /** A sigle that names a card (« CPS », « CPE » for « cpe-anonyme »), the e-CPS aside. */
  private cardSigle(sigle: string): boolean {
    return sigle !== 'e-cps' && this.cardIds.some((c) => c === sigle || c.startsWith(`${sigle}-`));
  }

  /** « sage-femme en libéral », « infirmière en CSI »: a sentence that only says who one is. */
  private onlyWhoOneIs(sentence: string): boolean {
    const r = this.recognizer.recognize(sentence);
    const people = r.entities.matches.filter((m) => PROFILE_KINDS.has(m.kind) || m.kind === 'status' || m.kind === 'uncovered');
    if (people.length === 0 || people.length < r.entities.matches.length) return false;
    const covered = (i: number) => people.some((m) => i >= m.start && i < m.end);
    return r.tokens.filter((t, i) => !covered(i) && !this.kb.lexicon.stopwords.includes(t)).length <= 1;
  }

  /** « et pour la MSS ? », « ok et moi ? », « bon, d'accord, et ma titulaire ? »: after at most a few words of lead-in (lexicon › markers) */
  private isFollowUp(raw: string[]): boolean {
    const i = raw.findIndex((t) => !this.words.leadIn.has(t));
    return i >= 0 && i <= 3 && this.words.followUp.has(raw[i]);
  }

  /** Two sentences that each ask something of the domain, and not the same thing (not « ça marche ? c'est possible ? »). */
  /** « … je signe avec ma carte ? » then « et ma préparatrice, elle peut aussi ? »: a question of the asker's, then a follow-up naming someone else with « ma / mon ». */
  private thenForSomeoneElse(a: string, b: string): boolean {
    const qa = this.recognizer.recognize(a);
    const qb = this.recognizer.recognize(b);
    const someoneElse = qb.entities.matches.some((m) => PROFILE_KINDS.has(m.kind) && this.words.possessive.has(qb.tokens[m.start - 1] ?? ''));
    return someoneElse && this.isFollowUp(qb.tokens) && qa.tokens.some((t) => this.words.asker.has(t)) && this.asksOfTheDomain(qa, 3, 0.6);
  }

  private twoQuestions(a: string, b: string): boolean {
    const qa = this.recognizer.recognize(a);
    const qb = this.recognizer.recognize(b);
    if (!this.asksOfTheDomain(qa, 3, 0.6) || !this.asksOfTheDomain(qb, 3, 0.6)) return false;
    const usesOf = (q: typeof qa) => q.entities.uses.join(' ');
    return qa.intent !== qb.intent || (usesOf(qb) !== '' && usesOf(qa) !== usesOf(qb));
  }

  /** A message cut by a word of aside (lexicon.yaml › markers › aside), each side asking something of the domain, or undefined. */
  private asideOf(text: string): { question: string; other: string } | undefined {
    const nfc = String(text ?? '').normalize('NFC');
    // folded letter for letter (accents off, same length), to find the words of aside in the text as written
    const folded = nfc.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    if (folded.length !== nfc.length) return undefined;
    const found = this.asideWords.exec(folded);
    if (!found) return undefined;
    const at = found.index + found[1].length;
    // (a « et » left before « au passage » says nothing: the part is read, never shown)
    const question = nfc.slice(0, at).trim();
    const other = nfc.slice(at + found[2].length).replace(/^[\s,;:.-]+/u, '').trim();
    const asks = (t: string) => this.asksOfTheDomain(this.recognizer.recognize(t), 2);
    return question && other && asks(question) && asks(other) ? { question, other } : undefined;
  }

  /** A recognition that asks a question of the domain (not help, chit-chat or a statement), of some words and confidence. */
  private asksOfTheDomain(q: Recognition, minTokens: number, minConfidence = 0): boolean {
    return isIntent(q.intent) && domainQuestion(q.intent) && q.confidence >= minConfidence && q.tokens.length >= minTokens;
  }

  private isEnglish(tokens: string[]): boolean {
    const en = tokens.filter((t) => this.words.english.has(t)).length;
    const fr = tokens.filter((t) => this.words.french.has(t)).length;
    return en >= 2 && en > fr * 2;
  }

  /** « carte », or a card named (« CPS », « CPE ») starting at token i. */
  private cardWordAt(tokens: string[], e: Entities, i: number): boolean {
    return CARD_WORDS.has(tokens[i] ?? '') || e.matches.some((m) => m.kind === 'card' && m.start === i);
  }

  /** Splits the profile facts between the asker and the person asked about, with polarity. */
  private people(tokens: string[], e: Entities, lendingOut = false): { about: 'self' | 'other'; subject: PersonFacts; speaker?: PersonFacts; conflict?: string[]; othersAt?: Set<number>; relative?: boolean } {
    const matches = e.matches.filter((m) => PROFILE_KINDS.has(m.kind));
    const cue = new PersonCues(tokens, e.matches, matches, this.cues);
    // whom one works for or with (« pour le docteur », « chez un audioprothésiste », « avec une orthoptiste »), and someone else
    // (« ma secrétaire », « la CPS du Dr Lebon », « on a une secrétaire, elle … », « j'embauche une secrétaire »)
    // (« c'est moi qui les signe, ou la secrétaire peut ? »: the asker's question; the person named beside is only mentioned)
    const meAt = cue.askerPutForward();
    // (« kiné titulaire avec une secrétaire : je peux lui prêter ma carte ? »: the staff member the card is lent to is the one asked about)
    const lentTo = (m: PhraseMatch) => lendingOut && this.kb.isStaff(cue.professionOf(m)) && !cue.said(m);
    // (« … les factures préparées par ma secrétaire ? »: who did a thing, a mention too)
    const employers = matches.filter((m) => ((cue.employerOf(m) || cue.worksFor(m)) && !lentTo(m) && !cue.namedAsSomeoneElse(m)) || cue.mentionedAfter(m, meAt) || cue.agentOfAThing(m));
    const others = matches.filter((m) => !employers.includes(m) && (lentTo(m) || cue.namedAsSomeoneElse(m) || cue.theColleague(m) || cue.hired(m)));
    // (« ma secrétaire devient assistante médicale »: the role someone else takes is theirs, and the page asked about)
    const becomes = matches.find((m) => m.kind === 'profile' && !others.includes(m) && (this.words.becoming.has(tokens[m.start - 1] ?? '') || this.words.becoming.has(tokens[m.start - 2] ?? '')) && others.some((o) => o.end <= m.start && m.start - o.end <= 3));
    if (becomes) others.push(...matches.filter((m) => m.start === becomes.start && m.end === becomes.end && !others.includes(m)));
    const free = (i: number) => !matches.some((m) => i >= m.start && i < m.end);
    // « les employées », « la salariée », « mes chauffeurs »: an employee, not the asker
    // (« une employée de ma pharmacie peut-elle … ? »: brought in with « une », then « elle »: the one asked about)
    // (not « une collaboratrice libérale arrive, elle aura … ? »: a status of the asker's own profession, a colleague, professions.yaml › sharesEmployersProfession)
    const colleagueAt = (i: number) => e.matches.find((m) => m.kind === 'status' && m.start === i && this.kb.statuses.get(m.id)?.sharesEmployersProfession);
    const colleagueWord = (i: number) => !!colleagueAt(i);
    const introducedStaff = (i: number) => this.words.indefinite.has(tokens[i - 1] ?? '') && tokens.slice(i + 1).some((t) => this.words.thirdPerson.has(t)) && !colleagueWord(i);
    const staffOther = (i: number) => cue.isOther({ start: i }) || this.words.definite.has(tokens[i - 1] ?? '') || introducedStaff(i);
    const staff = tokens.map((t, i) => ({ t, i })).filter(({ t, i }) => (this.staffWords.has(t) || this.driverWords.has(t)) && staffOther(i) && free(i));
    const drivers = staff.some(({ t }) => this.driverWords.has(t));
    const uncovered = this.uncovered(tokens, e);
    // « mon assistante dentaire », « j'ai une assistante audio »: a person the guide does not cover, and someone else
    const theirUncovered = e.matches.find((m) => m.kind === 'uncovered' && m.id === uncovered?.id && (cue.namedAsSomeoneElse(m) || cue.hired(m)));
    if (uncovered && theirUncovered) {
      const outside = (m: PhraseMatch) => m.end <= theirUncovered.start || m.start >= theirUncovered.end;
      const self = this.facts(tokens, e, matches.filter(outside), undefined, matches.filter((m) => !outside(m)));
      return { about: 'other', subject: { profiles: [], professions: [], statuses: [], denied: [], uncovered }, speaker: self };
    }
    const staffAt = new Set(staff.map(({ i }) => i));
    // a status right after someone else's profession is theirs (« une orthoptiste libérale »), and the ones that follow it
    // (« notre sage-femme libérale installée », « nos kinés associés libéraux »)
    for (const m of [...others, ...employers]) staffAt.add(m.end);
    // (« les infirmières de l'HAD »: a workplace named after them with « de » is theirs too)
    for (const o of others) {
      let k = o.end;
      while (k < o.end + 2 && (this.words.holderOf.has(tokens[k] ?? '') || this.words.definite.has(tokens[k] ?? ''))) k++;
      if (k > o.end && this.words.holderOf.has(tokens[o.end] ?? '')) staffAt.add(k);
    }
    // (« une infirmière qui fait des remplacements »: a status in the relative clause right after them is theirs too)
    for (const o of others) {
      if (!this.words.relative.has(tokens[o.end] ?? '')) continue;
      for (const m of e.matches) if (m.kind === 'status' && m.start > o.end && m.start <= o.end + 4) staffAt.add(m.start);
    }
    // (« ma fille vient d'avoir son diplôme d'infirmière et va faire des remplacements »: a relative described, and no « je »: every
    // status said is theirs)
    const relative = others.some((o) => cue.ofARelative(o));
    const relativeOnly = relative && !tokens.some((t) => this.words.asker.has(t));
    if (relativeOnly) for (const m of e.matches) if (m.kind === 'status') staffAt.add(m.start);
    const theirStatuses: string[] = [];
    for (const m of e.matches.filter((x) => x.kind === 'status').sort((a, b) => a.start - b.start)) {
      if (!staffAt.has(m.start)) continue;
      staffAt.add(m.start);
      staffAt.add(m.end);
      if ((relativeOnly || others.some((o) => o.end <= m.start)) && !theirStatuses.includes(m.id)) theirStatuses.push(m.id);
    }
    // « ma remplaçante », « mon interne », « mon associé », « la titulaire me demande… »: someone of the asker's profession, with that status
    const statusOfOther = e.matches.filter((m) => m.kind === 'status' && cue.aPerson(m) && (cue.isOther(m) || cue.theOther(m) || cue.had(m)) && free(m.start) && !cue.employerOfThem(m));
    for (const m of statusOfOther) staffAt.add(m.start);
    // (« elle assiste aussi mes 2 associés »: the people « elle » works for are neither the asker nor the one asked about)
    for (const m of e.matches) if (m.kind === 'status' && cue.employerOfThem(m)) staffAt.add(m.start);
    // « je suis préparateur, lui il est en formation »: beside who one is, a status said of « il / elle » is not the asker's
    // (alone, « il est remplaçant » answers the bot's question about that person)
    const selfNamed = matches.some((m) => !others.includes(m) && !employers.includes(m) && cue.said(m));
    for (const m of e.matches) if (selfNamed && m.kind === 'status' && cue.saidOfThem(m)) staffAt.add(m.start);
    const self = this.facts(tokens, e, matches.filter((m) => !others.includes(m) && !employers.includes(m)), uncovered, [...others, ...employers], staffAt);
    // « remplaçante chez un dentiste »: a status with no profession of its own takes the employer's (professions.yaml › sharesEmployersProfession)
    const employerProfession = employers.filter((m) => cue.employedAt(m)).map((m) => cue.professionOf(m)).find(Boolean);
    if (employerProfession && self.professions.length + self.profiles.length === 0 && self.statuses.length > 0 && self.statuses.every((s) => this.kb.statuses.get(s)?.sharesEmployersProfession)) {
      self.professions = [employerProfession];
    }
    // « ma préparatrice »: whoever employs her is a pharmacist; « je suis prépa »: my employer is one (professions.yaml › staff.employers)
    const employsThem = others.map((m) => cue.employerOfStaff(m)).find(Boolean);
    if (employsThem && self.professions.length + self.profiles.length === 0 && !self.uncovered) self.professions = [employsThem];
    const myEmployer = matches.filter((m) => !others.includes(m) && !employers.includes(m)).map((m) => cue.employerOfStaff(m)).find(Boolean);
    if (myEmployer) self.employer = myEmployer;
    // « secrétaire chez un médecin », « secrétaire dans un cabinet de kinés »: the staff member's employer is the practitioner named
    // (« et le remplaçant, il pourra … ? » next is of that profession)
    const staffHere = [...self.professions, ...self.profiles.map((id) => this.kb.profiles.get(id)?.profession ?? '')].some((p) => this.kb.isStaff(p));
    const worksForThem = employers.map((m) => cue.professionOf(m)).find((p) => p && !this.kb.isStaff(p) && !this.kb.staff.pageByEmployer[p]);
    if (staffHere && !self.employer && worksForThem) self.employer = worksForThem;
    // « secrétaire dans une boîte de taxis »: an employee of a company whose staff has its own page (the taxi page)
    const professionsOf = (f: PersonFacts) => [...f.professions, ...f.profiles.map((id) => this.kb.profiles.get(id)?.profession ?? '')];
    const employee = professionsOf(self).find((p) => this.kb.isStaff(p));
    const company = professionsOf(self).find((p) => this.kb.staff.pageByEmployer[p]);
    if (employee && company) {
      self.profiles = [this.kb.staff.pageByEmployer[company]];
      self.professions = [company];
    }
    if (others.length === 0 && staff.length === 0) {
      // (unless the asker says their own page: « ma titulaire m'a dit … pour une infirmière remplaçante ? »)
      const askedType = matches.some((m) => !cue.isOther(m) && this.words.indefinite.has(tokens[m.start - 1] ?? '') && this.words.complement.has(tokens[m.start - 2] ?? ''));
      // « ma titulaire m'a transféré ça … je suis sa remplaçante, je peux ? »: the asker asks for themself
      const forMyself = cue.asksForSelf && (self.profiles.length + self.professions.length + self.statuses.length > 0);
      // (« et la titulaire ? »: a short follow-up naming « la » + a status asks of that person)
      const theOneAskedNow = (m: PhraseMatch) => cue.theOther(m) && this.isFollowUp(tokens) && tokens.length <= 6;
      if (statusOfOther.some((m) => cue.isOther(m) || cue.namedThenThem(m) || cue.had(m) || theOneAskedNow(m) || cue.opensTheQuestion(m)) && !askedType && !forMyself) {
        // « le remplaçant non thésé de mon associé »: the person described with « le » is the one asked about
        const described = matches.find((m) => m.kind === 'profile' && !others.includes(m) && !employers.includes(m) && cue.theOther(m) && !cue.said(m));
        if (described) return { about: 'other', subject: { profiles: [described.id], professions: [], statuses: [], denied: [] }, speaker: self };
        // (« je fais venir une remplaçante au cabinet dentaire »: the place named says the profession shared)
        const place = employers.find((m) => this.words.structures.has(tokens[m.start]));
        const own = self.profiles[0] ? this.kb.profiles.get(self.profiles[0])?.profession : (self.professions[0] ?? (place ? cue.professionOf(place) : undefined));
        // « je suis prépa, et ma titulaire ? »: the status of someone a staff member names is of the employer's profession
        const profession = self.employer && this.kb.isStaff(own) ? self.employer : own;
        const subject: PersonFacts = { profiles: [], professions: profession ? [profession] : [], statuses: [...new Set(statusOfOther.map((m) => m.id))], denied: [] };
        return { about: 'other', subject, speaker: self };
      }
      // « en fait elle est remplaçante, pas collaboratrice »: statuses said of « il / elle » only, no « je »: theirs, not the asker's
      const statusWords = e.matches.filter((m) => m.kind === 'status');
      const theirsOnly = matches.length === 0 && statusWords.length > 0 && statusWords.some((m) => cue.saidOfThem(m)) && !tokens.some((t) => this.words.asker.has(t) || this.words.firstPerson.has(t));
      if (theirsOnly) return { about: 'other', subject: { profiles: [], professions: [], statuses: self.statuses, denied: self.denied }, speaker: { profiles: [], professions: [], statuses: [], denied: [] } };
      return { about: 'self', subject: self, conflict: this.conflictOf(tokens, e, self) };
    }
    // about someone else: their page, from their profession, or the staff page of the employer
    const subject = this.facts(tokens, e, others, undefined);
    if (becomes) {
      subject.profiles = [becomes.id];
      subject.professions = subject.professions.filter((p) => p === this.kb.profiles.get(becomes.id)?.profession);
    }
    subject.statuses = theirStatuses;
    subject.denied = [];
    if (subject.profiles.length === 0 && subject.professions.length === 0) {
      const employer = self.profiles[0] ? this.kb.profiles.get(self.profiles[0])?.profession : self.professions[0];
      const byEmployer = employer ? this.kb.staff.pageByEmployer[employer] : undefined;
      // « infirmière libérale, ma collaboratrice … ? »: a practitioner's collaborator is a colleague of the same profession, in
      // her own name (a status word, professions.yaml › sharesEmployersProfession), not staff; where the profession has staff
      // of its own (a pharmacy's préparatrices, professions.yaml › staff.employers), the word does not say which
      const colleagueStatus = staff.length > 0 && staff.every(({ i }) => colleagueWord(i)) ? colleagueAt(staff[0].i)!.id : undefined;
      const colleaguePage = employer && colleagueStatus ? this.kb.colleaguePage(employer, colleagueStatus) : undefined;
      if (byEmployer) subject.profiles = [byEmployer];
      else if (drivers) subject.candidates = [...this.kb.staff.driverPages];
      else if (colleaguePage) subject.profiles = [colleaguePage.id];
      else if (employer) subject.profiles = [this.kb.staff.defaultPage];
      else {
        subject.staffOfAsker = true;
        if (colleagueStatus) subject.colleagueStatus = colleagueStatus;
      }
    }
    const othersAt = new Set(others.flatMap((m) => Array.from({ length: m.end - m.start }, (_, k) => m.start + k)));
    return { about: 'other', subject, speaker: self, othersAt, ...(relative ? { relative } : {}) };
  }

  /** « je suis comptable », « en tant qu'informaticien »: someone of professions.yaml › noCard said to be the asker. */
  private noCardOfAsker(tokens: string[], e: Entities): PersonFacts['noCard'] {
    const cue = new PersonCues(tokens, e.matches, [], this.cues);
    const said = (m: PhraseMatch) => cue.said(m) || this.cues.endings.asRole.test(tokens.slice(Math.max(0, m.start - 3), m.start).join(' '));
    const m = e.matches.find((x) => x.kind === 'noCard' && said(x));
    const who = m ? this.kb.noCard.get(m.id) : undefined;
    return who ? { id: who.id, label: who.label } : undefined;
  }

  /** The facts of one person: the given matches, or (for the asker) every match not said of someone else. */
  private facts(tokens: string[], e: Entities, matches: PhraseMatch[], uncovered?: PersonFacts['uncovered'], othersMatches?: PhraseMatch[], staffAt = new Set<number>()): PersonFacts {
    const ids = (kind: string, all: string[]) =>
      othersMatches
        ? all.filter((id) => !othersMatches.some((m) => m.kind === kind && m.id === id) || matches.some((m) => m.kind === kind && m.id === id))
        : all.filter((id) => matches.some((m) => m.kind === kind && m.id === id));
    // « j'étais médecin du travail, maintenant je remplace », « podologue, je remplaçais jusqu'ici »: a page said in the past leaves its profession only
    const pastPage = (m: PhraseMatch) => m.kind === 'profile' && tokens.slice(Math.max(0, m.start - 3), m.end).some((t) => this.words.past.has(t));
    const formerPages = matches.filter(pastPage);
    const profiles = ids('profile', e.profiles).filter((id) => !formerPages.some((m) => m.id === id) || matches.some((m) => m.id === id && m.kind === 'profile' && !pastPage(m)));
    // « à l'officine », « dans une pharmacie »: a workplace, where the practitioner and the staff both work;
    // it says the profession only beside a status or another word of the person
    const atWork = (m: PhraseMatch) => m.end - m.start === 1 && this.words.structures.has(tokens[m.start]) && tokens.slice(Math.max(0, m.start - 3), m.start).some((t) => this.words.place.has(t));
    const personWords = e.matches.filter((m) => (PROFILE_KINDS.has(m.kind) || m.kind === 'status') && !atWork(m) && matches.includes(m));
    const onlyPlace = (id: string) => {
      const of = matches.filter((m) => m.kind === 'profession' && m.id === id);
      return of.length > 0 && of.every(atWork) && personWords.length === 0 && e.statuses.length === 0;
    };
    const professions = [...new Set([...ids('profession', e.professions).filter((id) => !onlyPlace(id)), ...formerPages.map((m) => this.kb.profiles.get(m.id)?.profession ?? '').filter(Boolean)])];
    // « ortho (orthophoniste, pas orthoptiste) », « je ne suis pas médecin, je suis la secrétaire »: a profession denied beside
    // another one named is not the person's (denied alone, « pas infirmière remplaçante », its profession still is)
    const professionOf = (m: PhraseMatch) => professionOfMatch(this.kb, m);
    const deniedPerson = (m: PhraseMatch) => PROFILE_KINDS.has(m.kind) && tokens.slice(Math.max(0, m.start - 2), m.start).some((t) => this.words.negation.has(t) && !this.words.past.has(t));
    const persons = matches.filter((m) => PROFILE_KINDS.has(m.kind));
    // (« je suis pas opticienne, je suis conseillère de vente »: a profession denied alone is not the person's either, nor the
    // only page of a profession; a page of a profession that has several, denied alone, denies its status only, below)
    const onePage = (m: PhraseMatch) => m.kind === 'profession' || this.kb.profilesOf(professionOf(m)).length === 1;
    const deniedOutright = (m: PhraseMatch) => this.words.denial.has(tokens[m.start - 1] ?? '');
    const denies = (profession: string) => {
      // (« dans une pharmacie (je ne suis pas pharmacienne) », « la caisse d'une pharmacie »: the workplace is no word of the person)
      const of = persons.filter((m) => professionOf(m) === profession && !(m.end - m.start === 1 && this.words.structures.has(tokens[m.start])));
      return of.length > 0 && of.every(deniedPerson) && (persons.some((o) => !deniedPerson(o) && professionOf(o) !== profession) || of.every((m) => onePage(m) && deniedOutright(m)));
    };
    // « je ne suis pas infirmière remplaçante »: an infirmière, whose status is not remplaçante
    const deniedPageStatuses: string[] = [];
    if (persons.some(deniedPerson)) {
      profiles.splice(0, profiles.length, ...profiles.filter((id) => !denies(this.kb.profiles.get(id)?.profession ?? '')));
      professions.splice(0, professions.length, ...professions.filter((id) => !denies(id)));
      for (const m of persons.filter((x) => x.kind === 'profile' && deniedPerson(x) && !onePage(x))) {
        const page = this.kb.profiles.get(m.id);
        if (!page || !profiles.includes(page.id) || persons.some((o) => o.id === m.id && !deniedPerson(o))) continue;
        profiles.splice(profiles.indexOf(page.id), 1);
        if (!professions.includes(page.profession)) professions.push(page.profession);
        if (page.status) deniedPageStatuses.push(page.status);
      }
    }
    const workplace = ids('profession', e.professions).find(onlyPlace);
    // statuses: e.statuses holds negation already; a status said in the past is denied
    const statuses: string[] = [];
    const denied: string[] = [];
    const statusMatches = e.matches.filter((m) => m.kind === 'status');
    const likeOthersAt = new Set<number>();
    const presentAt = tokens.findIndex((t) => this.words.present.has(t));
    const stillHeld: string[] = [];
    const upcoming: string[] = [];
    const personStarts = e.matches.filter((p) => PROFILE_KINDS.has(p.kind)).map((p) => p.start);
    const entityStarts = e.matches.map((x) => x.start);
    for (const m of statusMatches) {
      const before = tokens.slice(Math.max(0, m.start - 4), m.start);
      // « une CPS comme les libéraux »: others, compared; nothing of the asker
      if (this.compared(tokens, m.start)) {
        likeOthersAt.add(m.start);
        continue;
      }
      const after = tokens.slice(m.end, m.end + 4);
      const accomplished = tokens.slice(Math.max(0, m.start - 3), m.end + 2).some((t) => this.words.accomplished.has(t));
      // (« titulaire… enfin pas encore »: the status said, then said to come, so taken back for today; « remplaçante, enfin plus
      // vraiment »: taken back)
      const notYet = saidRightAfter(tokens, m.end, this.cues.endings.notYet, entityStarts);
      const takenBack = notYet || saidRightAfter(tokens, m.end, this.cues.endings.takenBack, entityStarts);
      const future = !accomplished && (after.some((t) => this.words.future.has(t)) || before.some((t) => this.words.future.has(t)) || this.phrases.onceDone.test(before.join(' ')) || notYet);
      // (« j'étais remplaçante, maintenant installée »: before « maintenant », what follows a word of the past is past;
      // not a status said for the future: « je viens de finir l'internat, je vais faire des remplacements, maintenant que … »)
      // (« ex infirmière scolaire, je suis remplaçante maintenant »: a word of the past before another « je » is of another clause)
      const clauseStart = tokens.slice(0, m.start).reduce((at, t, i) => (this.words.asker.has(t) ? i : at), 0);
      const past = before.some((t) => this.words.past.has(t)) || tokens.slice(m.start, m.end).some((t) => this.words.past.has(t)) || (presentAt > m.start && !future && tokens.slice(clauseStart, m.start).some((t) => this.words.past.has(t)));
      // « pas encore installée », « plus toujours salarié », « je ne remplace plus »: not yet, or no longer
      const negated = statusDenied(tokens, m.start, m.end, 3, this.words, personStarts) || takenBack;
      if (before.slice(-2).some((t) => this.words.still.has(t)) && !negated) stillHeld.push(m.id);
      else if (past || future || negated) denied.push(m.id);
      if (future && !past && !upcoming.includes(m.id)) upcoming.push(m.id);
    }
    // a status word that names an employee (« mon salarié ») says nothing of the asker
    const ofStaff = new Set(statusMatches.filter((m) => staffAt.has(m.start)).map((m) => m.id).filter((id) => !statusMatches.some((m) => m.id === id && !staffAt.has(m.start))));
    // (a status said only as others', compared: « comme les libéraux »)
    const comparedOnly = (s: string) => statusMatches.some((m) => m.id === s) && statusMatches.every((m) => m.id !== s || likeOthersAt.has(m.start));
    const ofOthers = (s: string) => ofStaff.has(s) || comparedOnly(s);
    for (const s of [...stillHeld, ...e.statuses]) if (!denied.includes(s) && !statuses.includes(s) && !ofOthers(s)) statuses.push(s);
    // « je suis encore remplaçante, je m'installe en janvier »: what still holds wins
    if (stillHeld.length > 0) statuses.splice(1);
    // a status that prevails (« interne qui fait des remplacements » stays en formation)
    for (const s of [...statuses]) {
      for (const weaker of this.kb.statuses.get(s)?.prevailsOver ?? []) {
        const i = statuses.indexOf(weaker);
        if (i >= 0) statuses.splice(i, 1);
      }
    }
    // (the status of a page denied: denied, and what its denial means when no other status is said: « pas remplaçante », titulaire)
    for (const s of deniedPageStatuses) {
      if (!denied.includes(s)) denied.push(s);
      const means = this.kb.statuses.get(s)?.negatedMeans;
      if (means && statuses.length === 0) statuses.push(means);
    }
    // « dentiste, j'ai mon cabinet », « une employée de ma pharmacie »: one's own practice says the status, when none is said
    // (not for staff, « la secrétaire de mon cabinet » is the asker's practice, and not after a negation or a word of the past)
    const staffSaid = [...professions, ...profiles.map((id) => this.kb.profiles.get(id)?.profession ?? '')].some((p) => this.kb.isStaff(p));
    if (statuses.length === 0 && denied.length === 0 && !staffSaid) {
      for (const st of this.kb.statuses.values()) {
        const at = tokens.findIndex((t, i) => !!this.ownPlaceWords.get(st.id)?.has(t) && this.words.firstPerson.has(tokens[i - 1] ?? ''));
        const before = tokens.slice(Math.max(0, at - 5), Math.max(0, at - 1));
        if (at > 0 && !before.some((t) => this.words.negation.has(t) || this.words.past.has(t))) statuses.push(st.id);
      }
    }
    // « infirmière libérale remplaçante »: a status said only by its weak words gives way to another said beside it
    for (const s of [...statuses]) {
      const weak = this.weakStatusWords.get(s);
      const givesWay = this.kb.statuses.get(s)?.givesWayTo ?? [];
      const said = statusMatches.filter((m) => m.id === s);
      // (said inside a profession's phrase, « infirmière libérale », it has no match of its own: a weak word is in the message)
      const onlyWeak = said.length > 0 ? said.every((m) => weak?.has(tokens.slice(m.start, m.end).join(' '))) : [...(weak ?? [])].some((w) => ` ${tokens.join(' ')} `.includes(` ${w} `));
      if (weak && statuses.some((o) => givesWay.includes(o)) && onlyWeak) statuses.splice(statuses.indexOf(s), 1);
    }
    return { profiles, professions, statuses, denied, ...(upcoming.length > 0 ? { upcoming } : {}), uncovered, ambiguity: e.ambiguity, ...(workplace ? { workplace } : {}) };
  }

  /** A person the guide does not cover, named in the message (not after « hors », nor denied: « pas d'un centre de santé »). */
  private uncovered(tokens: string[], e: Entities): PersonFacts['uncovered'] {
    const denied = (x: PhraseMatch) => tokens.slice(Math.max(0, x.start - 3), x.start).some((t) => this.words.negation.has(t));
    const m = e.matches.find((x) => x.kind === 'uncovered' && tokens[x.start - 1] !== 'hors' && !denied(x));
    if (!m) return undefined;
    const u = this.kb.uncovered.get(m.id);
    if (!u) return undefined;
    const profession = u.nearestForProfession ? e.professions[0] : undefined;
    const nearest = profession ? this.kb.nearestAtWorkplace(profession)?.id : undefined;
    return { id: u.id, label: u.label, nearest: nearest ?? u.nearest };
  }

  /** Whether tokens[i] is one of these gendered words said of a person, not right after the noun of a thing (« une consultation libérale »). */
  private ofPerson(words: Set<string>, tokens: string[], i: number): boolean {
    return words.has(tokens[i]) && !this.words.thingNouns.has(tokens[i - 1] ?? '');
  }

  /** Whether tokens[i] is said of others, compared (« une CPS comme les libéraux », lexicon › markers › likeOthers). */
  private compared(tokens: string[], i: number): boolean {
    return this.phrases.likeOthers.test(tokens.slice(Math.max(0, i - 2), i).join(' '));
  }

  /** The statuses whose activity the words name (« pour le cabinet »: titulaire), for someone with two activities. */
  private activitiesNamed(tokens: string[]): { activityStatuses?: string[] } {
    // (not of others, compared: « comme les libéraux »)
    const named = [...this.activityWords].filter(([, words]) => tokens.some((t, i) => words.has(t) && !this.compared(tokens, i))).map(([id]) => id);
    return named.length > 0 ? { activityStatuses: named } : {};
  }

  /** Two statuses at once that lead to different pages of the profession: the bot asks. */
  private conflictOf(tokens: string[], e: Entities, self: PersonFacts): string[] | undefined {
    if (self.statuses.length < 2 || self.profiles.length > 0) return undefined;
    if (tokens.some((t) => this.words.present.has(t))) return undefined;
    const profession = self.professions[0];
    if (!profession) return undefined;
    const pages = new Set(self.statuses.map((s) => this.kb.profileFor(profession, s)?.id).filter(Boolean));
    return pages.size >= 2 ? self.statuses.filter((s) => this.kb.profileFor(profession, s)) : undefined;
  }
}
