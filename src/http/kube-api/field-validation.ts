// Server-side field validation (`?fieldValidation=Strict|Warn|Ignore`), as kube-apiserver does it:
// Strict refuses unknown fields with a 400, Warn (the default) answers them as Warning headers,
// which kubectl prints as `Warning: unknown field "spec.foo"`. kubectl sends Strict by default.
import type { Context } from 'hono';
import { badRequest } from '../../domain/apimachinery/errors';
import { unknownFieldsOf } from '../../manifest/decode';
import { warningHeaderValues } from './warning-header';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

const DIRECTIVES: FieldValidation[] = ['Strict', 'Warn', 'Ignore'];

/** The request's directive; an unknown value is a 400, as on a real cluster. */
export function fieldValidationOf(c: Context): FieldValidation {
  const value = c.req.query('fieldValidation');
  if (value === undefined || value === '') return 'Warn';
  const directive = DIRECTIVES.find((d) => d === value);
  if (!directive) {
    throw badRequest(
      `fieldValidation: Unsupported value: ${JSON.stringify(value)}: supported values: "Ignore", "Strict", "Warn"`,
    );
  }
  return directive;
}

/**
 * The Warning texts for the unknown fields of `doc` (a raw document, before decoding drops them)
 * under the request's directive; Strict throws the 400 instead. `prefix` is what kube-apiserver
 * puts before `strict decoding error` for this verb; `before` is the object a patch applied to.
 */
export function unknownFieldWarnings(
  c: Context,
  doc: unknown,
  prefix = '',
  before?: unknown,
): string[] {
  const directive = fieldValidationOf(c);
  if (directive === 'Ignore') return [];
  // A patched object is judged on what the patch brought, not on what was stored before it.
  const known = new Set(before === undefined ? [] : unknownFieldsOf(before));
  const texts = unknownFieldsOf(doc)
    .filter((f) => !known.has(f))
    .map((f) => `unknown field "${f}"`);
  if (texts.length && directive === 'Strict') {
    throw badRequest(`${prefix}strict decoding error: ${texts.join(', ')}`);
  }
  return texts;
}

/** Adds one `Warning: 299 - "<text>"` header per text (kubectl prints `Warning: <text>`). */
export function sendWarnings(c: Context, texts: string[]): void {
  for (const value of warningHeaderValues(texts)) c.header('Warning', value, { append: true });
}

/** kube-apiserver's prefix for decoding errors of `kind`: `Service in version "v1" cannot be ...`. */
export function decodePrefix(doc: unknown): string {
  const { kind, apiVersion } = (doc ?? {}) as { kind?: unknown; apiVersion?: unknown };
  if (typeof kind !== 'string' || typeof apiVersion !== 'string') return '';
  const version = apiVersion.split('/').pop() ?? apiVersion;
  return `${kind} in version "${version}" cannot be handled as a ${kind}: `;
}
