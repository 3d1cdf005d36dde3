// Keyword and phrase rules per OPD (config/routing-keywords.id.json, later the routing_rules
// table). Matching is on normalised text: lower case, words separated by single spaces.

export interface KeywordRules {
  [opdCode: string]: { strong?: string[]; keywords?: string[] };
}

export interface KeywordScore {
  opdCode: string;
  score: number;
  matched: string[];
}

const STRONG = 3;
const WEAK = 1;

export const normaliseForKeywords = (s: string): string =>
  ` ${s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()} `;

interface Rule {
  opdCode: string;
  phrase: string;
  words: string[];
  weight: number;
}

export class KeywordRouter {
  // Rules indexed by their first word: a post is scanned once, word by word, instead of testing
  // every phrase against the whole text (hundreds of rules made that the slowest step of routing).
  private readonly byFirstWord = new Map<string, Rule[]>();

  constructor(rules: KeywordRules) {
    const add = (opdCode: string, p: string, weight: number): void => {
      const phrase = normaliseForKeywords(p).trim();
      if (!phrase) return;
      const words = phrase.split(' ');
      const list = this.byFirstWord.get(words[0]) ?? [];
      list.push({ opdCode, phrase, words, weight });
      this.byFirstWord.set(words[0], list);
    };
    for (const [opdCode, r] of Object.entries(rules)) {
      for (const p of r.strong ?? []) add(opdCode, p, STRONG);
      for (const p of r.keywords ?? []) add(opdCode, p, WEAK);
    }
  }

  /** Scores every OPD with at least one match, best first. `text` must already be normalised. */
  score(normalised: string): KeywordScore[] {
    const words = normalised.trim().split(' ');
    const hit = new Set<Rule>();
    for (let i = 0; i < words.length; i++) {
      const candidates = this.byFirstWord.get(words[i]);
      if (!candidates) continue;
      for (const r of candidates) {
        if (hit.has(r)) continue;
        let j = 1;
        while (j < r.words.length && words[i + j] === r.words[j]) j++;
        if (j === r.words.length) hit.add(r);
      }
    }
    if (!hit.size) return [];
    const byOpd = new Map<string, KeywordScore>();
    for (const r of hit) {
      const s = byOpd.get(r.opdCode) ?? { opdCode: r.opdCode, score: 0, matched: [] };
      s.score += r.weight;
      s.matched.push(r.phrase);
      byOpd.set(r.opdCode, s);
    }
    return [...byOpd.values()].sort((a, b) => b.score - a.score);
  }
}
