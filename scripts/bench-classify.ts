import { isAbsolute, resolve } from 'node:path';
import { buildClassifier, loadTrainerContext, trainFromConfigCached } from '../src/classification/classifier-factory.js';
import { loadCurrentModel } from '../src/classification/model-store.js';
import { loadCorpus, readLabeledFile } from '../src/classification/training-data.js';

// npm run bench:classify: posts per second for normalise + classify + route on one core (this
// process is single-threaded), after a warm-up pass, as the median of several timed runs over the
// corpus and dev posts.

const abs = (p: string): string => (isAbsolute(p) ? p : resolve(process.cwd(), p));
const configDir = abs(process.env.CONFIG_DIR || 'config');
const dataDir = abs(process.env.DATA_DIR || '.data');
const RUNS = Number(process.env.BENCH_RUNS || 7);

const ctx = loadTrainerContext(configDir);
const model = loadCurrentModel(dataDir) ?? trainFromConfigCached(configDir, ctx).model;
// A fresh classifier (and normaliser caches) so warm-up is part of this run, not of training.
const classifier = buildClassifier(model, loadTrainerContext(configDir));
const texts = [...loadCorpus(configDir), ...readLabeledFile(resolve(configDir, 'nlp/dev/dev.csv'))].map((r) => r.text);

let sink = 0;
const pass = (): number => {
  const t = process.hrtime.bigint();
  for (const text of texts) sink += classifier.classify(text).intentConfidence;
  return Number(process.hrtime.bigint() - t) / 1e9;
};
pass(); // warm-up: JIT and the stem cache
pass();
const rates = Array.from({ length: RUNS }, () => texts.length / pass()).sort((a, b) => a - b);
const median = rates[Math.floor(rates.length / 2)];
process.stdout.write(
  `model ${model.version}: ${texts.length} posts × ${RUNS} runs, median ${Math.round(median)} posts/s ` +
    `(min ${Math.round(rates[0])}, max ${Math.round(rates[rates.length - 1])})${sink < 0 ? '' : ''}\n`,
);
