import type { Intent, Sentiment } from '../cases/case.types.js';
import { normaliseForKeywords, type KeywordRouter, type KeywordScore } from '../routing/keyword-router.js';
import type { Classification, CitizenTextClassifier, TextLocation } from './classification.types.js';
import { argmax, LinearModel, validateModelFile, type ModelFile } from './classifier-model.js';
import { FeatureExtractor } from './features.js';
import type { LocationExtractor } from './location-extractor.js';
import type { NormalizedText, TextNormalizer } from './text-normalizer.js';

/**
 * The text keyword rules are matched on: the normalised words (so "jln rusak" matches "jalan rusak")
 * and, after a separator no phrase contains, the plainly lower-cased text (so a rule an admin writes
 * with a word the normaliser rewrites, such as "lpg" or "jukir", still matches).
 */
export const keywordText = (n: NormalizedText, text: string): string => `${normaliseForKeywords(n.words.join(' '))}~${normaliseForKeywords(text)}`;

const NO_LOCATION: TextLocation = { kecamatan: null, desa: null };

/**
 * Classifies with a trained model: softmax models for intent, sentiment and OPD over the same
 * features, where the OPD model also sees which keyword rules matched. Intent `other` never gets an
 * OPD; nor does a post whose OPD is unlikely and that matches no keyword rule (it goes to triage).
 */
export class TrainedClassifier implements CitizenTextClassifier {
  readonly version: string;
  private readonly extractor: FeatureExtractor;
  private readonly linear: LinearModel;

  constructor(
    readonly model: ModelFile,
    private readonly normalizer: TextNormalizer,
    private readonly router: KeywordRouter,
    private readonly locations?: LocationExtractor,
  ) {
    validateModelFile(model);
    this.version = model.version;
    this.extractor = new FeatureExtractor(model.features);
    this.linear = new LinearModel(model);
  }

  classify(text: string): Classification {
    const n = this.normalizer.normalize(text);
    const kw = this.router.score(keywordText(n, text));
    const f = this.extractor.extract(n, kw);
    const { intent: pi, sentiment: ps, opd: po } = this.linear.probabilities(f);
    const ii = argmax(pi);
    const si = argmax(ps);
    const oi = argmax(po);
    const { classes } = this.linear;
    const intent = classes.intent[ii] as Intent;
    let opdCode: string | null = classes.opd[oi];
    if (intent === 'other' || (po[oi] < this.model.routing.minOpdProbability && !kw.length)) opdCode = null;
    return {
      intent,
      intentConfidence: round(pi[ii]),
      sentiment: classes.sentiment[si] as Sentiment,
      sentimentConfidence: round(ps[si]),
      topic: opdCode ? this.topic(n, kw, opdCode, oi) : (kw[0]?.matched[0] ?? null),
      opdCode,
      routingConfidence: opdCode ? round(po[oi]) : 0,
      location: this.locations?.extract(text) ?? NO_LOCATION,
      modelVersion: this.version,
    };
  }

  // The longest keyword phrase matched for the chosen OPD, else the word that speaks most for it.
  private topic(n: NormalizedText, kw: KeywordScore[], opdCode: string, oi: number): string | null {
    const matched = kw.find((k) => k.opdCode === opdCode)?.matched;
    if (matched?.length) return matched.reduce((a, b) => (b.length > a.length ? b : a));
    let best: string | null = null;
    let bestW = 0;
    const seen = new Set<string>();
    for (const word of n.words) {
      if (word.length < 3 || seen.has(word)) continue;
      seen.add(word);
      const w = this.linear.weight('opd', this.extractor.stemBucket(this.normalizer.stem(word)), oi);
      if (w > bestW) [best, bestW] = [word, w];
    }
    return best;
  }
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
