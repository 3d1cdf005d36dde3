// Personal data in free text (UU 27/2022 PDP), decided in one place: NIK and KK numbers (16 digits),
// phone numbers (08…, +62…, 62…) and e-mail addresses are masked wherever a viewer does not need
// them, and in every broadcast, export, report and log line.
//
// Citizens write numbers in many shapes: `(0812) 3456 7890`, `+62 (812) 3456-7890`,
// `0812/3456/7890`, en dashes, underscores, digits in pairs, full-width digits. So the text is
// normalised first (NFKC per character, every dash variant to `-`), numbers are found as runs of
// digit groups with separators between, and each run is split where it holds several numbers
// (`NIK 7307011234560001 0812…`). A masked number keeps none of its digits.

export const MASK = { nik: '[NIK disamarkan]', phone: '[telepon disamarkan]', email: '[email disamarkan]' } as const;

const DASH = /[\u2010-\u2015\u2212\u2E3A\u2E3B\uFE58\uFE63\uFF0D]/u;
// A run: an optional `+`, an optional `(`, then digit groups joined by at most 4 separators (`) - `).
const RUN = /(?:\+[ ]?)?\(?\d+(?:[ \t\-_./()]{1,4}\d+)*\)?/g;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// Mobile numbers: 08xx with 10–13 digits; the same after the country code 62.
const MOBILE = /^(?:08[1-9]\d{7,10}|628[1-9]\d{7,10})$/;
// Landlines only with the country code written (+62 411 …): a bare 0… could be a date.
const LANDLINE_INTL = /^62[2-79]\d{7,9}$/;
const MAX_GROUPS = 16;

/** The text as the masks read it, with the offset in the original of each normalised character. */
function normalise(text: string): { norm: string; from: number[] } {
  let norm = '';
  const from: number[] = [];
  let i = 0;
  for (const ch of text) {
    let n = ch.normalize('NFKC');
    if (DASH.test(n)) n = '-';
    // A character NFKC expands (e.g. `½`) keeps its place; only digits, dashes and `@` matter here.
    if (n.length !== 1 && !/^\d+$/.test(n)) n = ch.length === 1 ? ch : ' ';
    for (let k = 0; k < n.length; k++) from.push(i);
    norm += n;
    i += ch.length;
  }
  from.push(text.length);
  return { norm, from };
}

type Kind = 'nik' | 'phone';

function kindOf(digits: string, plus: boolean): Kind | null {
  if (digits.length === 16) return 'nik';
  if (MOBILE.test(digits)) return 'phone';
  if (plus && LANDLINE_INTL.test(digits)) return 'phone';
  return null;
}

interface Span {
  start: number;
  end: number;
  kind: keyof typeof MASK;
}

/** Splits one run of digit groups into the numbers it holds (most digits masked, fewest pieces). */
function numbersIn(run: string, offset: number): Span[] {
  const groups = [...run.matchAll(/\d+/g)].map((m) => ({ start: offset + m.index, end: offset + m.index + m[0].length, digits: m[0] }));
  const plus = run.startsWith('+');
  const n = groups.length;
  // best[i]: [masked digits, -pieces] for groups i..n-1, and the choice made at i.
  const best: Array<{ score: number; pieces: number; take: number; kind: Kind | null }> = [];
  best[n] = { score: 0, pieces: 0, take: 0, kind: null };
  for (let i = n - 1; i >= 0; i--) {
    best[i] = { score: best[i + 1].score, pieces: best[i + 1].pieces + 1, take: 1, kind: null };
    let digits = '';
    for (let j = i; j < n && j < i + MAX_GROUPS; j++) {
      digits += groups[j].digits;
      if (digits.length > 16) break;
      const kind = kindOf(digits, plus && i === 0);
      if (!kind) continue;
      const score = digits.length + best[j + 1].score;
      const pieces = 1 + best[j + 1].pieces;
      if (score > best[i].score || (score === best[i].score && pieces < best[i].pieces)) best[i] = { score, pieces, take: j - i + 1, kind };
    }
  }
  const spans: Span[] = [];
  for (let i = 0; i < n; ) {
    const b = best[i];
    if (b.kind) spans.push({ start: i === 0 ? offset : groups[i].start, end: groups[i + b.take - 1].end, kind: b.kind });
    i += b.take;
  }
  return spans;
}

/** Where personal data is in a text: spans of the original string and what each one is. */
export function findPii(text: string): Span[] {
  if (!text) return [];
  const { norm, from } = normalise(text);
  const spans: Span[] = [];
  for (const m of norm.matchAll(EMAIL)) spans.push({ start: m.index, end: m.index + m[0].length, kind: 'email' });
  const inEmail = (p: number): boolean => spans.some((s) => s.kind === 'email' && p >= s.start && p < s.end);
  for (const m of norm.matchAll(RUN)) {
    if (inEmail(m.index)) continue;
    for (const s of numbersIn(m[0], m.index)) {
      // A closing parenthesis right after a number belongs to it: `(0812) …` leaves no `)` behind.
      let end = s.end;
      while (norm[end] === ')' && end < m.index + m[0].length) end++;
      spans.push({ ...s, end });
    }
  }
  return spans
    .sort((a, b) => a.start - b.start)
    .map((s) => ({ start: from[s.start], end: from[s.end], kind: s.kind }));
}

/** The one masking policy: every NIK, phone number and e-mail address replaced, no digit of it left. */
export function maskPii(text: string): string {
  const spans = findPii(text);
  if (!spans.length) return text;
  let out = '';
  let at = 0;
  for (const s of spans) {
    if (s.start < at) continue;
    out += text.slice(at, s.start) + MASK[s.kind];
    at = s.end;
  }
  return out + text.slice(at);
}

export function containsPii(text: string): boolean {
  return findPii(text).length > 0;
}

/** Masks every string inside a JSON-like value (event data, notes, summaries). */
export function maskPiiDeep<T>(value: T): T {
  if (typeof value === 'string') return maskPii(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => maskPiiDeep(v)) as T;
  if (value && typeof value === 'object' && !(value instanceof Date))
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, maskPiiDeep(v)])) as T;
  return value;
}
