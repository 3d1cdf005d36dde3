import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { DomainError } from './domain-error.js';

// PostgreSQL refuses NUL in text and broken UTF-16 cannot be stored either: such input used to
// reach the database and answer 500 (issue 13 §5). Every body, query and route parameter is
// checked once here, before validation, and refused with a 422 that names the field.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const MAX_DEPTH = 32;

function badField(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') || LONE_SURROGATE.test(value) ? path || 'nilai' : null;
  if (depth > MAX_DEPTH) return path || 'nilai';
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = badField(value[i], `${path}[${i}]`, depth + 1);
      if (bad) return bad;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const bad = badField(k, path ? `${path}.${k}` : k, depth + 1) ?? badField(v, path ? `${path}.${k}` : k, depth + 1);
      if (bad) return bad;
    }
  }
  return null;
}

@Injectable()
export class UnsafeTextPipe implements PipeTransform {
  transform(value: unknown, meta: ArgumentMetadata): unknown {
    if (meta.type === 'custom') return value;
    const bad = badField(value, meta.type === 'body' ? '' : (meta.data ?? ''));
    if (bad) throw new DomainError('validation', `Isian "${bad.slice(0, 100)}" berisi karakter NUL atau teks yang rusak`, { field: bad.slice(0, 100) });
    return value;
  }
}
