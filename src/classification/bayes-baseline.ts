import { createRequire } from 'node:module';
import type { Predictor } from './evaluation.js';
import type { LabeledRow } from './training-data.js';

// The baseline the issue measures against: natural's BayesClassifier over raw tokens (lower-cased,
// split on non-alphanumerics, no stemming, no stopwords removed). Only the eval command uses it.

const require = createRequire(import.meta.url);

interface NaturalBayes {
  addDocument(tokens: string[], label: string): void;
  train(): void;
  classify(tokens: string[]): string;
}
type BayesCtor = new (stemmer?: unknown) => NaturalBayes;

const rawTokens = (s: string): string[] => s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

export class BayesBaseline implements Predictor {
  private readonly intent: NaturalBayes;
  private readonly sentiment: NaturalBayes;
  private readonly opd: NaturalBayes;

  constructor(rows: LabeledRow[]) {
    // Imported by file: the natural index loads storage backends and prints dotenv banners.
    const Bayes = require('natural/lib/natural/classifiers/bayes_classifier.js') as BayesCtor;
    const stemmer = { tokenizeAndStem: rawTokens };
    this.intent = new Bayes(stemmer);
    this.sentiment = new Bayes(stemmer);
    this.opd = new Bayes(stemmer);
    for (const r of rows) {
      const t = rawTokens(r.text);
      if (r.intent) this.intent.addDocument(t, r.intent);
      if (r.sentiment) this.sentiment.addDocument(t, r.sentiment);
      if (r.opd && r.intent !== 'other') this.opd.addDocument(t, r.opd);
    }
    this.intent.train();
    this.sentiment.train();
    this.opd.train();
  }

  classify(text: string): { intent: string; sentiment: string; opdCode: string | null } {
    const t = rawTokens(text);
    const intent = this.intent.classify(t);
    return { intent, sentiment: this.sentiment.classify(t), opdCode: intent === 'other' ? null : this.opd.classify(t) };
  }
}
