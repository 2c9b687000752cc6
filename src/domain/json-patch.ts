// JSON Patch (RFC 6902, application/json-patch+json): `kubectl patch --type json` and the official
// JavaScript client's default patch format. Operations apply in order to a copy; any failure is a 400.
import { badRequest } from './errors';
import { jsonEqual } from './objects';

type Container = Record<string, unknown> | unknown[];

function isContainer(v: unknown): v is Container {
  return typeof v === 'object' && v !== null;
}

/** `/spec/ports/0` -> ['spec', 'ports', '0'], with `~1` and `~0` unescaped (RFC 6901). */
function parsePointer(pointer: unknown): string[] {
  if (typeof pointer !== 'string' || (pointer !== '' && !pointer.startsWith('/'))) {
    throw badRequest(`json patch: invalid path ${JSON.stringify(pointer)}`);
  }
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The container holding the pointer's last token, and that token. */
function parentOf(doc: unknown, tokens: string[], pointer: string): [Container, string] {
  let cur: unknown = doc;
  for (const t of tokens.slice(0, -1)) {
    cur = isContainer(cur) ? (cur as Record<string, unknown>)[t] : undefined;
    if (!isContainer(cur)) throw badRequest(`json patch: path ${pointer} does not exist`);
  }
  if (!isContainer(cur)) throw badRequest(`json patch: path ${pointer} does not exist`);
  return [cur, tokens[tokens.length - 1] ?? ''];
}

function arrayIndex(list: unknown[], token: string, pointer: string, forInsert: boolean): number {
  if (forInsert && token === '-') return list.length;
  const i = /^(0|[1-9]\d*)$/.test(token) ? Number(token) : NaN;
  if (!(i >= 0 && i < list.length + (forInsert ? 1 : 0))) {
    throw badRequest(`json patch: index ${token} out of range in ${pointer}`);
  }
  return i;
}

function get(doc: unknown, pointer: string): unknown {
  let cur = doc;
  for (const t of parsePointer(pointer)) {
    if (Array.isArray(cur)) cur = cur[arrayIndex(cur, t, pointer, false)];
    else if (isContainer(cur) && t in cur) cur = (cur as Record<string, unknown>)[t];
    else throw badRequest(`json patch: path ${pointer} does not exist`);
  }
  return cur;
}

function remove(doc: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) throw badRequest('json patch: cannot remove the whole document');
  const [parent, key] = parentOf(doc, tokens, pointer);
  if (Array.isArray(parent)) return parent.splice(arrayIndex(parent, key, pointer, false), 1)[0];
  if (!(key in parent)) throw badRequest(`json patch: path ${pointer} does not exist`);
  const value = parent[key];
  delete parent[key];
  return value;
}

function add(doc: unknown, pointer: string, value: unknown, replace: boolean): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return structuredClone(value);
  const [parent, key] = parentOf(doc, tokens, pointer);
  if (Array.isArray(parent)) {
    const i = arrayIndex(parent, key, pointer, !replace);
    parent.splice(i, replace ? 1 : 0, structuredClone(value));
  } else {
    if (replace && !(key in parent)) throw badRequest(`json patch: path ${pointer} does not exist`);
    parent[key] = structuredClone(value);
  }
  return doc;
}

/** Applies the operations to a copy of `doc`; `doc` is left as it was. */
export function applyJsonPatch(doc: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations))
    throw badRequest('json patch: the body must be a list of operations');
  let out = structuredClone(doc);
  for (const op of operations) {
    if (!isContainer(op) || Array.isArray(op))
      throw badRequest('json patch: each operation must be an object');
    const { op: name, path, from, value } = op as Record<string, unknown>;
    const at = String(path);
    switch (name) {
      case 'add':
        out = add(out, at, value, false);
        break;
      case 'replace':
        out = add(out, at, value, true);
        break;
      case 'remove':
        remove(out, at);
        break;
      case 'move':
        out = add(out, at, remove(out, String(from)), false);
        break;
      case 'copy':
        out = add(out, at, get(out, String(from)), false);
        break;
      case 'test':
        if (!jsonEqual(get(out, at), value)) throw badRequest(`json patch: test failed for ${at}`);
        break;
      default:
        throw badRequest(`json patch: unknown operation ${JSON.stringify(name)}`);
    }
  }
  return out;
}
