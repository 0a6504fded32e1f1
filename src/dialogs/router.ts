/**
 * What to do with a reading of a message: answer it, ask one short question back, or
 * first ask for the profile. Pure logic over the reading, the knowledge base and what is
 * known of the user; the dialogs carry it out (send, prompt, save).
 *
 * Rules that keep verdicts honest:
 *  - a profile is never guessed: when the status matters and is unknown, the bot asks it,
 *    unless every page of the profession gives the same answer;
 *  - two statuses that lead to different pages (« libéral » and « en clinique »): one
 *    question with both as buttons;
 *  - someone the guide does not cover gets the nearest page, said to be a guess to confirm;
 *  - a question about someone else's card answers for their page and leaves the asker's
 *    profile as it is.
 */
import type { Answer } from '../answers/answer';
import type { AnswerOptions, Answers } from '../answers/compose';
import { IntentId, needsProfile } from '../domain/intents';
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import type { Profile } from '../knowledge/schema';
import { ProfileResolution, resolveProfile } from '../nlu/entities';
import type { PersonFacts, Reading } from '../nlu/reading';
import { markersOf } from '../nlu/markers';
import type { Command } from '../nlu/recognizer';
import { CARD_WORDS, lexiconOf } from '../nlu/normalize';
import { ConversationMemory, PendingQuestion, UserProfileState, withActivityChosen } from './state';

/** What the profile question starts from. */
export interface PartialProfile {
  profession?: string;
  status?: string;
  ambiguity?: { profiles: string[]; question: string };
  /** statuses in conflict: the bot asks which one */
  conflict?: string[];
  /** the conflict is between two activities the asker has (« PH, et une consultation libérale »): the bot asks for which one */
  activities?: boolean;
  /** a workplace said (« à l'officine »): a status given as the answer (« titulaire ») means its practitioner */
  workplace?: string;
  /** a workplace the guide does not cover, said without a profession (« je travaille dans un centre de santé »): the profession answered gives the nearest page there */
  uncoveredPlace?: string;
}

export type Decision =
  | { kind: 'command'; command: Command }
  | { kind: 'reply'; answer: Answer; saveUser?: UserProfileState; remember?: PendingQuestion }
  | { kind: 'askProfile'; pending: PendingQuestion; partial: PartialProfile; saveUser?: UserProfileState };

/** Teams shows at most three suggested actions: a question back offers no more choices. */
const MAX_CHOICES = 3;
/** Intents whose answer is built from a page once known (the others answer in general). */
const PAGE_INTENTS = new Set<IntentId>(['card.which', 'use.access', 'card.uses', 'card.obtain', 'card.renew', 'card.validity']);
/** Intents a short follow-up (« et si on n'a pas de CDE ? ») is not allowed to take over. */
const WEAK_FOLLOW_UP = new Set<IntentId>(['card.lost', 'card.broken', 'none', 'oos', 'profile.set', 'card.clarify']);

/** What may be asked of a card in a case the guide does not describe (« j'ai changé de nom, ma carte ? »): the contacts answer (a renewal is answered as one). */
const UNGUIDED = new Set<IntentId>(['card.which', 'card.obtain', 'card.validity', 'card.clarify', 'contact.cpam', 'profile.set', 'none']);
/** Questions on a card's life: a short follow-up nothing else places goes on with them. */
const CARD_LIFE = new Set<IntentId>(['card.obtain', 'card.renew', 'card.validity']);
/** Topics answered in general, and again for the page once the user says who they are. */
const TOPIC_INTENTS = new Map<IntentId, { topic: string; kind: string }>([
  ['card.lost', { topic: 'card-lost', kind: 'card.lost' }],
  ['card.broken', { topic: 'card-broken', kind: 'card.broken' }],
  ['ecps.info', { topic: 'ecps', kind: 'ecps.info' }],
  ['adeli.rpps', { topic: 'adeli-rpps', kind: 'adeli.rpps' }],
]);

/** A message being decided: its reading, what is known, and what it asks once follow-ups are placed. */
interface Turn {
  readonly reading: Reading;
  readonly user: UserProfileState;
  readonly memory: ConversationMemory;
  readonly last?: PendingQuestion;
  readonly tokens: string[];
  intent: IntentId;
  readonly uses: string[];
  readonly eachUse: Pick<PendingQuestion, 'eachUse'>;
}

/** Whom a message is about, and what it says of the asker. */
interface Whom {
  aboutOther: boolean;
  earlierOther?: string;
  speakerUpdate?: UserProfileState;
  userNow: UserProfileState;
}

/** The asker's page, as their words and what is known give it. */
interface AskerPage {
  resolution: ProfileResolution;
  stated?: Profile;
  /** a status without a page, said now or when the page kept was given */
  statusIgnored?: AnswerOptions['statusIgnored'];
  feminine: boolean;
  options: AnswerOptions;
  save?: UserProfileState;
}

export class Router {
  /** « moi », « ma carte »: the question is the asker's again (lexicon.yaml › markers) */
  private readonly firstPerson: Set<string>;
  /** « elle peut ? », « il y a droit ? »: the same question for someone else */
  private readonly sameQuestion: Set<string>;
  /** « et lui ? »: someone else, named or not (lexicon.yaml › markers › someoneElse) */
  private readonly someoneElse: Set<string>;
  /** « elle me demande », « il m'a dit »: the asker spoken to (lexicon.yaml › markers › toMe) */
  private readonly toMe: Set<string>;
  /** words of a question on the card itself (« carte », « commander »…): not a follow-up on a use */
  private readonly cardTalk: Set<string>;
  private readonly thirdPerson: Set<string>;
  private readonly vagueThing: Set<string>;
  /** « ma carte me donne accès ? » (lexicon.yaml › markers › openAbility), not « ma carte permet quoi ? » (› wholeCard) */
  private readonly openAbility: Set<string>;
  private readonly wholeCard: Set<string>;
  private readonly asker: Set<string>;
  /** « qui » (lexicon.yaml › markers › whoWords) */
  private readonly whoWords: Set<string>;
  /** « le faire », « s'en occuper » (lexicon.yaml › markers › doingIt) */
  private readonly doingIt: RegExp;
  /** « dans ce cas », « une fois », « après » (lexicon.yaml › markers › thenWords), and the words of a time to come (› future) */
  private readonly thenWords: RegExp;
  private readonly futureWords: Set<string>;
  /** « société », « boîte », « cabinet » (lexicon.yaml › markers › structures) */
  private readonly structures: Set<string>;
  /** the lexicon's stop words, folded as the tokens are */
  private readonly stopwords: Set<string>;
  /** verbs in the future (lexicon.yaml › markers › futureVerbs): a question in the future stays on the page to come */
  private readonly futureVerbs: Set<string>;
  /** the words of a time (markers › future, futureVerbs, onceDone, thenWords): « quand je serai », « une fois », « après » */
  private readonly timeWords: Set<string>;
  /** « avec quelle carte » (lexicon.yaml › markers › withWhichCard): which card, for a use */
  private readonly withWhichCard: RegExp;

  constructor(
    private readonly kb: KnowledgeBase,
    private readonly answers: Answers,
  ) {
    const marks = markersOf(kb.lexicon.markers).words;
    this.firstPerson = marks.firstPerson;
    this.sameQuestion = marks.sameQuestion;
    this.someoneElse = marks.someoneElse;
    this.toMe = marks.toMe;
    this.cardTalk = new Set([...CARD_WORDS, ...marks.order, ...marks.renewal, ...marks.namesWhich]);
    this.thirdPerson = marks.thirdPerson;
    this.vagueThing = marks.vagueThing;
    this.openAbility = marks.openAbility;
    this.wholeCard = marks.wholeCard;
    this.asker = marks.asker;
    this.structures = marks.structures;
    this.stopwords = lexiconOf(kb.lexicon).stopwords;
    this.whoWords = marks.whoWords;
    this.doingIt = markersOf(kb.lexicon.markers).phrases.doingIt;
    this.thenWords = markersOf(kb.lexicon.markers).phrases.thenWords;
    this.withWhichCard = markersOf(kb.lexicon.markers).phrases.withWhichCard;
    this.futureWords = marks.future;
    this.futureVerbs = marks.futureVerbs;
    this.timeWords = new Set([...marks.future, ...marks.futureVerbs, ...marks.onceDone, ...marks.thenWords]);
  }

  /** The page the facts describe, completed with what is known of the person. */
  resolve(facts: PersonFacts, known: { profileId?: string; profession?: string } = {}): ProfileResolution {
    const current = known.profileId ? this.kb.profiles.get(known.profileId) : undefined;
    const resolution = resolveProfile(this.kb, facts);
    // « je travaille dans un labo » then « je suis pharmacien biologiste »: the page already known settles the ambiguity
    if (resolution.kind === 'ambiguous' && current && resolution.profiles.includes(current.id)) return { kind: 'profile', profileId: current.id };
    if (resolution.kind === 'needProfession') {
      // « interne » known, then « pour les remplacements, ma CPF ou une CPS remplaçant ? »: a status the known one prevails over keeps the page
      // (not for the time after it: « et après la thèse, quand je ferai des remplacements ? »)
      if (current && this.kb.statuses.get(current.status ?? '')?.prevailsOver?.includes(resolution.status) && !facts.ended?.includes(current.status ?? '')) return { kind: 'profile', profileId: current.id };
      const kept = current?.profession ?? known.profession;
      // « et moi, je suis titulaire » after a question on an employee's card: the status is not an employee's, the profession is asked
      const profession = this.kb.isStaff(kept) ? undefined : kept;
      if (profession) {
        const p = this.kb.profileFor(profession, resolution.status);
        if (p) return { kind: 'profile', profileId: p.id };
        const pages = this.kb.profilesOf(profession);
        if (pages.length === 1) return { kind: 'profile', profileId: pages[0].id, statusIgnored: resolution.status === 'titulaire' ? undefined : resolution.status };
      }
    }
    if (resolution.kind === 'needStatus' && current && resolution.profession === current.profession) {
      return { kind: 'profile', profileId: current.id };
    }
    if (resolution.kind === 'none' && known.profession && !current) return { kind: 'needStatus', profession: known.profession };
    return resolution;
  }

  /** The nearest page at an uncovered workplace for the profession an answer gives (« infirmière » after « je travaille dans un centre de santé »). */
  atUncoveredPlace(placeId: string, merged: ProfileResolution): { profileId: string; uncovered: string } | undefined {
    const profession = merged.kind === 'profile' ? this.kb.profiles.get(merged.profileId)?.profession : merged.kind === 'needStatus' ? merged.profession : undefined;
    const page = profession ? this.kb.nearestAtWorkplace(profession) : undefined;
    return page ? { profileId: page.id, uncovered: placeId } : undefined;
  }

  /** The profile from an answer to a profile question, completed by what was said before. */
  complete(reading: Reading, known: PartialProfile): ProfileResolution {
    const e = reading.subject;
    if (known.ambiguity) {
      const options = known.ambiguity.profiles.map((id) => this.kb.profiles.get(id)!);
      const chosen = options.find((p) => e.profiles.includes(p.id)) ?? options.find((p) => e.professions.includes(p.profession));
      if (chosen) return { kind: 'profile', profileId: chosen.id };
    }
    // « on utilise encore SCOR à la pharmacie ? » then « je suis titulaire »: the workplace's practitioner
    if (known.workplace && !known.profession && e.profiles.length + e.professions.length === 0 && e.statuses.length > 0) {
      return resolveProfile(this.kb, e, { profession: known.workplace });
    }
    // an answer to the status question may name the page itself (« Sage-femme installée »)
    if (known.profession) {
      const page = this.kb.profilesOf(known.profession).find((p) => e.profiles.includes(p.id));
      if (page) return { kind: 'profile', profileId: page.id };
      if (e.statuses.length === 0 && e.denied.length > 0) {
        const negated = this.kb.statuses.get(e.denied[0])?.negatedMeans;
        if (negated) return resolveProfile(this.kb, { ...e, statuses: [negated] }, { profession: known.profession });
      }
    }
    return resolveProfile(this.kb, e, { profession: known.profession, status: known.status });
  }

  /** What to do with a message: answer it, ask the profile first, or run a command. */
  decide(given: Reading, saved: UserProfileState, memory: ConversationMemory): Decision {
    // « interne » known, then « et une fois la thèse passée ? » with no status said for that time: the page of that time is asked
    const today = saved.profileId ? this.kb.profiles.get(saved.profileId) : undefined;
    const endedNow = !!today && given.about === 'self' && !!given.subject.ended?.includes(today.status ?? '') && given.subject.statuses.length + given.subject.profiles.length === 0;
    const user: UserProfileState = endedNow ? { ...saved, profileId: undefined, profession: today.profession } : saved;
    // « et une fois thésé ? » then « et le DMP dans ce cas ? », « je m'installe en septembre » then « et après septembre ? »:
    // a follow-up that says nothing of the asker and speaks of that time stays on the page to come, and so does a question in the
    // future (« je suis remplaçant, je m'installe en avril » then « à partir d'avril je pourrai consulter le DMP ? »)
    const then = memory.last?.thenProfileId;
    const tokens = given.recognition.tokens;
    const inTheFuture = tokens.some((t) => this.futureWords.has(t) || this.futureVerbs.has(t));
    // (not for someone the guide does not cover: their page is a guess, the uncovered answer says so)
    const timeSaid = this.thenWords.test(tokens.join(' ')) || inTheFuture;
    // (« et le DMP en tant que remplaçant ? » after the card to come as a remplaçant: the status of that page, alone, is that page)
    const thenPage = then ? this.kb.profiles.get(then) : undefined;
    const itsStatus = !!thenPage && given.subject.profiles.length + given.subject.professions.length === 0 && given.subject.statuses.length === 1 && given.subject.statuses[0] === thenPage.status && today?.status !== thenPage.status;
    const stillThen = !!then && !saved.uncovered && (given.followUp || inTheFuture) && given.about === 'self' && ((!this.hasFacts(given.subject) && timeSaid) || itsStatus);
    const lastQuestion = stillThen && WEAK_FOLLOW_UP.has(given.intent) && given.uses.length + given.useGroups.length === 0 ? { intent: memory.last!.intent, uses: memory.last!.uses } : {};
    const reading: Reading = stillThen ? { ...given, ...lastQuestion, subject: { profiles: [then], professions: [], statuses: [], denied: [] }, future: true } : given;
    const made = this.decideOne(reading, user, memory);
    // « je suis remplaçante » then « et si je m'installe l'an prochain ? »: the answer is for the page to come; who the asker
    // is today, when known, stays as it is (with nothing known, the page to come is what the asker asks about next)
    const decided = reading.future && user.profileId && made.kind === 'reply' && made.saveUser?.profileId ? { ...made, saveUser: undefined } : made;
    // the page to come, kept for « et dans ce cas ? »: the one answered for, or the one the asker announced beside today's
    const toCome = reading.future && made.kind === 'reply' ? made.saveUser?.profileId ?? (stillThen ? then : undefined) : this.announced(reading, made.kind === 'reply' ? made.saveUser?.profileId ?? user.profileId : undefined);
    const kept = toCome && decided.kind === 'reply' && decided.remember ? { ...decided, remember: { ...decided.remember, thenProfileId: toCome } } : decided;
    // « il peut me prêter sa CPS ? »: an answer on what a card allows first says that a card is not lent
    const decision = reading.lending && kept.kind === 'reply' && kept.answer.kind === 'use.access' ? { ...kept, answer: this.answers.withPersonalCard(kept.answer, reading.about) } : kept;
    // a second question in the message: offered as the first button of the answer (once the profile is known, if it is asked first)
    if (reading.another && decision.kind === 'reply') return { ...decision, answer: this.answers.withAnotherQuestion(decision.answer, reading.another) };
    if (reading.another && decision.kind === 'askProfile') return { ...decision, pending: { ...decision.pending, another: reading.another } };
    return decision;
  }

  /** The page of a status the asker says is to come (« je suis encore remplaçante, je m'installe en septembre »), beside today's page. */
  private announced(reading: Reading, todayId: string | undefined): string | undefined {
    return reading.about === 'self' ? this.pageToCome(todayId, reading.subject.upcoming?.[0]) : undefined;
  }

  /** Today's page with the status to come, when that is another page of the profession. */
  pageToCome(todayId: string | undefined, coming: string | undefined): string | undefined {
    const today = todayId ? this.kb.profiles.get(todayId) : undefined;
    if (!today || !coming || today.status === coming) return undefined;
    return this.kb.profileFor(today.profession, coming)?.id;
  }

  private decideOne(reading: Reading, user: UserProfileState, memory: ConversationMemory): Decision {
    if (reading.command) return { kind: 'command', command: reading.command };
    if (reading.english) return { kind: 'reply', answer: this.answers.english() };

    // « et la consult je la facture combien ? »: out of the field, even as a follow-up
    if (reading.outOfField) return { kind: 'reply', answer: this.sideAnswer(reading, 'oos', undefined) };
    // « j'ai changé de nom, ma carte ? », « je pars à la retraite, je fais quoi de ma CPS ? »: a case the guide does not describe; whom to ask
    // (not a use asked, nor a renewal, nor what comes next: « je prends ma retraite mais je ferai des remplacements, quelle carte ? »
    // is answered for that; the guide describes these cases for nobody, the asker or someone else)
    const nextSaid = reading.subject.statuses.length > 0 || !!reading.subject.upcoming;
    if (reading.unguided && UNGUIDED.has(reading.intent) && !nextSaid) return { kind: 'reply', answer: this.answers.contactsAnswer({ unguided: true }), saveUser: this.speakerUpdate(reading.subject, user, reading.feminine) };
    const turn: Turn = {
      reading,
      user,
      memory,
      last: memory.last,
      tokens: reading.recognition.tokens,
      intent: reading.intent,
      // « et pour Amelipro ? », « et le consulter ? »: a use after a question on uses
      uses: this.usesOf(reading, memory.last),
      // « consulter et alimenter le DMP ? »: uses named one by one each get their verdict (a group named alone keeps the steps the page allows)
      eachUse: reading.uses.length > 1 ? { eachUse: true } : {},
    };
    const placed = this.placeQuestion(turn);
    if (placed) return placed;
    const named = this.personAskedFor(turn);
    if (named) return named;
    const whom = this.whom(turn);
    if ('kind' in whom) return whom;
    if (whom.aboutOther) {
      const theirs = this.decideForOther(turn, whom);
      if (theirs) return theirs;
    }
    return this.decideForAsker(turn, whom);
  }

  /**
   * What a message asks, read with the question before it: a follow-up (« et pour Amelipro ? », « elle peut ? »,
   * « et si on n'a pas de CDE ? ») takes the intent and uses of the question it goes on with. Sets turn.intent and
   * turn.uses; returns a decision only when the use itself must be asked.
   */
  private placeQuestion(turn: Turn): Decision | undefined {
    const { reading, user, last, tokens, uses } = turn;
    let intent = turn.intent;
    // « et quand je serai titulaire ? », « et une fois installée ? » after a question: who the asker will be (or is), with words of
    // time and small words only, asks nothing new (the classifier reads a renewal in « quand … serai »): the profile said, for the
    // question asked before
    if (last && reading.followUp && reading.uses.length + reading.useGroups.length + reading.cards.length === 0 && this.hasFacts(reading.subject) && this.onlyNames(reading, this.timeWords)) intent = 'profile.set';
    if (uses.length > 0 && (intent === 'card.uses' || (last && reading.followUp && WEAK_FOLLOW_UP.has(intent)) || (intent === 'none' && reading.recognition.tokens.length <= 8))) intent = 'use.access';
    if (intent === 'use.access' && uses.length === 0) intent = 'card.uses';
    // « je peux l'utiliser ? », « et ça, je peux ? » after a use named: that use;
    // « je suis ambulancier, je peux l'avoir ? » after the e-CPS: the same subject, for the person now said
    const thatThing = intent === 'card.uses' && uses.length === 0 && !!last && reading.recognition.tokens.length <= 12 && reading.recognition.tokens.some((t) => this.vagueThing.has(t));
    if (thatThing && last.uses.length > 0) {
      uses.push(...last.uses);
      intent = 'use.access';
    } else if (thatThing && TOPIC_INTENTS.has(last.intent)) intent = last.intent;
    // « c'est quoi SEFi ? » then « ça me concerne ? je suis infirmière »: who one is, after a term that is a use: that use, for that person
    // (not « je gère des taxis, on l'utilise avec quelle carte ? »: which card, asked as such)
    const whichCardAsked = intent === 'card.which' && this.withWhichCard.test(tokens.join(' '));
    if (uses.length === 0 && last?.intent === 'glossary.define' && last.uses.length > 0 && this.hasFacts(reading.subject) && reading.about === 'self' && ['profile.set', 'card.which', 'card.uses', 'none'].includes(intent) && !whichCardAsked && reading.recognition.tokens.length <= 12) {
      uses.push(...last.uses);
      intent = 'use.access';
    }
    // « est-ce que ma carte me permet de faire ça ? » with nothing asked before: which use
    // (« est-ce que ma carte me donne accès ? je suis infirmière », « ma CPS est autorisée ? »: what one's own card allows, no use named)
    const openAbility = (intent === 'card.uses' || intent === 'card.which') && !!reading.ownCard && tokens.some((t) => this.openAbility.has(t)) && !tokens.some((t) => this.wholeCard.has(t));
    if ((intent === 'card.uses' || openAbility) && uses.length === 0 && reading.useGroups.length === 0 && !last && (openAbility || tokens.some((t) => this.vagueThing.has(t)))) {
      return { kind: 'reply', answer: this.answers.clarifyUse(), saveUser: this.speakerUpdate(reading.subject, user, reading.feminine) };
    }
    // « et ma collègue, elle peut ? » after a question on a use: the same use, for the person now named
    const ability = reading.recognition.tokens.some((t) => this.sameQuestion.has(t));
    // (« et ma secrétaire ? », « et mes préparatrices, elles peuvent le faire ? »: the classifier's card question is only the person named)
    // (« c'est mon titulaire qui doit le faire alors ? »: the same use, done by the person named)
    const doingIt = this.doingIt.test(reading.recognition.tokens.join(' '));
    // (« elle peut le faire avec sa carte à elle ? »: what she does, with her own card, is still the use asked before)
    const cardTalk = reading.recognition.tokens.some((t) => this.cardTalk.has(t)) && !(doingIt && ability);
    const onlyThePerson = reading.about === 'other' && (reading.followUp || ability || doingIt) && ['card.which', 'card.obtain'].includes(intent) && reading.recognition.tokens.length <= 12 && !cardTalk;
    // (« ok et moi avec ma CPS de titulaire ? » after a use asked for someone else: the same use, for the asker)
    const meNow = last?.about === 'other' && reading.about === 'self' && reading.followUp && (intent === 'card.which' || intent === 'profile.set') && reading.recognition.tokens.some((t) => this.asker.has(t)) && reading.recognition.tokens.length <= 10;
    if (uses.length === 0 && last?.intent === 'use.access' && last.uses.length > 0 && ((reading.followUp && (!reading.subject.profiles.length || reading.about === 'other')) || (reading.about === 'other' && (ability || doingIt)) || meNow) && (['card.uses', 'none', 'profile.set', 'use.access'].includes(intent) || onlyThePerson || meNow) && reading.recognition.tokens.length <= 12) {
      uses.push(...last.uses);
      intent = 'use.access';
    }
    // « et si on n'a pas de CDE ? » while ordering cards: the same question goes on
    const troubleSaid = reading.cardTrouble && (intent === 'card.lost' || intent === 'card.broken');
    if (last && reading.followUp && WEAK_FOLLOW_UP.has(intent) && !troubleSaid && uses.length === 0 && reading.recognition.tokens.length <= 12 && !this.hasFacts(reading.subject)) {
      intent = last.intent;
    }

    // « une de nos secrétaires a perdu sa carte » then « c'est à moi de la déclarer ? »: a short question nothing else places stays on the subject
    // (« c'est à moi de la déclarer ? »: read as out of scope only for want of a better reading, never for a word out of the field)
    if ((intent === 'none' || intent === 'oos') && last && TOPIC_INTENTS.has(last.intent) && uses.length === 0 && reading.recognition.tokens.length <= 8 && reading.recognition.tokens.some((t) => this.asker.has(t))) intent = last.intent;
    // « une préparatrice a perdu sa CPE » then « c'est à elle d'appeler ? », « c'est elle qui appelle ou moi ? »: who makes the call
    // for a lost or broken card is that question's (the contacts alone would drop whose card it is and what the update says)
    // (the card of someone else, spoken of with « elle / il / lui »: not « qui contacter à la CPAM ? », « je les appelle à quel numéro ? »)
    const whoCalls = intent === 'contact.cpam' && last?.about === 'other' && (last.intent === 'card.lost' || last.intent === 'card.broken') && uses.length === 0 && tokens.length <= 10 && tokens.some((t) => this.thirdPerson.has(t) || this.someoneElse.has(t));
    if (whoCalls) intent = last.intent;
    // « c'est qui qui doit faire la déclaration ? », « le dossier on l'envoie à qui au final ? »: a short message the classifier places nowhere
    // (no word out of the field), after a question on a card's life, goes on with that question
    const unplaced = intent === 'none' && reading.recognition.reason === 'fallback' && !reading.outOfField && uses.length === 0 && tokens.length <= 12;
    if (unplaced && last && (TOPIC_INTENTS.has(last.intent) || CARD_LIFE.has(last.intent))) intent = last.intent;
    // « c'est la CDE de la boîte de taxi », « une CDE, société d'ambulances » after a question on a card's life or trouble: a card named
    // and whose it is, nothing else (names, structures and small words, possessives among them): the same question, for that card
    const namesOnly = reading.cards.length > 0 && uses.length === 0 && this.onlyNames(reading, this.structures);
    if (namesOnly && last && (TOPIC_INTENTS.has(last.intent) || CARD_LIFE.has(last.intent)) && ['card.obtain', 'card.which', 'profile.set', 'none'].includes(intent)) intent = last.intent;
    turn.intent = intent;
    return undefined;
  }

  /** « De qui parlez-vous ? » then « le médecin »: the person named is the one asked about, never the asker. */
  private personAskedFor({ reading, last, intent }: Turn): Decision | undefined {
    if (last?.askedWho && this.hasFacts(reading.subject) && (intent === 'profile.set' || intent === 'none' || intent === last.intent)) {
      const pending: PendingQuestion = { intent: last.intent, uses: last.uses, about: 'other' };
      const them = this.resolve(reading.subject, {});
      if (them.kind === 'profile') {
        const page = this.kb.profiles.get(them.profileId)!;
        return this.theirAnswer(pending, page);
      }
      if (them.kind === 'needStatus') return { kind: 'askProfile', pending, partial: { profession: them.profession } };
    }
    return undefined;
  }

  /**
   * Whom the question is about: someone else named now, or the person of the question before when the message goes on
   * about them; and what the message says of the asker (saved beside). Asks who is meant when nobody can be placed.
   */
  private whom(turn: Turn): Whom | Decision {
    const { reading, user, memory, last, tokens, uses } = turn;
    let intent = turn.intent;
    // (« elle peut signer les lots quand je suis absent ? »: « elle » asks, « je » is only in the clause after)
    const firstThird = tokens.findIndex((t) => this.thirdPerson.has(t));
    const firstAsker = tokens.findIndex((t) => this.asker.has(t));
    // (« et ma propre carte, elle me permet … ? »: after the asker's own card, « elle » is that card; not a card lent)
    const theCard = !!reading.ownCard && !reading.lending;
    const stillThem = firstThird >= 0 && !theCard && (firstAsker < 0 || firstThird < firstAsker);
    // « elle pourra … ? » after a question of one's own: the person asked about before
    // « une de nos secrétaires a perdu sa CPE », « c'est à moi de la déclarer ? », « on peut en recommander une ? »: the card replaced is still hers
    const replacingTheirs = !!last && TOPIC_INTENTS.has(last.intent) && (intent === 'card.obtain' || intent === 'card.renew') && !tokens.some((t) => this.asker.has(t) || this.firstPerson.has(t));
    // (« je suis la secrétaire d'une orthoptiste », then « elle me demande si elle peut … »: with nobody asked about yet, « elle », who
    // speaks to the asker, is the practitioner a staff member works for, when the profession has one page)
    const toMe = tokens.some((t) => this.toMe.has(t));
    const employersPages = stillThem && toMe && !memory.other && user.employer && this.kb.isStaff(this.professionOf(user)) ? this.kb.profilesOf(user.employer) : [];
    const theEmployer = employersPages.length === 1 ? employersPages[0].id : undefined;
    const earlierOther = last?.about === 'other' ? last.subjectProfileId : stillThem || replacingTheirs ? (memory.other ?? theEmployer) : undefined;
    // (« on est 3 médecins qu'elle assiste, une seule carte suffit ? », « elle travaille pour les 3 médecins » after a question about her:
    // « elle » is still the one asked about; the people said beside are whom she works for, nothing said of the asker)
    const herStill = last?.about === 'other' && reading.about === 'self' && stillThem && firstAsker < 0 && this.hasFacts(reading.subject) && reading.subject.statuses.length === 0 && tokens.length <= 14;
    const sticky = !!earlierOther && (last?.about === 'other' || stillThem || replacingTheirs) && (!this.hasFacts(reading.subject) || herStill) && reading.cards.length === 0 && (reading.followUp || tokens.length <= 8 || stillThem);
    // « c'est moi qui dois la commander ? » after their card: who orders theirs
    const whoOrdersTheirs = sticky && last?.about === 'other' && intent === 'card.obtain' && tokens.some((t) => this.whoWords.has(t));
    const aboutOther = reading.about === 'other' || (sticky && (stillThem || whoOrdersTheirs || !tokens.some((t) => this.firstPerson.has(t))));
    // (« je suis la secrétaire d'une podologue », then « elle me demande si elle peut … »: her profession has several pages; the
    // same answer on each, or her status is asked, never the staff member's page)
    if (!aboutOther && employersPages.length > 1 && user.employer && PAGE_INTENTS.has(intent) && !this.hasFacts(reading.subject)) {
      return this.theirProfession({ intent: this.pageIntent(intent), uses, about: 'other' }, user.employer);
    }
    // « ok et lui, il peut ? » with nobody named before: who is meant, never an answer for the asker
    if (!aboutOther && !earlierOther && tokens.some((t) => this.someoneElse.has(t)) && !tokens.some((t) => this.asker.has(t)) && !this.hasFacts(reading.subject) && (PAGE_INTENTS.has(intent) || intent === 'none' || intent === 'profile.set') && tokens.length <= 10) {
      return { kind: 'reply', answer: this.answers.clarifyPerson(), remember: last ? { ...last, askedWho: true } : undefined };
    }
    const speakerFacts = reading.about === 'other' ? reading.speaker : herStill ? undefined : reading.subject;
    const speakerUpdate = this.speakerUpdate(speakerFacts, user, reading.feminine);
    const userNow: UserProfileState = { ...user, ...(speakerUpdate ?? {}) };

    // « en fait elle est remplaçante » after a question about her: the same question, for the page now said
    if (aboutOther && intent === 'profile.set' && last?.about === 'other' && uses.length === 0) {
      intent = last.intent;
      uses.push(...last.uses);
    }
    turn.intent = intent;
    return { aboutOther, earlierOther, speakerUpdate, userNow };
  }

  /** A question about someone else's card: their page, never saved as the asker's. */
  private decideForOther(turn: Turn, whom: Whom): Decision | undefined {
    const { intent, uses, eachUse } = turn;
    const pending: PendingQuestion = { intent: this.pageIntent(intent), uses, about: 'other', ...eachUse };
    return this.otherOfAKind(turn, whom, pending) ?? this.otherByPage(turn, whom, pending);
  }

  /** Someone named by a kind, not a page: drivers (two transport pages), someone the guide does not cover, the asker's staff. */
  private otherOfAKind({ reading, intent }: Turn, { speakerUpdate, userNow }: Whom, pending: PendingQuestion): Decision | undefined {
    const facts = reading.subject;
    const asking = PAGE_INTENTS.has(intent) || intent === 'profile.set';
    // « mes chauffeurs »: the transport pages; the same answer on both, or the bot asks which
    if (reading.about === 'other' && facts.candidates && asking) {
      // the asker's own page already says which (a taxi company's drivers)
      const known = this.professionOf(userNow);
      const byEmployer = known ? this.kb.staff.pageByEmployer[known] : undefined;
      if (byEmployer && facts.candidates.includes(byEmployer)) {
        const page = this.kb.profiles.get(byEmployer)!;
        return this.theirAnswer(pending, page, {}, speakerUpdate);
      }
      const same = this.sameOnPages(pending, facts.candidates.map((id) => this.kb.profiles.get(id)!));
      if (same) return this.theirAnswer(pending, same, {}, speakerUpdate);
      return { kind: 'askProfile', pending, partial: { ambiguity: { profiles: facts.candidates, question: this.kb.say('ask.whichPage') } }, saveUser: speakerUpdate };
    }
    // « mon assistante dentaire »: someone the guide does not cover; the nearest page, said as a guess, never saved as the asker's
    if (reading.about === 'other' && facts.uncovered && (asking || TOPIC_INTENTS.has(intent))) {
      const nearest = this.kb.profiles.get(facts.uncovered.nearest)!;
      const options: AnswerOptions = { about: 'other', uncovered: { id: facts.uncovered.id, label: facts.uncovered.label } };
      const theirs: PendingQuestion = { ...pending, ...(asking ? {} : { intent }), subjectProfileId: nearest.id, subjectUncovered: facts.uncovered.id };
      const answer = asking ? this.answerFor(theirs, nearest, options) : this.sideAnswer(reading, intent, nearest, options);
      return { kind: 'reply', answer, remember: theirs, saveUser: speakerUpdate };
    }
    // « mon salarié »: the employee's page follows from the asker's profession
    if (reading.about === 'other' && facts.staffOfAsker && asking) {
      const employer = userNow.profileId ? this.kb.profiles.get(userNow.profileId) : undefined;
      // (« orthophoniste » known, then « mon collaborateur … ? »: a colleague of that profession, whatever the asker's status)
      const colleague = facts.colleagueStatus ? this.kb.colleaguePage(employer?.profession ?? userNow.profession ?? '', facts.colleagueStatus) : undefined;
      if (colleague) return this.theirAnswer(pending, colleague, {}, speakerUpdate);
      if (employer) {
        const page = this.staffPage(employer.profession);
        return this.theirAnswer(pending, page, {}, speakerUpdate);
      }
      return { kind: 'askProfile', pending: { ...pending, staff: true }, partial: userNow.profession ? { profession: userNow.profession } : {}, saveUser: speakerUpdate };
    }
    return undefined;
  }

  /** Someone else's page, from what is said of them, the asker's profession or workplace, or the person asked about before. */
  private otherByPage({ reading, user, last, intent }: Turn, { earlierOther, speakerUpdate, userNow }: Whom, pending: PendingQuestion): Decision | undefined {
    const facts = reading.subject;
    // « ma remplaçante »: a status alone, of the asker's own profession
    const ownProfession = this.professionOf(userNow);
    // (« je suis prépa » before, « et ma titulaire ? » now: the status of someone a staff member names is of the employer's profession)
    const employersStatus = !!userNow.employer && reading.subject.statuses.length > 0 && this.kb.isStaff(ownProfession);
    const speakerProfession = employersStatus ? userNow.employer : ownProfession;
    // (« nos infirmières du service » from a cadre de santé: salaried in the establishment, unless said otherwise)
    const askerPlace = this.kb.uncovered.get(reading.speaker?.uncovered?.id ?? userNow.uncovered ?? '');
    const theirFacts = askerPlace?.colleaguesStatus && reading.subject.statuses.length === 0 && reading.subject.profiles.length === 0 ? { ...reading.subject, statuses: [askerPlace.colleaguesStatus] } : reading.subject;
    const subject = reading.about === 'other'
      ? this.resolve(theirFacts, reading.subject.professions.length + reading.subject.profiles.length === 0 && speakerProfession ? { profession: speakerProfession } : {})
      : earlierOther ? { kind: 'profile' as const, profileId: earlierOther } : { kind: 'none' as const };
    // « nos infirmières » said from a centre de santé: the guide does not cover them either; the nearest page of their profession
    // (said in this message: « on ouvre un centre de santé dentaire, quelles cartes pour les dentistes salariés ? »)
    // (« nos secrétaires d'accueil » of a centre de santé asked about before, then « et les médecins salariés du centre ? »: the same place)
    const placeBefore = last?.about === 'other' && this.kb.uncovered.get(last.subjectUncovered ?? '')?.nearestForProfession ? last.subjectUncovered : undefined;
    const placeId = reading.speaker?.uncovered?.id ?? userNow.uncovered ?? placeBefore;
    const place = reading.about === 'other' && !facts.uncovered && placeId ? this.kb.uncovered.get(placeId) : undefined;
    const sharedPlace = place?.nearestForProfession ? place : undefined;
    const nearestThere = sharedPlace && subject.kind === 'needStatus' ? this.kb.nearestAtWorkplace(subject.profession) : undefined;
    const page = nearestThere ?? (subject.kind === 'profile' ? this.kb.profiles.get(subject.profileId) : undefined);
    if (page) {
      // « notre orthoptiste salariée »: a status without a page of its own, said as such
      const theirStatus = subject.kind === 'profile' && subject.statusIgnored ? { statusIgnored: subject.statusIgnored } : {};
      // (« mon assistante dentaire » asked about before: the page kept for them is still a guess)
      const stillUncovered = reading.about !== 'other' && page.id === last?.subjectProfileId ? this.kb.uncovered.get(last.subjectUncovered ?? '') : undefined;
      const uncoveredThere = sharedPlace ?? stillUncovered;
      const shared = uncoveredThere ? { uncovered: { id: uncoveredThere.id, label: uncoveredThere.label } } : {};
      if (PAGE_INTENTS.has(intent) || intent === 'profile.set') {
        const kept = uncoveredThere ? { subjectUncovered: uncoveredThere.id } : {};
        return this.theirAnswer(pending, page, { ...theirStatus, ...shared }, speakerUpdate, kept);
      }
      // « notre orthophoniste a encore un numéro ADELI »: a topic, for their page (never saved as the asker's)
      if (TOPIC_INTENTS.has(intent)) {
        const topicQuestion: PendingQuestion = { intent, uses: [], about: 'other', subjectProfileId: page.id, ...(stillUncovered ? { subjectUncovered: stillUncovered.id } : {}) };
        // (« un de mes ambulanciers »: their page is the company's, so the asker's too when nothing else is known)
        const company = !speakerUpdate && !user.profileId && reading.about === 'other' && this.kb.staff.driverPages.includes(page.id) ? { profileId: page.id } : speakerUpdate;
        return { kind: 'reply', answer: this.sideAnswer(reading, intent, page, { about: 'other', ...theirStatus, ...shared }), remember: topicQuestion, saveUser: company };
      }
    } else if (subject.kind === 'needStatus' && (PAGE_INTENTS.has(intent) || intent === 'profile.set')) {
      return this.theirProfession(pending, subject.profession, speakerUpdate);
    } else if (subject.kind === 'needProfession' && (PAGE_INTENTS.has(intent) || intent === 'profile.set')) {
      // « je prends un remplaçant, il lui faut quelle carte ? », nothing known of the asker: their profession (the one replaced) is asked, the question stays theirs
      return { kind: 'askProfile', pending: { ...pending, sharesProfession: true }, partial: { status: subject.status }, saveUser: speakerUpdate };
    }
    return undefined;
  }

  /** A question about the asker's own card: a conflict, someone not covered, or the page their words and memory give. */
  private decideForAsker(turn: Turn, { speakerUpdate, userNow }: Whom): Decision {
    const { reading, user, last, uses } = turn;
    let intent = turn.intent;
    // « ADRI ? » with nothing known of the asker: what it is (with « Puis-je utiliser ADRI ? » as a button)
    const bare = reading.recognition.entities.matches.length > 0 && this.onlyNames(reading);
    // (« c'est quoi PEC+ ? » then « et SEFi ? »: another definition)
    if (intent === 'use.access' && bare && reading.abbreviations.length > 0 && (!last || last.intent === 'glossary.define') && !user.profileId && !user.profession && !this.hasFacts(reading.subject)) intent = 'glossary.define';
    // a closed service (SI-DEP, SI-VAC) is closed for everyone: no profile needed to say so
    if (intent === 'use.access' && uses.length > 0 && uses.every((u) => this.answers.closedBy(u)) && !this.hasFacts(reading.subject) && !user.profileId) {
      return { kind: 'reply', answer: this.answers.closedAnswer(uses), remember: { intent, uses } };
    }
    // « je suis comptable, je peux avoir une carte pour Amelipro ? »: someone the guide gives no card; said, with whom to ask (never the
    // page of a professional they name)
    if (reading.subject.noCard && (PAGE_INTENTS.has(intent) || intent === 'profile.set' || intent === 'none')) {
      return { kind: 'reply', answer: this.answers.noCardAnswer(reading.subject.noCard, uses) };
    }
    // the asker: a conflict, someone not covered, or the page their words and memory give
    if (reading.conflict && (needsProfile(intent) || PAGE_INTENTS.has(intent) || intent === 'profile.set')) {
      const profession = reading.subject.professions[0];
      return { kind: 'askProfile', pending: { intent: this.pageIntent(intent), uses }, partial: { profession, conflict: reading.conflict } };
    }
    turn.intent = intent;
    const covered = this.decideUncoveredAsker(turn);
    if (covered) return covered;

    const resolution = this.resolve(reading.subject, userNow.uncovered ? {} : userNow);
    const stated = resolution.kind === 'profile' ? this.kb.profiles.get(resolution.profileId) : undefined;
    // a status without a page, said now or when the page kept was given
    const keptPage = !stated && resolution.kind === 'none' && !!user.profileId;
    const statusIgnored = resolution.kind === 'profile' ? resolution.statusIgnored : keptPage ? user.statusIgnored : undefined;
    const feminine = reading.feminine || !!user.feminine;
    const options: AnswerOptions = { statusIgnored, feminine };
    const employer = reading.subject.employer;
    const save: UserProfileState | undefined = stated ? { profileId: stated.id, feminine, ...(statusIgnored ? { statusIgnored } : {}), ...(employer ? { employer } : {}) } : speakerUpdate;

    const page: AskerPage = { resolution, stated, statusIgnored, feminine, options, save };
    return this.decideActivities(turn, page) ?? this.decideProfileSet(turn, page) ?? this.decidePage(turn, page) ?? this.decideTopic(turn, page);
  }

  /** The asker is someone the guide does not cover (a centre de santé, an assistant(e) dentaire): the nearest page, said as a guess. */
  private decideUncoveredAsker({ reading, user, intent, uses }: Turn): Decision | undefined {
    const uncovered = reading.subject.uncovered ?? (user.uncovered && !this.hasFacts(reading.subject) ? this.kb.uncovered.get(user.uncovered) : undefined);
    // « je travaille dans un centre de santé, quelle carte ? »: a workplace whose page depends on the profession, none said: the profession is asked
    // (nothing known of the asker's profession, now or before); a statement alone (« je travaille dans un centre de santé ») asks it too,
    // for the card of that page: the nearest page is not guessed, nor kept for the next question
    const knownProfession = this.professionOf(user);
    // (the workplace is kept, with no page, for a question about someone else meanwhile: « nos médecins peuvent-ils … ? »)
    const placeOnly = !!uncovered && !!this.kb.uncovered.get(uncovered.id)?.nearestForProfession && reading.subject.profiles.length + reading.subject.professions.length === 0 && !knownProfession;
    if (uncovered && placeOnly && PAGE_INTENTS.has(intent)) {
      return { kind: 'askProfile', pending: { intent: this.pageIntent(intent), uses }, partial: { uncoveredPlace: uncovered.id }, saveUser: { uncovered: uncovered.id, feminine: reading.feminine || user.feminine } };
    }
    if (uncovered && placeOnly && (intent === 'profile.set' || intent === 'none')) {
      return { kind: 'askProfile', pending: { intent: 'card.which', uses: [], implied: true }, partial: { uncoveredPlace: uncovered.id }, saveUser: { uncovered: uncovered.id, feminine: reading.feminine || user.feminine } };
    }
    if (uncovered) {
      // (« je suis à l'accueil d'un centre de santé » then « je peux préparer les FSE ? »: the page given for who one is there is kept,
      // not the place's default page)
      const kept = !reading.subject.uncovered && user.uncovered === uncovered.id ? user.profileId : undefined;
      const nearest = this.kb.profiles.get(kept ?? uncovered.nearest)!;
      const options: AnswerOptions = { uncovered: { id: uncovered.id, label: uncovered.label }, feminine: reading.feminine };
      const save: UserProfileState = { profileId: nearest.id, uncovered: uncovered.id, feminine: reading.feminine || user.feminine };
      if (PAGE_INTENTS.has(intent)) {
        const pending: PendingQuestion = { intent, uses };
        return { kind: 'reply', answer: this.answerFor(pending, nearest, options), saveUser: save, remember: pending };
      }
      const topic = TOPIC_INTENTS.get(intent);
      if (topic) return { kind: 'reply', answer: this.answers.topicAnswer(topic.topic, topic.kind, nearest, options), saveUser: save, remember: { intent, uses } };
      if (intent === 'contact.cpam') return { kind: 'reply', answer: this.answers.contactsAnswer(options), saveUser: save };
      if (intent === 'profile.set' || intent === 'none') return { kind: 'reply', answer: this.answers.uncoveredAnswer(options.uncovered!, nearest, options), saveUser: save };
    }
    return undefined;
  }

  /**
   * Two activities (« PH, et une consultation libérale en ville »): both pages are kept; a question is answered for the activity
   * it names (« pour le cabinet »; not by the words that said the two activities), for either when both answer alike, else the bot asks which.
   */
  private decideActivities({ reading, user, last, intent, uses, eachUse }: Turn, { feminine, options }: AskerPage): Decision | undefined {
    const activities = this.activities(reading, user);
    if (!activities || !(intent === 'profile.set' || PAGE_INTENTS.has(intent))) return undefined;
    const [first, second] = activities.pages;
    const both: UserProfileState = { profileId: first.id, secondProfileId: second.id, feminine };
    if (intent === 'profile.set') return { kind: 'reply', answer: this.answers.activitiesAck(first, second, feminine), saveUser: both };
    const pending: PendingQuestion = { intent, uses, ...eachUse };
    const named = activities.said ? [] : activities.pages.filter((p) => reading.activityStatuses?.includes(p.status ?? '') || reading.subject.statuses.includes(p.status ?? ''));
    // (« et pour signer ? » right after an answer for one of them: the same one, kept first)
    const goingOn = !activities.said && reading.followUp && !!last && last.about !== 'other' && PAGE_INTENTS.has(last.intent) ? first : undefined;
    const chosen = named.length === 1 ? named[0] : named.length === 0 ? goingOn : undefined;
    if (chosen) return { kind: 'reply', answer: this.answerFor(pending, chosen, options), saveUser: { ...withActivityChosen(both, chosen.id), feminine }, remember: pending };
    // (which card: the same card for both is one answer)
    const sameCard = intent === 'card.which' && first.card === second.card ? first : undefined;
    const page = sameCard ?? this.sameOnPages(pending, activities.pages);
    if (page) return { kind: 'reply', answer: this.answerFor(pending, page, options), saveUser: both, remember: pending };
    return { kind: 'askProfile', pending, partial: { profession: first.profession, conflict: activities.pages.map((p) => p.status ?? ''), activities: true }, saveUser: both };
  }

  /** The message says who the asker is: noted, and the question asked before answered for that page. */
  private decideProfileSet({ reading, user, last, intent }: Turn, { resolution, stated, statusIgnored, feminine, options, save }: AskerPage): Decision | undefined {
    if (intent !== 'profile.set') return undefined;
    if (stated) {
      const changed = !!user.profileId && user.profileId !== stated.id;
      if (last && last.about !== 'other') {
        // (« et quand je serai titulaire ? »: the page to come answers, today's is kept: nothing is noted)
        const lead = reading.future && user.profileId ? this.answers.profileToCome(stated, feminine) : `${this.answers.profileSet(stated, changed, feminine)} ${this.kb.say('profile.previousQuestion')}`;
        return { kind: 'reply', answer: this.answerFor(last, stated, { ...options, lead }), saveUser: save, remember: last };
      }
      if (statusIgnored) return { kind: 'reply', answer: this.answers.statusIgnoredAnswer(stated, statusIgnored, options), saveUser: save };
      return { kind: 'reply', answer: this.answers.profileAck(stated, changed, feminine), saveUser: save };
    }
    if (resolution.kind === 'none') return { kind: 'reply', answer: this.answers.fallback() };
    // « j'ai perdu ma carte » then « je suis sage-femme »: every page of the profession answers it alike, no status asked
    if (resolution.kind === 'needStatus' && last && last.about !== 'other') {
      const same = this.sameOnEveryPage(last, resolution.profession);
      if (same) {
        const named = this.kb.profileFor(resolution.profession, 'titulaire') ?? same;
        const lead = `${this.answers.profileSet(named, false, feminine)} ${this.kb.say('profile.previousQuestion')}`;
        return { kind: 'reply', answer: this.answerFor(last, same, { ...options, allStatuses: this.professionLabel(resolution.profession), lead }), saveUser: save ?? { ...user, profession: resolution.profession }, remember: last };
      }
    }
    return { kind: 'askProfile', pending: last ?? { intent: 'card.which', uses: [], implied: true }, partial: partialOf(resolution), saveUser: save };
  }

  /** A question answered from a page: the asker's, a card's, or the profession's when all its pages agree; else the profile is asked. */
  private decidePage({ reading, user, intent, uses, eachUse }: Turn, { resolution, stated, feminine, options, save }: AskerPage): Decision | undefined {
    if (!PAGE_INTENTS.has(intent)) return undefined;
    const pending: PendingQuestion = { intent, uses, ...eachUse };
    // « la CPE anonyme permet-elle … ? »: a card that belongs to one page answers for that page
    const myCard = !!reading.ownCard;
    // (« ma CPS » from someone whose page is known, or a card named that is theirs: their page answers)
    const known = user.profileId ? this.kb.profiles.get(user.profileId) : undefined;
    const cardPage = stated || (known && (myCard || reading.cards.includes(known.card))) ? undefined : this.profileOfCard(reading.cards, pending);
    // (« la CPS d'une infirmière donne accès à SEFi ? »: a profession named answers for it, not for any holder of a card they share)
    // (« je viens d'être thésé, je peux encore utiliser ma CPF ? »: my card, beside what I say of myself, is never someone else's)
    const ofCard = (cardPage?.shared && resolution.kind === 'needStatus') || (myCard && !cardPage?.shared && this.hasFacts(reading.subject)) ? undefined : cardPage;
    if (ofCard && intent !== 'card.which') {
      // « je peux alimenter le DMP avec ma CPS ? »: a card of several pages that all answer alike speaks of the card, never of one page
      if (ofCard.shared) return { kind: 'reply', answer: this.answerFor(pending, ofCard.page, { ...options, anyHolder: true }), remember: pending };
      // « ma CPF arrive à échéance »: my card says my page (when nothing else is known of me)
      const mine = !user.profileId && !this.hasFacts(reading.subject) && myCard;
      if (mine) return { kind: 'reply', answer: this.answerFor(pending, ofCard.page, options), saveUser: { profileId: ofCard.page.id, feminine }, remember: pending };
      return this.theirAnswer(pending, ofCard.page);
    }
    // « la CPE permet-elle de télétransmettre ? »: cards said by one name (glossary › cards), nobody's page said; the pages
    // of those cards answer when they agree, else the bot asks which card (never the asker's own page, which may hold another)
    // (a use only: how a card is obtained or renewed is the page's, said with its name, and the same on several pages says nothing of whose card it is)
    const family = intent === 'use.access' && !stated && !ofCard && reading.cards.length === 0 && (resolution.kind === 'none' || resolution.kind === 'needProfession') ? this.cardFamily(reading) : undefined;
    if (family && !(known && family.pages.some((p) => p.card === known.card))) {
      const same = this.sameOnPages(pending, family.pages);
      if (same) return { kind: 'reply', answer: this.answerFor(pending, same, { ...options, anyHolder: true, holderName: family.name }), remember: pending };
      const distinct = this.distinctPages(pending, family.pages);
      // (« ma CPE » is the asker's card; « la CPE de la pharmacie » may be an employee's: the answer is not saved as the asker's page)
      const holder: PendingQuestion = reading.ownCard ? pending : { ...pending, about: 'other' };
      if (distinct.length <= MAX_CHOICES) return { kind: 'askProfile', pending: holder, partial: { ambiguity: { profiles: distinct.map((p) => p.id), question: this.kb.say('ask.whichCard', { card: family.name }) } }, saveUser: save };
    }
    const profile = stated ?? (resolution.kind === 'none' && user.profileId ? this.kb.profiles.get(user.profileId) : undefined);
    if (profile) return { kind: 'reply', answer: this.answerFor(pending, profile, options), saveUser: save, remember: pending };
    // the status is asked only when the pages of the profession answer differently
    if (resolution.kind === 'needStatus') {
      const same = this.sameOnEveryPage(pending, resolution.profession, reading.subject.ended);
      if (same) {
        return { kind: 'reply', answer: this.answerFor(pending, same, { ...options, allStatuses: this.professionLabel(resolution.profession) }), saveUser: save ?? { ...user, profession: resolution.profession }, remember: pending };
      }
    }
    if (!needsProfile(intent)) return { kind: 'reply', answer: this.sideAnswer(reading, intent, undefined), saveUser: save, remember: pending };
    // a closed service is closed whatever the page
    if (intent === 'use.access' && uses.every((u) => this.answers.closedBy(u))) return { kind: 'reply', answer: this.answers.closedAnswer(uses), saveUser: save, remember: pending };
    return { kind: 'askProfile', pending, partial: { ...partialOf(resolution), ...(reading.subject.workplace ? { workplace: reading.subject.workplace } : {}) }, saveUser: save };
  }

  /** A topic or anything else answered in general (for the asker's page when known). */
  private decideTopic({ reading, user, intent, uses }: Turn, { stated, options, save }: AskerPage): Decision {
    const answer = this.sideAnswer(reading, intent, stated ?? (user.profileId ? this.kb.profiles.get(user.profileId) : undefined), options);
    // a topic is remembered: « je suis ambulancier » next answers it again for that page
    // « c'est quoi ADRI ? » then « je peux l'utiliser ? »: a term that is a use is remembered as that use
    const remember: PendingQuestion | undefined = TOPIC_INTENTS.has(intent) ? { intent, uses: [] } : intent === 'glossary.define' && uses.length > 0 ? { intent, uses } : undefined;
    return { kind: 'reply', answer, saveUser: save, remember };
  }
  /**
   * Someone else of a profession, status unknown: « la CPS du Dr Lebon expire »: every page of the profession answers alike, no
   * status asked; else their status is asked.
   */
  private theirProfession(pending: PendingQuestion, profession: string, saveUser?: UserProfileState): Decision {
    const same = this.sameOnEveryPage(pending, profession);
    if (same) return this.theirAnswer(pending, same, { allStatuses: this.professionLabel(profession) }, saveUser);
    return { kind: 'askProfile', pending, partial: { profession }, saveUser };
  }

  /** An answer for someone else's page: said of « la personne », remembered as theirs, never saved as the asker's page. */
  private theirAnswer(pending: PendingQuestion, page: Profile, options: AnswerOptions = {}, saveUser?: UserProfileState, kept: Pick<PendingQuestion, 'subjectUncovered'> = {}): Decision {
    const theirs: PendingQuestion = { ...pending, about: 'other', subjectProfileId: page.id, ...kept };
    return { kind: 'reply', answer: this.answerFor(theirs, page, { ...options, about: 'other' }), remember: theirs, saveUser };
  }

  /** A profession as an answer names it when every page of it answers alike (« pour sage-femme, … »). */
  professionLabel(professionId: string): string {
    return this.kb.professions.get(professionId)?.label.toLowerCase() ?? professionId;
  }

  /**
   * The asker's two activities on two pages of one profession: said now (a page, « PH », and a status or the words of
   * the activity of another page of it, « une consultation libérale », both statuses with words for their activity,
   * professions.yaml › statuses › activityWords), or kept while the asker says nothing new of themselves but a status of one of them (« à l'hôpital »).
   */
  private activities(reading: Reading, user: UserProfileState): { pages: [Profile, Profile]; said: boolean } | undefined {
    if (reading.about !== 'self' || reading.future) return undefined;
    const f = reading.subject;
    const twoSaid = f.profiles.length === 1 && f.professions.length === 0 && f.denied.length === 0 && !f.upcoming && !f.ended && !f.uncovered;
    const first = twoSaid ? this.kb.profiles.get(f.profiles[0]) : undefined;
    const hasActivity = (status?: string) => (this.kb.statuses.get(status ?? '')?.activityWords.length ?? 0) > 0;
    if (first && hasActivity(first.status)) {
      // (« une demi-journée de consultations libérales »: a status after « de » is no status of the asker's, its words still name an activity)
      const second = [...new Set([...f.statuses, ...(reading.activityStatuses ?? [])])].filter((s) => s !== first.status && hasActivity(s)).map((s) => this.kb.profileFor(first.profession, s)).find((p) => p && p.id !== first.id);
      if (second) return { pages: [first, second], said: true };
    }
    const kept = [user.profileId, user.secondProfileId].map((id) => this.kb.profiles.get(id ?? ''));
    if (!kept[0] || !kept[1]) return undefined;
    const pages = kept as [Profile, Profile];
    const nothingNew = f.profiles.length + f.professions.length + f.denied.length === 0 && !f.uncovered && !f.ambiguity && f.statuses.every((s) => pages.some((p) => p.status === s));
    return nothingNew ? { pages, said: false } : undefined;
  }

  /** Whether the message is only things named (entities) and small words (stop words, and these words): « ADRI ? », « une CDE, société de taxi ». */
  private onlyNames(reading: Reading, also: Set<string> = new Set()): boolean {
    const { tokens, entities } = reading.recognition;
    return tokens.every((t, i) => entities.matches.some((m) => i >= m.start && i < m.end) || this.stopwords.has(t) || also.has(t));
  }

  /** Whether the words say anything of a person. */
  private hasFacts(f: PersonFacts): boolean {
    return f.profiles.length + f.professions.length + f.statuses.length + f.denied.length > 0 || !!f.uncovered || !!f.ambiguity;
  }

  /** What the asker's words add to what is kept of them (a profession alone is kept too). */
  private speakerUpdate(facts: PersonFacts | undefined, user: UserProfileState, feminine: boolean): UserProfileState | undefined {
    if (!facts || !this.hasFacts(facts)) return undefined;
    const r = this.resolve(facts, user);
    // the employer's profession is kept for staff only (« je suis prépa »), never for the practitioner they become
    const staffPage = r.kind === 'profile' && this.kb.isStaff(this.kb.profiles.get(r.profileId)?.profession);
    const employer = staffPage ? (facts.employer ?? user.employer) : undefined;
    if (r.kind === 'profile') return { profileId: r.profileId, feminine: feminine || user.feminine, ...(employer ? { employer } : {}) };
    if (r.kind === 'needStatus' && !(user.profileId && this.kb.profiles.get(user.profileId)?.profession === r.profession)) return { profession: r.profession, feminine: feminine || user.feminine };
    return undefined;
  }

  private pageIntent(intent: IntentId): IntentId {
    return PAGE_INTENTS.has(intent) ? intent : 'card.which';
  }

  /** The uses asked: named ones; a group named by an everyday word; a verb after a question on a group. */
  private usesOf(reading: Reading, last?: PendingQuestion): string[] {
    const named = [...reading.uses];
    const groups = reading.useGroups.flatMap((g) => this.kb.usesInGroup(g).map((u) => u.id));
    const all = [...new Set([...named, ...groups])];
    if (all.length > 0) return all;
    const verbs = reading.recognition.entities.verbUses;
    if (last && verbs.length > 0 && reading.recognition.tokens.length <= 8) {
      const lastGroups = new Set(last.uses.map((u) => this.kb.uses.get(u)?.group).filter(Boolean));
      return verbs.filter((u) => lastGroups.has(this.kb.uses.get(u)?.group));
    }
    return [];
  }

  /** The uses of a page for the uses asked: a group keeps the steps the page lists (« mes factures » → signer, télétransmettre). */
  private usesForPage(profile: Profile, { uses, eachUse }: Pick<PendingQuestion, 'uses' | 'eachUse'>): string[] {
    if (eachUse) return uses;
    const byGroup = new Map<string, string[]>();
    const out: string[] = [];
    for (const u of uses) {
      const g = this.kb.uses.get(u)?.group;
      if (!g) {
        out.push(u);
        continue;
      }
      byGroup.set(g, [...(byGroup.get(g) ?? []), u]);
    }
    for (const [g, list] of byGroup) {
      const all = this.kb.usesInGroup(g).map((u) => u.id);
      const whole = all.every((u) => list.includes(u));
      if (!whole) {
        out.push(...list);
        continue;
      }
      // the steps the page allows; if none, the steps it lists (to say « Non »), else the first
      const allowed = list.filter((u) => ['access', 'conditional'].includes(this.kb.useOf(profile, u)?.status ?? ''));
      const listed = list.filter((u) => this.kb.useOf(profile, u));
      out.push(...(allowed.length > 0 ? allowed : listed.length > 0 ? listed : [list[0]]));
    }
    return out;
  }

  /** One page of the profession when all its pages give the same answer to the question. */
  sameOnEveryPage(pending: PendingQuestion, profession: string, ended: string[] = []): Profile | undefined {
    // (« après la thèse »: the pages of a status over at that time do not count)
    return this.sameOnPages(pending, this.kb.profilesOf(profession).filter((p) => !ended.includes(p.status ?? '')));
  }

  /** One of the pages, when they all give the same answer to the question. */
  private sameOnPages(pending: PendingQuestion, pages: Profile[]): Profile | undefined {
    if (this.distinctPages(pending, pages).length !== 1) return undefined;
    // the same verdict everywhere, inferred on one page (« règle des titulaires »): that page answers, so the answer says it is to confirm
    if (pending.intent === 'use.access') return pages.find((p) => this.usesForPage(p, pending).some((u) => this.kb.useOf(p, u)?.basis === 'inferred')) ?? pages[0];
    return pages[0];
  }

  /** The first page of each different answer to the question (the choices worth offering). */
  private distinctPages(pending: PendingQuestion, pages: Profile[]): Profile[] {
    const seen = new Set<string>();
    return pages.filter((p) => {
      const k = this.answerKey(pending, p);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }

  /** The pages whose card is one of these. */
  private pagesWithCard(...cardIds: string[]): Profile[] {
    return [...this.kb.profiles.values()].filter((p) => cardIds.includes(p.card));
  }

  /** The cards an abbreviation said alone names (glossary › cards, « CPE »), with their pages. */
  private cardFamily(reading: Reading): { name: string; pages: Profile[] } | undefined {
    for (const a of reading.abbreviations) {
      const entry = this.kb.glossary.get(a);
      if (!entry?.cards) continue;
      const pages = this.pagesWithCard(...entry.cards);
      if (pages.length > 0) return { name: entry.abbreviation, pages };
    }
    return undefined;
  }

  /** What decides the answer to the question on a page: two pages with the same key answer alike. */
  private answerKey(pending: PendingQuestion, p: Profile): string {
    switch (pending.intent) {
      case 'use.access':
        return JSON.stringify(this.usesForPage(p, pending).map((u) => [u, this.kb.useOf(p, u)?.status ?? 'unlisted']));
      case 'card.obtain':
        return JSON.stringify(p.delivery);
      case 'card.renew':
      case 'card.validity': {
        // the same validity and the same deliverer: one answer, the card named in general
        const d = p.delivery.find((x) => x.validity) ?? p.delivery[0];
        return `${d.validity ?? ''} ${d.deliveredBy}`;
      }
      // a lost or failing card, the e-CPS: the topic's answer does not depend on the page; the ADELI switch on its register
      case 'card.lost':
      case 'card.broken':
      case 'ecps.info':
        return 'topic';
      case 'adeli.rpps':
        return p.register;
      default:
        return `${p.id}`;
    }
  }

  /** The page of a card named in the message: the only page with that card, or any of them when they all answer alike (shared: the answer is the card's, not that page's). */
  private profileOfCard(cardIds: string[], pending: PendingQuestion): { page: Profile; shared: boolean } | undefined {
    for (const cardId of cardIds) {
      const pages = this.pagesWithCard(cardId);
      if (pages.length === 1) return { page: pages[0], shared: false };
      if (pages.length > 1 && pending.intent === 'use.access') {
        const same = this.sameOnPages(pending, pages);
        if (same) return { page: same, shared: true };
      }
    }
    return undefined;
  }

  /** The first page of a profession (its titulaire page, in the statuses' order). */
  firstPageOf(profession: string): Profile {
    return this.kb.profilesOf(profession)[0];
  }

  /** The user's profession: their page's, or the one said without a status. */
  private professionOf(user: UserProfileState): string | undefined {
    return user.profileId ? this.kb.profiles.get(user.profileId)?.profession : user.profession;
  }

  /** The page that answers for an employee of a profession (« mon salarié »). */
  staffPage(employerProfession: string): Profile {
    const id = this.kb.staff.pageByEmployer[employerProfession] ?? this.kb.staff.defaultPage;
    return this.kb.profiles.get(id)!;
  }

  /** Answers a question that needs no profile (or uses it only when known). */
  sideAnswer(reading: Reading, intent: IntentId, profile: Profile | undefined, options: AnswerOptions = {}): Answer {
    const e = reading.recognition.entities;
    switch (intent) {
      case 'card.validity':
        return profile ? this.answers.validityAnswer(profile, options) : this.answers.validityAnswer();
      case 'card.renew':
        return profile ? this.answers.renewAnswer(profile, options) : this.answers.topicAnswer('card-renew', 'card.renew');
      case 'card.lost':
        return this.answers.topicAnswer('card-lost', 'card.lost', profile, options);
      case 'card.broken':
        return this.answers.topicAnswer('card-broken', 'card.broken', profile, options);
      case 'ecps.info':
        return this.answers.topicAnswer('ecps', 'ecps.info', profile, options);
      case 'adeli.rpps':
        return this.answers.topicAnswer('adeli-rpps', 'adeli.rpps', profile, options);
      case 'card.compare':
        return this.answers.compareAnswer(e.cards, e.abbreviations, profile);
      case 'contact.cpam':
        return this.answers.contactsAnswer(options);
      case 'glossary.define': {
        const ids = [...e.abbreviations];
        for (const useId of e.uses) {
          const abbr = this.kb.uses.get(useId)?.abbreviation;
          const entry = abbr && [...this.kb.glossary.values()].find((g) => g.abbreviation.toLowerCase() === abbr.toLowerCase());
          if (entry && !ids.includes(entry.id)) ids.push(entry.id);
        }
        for (const cardId of e.cards) {
          // « cde-cpe »: the card, else the sigles its id is made of
          const entries = this.kb.glossary.get(cardId) ? [this.kb.glossary.get(cardId)!] : cardId.split('-').map((part) => this.kb.glossary.get(part)).filter((g) => !!g);
          for (const entry of entries) if (!ids.includes(entry.id)) ids.push(entry.id);
        }
        return this.answers.glossaryAnswer(ids);
      }
      case 'help':
        return this.answers.help();
      case 'card.clarify':
        return this.answers.clarifyCard();
      case 'lang.english':
        return this.answers.english();
      case 'greeting':
      case 'thanks':
      case 'goodbye':
        return this.answers.simple(intent, `intents.${intent}`);
      default:
        return this.answers.fallback();
    }
  }

  /** The answer to a question that depends on the page. */
  answerFor(pending: PendingQuestion, profile: Profile, options: AnswerOptions = {}): Answer {
    const answer = this.pageAnswer(pending, profile, { ...options, about: options.about ?? pending.about });
    return options.lead ? { ...answer, lead: options.lead } : answer;
  }

  private pageAnswer(pending: PendingQuestion, profile: Profile, opts: AnswerOptions): Answer {
    switch (pending.intent) {
      case 'use.access':
        if (pending.uses.length > 0) return this.answers.useAnswer(profile, this.usesForPage(profile, pending), opts);
        return this.answers.cardAnswer(profile, opts, 'uses');
      case 'card.uses':
        return this.answers.cardAnswer(profile, opts, 'uses');
      case 'card.obtain':
        return this.answers.obtainAnswer(profile, opts);
      case 'card.renew':
        return this.answers.renewAnswer(profile, opts);
      case 'card.validity':
        return this.answers.validityAnswer(profile, opts);
      default: {
        const topic = TOPIC_INTENTS.get(pending.intent);
        if (topic) return this.answers.topicAnswer(topic.topic, topic.kind, profile, opts);
        return this.answers.cardAnswer(profile, opts);
      }
    }
  }

}

export function partialOf(resolution: ProfileResolution): PartialProfile {
  switch (resolution.kind) {
    case 'needStatus':
      return { profession: resolution.profession };
    case 'needProfession':
      return { status: resolution.status };
    case 'ambiguous':
      return { ambiguity: { profiles: resolution.profiles, question: resolution.question } };
    default:
      return {};
  }
}
