// Multinomial logistic regression (softmax) over sparse features, trained with AdaGrad.
//
// Written here rather than taken from a library: natural's LogisticRegressionClassifier is binary
// one-vs-rest over dense string features and trains in minutes, natural's MaxEnt is slower still,
// and the maintained JS ML packages (ml-logistic-regression, TensorFlow.js) want dense matrices: with
// ~10^5-10^6 hashed features that means gigabytes or a native backend. Sparse softmax + AdaGrad is
// ~100 lines, trains all three models in seconds, and keeps inference to one pass over the features.

export interface SoftmaxOptions {
  epochs: number;
  learningRate: number;
  /** L2 penalty applied to the weights an example touches (lazy, per step). */
  l2: number;
  seed: number;
}

export const DEFAULT_SOFTMAX: SoftmaxOptions = { epochs: 6, learningRate: 0.2, l2: 1e-4, seed: 42 };

export interface Example {
  /** Compact feature ids (0..nFeatures-1), may repeat. */
  ids: Int32Array;
  values: Float32Array;
  label: number;
  weight: number;
}

export interface SoftmaxWeights {
  /** nFeatures × K, row-major. */
  weights: Float32Array;
  bias: Float32Array;
}

/** Deterministic PRNG (mulberry32), so the same data always trains the same model. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** In place: scores -> probabilities. */
export function softmaxInPlace(s: Float64Array | Float32Array): void {
  let max = -Infinity;
  for (let k = 0; k < s.length; k++) if (s[k] > max) max = s[k];
  let sum = 0;
  for (let k = 0; k < s.length; k++) {
    s[k] = Math.exp(s[k] - max);
    sum += s[k];
  }
  for (let k = 0; k < s.length; k++) s[k] /= sum;
}

export function trainSoftmax(examples: Example[], nFeatures: number, classes: number, options: SoftmaxOptions = DEFAULT_SOFTMAX): SoftmaxWeights {
  const K = classes;
  const W = new Float32Array(nFeatures * K);
  const G = new Float32Array(nFeatures * K);
  const bias = new Float32Array(K);
  const gBias = new Float32Array(K);
  const p = new Float64Array(K);
  const g = new Float64Array(K);
  const order = examples.map((_e, i) => i);
  const rand = rng(options.seed);
  const { learningRate: lr, l2 } = options;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const idx of order) {
      const ex = examples[idx];
      const { ids, values } = ex;
      for (let k = 0; k < K; k++) p[k] = bias[k];
      for (let f = 0; f < ids.length; f++) {
        const row = ids[f] * K;
        const v = values[f];
        for (let k = 0; k < K; k++) p[k] += W[row + k] * v;
      }
      softmaxInPlace(p);
      for (let k = 0; k < K; k++) g[k] = (p[k] - (k === ex.label ? 1 : 0)) * ex.weight;
      for (let k = 0; k < K; k++) {
        gBias[k] += g[k] * g[k];
        bias[k] -= (lr * g[k]) / (Math.sqrt(gBias[k]) + 1e-8);
      }
      for (let f = 0; f < ids.length; f++) {
        const row = ids[f] * K;
        const v = values[f];
        for (let k = 0; k < K; k++) {
          const at = row + k;
          const grad = g[k] * v + l2 * W[at];
          if (grad === 0) continue;
          G[at] += grad * grad;
          W[at] -= (lr * grad) / (Math.sqrt(G[at]) + 1e-8);
        }
      }
    }
  }
  return { weights: W, bias };
}
