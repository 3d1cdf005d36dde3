import { cleanDeep, closeBidi } from '../connectors/kit/clean.js';
import { MAX_RAW_BYTES, sanitizeRaw, sanitizeShort, sanitizeText } from './post-sanitizer.js';

describe('post sanitizer (values, never serialized JSON)', () => {
  it('should keep a literal backslash-u0000 typed by a citizen intact, as text and in raw', () => {
    const literal = 'air mati \\u0000 di Lappa \\\\u0000 \\';
    expect(sanitizeText(literal, 1000).text).toBe(literal);
    const raw = sanitizeRaw({ text: literal, nested: [{ t: literal }] }) as { text: string; nested: Array<{ t: string }> };
    expect(raw.text).toBe(literal);
    expect(raw.nested[0].t).toBe(literal);
    // What PostgreSQL receives parses back to the same value.
    expect(JSON.parse(JSON.stringify(raw))).toEqual({ text: literal, nested: [{ t: literal }] });
  });

  it.each([
    ['a real NUL', 'a\u0000b', 'ab'],
    ['C0 controls except tab, newline, carriage return', 'a\u0001\u0007\u001b[31m\u007f\tb\nc\r', 'a[31m\tb\nc\r'],
    ['a lone high surrogate', 'x\uD800y', 'x\uFFFDy'],
    ['a lone low surrogate', 'x\uDC00y', 'x\uFFFDy'],
    ['a valid pair', 'ok 😡', 'ok 😡'],
  ])('should clean %s in text, keys and raw values', (_n, input, expected) => {
    expect(sanitizeText(input, 1000).text).toBe(expected);
    expect(cleanDeep({ [input]: [input] })).toEqual({ [expected]: [expected] });
  });

  it('should close a bidi override the citizen left open, and keep balanced ones as they are', () => {
    expect(closeBidi('abc \u202Eevil')).toBe('abc \u202Eevil\u202C');
    expect(closeBidi('\u2067x \u202Bz')).toBe('\u2067x \u202Bz\u202C\u2069');
    expect(closeBidi('\u202Eok\u202C')).toBe('\u202Eok\u202C');
    expect(sanitizeShort('\u202Enama')).toBe('\u202Enama\u202C');
  });

  it('should cap text without splitting a surrogate pair', () => {
    const emoji = '😡'.repeat(20_000);
    const r = sanitizeText(emoji, 5001);
    expect(r.truncated).toBe(true);
    expect(r.text.length).toBe(5000);
    expect(r.text).toBe('😡'.repeat(2500));
  });

  it('should cap a raw payload of any size and shape', () => {
    const big = sanitizeRaw({ text: 'a'.repeat(1024 * 1024), list: Array.from({ length: 5000 }, (_, i) => i) });
    expect(Buffer.byteLength(JSON.stringify(big))).toBeLessThanOrEqual(MAX_RAW_BYTES);
    expect(JSON.stringify(big)).toMatch(/more\]/);
    const deep: Record<string, unknown> = {};
    let cur = deep;
    for (let i = 0; i < 100; i++) cur = (cur.n = {});
    expect(JSON.stringify(sanitizeRaw(deep))).toMatch(/too deep/);
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(sanitizeRaw(cyclic)).toEqual({ a: 1, self: '[cycle]' });
    expect(sanitizeRaw({ n: NaN, b: 10n ** 20n, u: undefined })).toEqual({ n: null, b: '100000000000000000000' });
  });
});
