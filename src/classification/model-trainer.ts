import { createHash } from 'node:crypto';
import { INTENTS, SENTIMENTS } from '../cases/case.types.js';
import type { KeywordRouter } from '../routing/keyword-router.js';
import { MODEL_FORMAT, packTask, type ModelFile, type RoutingOptions, type TaskName } from './classifier-model.js';
import { DEFAULT_FEATURES, FeatureExtractor, type FeatureOptions, type SparseFeatures } from './features.js';
import { DEFAULT_SOFTMAX, trainSoftmax, type Example, type SoftmaxOptions } from './softmax-regression.js';
import type { TextNormalizer } from './text-normalizer.js';
import type { LabeledRow } from './training-data.js';
import { keywordText } from './trained-classifier.js';

/** Bump when a change to normalisation, features or training makes older cached models stale. */
export const MODEL_CODE_REVISION = 3;

export interface TrainerOptions {
  features: FeatureOptions;
  softmax: Record<TaskName, SoftmaxOptions>;
  routing: RoutingOptions;
  /** Features seen in fewer documents are dropped before training. */
  minDocFreq: number;
  /** Weights with a smaller magnitude are not written to the model file. */
  pruneBelow: number;
  /** At most this many weights per task are written (the largest), which bounds the file size. */
  maxWeightsPerTask: number;
  /** 0 = no class balancing, 1 = fully balanced (weight ∝ 1 / class frequency). */
  classBalance: number;
  /** Weight of the public sentiment sets' rows relative to the project's own rows. */
  publicSentimentWeight: number;
}

export const DEFAULT_TRAINER: TrainerOptions = {
  features: DEFAULT_FEATURES,
  // The OPD model (21 classes, fewer rows) measured better with more passes.
  softmax: { intent: DEFAULT_SOFTMAX, sentiment: DEFAULT_SOFTMAX, opd: { ...DEFAULT_SOFTMAX, epochs: 10 } },
  routing: { minOpdProbability: 0.2 },
  minDocFreq: 3,
  pruneBelow: 0.01,
  maxWeightsPerTask: 350_000,
  classBalance: 0.5,
  publicSentimentWeight: 0.5,
};

export interface TrainerContext {
  normalizer: TextNormalizer;
  router: KeywordRouter;
}

const versionStamp = (d: Date): string => d.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');

/**
 * Trains intent, sentiment and OPD models from labeled rows (corpus, public sentiment sets and any
 * extra rows such as staff corrections) and returns the model file to save.
 */
export function trainModel(rows: LabeledRow[], ctx: TrainerContext, options: TrainerOptions = DEFAULT_TRAINER, now = new Date()): ModelFile {
  const started = Date.now();
  const extractor = new FeatureExtractor(options.features);
  const feats: SparseFeatures[] = rows.map((r) => {
    const n = ctx.normalizer.normalize(r.text);
    return extractor.extract(n, ctx.router.score(keywordText(n, r.text)));
  });

  // Keep buckets seen in at least minDocFreq documents; give them compact ids.
  const df = new Map<number, number>();
  for (const f of feats) for (const k of new Set(f.keys)) df.set(k, (df.get(k) ?? 0) + 1);
  // Frequent features get the low ids, so the weights most updates touch share cache lines.
  const compact = new Map<number, number>();
  const kept = [...df].filter(([, c]) => c >= options.minDocFreq).sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  for (const [k] of kept) compact.set(k, compact.size);
  const bucketOf = new Int32Array(compact.size);
  for (const [k, id] of compact) bucketOf[id] = k;
  const toExample = (i: number, label: number, weight: number): Example => {
    const ids: number[] = [];
    const values: number[] = [];
    feats[i].keys.forEach((k, j) => {
      const id = compact.get(k);
      if (id === undefined) return;
      ids.push(id);
      values.push(feats[i].values[j]);
    });
    return { ids: Int32Array.from(ids), values: Float32Array.from(values), label, weight };
  };

  const opdClasses = [...new Set(rows.filter((r) => r.opd && r.intent !== 'other').map((r) => r.opd!))].sort();
  const specs: Record<TaskName, { classes: readonly string[]; label: (r: LabeledRow) => string | undefined | null }> = {
    intent: { classes: INTENTS, label: (r) => r.intent },
    sentiment: { classes: SENTIMENTS, label: (r) => r.sentiment },
    opd: { classes: opdClasses, label: (r) => (r.intent === 'other' ? undefined : r.opd) },
  };
  const tasks = {} as ModelFile['tasks'];
  const counts: Record<string, number> = {};
  for (const name of ['intent', 'sentiment', 'opd'] as const) {
    const { classes, label } = specs[name];
    const picked = rows.map((r, i) => ({ i, k: classes.indexOf(label(r) ?? '') , r })).filter((x) => x.k >= 0);
    const perClass = classes.map((_c, k) => picked.filter((x) => x.k === k).length);
    const balance = (k: number): number => (perClass[k] ? (picked.length / (classes.length * perClass[k])) ** options.classBalance : 0);
    const examples = picked.map(({ i, k, r }) =>
      toExample(i, k, balance(k) * (r.weight ?? 1) * (r.source === 'sentiment' ? options.publicSentimentWeight : 1)),
    );
    const trained = trainSoftmax(examples, compact.size, classes.length, options.softmax[name]);
    tasks[name] = packTask([...classes], trained.weights, trained.bias, bucketOf, options.pruneBelow, options.maxWeightsPerTask);
    counts[name] = examples.length;
  }

  const hash = createHash('sha1');
  for (const r of rows) hash.update(`${r.text}\u0000${r.intent ?? ''}\u0000${r.opd ?? ''}\u0000${r.sentiment ?? ''}\u0000${r.weight ?? 1}\n`);
  hash.update(JSON.stringify(options));
  return {
    format: MODEL_FORMAT,
    version: `sw-${versionStamp(now)}-${hash.digest('hex').slice(0, 8)}`,
    createdAt: now.toISOString(),
    features: options.features,
    routing: options.routing,
    training: {
      rows: rows.length,
      examples: counts,
      sources: Object.fromEntries([...new Set(rows.map((r) => r.source ?? 'extra'))].map((s) => [s, rows.filter((r) => (r.source ?? 'extra') === s).length])),
      features: compact.size,
      durationMs: Date.now() - started,
      options: { minDocFreq: options.minDocFreq, pruneBelow: options.pruneBelow, classBalance: options.classBalance, publicSentimentWeight: options.publicSentimentWeight, softmax: options.softmax },
    },
    tasks,
  };
}
