import { INTENTS, SENTIMENTS } from '../cases/case.types.js';
import { formatReport, scoreLabels, type ClassificationReport } from './metrics.js';
import { rng } from './softmax-regression.js';
import type { LabeledRow } from './training-data.js';

export interface Predictor {
  classify(text: string): { intent: string; sentiment: string; opdCode: string | null };
}

export interface EvalResult {
  intent?: ClassificationReport;
  sentiment?: ClassificationReport;
  /** Over rows labeled with an OPD: the predicted opdCode must equal it (intent `other` predicts none). */
  routing?: { accuracy: number; correct: number; n: number; confusion: Map<string, Map<string, number>> };
  n: number;
}

export function evaluate(predictor: Predictor, rows: LabeledRow[]): EvalResult {
  const gi: string[] = [], pi: string[] = [], gs: string[] = [], ps: string[] = [];
  let routed = 0;
  let correct = 0;
  const confusion = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const c = predictor.classify(r.text);
    if (r.intent) {
      gi.push(r.intent);
      pi.push(c.intent);
    }
    if (r.sentiment) {
      gs.push(r.sentiment);
      ps.push(c.sentiment);
    }
    if (r.opd) {
      routed++;
      const got = c.opdCode ?? '(none)';
      if (got === r.opd) correct++;
      else {
        const m = confusion.get(r.opd) ?? new Map<string, number>();
        m.set(got, (m.get(got) ?? 0) + 1);
        confusion.set(r.opd, m);
      }
    }
  }
  return {
    intent: gi.length ? scoreLabels(gi, pi, INTENTS) : undefined,
    sentiment: gs.length ? scoreLabels(gs, ps, SENTIMENTS) : undefined,
    routing: routed ? { accuracy: correct / routed, correct, n: routed, confusion } : undefined,
    n: rows.length,
  };
}

const r4 = (x: number | undefined): number | null => (x === undefined ? null : Math.round(x * 10000) / 10000);

/** The one-line JSON the eval command prints with --json. */
export function evalSummary(r: EvalResult): { intent: { macroF1: number | null; accuracy: number | null }; sentiment: { macroF1: number | null }; routing: { accuracy: number | null }; n: number } {
  return {
    intent: { macroF1: r4(r.intent?.macroF1), accuracy: r4(r.intent?.accuracy) },
    sentiment: { macroF1: r4(r.sentiment?.macroF1) },
    routing: { accuracy: r4(r.routing?.accuracy) },
    n: r.n,
  };
}

export function formatEval(r: EvalResult): string {
  const parts: string[] = [];
  if (r.intent) parts.push(formatReport('INTENT', r.intent));
  if (r.sentiment) parts.push(formatReport('SENTIMENT', r.sentiment));
  if (r.routing) {
    const lines = [`ROUTING  accuracy ${r.routing.accuracy.toFixed(3)}  (${r.routing.correct}/${r.routing.n} rows with an OPD)`];
    const errors = [...r.routing.confusion].flatMap(([gold, m]) => [...m].map(([got, c]) => ({ gold, got, c }))).sort((a, b) => b.c - a.c);
    if (errors.length) lines.push(`most frequent misroutes: ${errors.slice(0, 12).map((e) => `${e.gold}→${e.got} ×${e.c}`).join(', ')}`);
    parts.push(lines.join('\n'));
  }
  return parts.join('\n\n');
}

/** Splits rows into k folds, stratified by intent (then OPD), deterministically. */
export function kFolds(rows: LabeledRow[], k: number, seed = 7): LabeledRow[][] {
  const rand = rng(seed);
  const byKey = new Map<string, LabeledRow[]>();
  for (const r of rows) {
    const key = `${r.intent ?? ''}/${r.opd ?? ''}`;
    byKey.set(key, [...(byKey.get(key) ?? []), r]);
  }
  const folds: LabeledRow[][] = Array.from({ length: k }, () => []);
  let next = 0;
  for (const key of [...byKey.keys()].sort()) {
    const group = byKey.get(key)!;
    for (let i = group.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [group[i], group[j]] = [group[j], group[i]];
    }
    for (const r of group) folds[next++ % k].push(r);
  }
  return folds;
}
