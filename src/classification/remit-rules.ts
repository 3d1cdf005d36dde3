import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';

/** The bodies outside the regency's remit a case can be suggested to (issue 19). */
export const EXTERNAL_BODIES = ['PLN', 'BPJS Kesehatan', 'Polres', 'Balai Jalan Nasional', 'Dinas Pendidikan Provinsi'] as const;
export type ExternalBody = (typeof EXTERNAL_BODIES)[number];

interface Rule {
  phrases: string[];
  veto: string[];
}
export interface RemitRulesFile {
  negations: string[];
  external: Array<Rule & { body: ExternalBody }>;
  /** `weak` phrases count only when a `context` word (an official: oknum, petugas…) occurs too. */
  misconduct: Rule & { weak?: string[]; context?: string[] };
}

const RULE = {
  type: 'object',
  required: ['phrases', 'veto'],
  properties: {
    phrases: { type: 'array', minItems: 1, items: { type: 'string', minLength: 2, maxLength: 60 } },
    veto: { type: 'array', items: { type: 'string', minLength: 2, maxLength: 60 } },
  },
};
const SCHEMA = {
  type: 'object',
  required: ['negations', 'external', 'misconduct'],
  additionalProperties: false,
  properties: {
    $comment: { type: 'string' },
    negations: { type: 'array', items: { type: 'string', minLength: 1 } },
    external: {
      type: 'array',
      items: { ...RULE, required: ['body', 'phrases', 'veto'], additionalProperties: false, properties: { ...RULE.properties, body: { enum: [...EXTERNAL_BODIES] } } },
    },
    misconduct: {
      ...RULE,
      additionalProperties: false,
      properties: { ...RULE.properties, weak: { type: 'array', items: { type: 'string', minLength: 2 } }, context: { type: 'array', items: { type: 'string', minLength: 2 } } },
    },
  },
};

/** Lower-case words, punctuation as spaces, so phrases match on word boundaries. */
function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
}

export interface RemitMatch {
  /** The external body the case should be forwarded to, when one matched confidently. */
  externalBody: ExternalBody | null;
  /** True when the post reports misconduct (pungli, bribery, brokers) for the Inspektorat. */
  misconduct: boolean;
  /** The phrases that decided it, for the case's created event. */
  matched: string[];
}

/**
 * Rules that generalise over the corpus's blind spots: a lexicon of phrases per external body and
 * for misconduct, negation-aware ("tidak ada pungli" is no report of pungli) and with veto phrases
 * for look-alikes ("tiang listrik" carrying a spanduk is a reklame matter, not PLN's).
 */
export class RemitRules {
  private readonly negations: Set<string>;
  private readonly external: Array<{ body: ExternalBody; phrases: string[][]; veto: string[][] }>;
  private readonly misconduct: { phrases: string[][]; veto: string[][]; weak: string[][]; context: string[][] };

  constructor(file: RemitRulesFile) {
    this.negations = new Set(file.negations);
    this.external = file.external.map((r) => ({ body: r.body, phrases: r.phrases.map(words), veto: r.veto.map(words) }));
    const m = file.misconduct;
    this.misconduct = { phrases: m.phrases.map(words), veto: m.veto.map(words), weak: (m.weak ?? []).map(words), context: (m.context ?? []).map(words) };
  }

  static load(configDir: string): RemitRules {
    const file = join(configDir, 'external-bodies.json');
    const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
    const validate = new Ajv({ allErrors: true }).compile(SCHEMA);
    if (!validate(data)) throw new Error(`${file}: ${validate.errors?.map((e) => `${e.instancePath} ${e.message}`).join('; ')}`);
    return new RemitRules(data as unknown as RemitRulesFile);
  }

  match(text: string): RemitMatch {
    const w = words(text);
    const hits = (phrases: string[][], negationAware: boolean): string[] => {
      const out: string[] = [];
      for (const p of phrases) {
        for (let i = 0; i + p.length <= w.length; i++) {
          if (!p.every((x, j) => w[i + j] === x)) continue;
          if (negationAware && w.slice(Math.max(0, i - 2), i).some((x) => this.negations.has(x))) continue;
          out.push(p.join(' '));
          break;
        }
      }
      return out;
    };
    const weak = hits(this.misconduct.weak, true);
    const context = weak.length ? hits(this.misconduct.context, false) : [];
    const mis = [...hits(this.misconduct.phrases, true), ...(context.length ? [...weak, ...context] : [])];
    if (mis.length && !hits(this.misconduct.veto, false).length) return { externalBody: null, misconduct: true, matched: mis };
    let best: { body: ExternalBody; matched: string[] } | null = null;
    for (const r of this.external) {
      const m = hits(r.phrases, true);
      if (!m.length || hits(r.veto, false).length) continue;
      if (!best || m.length > best.matched.length) best = { body: r.body, matched: m };
    }
    return best ? { externalBody: best.body, misconduct: false, matched: best.matched } : { externalBody: null, misconduct: false, matched: [] };
  }
}
