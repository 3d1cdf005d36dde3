// Precision, recall, F1 and confusion matrices for the eval command and the dev-set test.

export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ClassificationReport {
  labels: string[];
  /** confusion[gold][predicted] */
  confusion: number[][];
  perClass: ClassMetrics[];
  macroF1: number;
  accuracy: number;
  n: number;
}

/** Scores predictions against gold labels; `labels` fixes the order (others seen are appended). */
export function scoreLabels(gold: string[], predicted: string[], labels: readonly string[]): ClassificationReport {
  const all = [...labels];
  for (const l of [...gold, ...predicted]) if (!all.includes(l)) all.push(l);
  const at = new Map(all.map((l, i) => [l, i]));
  const confusion = all.map(() => all.map(() => 0));
  gold.forEach((g, i) => confusion[at.get(g)!][at.get(predicted[i])!]++);
  const n = gold.length;
  let correct = 0;
  const perClass = all.map((label, i) => {
    const tp = confusion[i][i];
    correct += tp;
    const support = confusion[i].reduce((a, b) => a + b, 0);
    const predictedCount = confusion.reduce((a, row) => a + row[i], 0);
    const precision = predictedCount ? tp / predictedCount : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support };
  });
  // Macro-F1 over the classes present in the gold labels (a class never seen cannot be recalled).
  const present = perClass.filter((c) => c.support > 0);
  const macroF1 = present.length ? present.reduce((a, c) => a + c.f1, 0) / present.length : 0;
  return { labels: all, confusion, perClass, macroF1, accuracy: n ? correct / n : 0, n };
}

const pct = (x: number): string => x.toFixed(3);

export function formatReport(title: string, r: ClassificationReport): string {
  const w = Math.max(10, ...r.labels.map((l) => l.length)) + 2;
  const lines = [`${title}  (n=${r.n})`, `${'class'.padEnd(w)}precision  recall     f1  support`];
  for (const c of r.perClass)
    if (c.support || c.precision) lines.push(`${c.label.padEnd(w)}${pct(c.precision).padStart(9)}${pct(c.recall).padStart(8)}${pct(c.f1).padStart(7)}${String(c.support).padStart(9)}`);
  lines.push(`macro-F1 ${pct(r.macroF1)}   accuracy ${pct(r.accuracy)}`, '', `confusion (rows gold, columns predicted)`);
  const short = r.labels.map((l) => l.slice(0, 6));
  lines.push(' '.repeat(w) + short.map((l) => l.padStart(7)).join(''));
  r.confusion.forEach((row, i) => lines.push(r.labels[i].padEnd(w) + row.map((c) => String(c).padStart(7)).join('')));
  return lines.join('\n');
}
