// Request bodies to plain documents: YAML streams or JSON, with errors that say where.
import { parseAllDocuments } from 'yaml';
import { badRequest } from '../domain/errors';

/** The most documents one request may carry (a lab holds at most 500 objects). */
export const MAX_DOCUMENTS = 500;
const MAX_ALIASES = 100;

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

function parseYaml(text: string): unknown[] {
  const documents = parseAllDocuments(text, { prettyErrors: true, uniqueKeys: true });
  const list = Array.isArray(documents) ? documents : [];
  const out: unknown[] = [];
  list.forEach((doc, i) => {
    const error = doc.errors[0];
    if (error) {
      const pos = error.linePos?.[0];
      const where = pos ? `line ${pos.line}, column ${pos.col}` : 'unknown position';
      const message = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '');
      throw badRequest(`error parsing YAML document ${i + 1} at ${where}: ${message}`, [
        { reason: 'FieldValueInvalid', message: message ?? error.message, field: where },
      ]);
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIASES });
    } catch (e) {
      throw badRequest(`error parsing YAML document ${i + 1}: ${(e as Error).message}`);
    }
    if (value !== null && value !== undefined) out.push(value);
  });
  return out;
}

function parseJson(text: string): unknown[] {
  try {
    return [JSON.parse(text)];
  } catch (e) {
    const message = (e as Error).message;
    const at = /position (\d+)/.exec(message);
    const where = at ? ` at ${lineAndColumn(text, Number(at[1]))}` : '';
    throw badRequest(`error parsing JSON${where}: ${message}`);
  }
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
