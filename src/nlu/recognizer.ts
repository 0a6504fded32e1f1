/**
 * The recognizer: from a user's message to an intent, a confidence and the entities,
 * using the knowledge base's training phrases, lexicon and synonyms. Built once at
 * start-up (training takes a fraction of a second); recognize() is a pure function of
 * the text.
 */
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import { ClassifierKind, IntentClassifier, IntentScore, TrainingExample, featuresOf } from './classifier';
import { EntityFinder, Entities } from './entities';
import { LexiconIndex, buildLexicon, toTokens } from './normalize';

export type Command = 'help' | 'cancel' | 'restart';

/** The intent given when the bot should not guess. */
export const NONE_INTENT = 'none';
/** The training intent that gathers out-of-scope phrases. */
export const OUT_OF_SCOPE_INTENT = 'oos';

export interface Recognition {
  intent: string;
  confidence: number;
  ranking: IntentScore[];
  command?: Command;
  entities: Entities;
  /** the message's tokens, normalised */
  tokens: string[];
  /** why the intent was chosen: the classifier, or a rule over the entities */
  reason: 'command' | 'classifier' | 'entities' | 'fallback' | 'empty';
}

export interface Recognizer {
  recognize(text: string): Recognition;
}

/** Whether pairs of neighbouring words are classifier features (chosen by npm run eval:nlu). */
export const DEFAULT_BIGRAMS = false;

export interface RecognizerOptions {
  classifier?: ClassifierKind;
  threshold?: number;
  /** the Bayes classifier's smoothing (see IntentClassifier) */
  smoothing?: number;
  /** whether pairs of neighbouring words are features too */
  bigrams?: boolean;
}

const QUESTION_WORDS = new Set(['quoi', 'signifie', 'veut', 'definition', 'definir', 'explique', 'expliquer', 'sigle', 'acronyme', 'abreviation']);
/** Polite or filler words that do not turn a command into a sentence (« aide svp »). */
const FILLERS = new Set(['svp', 'stp', 'merci', 'please', 'bot', 'assistant', 'ok', 'oui', 'bon', 'alors', 'euh']);

export class KeywordRecognizer implements Recognizer {
  readonly lexicon: LexiconIndex;
  readonly entities: EntityFinder;
  readonly classifier: IntentClassifier;
  readonly threshold: number;
  readonly bigrams: boolean;
  private readonly commands: Array<{ command: Command; tokens: string }>;

  constructor(private readonly kb: KnowledgeBase, options: RecognizerOptions = {}) {
    this.lexicon = buildLexicon(kb.lexicon.replacements, kb.lexicon.stopwords);
    const trainingVocabulary = new Set<string>();
    for (const it of kb.intents.intents) for (const ph of it.phrases) toTokens(ph, this.lexicon).forEach((t) => trainingVocabulary.add(t));
    this.entities = new EntityFinder(kb, this.lexicon, trainingVocabulary);
    this.threshold = options.threshold ?? kb.intents.threshold;
    this.bigrams = options.bigrams ?? DEFAULT_BIGRAMS;
    this.classifier = new IntentClassifier(options.classifier ?? 'bayes', options.smoothing).train(this.trainingExamples());
    this.commands = (Object.entries(kb.intents.commands) as Array<[Command, string[]]>).flatMap(([command, phrases]) =>
      phrases.map((p) => ({ command, tokens: this.significant(toTokens(p, this.lexicon)).join(' ') })),
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

  private significant(tokens: string[]): string[] {
    return tokens.filter((t) => !FILLERS.has(t) && !this.lexicon.stopwords.has(t));
  }

  recognize(text: string): Recognition {
    const tokens = toTokens(text ?? '', this.lexicon);
    const entities = this.entities.find(tokens);
    const base = { entities, tokens };
    if (tokens.length === 0) return { ...base, intent: NONE_INTENT, confidence: 0, ranking: [], reason: 'empty' };

    const significant = this.significant(tokens).join(' ');
    const command = significant ? this.commands.find((c) => c.tokens === significant)?.command : undefined;
    if (command) return { ...base, intent: `command.${command}`, confidence: 1, ranking: [], command, reason: 'command' };

    const features = featuresOf(tokens, entities.matches, this.lexicon, this.bigrams);
    const ranking = this.classifier.classify(features);
    const top = ranking[0];
    const hasProfile = entities.profiles.length + entities.professions.length + entities.statuses.length > 0 || !!entities.ambiguity;
    const hasDomain = hasProfile || entities.uses.length + entities.abbreviations.length + entities.cards.length > 0;

    // The entities settle a few shapes better than the classifier.
    const ruled = this.ruleIntent(tokens, entities, top);
    if (ruled) return { ...base, intent: ruled, confidence: top?.score ?? 0, ranking, reason: 'entities' };

    if (!top || top.intent === OUT_OF_SCOPE_INTENT || top.score < this.threshold) {
      if (hasDomain && !(top?.intent === OUT_OF_SCOPE_INTENT && top.score >= this.threshold)) {
        const guess = this.entityIntent(entities);
        if (guess) return { ...base, intent: guess, confidence: top?.score ?? 0, ranking, reason: 'entities' };
      }
      return { ...base, intent: NONE_INTENT, confidence: top?.score ?? 0, ranking, reason: 'fallback' };
    }
    return { ...base, intent: top.intent, confidence: top.score, ranking, reason: 'classifier' };
  }

  /** Overrides of the classifier where the entities leave no doubt. */
  private ruleIntent(tokens: string[], e: Entities, top: IntentScore | undefined): string | undefined {
    const asksMeaning = tokens.some((t) => QUESTION_WORDS.has(t)) || /\b(c est|qu est ce que|que veut dire)\b/.test(tokens.join(' '));
    const onlyEntities = this.significant(tokens).length <= 3;
    if (top?.intent === 'glossary.define' && e.abbreviations.length === 0 && e.cards.length === 0 && e.uses.length > 0) return 'use.access';
    if (top?.intent === 'use.access' && e.uses.length === 0) {
      if (e.abbreviations.length > 0 && asksMeaning) return 'glossary.define';
      return e.cards.length > 0 || e.abbreviations.length > 0 ? 'card.uses' : undefined;
    }
    // « et pour Amelipro ? », « DMP ? »: a use named with hardly anything else
    if (e.uses.length > 0 && onlyEntities && !asksMeaning) return 'use.access';
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
