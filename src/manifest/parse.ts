// Request bodies to plain documents: YAML streams or JSON, with errors that say where. Every
// document is checked for depth and self-reference (nesting.ts) before anything recurses into it.
import { Composer, Lexer, LineCounter, Parser } from 'yaml';
import { ApiError, badRequest } from '../domain/apimachinery/errors';
import { assertNesting, MAX_NESTING_DEPTH } from './nesting';
import { yamlStructureProblem } from './yaml-structure';
import { KUBE_YAML_OPTIONS, MAX_YAML_ALIASES } from './yaml-schema';

/** The most objects one request may carry (a lab holds at most 500 objects). */
export const MAX_DOCUMENTS = 500;
/**
 * The most YAML documents (empty ones included) one stream may hold: twice the objects a lab may
 * hold, for separators and comment-only documents. Composing each costs time even when empty
 * (200,000 `---` took 2.4 s), so the stream is cut off as soon as the count is passed.
 */
export const MAX_YAML_DOCUMENTS = 1000;
/**
 * The most lexical tokens (scalars, indicators, line breaks) one YAML stream may hold. The `yaml`
 * package takes 3-12 µs per token to lex, parse and compose (flow collections cost the most), so
 * the stream is cut off as soon as the count is passed: at most about half a second of parsing.
 * Manifests run at about 6 tokens per line and 165 per object, so 50,000 is some 300 objects; a
 * block scalar (a config file in a ConfigMap) is one token however long.
 */
export const MAX_YAML_TOKENS = 50_000;
/**
 * The most values (scalars and collections) one YAML document may hold once aliases are expanded.
 * The `yaml` package's alias count allows 99 aliases of an 11,000-key map (a million entries, 10 s
 * of decoding); without aliases MAX_YAML_TOKENS keeps a document under about 25,000 values.
 */
export const MAX_YAML_VALUES = 50_000;

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
  for (const doc of composer.compose(boundedTokens(text, lines))) {
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
    const problem = yamlStructureProblem(doc.contents);
    if (problem) throw yamlError(i, position(problem.offset), problem.message);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
    } catch (e) {
      throw yamlError(i, undefined, (e as Error).message);
    }
    assertNesting(value, `YAML document ${i + 1}`, MAX_YAML_VALUES);
    if (value !== null && value !== undefined) out.push(value);
    i++;
  }
  return out;
}

/** The parser's tokens for `text`: a 413 past MAX_YAML_TOKENS, a 400 past MAX_NESTING_DEPTH. */
function* boundedTokens(text: string, lines: LineCounter) {
  const parser = new Parser(lines.addNewLine);
  lines.addNewLine(0);
  let count = 0;
  for (const lexeme of new Lexer().lex(text)) {
    if (++count > MAX_YAML_TOKENS) {
      throw new ApiError(
        413,
        'RequestEntityTooLarge',
        `Request entity too large: a YAML stream may hold at most ${MAX_YAML_TOKENS} tokens (keys, values, indicators and line breaks)`,
      );
    }
    yield* parser.next(lexeme);
    // The parser's stack holds the document and each open collection: bound the depth here,
    // before the composer recurses into it.
    if (parser.stack.length - 1 > MAX_NESTING_DEPTH) {
      throw badRequest(
        `the YAML stream is not acceptable: it is nested more than ${MAX_NESTING_DEPTH} levels deep`,
      );
    }
  }
  yield* parser.end();
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
