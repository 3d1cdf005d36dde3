import { LinearModel, MODEL_FORMAT, packTask, type ModelFile } from './classifier-model.js';
import { DEFAULT_FEATURES } from './features.js';
import { rng, trainSoftmax, type Example } from './softmax-regression.js';

// Three classes, each signalled by its own feature id plus shared noise features.
function toyExamples(n: number): Example[] {
  const rand = rng(1);
  return Array.from({ length: n }, (_v, i) => {
    const label = i % 3;
    const noise = 3 + Math.floor(rand() * 5);
    return { ids: Int32Array.from([label, noise]), values: Float32Array.from([1, 1]), label, weight: 1 };
  });
}

describe('trainSoftmax', () => {
  it('should learn a separable problem and be deterministic for a seed', () => {
    const opts = { epochs: 5, learningRate: 0.3, l2: 0, seed: 3 };
    const a = trainSoftmax(toyExamples(90), 8, 3, opts);
    const b = trainSoftmax(toyExamples(90), 8, 3, opts);
    expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
    for (let label = 0; label < 3; label++) {
      const row = Array.from(a.weights.subarray(label * 3, label * 3 + 3));
      expect(row.indexOf(Math.max(...row))).toBe(label);
    }
  });

  it('should round-trip packed weights into a LinearModel that predicts the same classes', () => {
    const w = trainSoftmax(toyExamples(90), 8, 3, { epochs: 5, learningRate: 0.3, l2: 0, seed: 3 });
    const bucketOf = Int32Array.from([10, 20, 30, 40, 50, 60, 70, 80]);
    const task = packTask(['a', 'b', 'c'], w.weights, w.bias, bucketOf, 0, 1000);
    const model: ModelFile = {
      format: MODEL_FORMAT,
      version: 'toy',
      createdAt: '',
      features: { ...DEFAULT_FEATURES, bits: 8 },
      routing: { minOpdProbability: 0.2 },
      training: {},
      tasks: { intent: task, sentiment: task, opd: task },
    };
    const lm = new LinearModel(model);
    for (let label = 0; label < 3; label++) {
      const p = lm.probabilities({ keys: [bucketOf[label]], values: [1] }).intent;
      expect(p.indexOf(Math.max(...p))).toBe(label);
      expect(p.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 6);
    }
  });

  it('should keep only the largest weights when packing under a budget', () => {
    const weights = Float32Array.from([0.5, -0.01, 0.2, -0.9]);
    const task = packTask(['x', 'y'], weights, new Float32Array(2), Int32Array.from([1, 2]), 0, 2);
    expect(Buffer.from(task.keys, 'base64').length / 4).toBe(2);
  });
});
