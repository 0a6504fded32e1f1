/**
 * natural's modules, each required by its own path: the package's index loads its
 * storage back-ends (pg, mongoose, redis), runs dotenv and prints to stdout, and costs
 * about half a second. Only what the understanding uses is loaded here.
 */
/* eslint-disable @typescript-eslint/no-require-imports */

export interface NaturalClassification {
  label: string;
  value: number;
}

export interface NaturalClassifier {
  /** every feature seen in training, in the order natural builds its vectors */
  features: Record<string, number>;
  /** the underlying model (apparatus), which also takes a sparse observation */
  classifier: { getClassifications(observation: number[] | Record<number, number>): NaturalClassification[] };
  addDocument(tokens: string[], label: string): void;
  train(): void;
  getClassifications(tokens: string[]): NaturalClassification[];
  classify(tokens: string[]): string;
}

type ClassifierCtor = new (stemmer?: unknown, options?: unknown) => NaturalClassifier;

export const BayesClassifier: ClassifierCtor = require('natural/lib/natural/classifiers/bayes_classifier');
export const LogisticRegressionClassifier: ClassifierCtor = require('natural/lib/natural/classifiers/logistic_regression_classifier');

const AggressiveTokenizerFr: new () => { tokenize(text: string): string[] } = require('natural/lib/natural/tokenizers/aggressive_tokenizer_fr');
export const frenchTokenizer = new AggressiveTokenizerFr();

export const frenchStemmer: { stem(token: string): string } = require('natural/lib/natural/stemmers/porter_stemmer_fr');

const levenshtein = require('natural/lib/natural/distance/levenshtein_distance');
export const damerauLevenshtein: (a: string, b: string, options?: { restricted?: boolean }) => number =
  levenshtein.DamerauLevenshteinDistance;
