/**
 * The intent classifier: natural's classifier trained at start-up on the training phrases
 * of intents.yaml. Its features are the French stems of the content words, with the
 * phrases the entity finder recognises replaced by their kind (« @use », « @profession »),
 * so that « puis-je consulter le DMP » teaches the shape of the question, not the DMP.
 */
import { BayesClassifier, LogisticRegressionClassifier, NaturalClassification, NaturalClassifier } from './naturalModules';
import { stem } from './gazetteer';
import type { PhraseMatch } from './gazetteer';
import type { LexiconIndex } from './normalize';

export type ClassifierKind = 'bayes' | 'logistic';

export interface IntentScore {
  intent: string;
  score: number;
}

export interface TrainingExample {
  intent: string;
  features: string[];
}

/** Placeholder features for what the entity finder recognised. */
const PLACEHOLDER: Record<string, string> = {
  profile: '@profession',
  profession: '@profession',
  ambiguity: '@profession',
  status: '@status',
  use: '@use',
  useGroup: '@use',
  abbreviation: '@abbr',
  card: '@card',
};

/** The classifier's features of a tokenised message and the entities found in it. */
export function featuresOf(tokens: string[], matches: PhraseMatch[], lexicon: LexiconIndex, bigrams = false): string[] {
  const features: string[] = [];
  for (let i = 0; i < tokens.length; ) {
    const here = matches.filter((m) => m.start === i);
    if (here.length > 0) {
      for (const m of here) {
        features.push(PLACEHOLDER[m.kind] ?? `@${m.kind}`);
        // which abbreviation or card matters too: « ADELI » + « RPPS » is the register switch
        if (m.kind === 'abbreviation' || m.kind === 'card') features.push(`${m.kind}:${m.id}`);
      }
      i = Math.max(...here.map((m) => m.end));
      continue;
    }
    const t = tokens[i];
    if (!lexicon.stopwords.has(t)) features.push(stem(t));
    i += 1;
  }
  if (bigrams) {
    const words = features.filter((f) => !f.includes(':'));
    for (let k = 1; k < words.length; k++) features.push(`${words[k - 1]}+${words[k]}`);
  }
  return [...new Set(features)];
}

export const DEFAULT_SMOOTHING = 0.01;

export class IntentClassifier {
  private classifier: NaturalClassifier;
  readonly vocabulary = new Set<string>();
  readonly intents: string[] = [];

  /**
   * @param smoothing the Bayes classifier's count for a word never seen with an intent:
   *   the smaller, the more a word foreign to an intent counts against it.
   */
  constructor(readonly kind: ClassifierKind = 'bayes', readonly smoothing = DEFAULT_SMOOTHING) {
    this.classifier = kind === 'logistic' ? new LogisticRegressionClassifier() : new BayesClassifier(undefined, smoothing);
  }

  train(examples: TrainingExample[]): this {
    const seen = new Set<string>();
    for (const ex of examples) {
      if (ex.features.length === 0) continue;
      this.classifier.addDocument(ex.features, ex.intent);
      ex.features.forEach((f) => this.vocabulary.add(f));
      if (!seen.has(ex.intent)) {
        seen.add(ex.intent);
        this.intents.push(ex.intent);
      }
    }
    this.classifier.train();
    this.indexFeatures();
    return this;
  }

  /**
   * natural turns every observation into a dense 0/1 vector over all the features it has
   * seen (thousands, with word pairs) and the Bayes model then walks that vector once per
   * intent. The model also accepts the indices of the features present, with the same
   * arithmetic (absent features add nothing): the index is built here, in natural's own
   * enumeration order, so that classify() costs what the message holds, not the vocabulary.
   */
  private indexFeatures(): void {
    this.featureIndex = undefined;
    if (this.kind !== 'bayes') return;
    const index = new Map<string, number>();
    let i = 0;
    for (const feature in this.classifier.features) index.set(feature, i++);
    this.featureIndex = index;
  }

  private featureIndex?: Map<string, number>;

  /**
   * The same likelihoods through natural's public path (a dense vector over the features).
   * The fast path above relies on natural enumerating `features` in the order it builds its
   * vectors; tests/nlu/classifier.test.ts checks that the two agree, so an upgrade of
   * natural that changes the order fails a test instead of silently changing answers.
   */
  publicLikelihoods(features: string[]): NaturalClassification[] {
    return this.classifier.getClassifications(features.filter((f) => this.vocabulary.has(f)));
  }

  /** The likelihoods as classify() computes them (the indexed path). */
  indexedLikelihoods(features: string[]): NaturalClassification[] {
    return this.likelihoods(features.filter((f) => this.vocabulary.has(f)));
  }

  private likelihoods(known: string[]): NaturalClassification[] {
    if (!this.featureIndex) return this.classifier.getClassifications(known);
    const present: Record<number, number> = {};
    known.forEach((f, k) => {
      const i = this.featureIndex!.get(f);
      if (i !== undefined) present[k] = i;
    });
    return this.classifier.classifier.getClassifications(present);
  }

  /**
   * Intents ranked, each scored against the runner-up: score = p / (p + p₂), where p₂ is
   * the best other intent's likelihood. The top intent's score is thus its margin over
   * the second (0.5 = a tie), which stays meaningful however many intents there are,
   * unlike a probability spread over all of them. Intents in `exclude` (ruled out by the
   * entities) are left out before the margins are computed.
   */
  classify(features: string[], exclude?: ReadonlySet<string>): IntentScore[] {
    const known = features.filter((f) => this.vocabulary.has(f));
    if (known.length === 0) return [];
    const raw = this.likelihoods(known).filter((c) => !exclude?.has(c.label));
    if (raw.length === 0 || !(raw[0].value > 0)) return [];
    const best = raw[0].value;
    const second = raw[1]?.value ?? 0;
    return raw.map((c, i) => {
      const rival = i === 0 ? second : best;
      return { intent: c.label, score: c.value / (c.value + rival) };
    });
  }
}
