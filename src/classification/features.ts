import type { KeywordScore } from '../routing/keyword-router.js';
import type { NormalizedText } from './text-normalizer.js';

// Hashed sparse features of a normalised post. Each namespace (stems, words, bigrams, character
// n-grams, signals, cues, keyword-rule matches) is scaled to unit L2 norm, treating repeats as
// distinct, so long posts and many n-grams do not drown the word features.

export interface FeatureOptions {
  /** Hash space is 2^bits buckets. */
  bits: number;
  charMin: number;
  charMax: number;
  /** Per-namespace multipliers; 0 switches a namespace off. */
  weights: Record<Namespace, number>;
}

export type Namespace = 'stem' | 'word' | 'bigram' | 'char' | 'signal' | 'cue' | 'keyword';

export const DEFAULT_FEATURES: FeatureOptions = {
  // 2^18 buckets keep the bucket -> row index at 1 MB; 4-grams alone measured as well as 3-5-grams
  // (k-fold) at a third of the features, and feature count is what classification speed depends on.
  bits: 18,
  charMin: 4,
  charMax: 4,
  // Surface-word unigrams (word) measured no better than stems alone and cost a fifth of the time.
  weights: { stem: 1, word: 0, bigram: 0.7, char: 1, signal: 0.6, cue: 0.6, keyword: 0.8 },
};

export interface SparseFeatures {
  /** Bucket numbers (may repeat). */
  keys: number[];
  values: number[];
}

const NEGATIONS = new Set(['tidak', 'belum', 'bukan', 'jangan', 'tanpa']);
const QUESTION_WORDS = new Set([
  'apa', 'apakah', 'bagaimana', 'kapan', 'dimana', 'mana', 'berapa', 'kenapa', 'mengapa', 'siapa', 'bisakah',
  'bolehkah', 'adakah', 'gimana', 'tanya', 'info', 'informasi', 'syarat', 'cara', 'caranya', 'prosedur',
]);
const REQUEST_WORDS = new Set(['tolong', 'mohon', 'harap', 'minta', 'segera', 'usul', 'saran', 'semoga', 'sebaiknya', 'perlu']);

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function hashString(seed: number, s: string): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}
const nsSeed = (ns: string): number => hashString(FNV_OFFSET, `${ns}\u0001`);
const SEEDS = { stem: nsSeed('s'), word: nsSeed('w'), bigram: nsSeed('b'), char: nsSeed('c'), signal: nsSeed('g'), cue: nsSeed('q'), keyword: nsSeed('k') };

export class FeatureExtractor {
  private readonly shift: number;

  constructor(readonly options: FeatureOptions = DEFAULT_FEATURES) {
    this.shift = 32 - options.bits;
  }

  extract(n: NormalizedText, keywordScores: KeywordScore[] = []): SparseFeatures {
    const out: SparseFeatures = { keys: [], values: [] };
    const w = this.options.weights;
    const { stems, words } = n;
    if (w.stem) this.group(out, w.stem, stems.map((s) => hashString(SEEDS.stem, s)));
    if (w.word) this.group(out, w.word, words.map((s) => hashString(SEEDS.word, s)));
    if (w.bigram) {
      const hs: number[] = [hashString(SEEDS.bigram, `^ ${stems[0] ?? ''}`)];
      for (let i = 1; i < stems.length; i++) hs.push(hashString(SEEDS.bigram, `${stems[i - 1]} ${stems[i]}`));
      this.group(out, w.bigram, hs);
    }
    if (w.char) this.group(out, w.char, this.charGrams(words));
    if (w.signal) this.group(out, w.signal, n.signals.map((s) => hashString(SEEDS.signal, s)));
    if (w.cue) this.group(out, w.cue, this.cues(n).map((s) => hashString(SEEDS.cue, s)));
    if (w.keyword && keywordScores.length) {
      const hs: number[] = [];
      keywordScores.forEach((k, rank) => {
        hs.push(hashString(SEEDS.keyword, k.opdCode));
        if (rank === 0) hs.push(hashString(SEEDS.keyword, `top ${k.opdCode}`));
        if (k.score >= 3) hs.push(hashString(SEEDS.keyword, `strong ${k.opdCode}`));
      });
      this.group(out, w.keyword, hs);
    }
    return out;
  }

  /** Bucket of a stem's unigram feature (used to explain a prediction). */
  stemBucket(stem: string): number {
    return hashString(SEEDS.stem, stem) >>> this.shift;
  }

  private group(out: SparseFeatures, weight: number, hashes: number[]): void {
    if (!hashes.length) return;
    const v = weight / Math.sqrt(hashes.length);
    for (const h of hashes) {
      out.keys.push(h >>> this.shift);
      out.values.push(v);
    }
  }

  // Character n-grams over " word word ", hashed while scanning, without building substrings.
  private charGrams(words: string[]): number[] {
    const s = ` ${words.join(' ')} `;
    const { charMin, charMax } = this.options;
    const hs: number[] = [];
    for (let i = 0; i + charMin <= s.length; i++) {
      let h = SEEDS.char;
      for (let j = i; j < s.length && j - i < charMax; j++) {
        h = Math.imul(h ^ s.charCodeAt(j), FNV_PRIME);
        if (j - i + 1 >= charMin) hs.push(h >>> 0);
      }
    }
    return hs;
  }

  // Hand-picked cues: negation, question words and where they stand, requests, length.
  private cues(n: NormalizedText): string[] {
    const cues: string[] = [];
    const { words, stems } = n;
    let neg = 0;
    let qw = 0;
    for (let i = 0; i < words.length; i++) {
      const word = words[i];
      if (NEGATIONS.has(word)) {
        neg++;
        if (i + 1 < words.length) cues.push(`neg ${stems[i + 1]}`);
      }
      if (QUESTION_WORDS.has(word)) {
        qw++;
        if (i < 3) cues.push(`qstart ${word}`);
      }
      if (REQUEST_WORDS.has(word)) cues.push(`req ${word}`);
    }
    if (neg) cues.push('neg');
    if (qw) cues.push('qword');
    if (qw && n.signals.includes('_q')) cues.push('qword+?');
    if (words.length) cues.push(`first ${stems[0]}`, `last ${stems[stems.length - 1]}`);
    cues.push(`len ${Math.min(6, Math.floor(Math.log2(words.length + 1)))}`);
    return cues;
  }
}
