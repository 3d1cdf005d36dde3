import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

// The word lists the normaliser needs: natural's Indonesian root-word dictionary, the IndoCollex
// slang list (config/nlp/slang/) and the project's own entries (config/nlp/slang.tsv, which win).

const require = createRequire(import.meta.url);

export interface NormalizerLexicon {
  /** informal token -> replacement words (empty array: drop the token). */
  slang: Map<string, string[]>;
  /** Indonesian root words (kata dasar). */
  roots: Set<string>;
}

let rootsCache: Set<string> | undefined;

/** natural's kata-dasar list, read directly so the natural index (and its storage backends) never loads. */
export function indonesianRoots(): Set<string> {
  rootsCache ??= new Set((require('natural/lib/natural/stemmers/indonesian/data/kata-dasar.json') as string[]).filter(Boolean));
  return rootsCache;
}

/** Parses slang.tsv: `informal<TAB>replacement`, `#` comments, `-` as replacement drops the token. */
export function parseSlangTsv(text: string, into = new Map<string, string[]>()): Map<string, string[]> {
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [informal, replacement = ''] = line.split('\t');
    const key = informal.trim().toLowerCase();
    const value = replacement.trim().toLowerCase();
    if (!key || !value) continue;
    into.set(key, value === '-' ? [] : value.split(/\s+/));
  }
  return into;
}

/** Parses IndoCollex's `informal<TAB>formal` list, skipping rows whose informal side is a real root word. */
export function parseIndoCollex(text: string, roots: Set<string>, into = new Map<string, string[]>()): Map<string, string[]> {
  const lines = text.split(/\r?\n/);
  for (const line of lines.slice(lines[0]?.startsWith('informal\t') ? 1 : 0)) {
    const [informal, formal] = line.split('\t');
    const key = informal?.trim().toLowerCase();
    if (!key || !formal?.trim() || roots.has(key)) continue;
    into.set(key, formal.trim().toLowerCase().split(/\s+/));
  }
  return into;
}

export function loadNormalizerLexicon(configDir: string): NormalizerLexicon {
  const roots = indonesianRoots();
  const slang = parseIndoCollex(readFileSync(join(configDir, 'nlp/slang/indocollex-informal-formal.tsv'), 'utf8'), roots);
  parseSlangTsv(readFileSync(join(configDir, 'nlp/slang.tsv'), 'utf8'), slang);
  return { slang, roots };
}
