/**
 * The recognizer: from a user's message to an intent, a confidence and the entities,
 * using the knowledge base's training phrases, lexicon and synonyms. Built once at
 * start-up (training takes a fraction of a second); recognize() is a pure function of
 * the text.
 */
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import { ClassifierKind, IntentClassifier, IntentScore, TrainingExample, featuresOf } from './classifier';
import { kindred } from '../domain/intents';
import { stem } from './gazetteer';
import { damerauLevenshtein } from './naturalModules';
import { EntityFinder, Entities } from './entities';
import { CARD_WORDS, LexiconIndex, lexiconOf, toTokens } from './normalize';
import { TextCache } from './textCache';
import { markersOf } from './markers';

export type Command = 'help' | 'cancel' | 'restart';

/** The intent given when the bot should not guess. */
const NONE_INTENT = 'none';
/** The intent of « carte » said alone: the bot offers the likely questions instead of guessing. */
const CLARIFY_CARD_INTENT = 'card.clarify';

/** The intent of a request for the assistant's help (what it can do). */
const HELP_INTENT = 'help';

/** The training intent that gathers out-of-scope phrases. */
const OUT_OF_SCOPE_INTENT = 'oos';

const RECOGNITION_CACHE_SIZE = 1000;

export interface Recognition {
  intent: string;
  confidence: number;
  ranking: IntentScore[];
  command?: Command;
  entities: Entities;
  /** the message's tokens, normalised */
  tokens: string[];
  /** why the intent was chosen: the classifier, or a rule over the entities */
  /** 'foreign': a word only ever seen out of the assistant's field (« remboursement », « payé ») */
  reason: 'command' | 'classifier' | 'entities' | 'fallback' | 'foreign' | 'empty';
}

export interface Recognizer {
  recognize(text: string): Recognition;
}

/** Whether pairs of neighbouring words are classifier features (chosen by npm run eval:nlu). */
export const DEFAULT_BIGRAMS = true;

export interface RecognizerOptions {
  classifier?: ClassifierKind;
  threshold?: number;
  /** the Bayes classifier's smoothing (see IntentClassifier) */
  smoothing?: number;
  /** whether pairs of neighbouring words are features too */
  bigrams?: boolean;
}

/** Words that ask to set two things side by side: without them, one card named is not a comparison. */
const COMPARE_WORDS = new Set(['difference', 'differences', 'different', 'differente', 'differe', 'pareil', 'pareille', 'meme', 'comparer', 'comparaison', 'compare', 'vs', 'versus', 'entre', 'ou', 'plutot', 'mieux', 'choisir']);
const YES_NO = new Set(['oui', 'non', 'ouais', 'ouai', 'nan', 'si', 'yes', 'no']);
const NOT_A_COMPARISON: ReadonlySet<string> = new Set(['card.compare']);
const QUESTION_WORDS = new Set(['quoi', 'signifie', 'veut', 'definition', 'definir', 'explique', 'expliquer', 'sigle', 'acronyme', 'abreviation']);
/** Polite or filler words that do not turn a command into a sentence (« aide svp »). */
const FILLERS = new Set(['svp', 'stp', 'merci', 'please', 'bot', 'assistant', 'ok', 'oui', 'bon', 'alors', 'euh']);

/** « je suis … », « nous sommes … »: the user says who they are. */
const SELF_STATEMENT = /\b(je suis|j suis|nous sommes|on est|je travaille|je bosse|moi c est|je m installe|je remplace)\b/;

const PROFILE_KINDS = new Set(['profile', 'profession', 'status', 'ambiguity']);
/** The kinds of entity that name a thing one may ask the meaning of (a card, a sigle, a use), not a person or a place. */
const NAMES = new Set(['card', 'abbreviation', 'use']);

/** Phrasings that ask what a word means. */
const DEFINITION = /\b(c est quoi|qu est ce que?|que veut dire|veut dire quoi|ca veut dire|signifie|signification|definition|sigle|acronyme|abreviation)\b/;

const DEFINITION_WORDS = new Set(['qu', 'quoi', 'veut', 'dire', 'signifie', 'signification', 'definition', 'sigle', 'acronyme', 'abreviation', 'exactement', 'numero', 'explique', 'expliquer']);

/** How many distinct places of the message name a card or a sigle (« CPS » is both: one place). */
function cardSpans(e: Entities): number {
  return new Set(e.matches.filter((m) => m.kind === 'card' || m.kind === 'abbreviation').map((m) => m.start)).size;
}

/** How many out-of-scope training phrases must use a word for it to mark a message as out of scope. */
const MIN_FOREIGN_PHRASES = 1;

/** A command's words, cut to their first letters and in any order: « recommence tout » = « tout recommencer ». */
function commandKey(tokens: string[]): string {
  return tokens.map((t) => t.slice(0, 6)).sort().join(' ');
}

export class KeywordRecognizer implements Recognizer {
  readonly lexicon: LexiconIndex;
  /** « carte ? », « j'ai une question sur la carte »: words that, beside « carte », do not say which question (lexicon › bareCard) */
  private readonly bareCard: Set<string>;
  readonly entities: EntityFinder;
  readonly classifier: IntentClassifier;
  readonly threshold: number;
  readonly bigrams: boolean;
  /** features seen only in out-of-scope training phrases (« remboursement », « carte Vitale ») */
  readonly foreignFeatures = new Set<string>();
  /** every word stem the training phrases and synonyms know */
  private readonly knownStems = new Set<string>();
  /** the training phrases' words, to read a typo as the word it misspells (« renouvlement ») */
  private readonly trainingWords: string[];
  private readonly spelled = new Map<string, string>();
  private readonly commands: Array<{ command: Command; tokens: string }>;
  /** words that tie a message to the cards (lexicon.yaml › markers › anchors) */
  private readonly anchors: Set<string>;
  /** a card's trouble (lexicon.yaml › markers › missing, damaged) */
  private readonly trouble: Set<string>;
  /** « ma », « mon », « mes » (lexicon.yaml › markers › possessive) */
  private readonly possessive: Set<string>;
  /** intents.yaml › anchors: an intent about one subject, and the words (or phrases, « veut dire ») that name it, folded */
  private readonly subjectWords: Array<{ intent: string; phrases: RegExp }>;

  constructor(private readonly kb: KnowledgeBase, options: RecognizerOptions = {}) {
    this.lexicon = lexiconOf(kb.lexicon);
    const marks = markersOf(kb.lexicon.markers).words;
    this.anchors = marks.anchors;
    this.bareCard = new Set([...CARD_WORDS, ...marks.bareCard]);
    this.possessive = marks.possessive;
    this.trouble = new Set([...marks.missing, ...marks.damaged]);
    this.subjectWords = kb.intents.intents
      .filter((it) => it.anchors.length > 0)
      .map((it) => ({ intent: it.id, phrases: new RegExp(`\\b(${it.anchors.map((a) => toTokens(a, this.lexicon).join(' ')).join('|')})\\b`) }));
    const trainingVocabulary = new Set<string>();
    for (const it of kb.intents.intents) for (const ph of it.phrases) toTokens(ph, this.lexicon).forEach((t) => trainingVocabulary.add(t));
    this.trainingWords = [...trainingVocabulary].filter((w) => w.length >= 5 && !this.lexicon.stopwords.has(w));
    this.entities = new EntityFinder(kb, this.lexicon, trainingVocabulary);
    this.threshold = options.threshold ?? kb.intents.threshold;
    this.bigrams = options.bigrams ?? DEFAULT_BIGRAMS;
    const examples = this.trainingExamples();
    this.classifier = new IntentClassifier(options.classifier ?? 'bayes', options.smoothing).train(examples);
    const inScope = new Set(examples.filter((ex) => ex.intent !== OUT_OF_SCOPE_INTENT).flatMap((ex) => ex.features));
    // a word is foreign when out-of-scope phrases use it and no other phrase does
    const oosCount = new Map<string, number>();
    for (const ex of examples) if (ex.intent === OUT_OF_SCOPE_INTENT) for (const f of ex.features) oosCount.set(f, (oosCount.get(f) ?? 0) + 1);
    for (const [f, n] of oosCount) if (n >= MIN_FOREIGN_PHRASES && !inScope.has(f) && !f.includes('+') && !FILLERS.has(f)) this.foreignFeatures.add(f);
    for (const f of inScope) this.knownStems.add(f);
    for (const w of this.entities.gazetteer.vocabulary) this.knownStems.add(stem(w));
    this.commands = (Object.entries(kb.intents.commands) as Array<[Command, string[]]>).flatMap(([command, phrases]) =>
      phrases.map((p) => ({ command, tokens: commandKey(this.significant(toTokens(p, this.lexicon))) })),
    );
  }

  /** The training phrases as classifier examples. */
  trainingExamples(intents = this.kb.intents.intents): TrainingExample[] {
    return intents.flatMap((it) =>
      it.phrases.map((ph) => {
        const tokens = toTokens(ph, this.lexicon);
        return { intent: it.id, features: featuresOf(tokens, this.entities.gazetteer.find(tokens), this.lexicon, this.bigrams) };
      }),
    );
  }

  /** A word that says nothing of the question: a filler (« svp », « ok ») or a stop word. */
  private filler(t: string): boolean {
    return FILLERS.has(t) || this.lexicon.stopwords.has(t);
  }

  private significant(tokens: string[]): string[] {
    return tokens.filter((t) => !this.filler(t));
  }

  /** Recent recognitions (see TextCache). */
  private readonly cache = new TextCache<Recognition>(RECOGNITION_CACHE_SIZE);

  /** The recognition of a text; the result is shared and must not be modified. */
  recognize(text: string): Recognition {
    return this.cache.get(String(text ?? ''), (t) => this.recognizeUncached(t));
  }

  private recognizeUncached(text: string): Recognition {
    const tokens = toTokens(text, this.lexicon);
    const entities = this.entities.find(tokens);
    const base = { entities, tokens };
    if (tokens.length === 0) return { ...base, intent: NONE_INTENT, confidence: 0, ranking: [], reason: 'empty' };

    const significant = commandKey(this.significant(tokens));
    const command = significant ? this.commands.find((c) => c.tokens === significant)?.command : undefined;
    if (command) return { ...base, intent: `command.${command}`, confidence: 1, ranking: [], command, reason: 'command' };

    // « oui », « non » out of any question of the bot: nothing to answer but the help
    if (tokens.every((t) => YES_NO.has(t))) return { ...base, intent: NONE_INTENT, confidence: 0, ranking: [], reason: 'fallback' };

    // « carte ? », « ma carte »: the word alone does not say which question; the bot asks
    const words = this.significant(tokens);
    if (words.some((t) => CARD_WORDS.has(t)) && words.every((t) => this.bareCard.has(t)) && entities.matches.length === 0) {
      return { ...base, intent: CLARIFY_CARD_INTENT, confidence: 1, ranking: [], reason: 'entities' };
    }

    const features = featuresOf(this.spellChecked(tokens, entities), entities.matches, this.lexicon, this.bigrams);
    // « quelles fonctionnalités avec la CPS »: one card and no word of comparison is not a
    // comparison; the classifier chooses among the other intents
    const ruledOut = new Set(cardSpans(entities) < 2 && !tokens.some((t) => COMPARE_WORDS.has(t)) ? NOT_A_COMPARISON : []);
    // « vous pouvez m'aider, ma carte est bloquée », « ma carte sert à quoi au juste »: a use, a card's trouble or one's own card
    // said is the question, never a request for the help (what the assistant does): the classifier chooses among the others
    const ownCard = tokens.some((t, i) => CARD_WORDS.has(t) && this.possessive.has(tokens[i - 1] ?? ''));
    if (entities.uses.length > 0 || ownCard || tokens.some((t) => this.trouble.has(t))) ruledOut.add(HELP_INTENT);
    // « et quand je serai installée ? »: an intent about one subject (the RPPS) is not chosen when nothing names it; it stays
    // the rival the others' margins are measured against (the classifier hesitated, and the reading says so)
    // (« CDE », « et la CPE ? »: a name said alone asks what it is; nothing else in the message says otherwise)
    // (not a person: « jsuis assistante dentaire », « dans un centre de santé » say who one is or where)
    const nameAlone =
      new Set(entities.matches.map((m) => m.start)).size === 1 &&
      entities.matches.every((m) => NAMES.has(m.kind)) &&
      tokens.every((t, i) => this.filler(t) || entities.matches.some((m) => m.start <= i && i < m.end));
    const joined = tokens.join(' ');
    const unnamed = new Set(nameAlone ? [] : this.subjectWords.filter(({ phrases }) => !phrases.test(joined)).map(({ intent }) => intent));
    const ranked = this.classifier.classify(features, ruledOut);
    const ranking = ranked.filter((r) => !unnamed.has(r.intent));
    // (« ma carte expire le mois prochain, je fais quoi ? »: a renewal or the validity, both say how long a card lasts and how it
    // is renewed; together they pass the threshold, and the first is answered: src/domain/intents.ts › kindred; not when a third
    // intent is close behind: the classifier hesitates more widely)
    const [first, second, third] = ranking;
    const pair = !!first && !!second && kindred(first.intent, second.intent) && (!third || third.score * 2 < second.score);
    const top = pair ? { ...first, score: first.score + second.score } : first;
    // the classifier read a subject the message does not name: what it reads next is no better than the entities
    const misread = !!ranked[0] && unnamed.has(ranked[0].intent);
    const hasProfile = entities.profiles.length + entities.professions.length + entities.statuses.length > 0 || !!entities.ambiguity;
    const hasDomain = hasProfile || entities.uses.length + entities.abbreviations.length + entities.cards.length > 0;

    // Out of scope: a word only ever seen in out-of-scope phrases (« remboursement »,
    // « carte Vitale », « arrêt de travail »), or mostly words the assistant has never met,
    // with nothing of the domain (use, card, abbreviation) beside them.
    const aboutCards = entities.uses.length + entities.abbreviations.length + entities.cards.length > 0;
    if (!aboutCards && this.outOfScope(tokens, entities, features, top, text)) {
      const foreign = features.some((f) => this.foreignFeatures.has(f));
      return { ...base, intent: NONE_INTENT, confidence: top?.score ?? 0, ranking, reason: foreign ? 'foreign' : 'fallback' };
    }

    // The entities settle a few shapes better than the classifier.
    const ruled = this.ruleIntent(tokens, entities, misread ? undefined : top);
    if (ruled) return { ...base, intent: ruled, confidence: top?.score ?? 0, ranking, reason: 'entities' };

    if (!top || top.intent === OUT_OF_SCOPE_INTENT || top.score < this.threshold) {
      if (hasDomain && !(top?.intent === OUT_OF_SCOPE_INTENT && top.score >= this.threshold)) {
        // a card spoken of (« renouveler la carte CDE de l'établissement »): the classifier's
        // reading, however unsure, says more than the bare entities
        const speaksOfCards = entities.cards.length + entities.abbreviations.length > 0 || tokens.some((t) => CARD_WORDS.has(t));
        if (top && top.intent !== OUT_OF_SCOPE_INTENT && entities.uses.length === 0 && speaksOfCards && !misread) {
          return { ...base, intent: top.intent, confidence: top.score, ranking, reason: 'entities' };
        }
        const guess = this.entityIntent(entities);
        if (guess && !unnamed.has(guess)) return { ...base, intent: guess, confidence: top?.score ?? 0, ranking, reason: 'entities' };
      }
      return { ...base, intent: NONE_INTENT, confidence: top?.score ?? 0, ranking, reason: 'fallback' };
    }
    return { ...base, intent: top.intent, confidence: top.score, ranking, reason: 'classifier' };
  }

  /**
   * The tokens with each unknown word of six letters or more replaced by the training word
   * it misspells (one letter off, two for long words), if there is exactly one such word.
   */
  private spellChecked(tokens: string[], e: Entities): string[] {
    return tokens.map((t, i) => {
      if (t.length < 6 || this.lexicon.stopwords.has(t) || this.knownStems.has(stem(t)) || e.matches.some((m) => i >= m.start && i < m.end)) return t;
      let fixed = this.spelled.get(t);
      if (fixed === undefined) {
        const max = t.length >= 9 ? 2 : 1;
        const near = this.trainingWords.filter((w) => Math.abs(w.length - t.length) <= max && w[0] === t[0] && damerauLevenshtein(t, w, { restricted: true }) <= max);
        fixed = near.length === 1 ? near[0] : t;
        if (this.spelled.size < 10_000) this.spelled.set(t, fixed);
      }
      return fixed;
    });
  }

  /** Whether the message is out of the assistant's field (see recognize). */
  private outOfScope(tokens: string[], e: Entities, features: string[], top: IntentScore | undefined, text: string): boolean {
    // A word seen only out of scope (« remboursement », « cotation ») makes the message out of
    // scope, even beside a profession (« la cotation d'une séance de kiné »), unless the message
    // also speaks of cards or says who the user is (« quel délai pour recevoir la carte »,
    // « je suis assistante chez … ») and the classifier does not read it as out of scope.
    // (« kiné libéral, je fais beaucoup de domicile », « médecin à la retraite depuis juillet »: who one is, said first, asks nothing)
    const saysWhoFirst = !text.includes('?') && e.matches.some((m) => (PROFILE_KINDS.has(m.kind) || m.kind === 'status') && m.exact && m.start <= 1);
    const anchored = tokens.some((t) => CARD_WORDS.has(t) || this.anchors.has(t)) || SELF_STATEMENT.test(tokens.join(' ')) || saysWhoFirst;
    if (features.some((f) => this.foreignFeatures.has(f)) && (top?.intent === OUT_OF_SCOPE_INTENT || !anchored)) return true;
    // a profession read through a typo (« hospital » for « hôpital ») does not vouch for the rest
    if (e.matches.some((m) => PROFILE_KINDS.has(m.kind) && m.exact)) return false;
    const covered = (i: number) => e.matches.some((m) => i >= m.start && i < m.end);
    let known = 0;
    let unknown = 0;
    tokens.forEach((t, i) => {
      if (covered(i) || this.filler(t)) return;
      if (this.knownStems.has(stem(t))) known++;
      else unknown++;
    });
    return unknown > known;
  }

  /** Overrides of the classifier where the entities leave no doubt. */
  private ruleIntent(tokens: string[], e: Entities, top: IntentScore | undefined): string | undefined {
    const asksMeaning = tokens.some((t) => QUESTION_WORDS.has(t)) || /\b(c est|qu est ce que|que veut dire)\b/.test(tokens.join(' '));
    const onlyEntities = this.significant(tokens).length <= 3;
    // « qu'est-ce que la CPF », « TLA signification »: a definition asked of one sigle
    const hasProfile = e.profiles.length + e.professions.length + e.statuses.length > 0 || !!e.ambiguity;
    const residual = this.significant(tokens).filter((t, i, all) => !DEFINITION_WORDS.has(t) && !e.matches.some((m) => m.phrase && tokens.indexOf(t) >= m.start && tokens.indexOf(t) < m.end) && all.indexOf(t) === i);
    if (DEFINITION.test(tokens.join(' ')) && residual.length === 0 && cardSpans(e) === 1 && e.abbreviations.length > 0 && e.uses.length === 0 && !hasProfile &&
        top?.intent !== 'ecps.info' && top?.intent !== 'adeli.rpps') {
      return 'glossary.define';
    }

    // « ma CPS me permet-elle d'accéder au DMP »: a use named makes it a question about that use
    if (top?.intent === 'card.uses' && e.uses.length > 0) return 'use.access';
    if (top?.intent === 'glossary.define' && e.abbreviations.length === 0 && e.cards.length === 0 && e.uses.length > 0) return 'use.access';
    if (top?.intent === 'use.access' && e.uses.length === 0) {
      if (e.abbreviations.length > 0 && asksMeaning) return 'glossary.define';
      return e.cards.length > 0 || e.abbreviations.length > 0 ? 'card.uses' : undefined;
    }
    // « et pour Amelipro ? », « DMP ? »: a use named with hardly anything else
    if (e.uses.length > 0 && onlyEntities && !asksMeaning) return 'use.access';
    // « je suis infirmier salarié d'un centre de santé »: every word describes the user
    if (hasProfile && residual.length === 0 && !asksMeaning && e.uses.length === 0 && e.cards.length === 0) {
      return 'profile.set';
    }
    // « infirmière remplaçante », « je suis kiné »: a profile and nothing else
    if (onlyEntities && e.uses.length === 0 && e.abbreviations.length === 0 && e.cards.length === 0 &&
        (e.profiles.length + e.professions.length + e.statuses.length > 0 || e.ambiguity) &&
        (!top || top.score < this.threshold || top.intent === 'profile.set' || top.intent === OUT_OF_SCOPE_INTENT)) {
      return 'profile.set';
    }
    return undefined;
  }

  /** The intent the entities alone suggest, when the classifier is unsure. */
  private entityIntent(e: Entities): string | undefined {
    if (e.uses.length > 0) return 'use.access';
    if (e.abbreviations.length > 0 && e.cards.length === 0) return 'glossary.define';
    if (e.profiles.length + e.professions.length + e.statuses.length > 0 || e.ambiguity) return 'profile.set';
    return undefined;
  }
}
