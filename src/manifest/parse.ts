// Request bodies to plain documents: YAML streams or JSON, with errors that say where. Every
// document is checked for depth and self-reference (nesting.ts) before anything recurses into it.
import { Composer, LineCounter, Parser } from 'yaml';
import { ApiError, badRequest } from '../domain/errors';
import { assertNesting } from './nesting';
import { duplicateKey } from './yaml-keys';
import { KUBE_YAML_OPTIONS, MAX_YAML_ALIASES } from './yaml-schema';

/** The most objects one request may carry (a lab holds at most 500 objects). */
export const MAX_DOCUMENTS = 500;
/**
 * The most YAML documents (empty ones included) one stream may hold: twice the objects a lab may
 * hold, for separators and comment-only documents. Composing each costs time even when empty
 * (200,000 `---` took 2.4 s), so the stream is cut off as soon as the count is passed.
 */
export const MAX_YAML_DOCUMENTS = 1000;

export type BodyFormat = 'yaml' | 'json';

/** Splits a body into documents; `List` kinds and JSON arrays are flattened. Throws 400s. */
export function parseManifests(text: string, format: BodyFormat): unknown[] {
  const docs = format === 'json' ? parseJson(text) : parseYaml(text);
  const flat = docs.flatMap(flattenList);
  if (flat.length > MAX_DOCUMENTS) {
    throw badRequest(`too many objects in one request: ${flat.length} (at most ${MAX_DOCUMENTS})`);
  }
  return flat;
}

function flattenList(doc: unknown): unknown[] {
  if (Array.isArray(doc)) return doc.flatMap(flattenList);
  if (isRecord(doc) && typeof doc.kind === 'string' && doc.kind.endsWith('List')) {
    return Array.isArray(doc.items) ? doc.items.flatMap(flattenList) : [];
  }
  return [doc];
}

function yamlError(i: number, where: string | undefined, message: string): ApiError {
  const at = where ? ` at ${where}` : '';
  return badRequest(`error parsing YAML document ${i + 1}${at}: ${message}`, [
    { reason: 'FieldValueInvalid', message, field: where ?? 'unknown position' },
  ]);
}

/** Parses a YAML stream with YAML 1.1 rules, as kubectl and kube-apiserver read it. */
export function parseYaml(text: string): unknown[] {
  const lines = new LineCounter();
  const composer = new Composer(KUBE_YAML_OPTIONS);
  const out: unknown[] = [];
  let i = 0;
  const position = (offset: number) => {
    const pos = lines.linePos(offset);
    return `line ${pos.line}, column ${pos.col}`;
  };
  for (const doc of composer.compose(new Parser(lines.addNewLine).parse(text))) {
    if (i >= MAX_YAML_DOCUMENTS) {
      throw new ApiError(
        413,
        'RequestEntityTooLarge',
        `Request entity too large: a YAML stream may hold at most ${MAX_YAML_DOCUMENTS} documents`,
      );
    }
    const error = doc.errors[0];
    if (error) {
      const message = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '');
      throw yamlError(i, position(error.pos[0]), message ?? error.message);
    }
    const duplicate = duplicateKey(doc.contents);
    if (duplicate !== undefined) throw yamlError(i, position(duplicate), 'Map keys must be unique');
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
    } catch (e) {
      throw yamlError(i, undefined, (e as Error).message);
    }
    assertNesting(value, `YAML document ${i + 1}`);
    if (value !== null && value !== undefined) out.push(value);
    i++;
  }
  return out;
}

function parseJson(text: string): unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const at = /position (\d+)/.exec(message);
    const where = at ? ` at ${lineAndColumn(text, Number(at[1]))}` : '';
    throw badRequest(`error parsing JSON${where}: ${message}`);
  }
  assertNesting(value, 'the JSON body');
  return [value];
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
