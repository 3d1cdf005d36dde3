import { XMLBuilder } from 'fast-xml-parser';

// Open311 GeoReport v2 (upstream-apis.md §1.1): the format is the URL suffix; XML is required, JSON
// is its Spark-convention mapping. Content types as the spec lists them.
export const FORMATS = ['json', 'xml'] as const;
export type Open311Format = (typeof FORMATS)[number];
export const CONTENT_TYPE: Record<Open311Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

/** `services.json` → { name: 'services', format: 'json' }; null when the suffix is not a format. */
export function splitFormat(file: string): { name: string; format: Open311Format } | null {
  const m = /^(.+)\.(json|xml)$/.exec(file);
  return m ? { name: m[1], format: m[2] as Open311Format } : null;
}

/** The format a bad URL's error is written in: its suffix when it has one, else XML (the required format). */
export function guessFormat(path: string): Open311Format {
  return /\.json(?:\?|$)/.test(path) ? 'json' : 'xml';
}

/** An error in the spec's shape (§1.7): HTTP 400/403/404, body `[{code, description}]`. */
export class Open311Error extends Error {
  constructor(
    public readonly status: 400 | 403 | 404 | 429,
    description: string,
  ) {
    super(description);
    this.name = 'Open311Error';
  }
}

// Characters XML 1.0 cannot carry (control characters, lone surrogates): post text is hostile input.
const NOT_XML = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

type XmlValue = string | number | boolean | null | undefined | XmlValue[] | { [k: string]: XmlValue };

function xmlSafe(v: XmlValue): XmlValue {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.replace(NOT_XML, '');
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(xmlSafe);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, xmlSafe(x)]));
}

const builder = new XMLBuilder({ ignoreAttributes: true, format: true, suppressEmptyNode: false, processEntities: true });

/** `<root><item>…</item>…</root>` for a list, as the spec's XML examples nest them. */
export function xmlList(root: string, item: string, items: unknown[]): string {
  return xmlDocument({ [root]: { [item]: items as XmlValue[] } });
}

export function xmlDocument(doc: Record<string, XmlValue>): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build(xmlSafe(doc))}`;
}

export function errorBody(format: Open311Format, status: number, description: string): string {
  const errors = [{ code: status, description }];
  return format === 'json' ? JSON.stringify(errors) : xmlList('errors', 'error', errors);
}
