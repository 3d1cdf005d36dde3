import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { basename, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { INTENTS, SENTIMENTS, type Intent, type Sentiment } from '../cases/case.types.js';

// Labeled text in the formats the project uses: the corpus CSV (`id,platform,text,intent,opd,sentiment`,
// any label may be empty), NusaX's CSV (`id,text,label`) and SmSA's TSV (`text<TAB>label`, no header).

export interface LabeledRow {
  id?: string;
  text: string;
  intent?: Intent;
  /** OPD code; `null` means "no OPD" (e.g. intent other), undefined means unlabeled. */
  opd?: string | null;
  sentiment?: Sentiment;
  /** Training weight multiplier (staff corrections may count more). */
  weight?: number;
  /** Where the row comes from: corpus, sentiment, correction, ... */
  source?: string;
}

const asIntent = (s: string | undefined): Intent | undefined => (INTENTS as readonly string[]).includes(s?.trim() ?? '') ? (s!.trim() as Intent) : undefined;
const asSentiment = (s: string | undefined): Sentiment | undefined =>
  (SENTIMENTS as readonly string[]).includes(s?.trim() ?? '') ? (s!.trim() as Sentiment) : undefined;

export function parseLabeledText(content: string, name = 'data', source?: string): LabeledRow[] {
  const firstLine = content.slice(0, content.indexOf('\n') >>> 0);
  if (firstLine.includes('\t') || !/\btext\b/.test(firstLine)) {
    // SmSA-style TSV: text<TAB>label, no header.
    return content
      .split(/\r?\n/)
      .filter((l) => l.trim())
      .map((line, i) => {
        const tab = line.lastIndexOf('\t');
        if (tab < 0) throw new Error(`${name}:${i + 1}: expected text<TAB>label`);
        return { id: `${basename(name)}:${i + 1}`, text: line.slice(0, tab), sentiment: asSentiment(line.slice(tab + 1)), source };
      });
  }
  const records = parse<Record<string, string>>(content, { columns: true, skip_empty_lines: true, relax_column_count: true, bom: true });
  return records.map((r, i) => {
    const hasOpdColumn = 'opd' in r;
    const intent = asIntent(r.intent);
    const opd = r.opd?.trim() || (hasOpdColumn && intent === 'other' ? null : undefined);
    return {
      id: r.id || `${basename(name)}:${i + 2}`,
      text: r.text ?? '',
      intent,
      opd,
      sentiment: asSentiment(r.sentiment ?? r.label),
      source,
    };
  });
}

/** Reads a CSV or TSV file of labeled rows; `.gz` files (large public sets) are decompressed. */
export function readLabeledFile(file: string, source?: string): LabeledRow[] {
  const raw = readFileSync(file);
  const gz = file.endsWith('.gz');
  return parseLabeledText((gz ? gunzipSync(raw) : raw).toString('utf8'), gz ? file.slice(0, -3) : file, source);
}

/** Every `*.csv` in config/nlp/corpus, read afresh (the folder may grow while the service runs). */
export function loadCorpus(configDir: string): LabeledRow[] {
  const dir = join(configDir, 'nlp/corpus');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .flatMap((f) => readLabeledFile(join(dir, f), 'corpus'));
}

export const textKey = (s: string): string => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/**
 * The public sentiment training splits in config/nlp/sentiment (SmSA, NusaX). Rows whose text also
 * stands in a validation split are dropped (NusaX reuses SmSA sentences), so the valid splits stay
 * honest measures.
 */
export function loadSentimentTraining(configDir: string): LabeledRow[] {
  const dir = join(configDir, 'nlp/sentiment');
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir).sort();
  const held = new Set(files.filter((f) => /-(valid|test)\.(tsv|csv)(\.gz)?$/.test(f)).flatMap((f) => readLabeledFile(join(dir, f)).map((r) => textKey(r.text))));
  const seen = new Set<string>();
  return files
    .filter((f) => /-train\.(tsv|csv)(\.gz)?$/.test(f))
    .flatMap((f) => readLabeledFile(join(dir, f), 'sentiment'))
    .filter((r) => {
      const k = textKey(r.text);
      if (!r.sentiment || held.has(k) || seen.has(k)) return false;
      seen.add(k);
      return true;
    });
}
