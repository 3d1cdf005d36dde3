import type { FeatureOptions, SparseFeatures } from './features.js';
import { softmaxInPlace } from './softmax-regression.js';

// The on-disk model and its in-memory form. Per task, only weights at or above a threshold are
// kept, as (bucket × K + class) keys with 16-bit quantized values, base64-encoded: a few MB of
// JSON instead of a dense 2^20 × K matrix.

export const MODEL_FORMAT = 'suara-warga-classifier/1';
export const TASK_NAMES = ['intent', 'sentiment', 'opd'] as const;
export type TaskName = (typeof TASK_NAMES)[number];

export interface RoutingOptions {
  /** Below this OPD probability, and with no keyword rule matched, the post gets no OPD (triage). */
  minOpdProbability: number;
}

export interface TaskFile {
  classes: string[];
  bias: number[];
  /** Value of one quantization step. */
  scale: number;
  /** base64 Int32Array of bucket × K + class, most frequent features first (rows load in that order). */
  keys: string;
  /** base64 Int16Array, quantized weights matching `keys`. */
  values: string;
}

export interface ModelFile {
  format: typeof MODEL_FORMAT;
  version: string;
  createdAt: string;
  features: FeatureOptions;
  routing: RoutingOptions;
  /** Free-form facts about the training run (row counts, duration, options). */
  training: Record<string, unknown>;
  tasks: Record<TaskName, TaskFile>;
}

const b64 = (a: Int32Array | Int16Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
function fromB64<T extends Int32Array | Int16Array>(s: string, Ctor: { new (b: ArrayBuffer): T; BYTES_PER_ELEMENT: number }): T {
  const buf = Buffer.from(s, 'base64');
  const copy = new ArrayBuffer(buf.byteLength);
  new Uint8Array(copy).set(buf);
  return new Ctor(copy);
}

/**
 * Packs trained weights (compact feature id × K) into a TaskFile, keeping at most `maxEntries` of the
 * largest weights and none below `pruneBelow`.
 */
export function packTask(classes: string[], weights: Float32Array, bias: Float32Array, bucketOf: Int32Array, pruneBelow: number, maxEntries: number): TaskFile {
  const K = classes.length;
  let threshold = pruneBelow;
  const n = Math.min(weights.length, bucketOf.length * K);
  if (n > maxEntries) {
    const mags = Float32Array.from(weights.subarray(0, n), Math.abs).sort();
    threshold = Math.max(threshold, mags[n - maxEntries]);
  }
  const entries: Array<[number, number]> = [];
  let max = 0;
  for (let id = 0; id < bucketOf.length; id++)
    for (let k = 0; k < K; k++) {
      const w = weights[id * K + k];
      if (Math.abs(w) < threshold) continue;
      entries.push([bucketOf[id] * K + k, w]);
      max = Math.max(max, Math.abs(w));
    }
  const scale = max > 0 ? max / 32767 : 1;
  const keys = new Int32Array(entries.length);
  const values = new Int16Array(entries.length);
  entries.forEach(([key, w], i) => {
    keys[i] = key;
    values[i] = Math.round(w / scale);
  });
  return { classes, bias: Array.from(bias, (b) => Math.round(b * 1e4) / 1e4), scale, keys: b64(keys), values: b64(values) };
}

/**
 * All tasks' weights, ready for fast scoring: one bucket -> row index shared by the tasks, and each
 * row holding every task's class weights side by side, so a feature costs one index lookup and one
 * or two cache lines (random access into large arrays, not arithmetic, is what costs here).
 */
export class LinearModel {
  readonly classes: Record<TaskName, string[]>;
  private readonly offset: Record<TaskName, number>;
  private readonly width: number;
  private readonly index: Int32Array;
  private readonly rows: Float32Array;
  private readonly bias: Float64Array;

  constructor(model: ModelFile) {
    const { tasks } = model;
    this.classes = { intent: tasks.intent.classes, sentiment: tasks.sentiment.classes, opd: tasks.opd.classes };
    let width = 0;
    this.offset = {} as Record<TaskName, number>;
    for (const t of TASK_NAMES) {
      this.offset[t] = width;
      width += tasks[t].classes.length;
    }
    this.width = width;
    this.index = new Int32Array(1 << model.features.bits).fill(-1);
    const decoded = TASK_NAMES.map((t) => ({ t, K: tasks[t].classes.length, keys: fromB64(tasks[t].keys, Int32Array), values: fromB64(tasks[t].values, Int16Array) }));
    let rows = 0;
    for (const { K, keys } of decoded)
      for (const key of keys) {
        const bucket = Math.floor(key / K);
        if (this.index[bucket] === -1) this.index[bucket] = rows++;
      }
    this.rows = new Float32Array(rows * width);
    for (const { t, K, keys, values } of decoded) {
      const scale = tasks[t].scale;
      for (let i = 0; i < keys.length; i++)
        this.rows[this.index[Math.floor(keys[i] / K)] * width + this.offset[t] + (keys[i] % K)] = values[i] * scale;
    }
    this.bias = Float64Array.from(TASK_NAMES.flatMap((t) => tasks[t].bias));
  }

  /** Class probabilities of every task, in one pass over the features. */
  probabilities(f: SparseFeatures): Record<TaskName, Float64Array> {
    const W = this.width;
    const s = Float64Array.from(this.bias);
    const { keys, values } = f;
    for (let i = 0; i < keys.length; i++) {
      const row = this.index[keys[i]];
      if (row < 0) continue;
      const at = row * W;
      const v = values[i];
      for (let c = 0; c < W; c++) s[c] += this.rows[at + c] * v;
    }
    const out = {} as Record<TaskName, Float64Array>;
    for (const t of TASK_NAMES) {
      out[t] = s.subarray(this.offset[t], this.offset[t] + this.classes[t].length);
      softmaxInPlace(out[t]);
    }
    return out;
  }

  weight(task: TaskName, bucket: number, k: number): number {
    const row = this.index[bucket];
    return row < 0 ? 0 : this.rows[row * this.width + this.offset[task] + k];
  }

  get storedRows(): number {
    return this.rows.length / this.width;
  }
}

export function argmax(p: ArrayLike<number>): number {
  let best = 0;
  for (let k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
  return best;
}

export function validateModelFile(m: unknown): ModelFile {
  const f = m as Partial<ModelFile>;
  if (f?.format !== MODEL_FORMAT) throw new Error(`not a ${MODEL_FORMAT} model (format ${String(f?.format)})`);
  for (const t of TASK_NAMES) if (!f.tasks?.[t]?.classes?.length) throw new Error(`model ${f.version} lacks task ${t}`);
  return f as ModelFile;
}
