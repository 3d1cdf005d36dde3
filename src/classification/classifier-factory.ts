import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeywordRouter, type KeywordRules } from '../routing/keyword-router.js';
import { validateModelFile, type ModelFile } from './classifier-model.js';
import type { LocationExtractor } from './location-extractor.js';
import { DEFAULT_TRAINER, MODEL_CODE_REVISION, trainModel, type TrainerContext, type TrainerOptions } from './model-trainer.js';
import { loadNormalizerLexicon } from './normalizer-lexicon.js';
import { TextNormalizer } from './text-normalizer.js';
import { TrainedClassifier } from './trained-classifier.js';
import { loadCorpus, loadSentimentTraining, type LabeledRow } from './training-data.js';

// Wiring shared by the Nest service and the train/eval/bench scripts, so none of them needs the app.

export function loadKeywordRules(configDir: string): KeywordRules {
  return (JSON.parse(readFileSync(join(configDir, 'routing-keywords.id.json'), 'utf8')) as { rules: KeywordRules }).rules;
}

export function loadTrainerContext(configDir: string): TrainerContext {
  return { normalizer: new TextNormalizer(loadNormalizerLexicon(configDir)), router: new KeywordRouter(loadKeywordRules(configDir)) };
}

/** Corpus + public sentiment training splits (+ extra rows such as staff corrections). */
export function loadTrainingRows(configDir: string, extra: LabeledRow[] = []): LabeledRow[] {
  return [...loadCorpus(configDir), ...loadSentimentTraining(configDir), ...extra.map((r) => ({ source: 'extra', ...r }))];
}

export function trainFromConfig(configDir: string, extra: LabeledRow[] = [], options: TrainerOptions = DEFAULT_TRAINER, ctx = loadTrainerContext(configDir)): ModelFile {
  return trainModel(loadTrainingRows(configDir, extra), ctx, options);
}

export function buildClassifier(model: ModelFile, ctx: TrainerContext, locations?: LocationExtractor): TrainedClassifier {
  return new TrainedClassifier(model, ctx.normalizer, ctx.router, locations);
}

/** Where models trained on the fly are cached, keyed by everything that goes into training. */
export const TRAINING_CACHE_DIR = join(tmpdir(), 'suara-warga-model-cache');

/** A hash of the training inputs under config/ (corpus, sentiment sets, slang, keyword rules) and the trainer. */
export function trainingInputsKey(configDir: string, options: TrainerOptions = DEFAULT_TRAINER): string {
  const h = createHash('sha256').update(`${MODEL_CODE_REVISION}\n${JSON.stringify(options)}\n`);
  const files = ['routing-keywords.id.json', 'nlp/slang.tsv', 'nlp/slang/indocollex-informal-formal.tsv'];
  for (const dir of ['nlp/corpus', 'nlp/sentiment'])
    if (existsSync(join(configDir, dir))) files.push(...readdirSync(join(configDir, dir)).sort().map((f) => `${dir}/${f}`));
  for (const f of files) if (existsSync(join(configDir, f))) h.update(`${f}\n`).update(readFileSync(join(configDir, f)));
  return h.digest('hex').slice(0, 16);
}

/**
 * Trains from config/ like trainFromConfig, but reuses a model trained from identical inputs
 * before (in the OS temp folder): a fresh DATA_DIR (tests, a new clone) then starts in milliseconds.
 */
export function trainFromConfigCached(configDir: string, ctx = loadTrainerContext(configDir)): { model: ModelFile; cached: boolean } {
  const file = join(TRAINING_CACHE_DIR, `${trainingInputsKey(configDir)}.json`);
  try {
    if (existsSync(file)) return { model: validateModelFile(JSON.parse(readFileSync(file, 'utf8'))), cached: true };
  } catch {
    // A damaged cache entry is simply trained again.
  }
  const model = trainFromConfig(configDir, [], DEFAULT_TRAINER, ctx);
  try {
    mkdirSync(TRAINING_CACHE_DIR, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(model));
    renameSync(tmp, file);
  } catch {
    // The cache is an optimisation only.
  }
  return { model, cached: false };
}
