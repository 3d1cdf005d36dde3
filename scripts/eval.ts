import { isAbsolute, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { BayesBaseline } from '../src/classification/bayes-baseline.js';
import { buildClassifier, loadTrainerContext, loadTrainingRows, trainFromConfig, trainFromConfigCached } from '../src/classification/classifier-factory.js';
import { evalSummary, evaluate, formatEval, kFolds, type Predictor } from '../src/classification/evaluation.js';
import { loadCurrentModel } from '../src/classification/model-store.js';
import { RemitRules } from '../src/classification/remit-rules.js';
import { trainModel } from '../src/classification/model-trainer.js';
import { loadCorpus, loadSentimentTraining, readLabeledFile } from '../src/classification/training-data.js';

// npm run eval -- --data FILE [--json]      measure on a labeled CSV (id,platform,text,intent,opd,sentiment)
//                                            or a sentiment TSV (text<TAB>label) / CSV (id,text,label)
// npm run eval -- --cv 5 [--json]           k-fold cross-validation on the training corpus
// --model bayes                              the natural BayesClassifier baseline instead of the trained model
// --retrain                                  ignore DATA_DIR/models and train in memory from config/
// --raw                                      the classifier alone, without the remit rules (config/external-bodies.json)
// Rows are also scored per slice (the id without its trailing number: dev, ext-pln, mis, …) when a file has several.
// Runs offline without database or Nest app. With --json, stdout carries exactly one JSON object;
// everything else goes to stderr.

const USAGE = 'usage: npm run -s eval -- --data FILE [--data FILE ...] [--json] [--model trained|bayes] [--retrain]\n       npm run -s eval -- --cv K [--json]';
function args() {
  try {
    return parseArgs({
      options: {
        data: { type: 'string', multiple: true },
        json: { type: 'boolean', default: false },
        cv: { type: 'string' },
        model: { type: 'string', default: 'trained' },
        retrain: { type: 'boolean', default: false },
        raw: { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
    process.exit(2);
  }
}
const { values } = args();
const abs = (p: string): string => (isAbsolute(p) ? p : resolve(process.cwd(), p));
const configDir = abs(process.env.CONFIG_DIR || 'config');
const dataDir = abs(process.env.DATA_DIR || '.data');
const log = (s: string): void => void process.stderr.write(`${s}\n`);
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / (xs.length || 1);
const sd = (xs: number[]): number => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));

function predictorFor(kind: string): Predictor {
  if (kind === 'bayes') {
    const t = Date.now();
    const p = new BayesBaseline(loadTrainingRows(configDir));
    log(`trained natural BayesClassifier baseline in ${Date.now() - t} ms`);
    return p;
  }
  const ctx = loadTrainerContext(configDir);
  let model = values.retrain ? undefined : loadCurrentModel(dataDir);
  if (model) log(`model ${model.version} from ${dataDir}/models`);
  else {
    const t = Date.now();
    const r = values.retrain ? { model: trainFromConfig(configDir, [], undefined, ctx), cached: false } : trainFromConfigCached(configDir, ctx);
    model = r.model;
    log(r.cached ? `no saved model: using ${model.version} from the training cache (same inputs)` : `no saved model: trained ${model.version} in ${Date.now() - t} ms`);
  }
  return buildClassifier(model, ctx);
}

function crossValidate(k: number): void {
  const corpus = loadCorpus(configDir);
  const publicSentiment = loadSentimentTraining(configDir);
  const folds = kFolds(corpus, k);
  const ctx = loadTrainerContext(configDir);
  const results = folds.map((test, i) => {
    const train = folds.filter((_f, j) => j !== i).flat();
    const p: Predictor =
      values.model === 'bayes' ? new BayesBaseline([...train, ...publicSentiment]) : buildClassifier(trainModel([...train, ...publicSentiment], ctx), ctx);
    const r = evalSummary(evaluate(p, test));
    log(`fold ${i + 1}/${k}: intent macro-F1 ${r.intent.macroF1} acc ${r.intent.accuracy}, sentiment macro-F1 ${r.sentiment.macroF1}, routing ${r.routing.accuracy} (n=${r.n})`);
    return r;
  });
  const pick = (f: (r: (typeof results)[number]) => number | null): number[] => results.map(f).filter((x): x is number => x !== null);
  const stats = {
    intentMacroF1: pick((r) => r.intent.macroF1),
    intentAccuracy: pick((r) => r.intent.accuracy),
    sentimentMacroF1: pick((r) => r.sentiment.macroF1),
    routingAccuracy: pick((r) => r.routing.accuracy),
  };
  const r4 = (x: number): number => Math.round(x * 10000) / 10000;
  if (values.json)
    process.stdout.write(
      `${JSON.stringify({
        intent: { macroF1: r4(mean(stats.intentMacroF1)), accuracy: r4(mean(stats.intentAccuracy)) },
        sentiment: { macroF1: r4(mean(stats.sentimentMacroF1)) },
        routing: { accuracy: r4(mean(stats.routingAccuracy)) },
        n: corpus.length,
        folds: k,
      })}\n`,
    );
  else
    for (const [name, xs] of Object.entries(stats)) process.stdout.write(`${k}-fold ${name.padEnd(18)} ${mean(xs).toFixed(3)} ± ${sd(xs).toFixed(3)}\n`);
}

/**
 * What intake does after the classifier (src/routing/routing-decision.ts applyRemit): a report that
 * matches the misconduct lexicon goes to INSPEKTORAT; one for a body outside the regency's remit
 * goes to Diskominfo's triage (the `opd` its rows are labelled with). `other` stays `other`.
 */
function withRemitRules(p: Predictor, rules: RemitRules): Predictor {
  return {
    classify(text) {
      const c = p.classify(text);
      if (c.intent === 'other') return c;
      const m = rules.match(text);
      if (m.misconduct) return { ...c, opdCode: 'INSPEKTORAT' };
      if (m.externalBody) return { ...c, opdCode: 'DISKOMINFO' };
      return c;
    },
  };
}

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

if (values.model !== 'trained' && values.model !== 'bayes') fail(`--model must be trained or bayes, not ${values.model}`);
if (values.cv) {
  const k = Number(values.cv);
  if (!Number.isInteger(k) || k < 2 || k > 20) fail('--cv must be a whole number of folds from 2 to 20');
  crossValidate(k);
} else if (values.data?.length) {
  for (const f of values.data) if (!existsSync(abs(f))) fail(`no such file: ${f}`);
  let rows: ReturnType<typeof readLabeledFile>;
  try {
    rows = values.data.flatMap((f) => readLabeledFile(abs(f)));
  } catch (e) {
    fail(`cannot read the data: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!rows.length) fail('the data has no rows');
  const base = predictorFor(values.model ?? 'trained');
  const predictor = values.raw ? base : withRemitRules(base, RemitRules.load(configDir));
  const result = evaluate(predictor, rows);
  const slices = new Map<string, typeof rows>();
  for (const r of rows) {
    const k = (r.id ?? '').replace(/-?\d+$/, '') || '(no id)';
    slices.set(k, [...(slices.get(k) ?? []), r]);
  }
  const perSlice = slices.size > 1 ? Object.fromEntries([...slices].map(([k, rs]) => [k, evalSummary(evaluate(predictor, rs))])) : undefined;
  if (values.json) process.stdout.write(`${JSON.stringify({ ...evalSummary(result), ...(perSlice ? { slices: perSlice } : {}) })}\n`);
  else {
    process.stdout.write(`${values.data.join(', ')}: ${rows.length} rows\n\n${formatEval(result)}\n`);
    if (perSlice) {
      process.stdout.write('\nPER SLICE  (n, intent macro-F1, routing accuracy)\n');
      for (const [k, r] of Object.entries(perSlice)) process.stdout.write(`${k.padEnd(14)} ${String(r.n).padStart(4)}  ${r.intent.macroF1 ?? '–'}  ${r.routing.accuracy ?? '–'}\n`);
    }
  }
} else fail('nothing to do');
