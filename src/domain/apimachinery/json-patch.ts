// JSON Patch (RFC 6902, application/json-patch+json): `kubectl patch --type json` and the official
// JavaScript client's default patch format. Operations apply in order to a copy. As kube-apiserver
// answers: a body that is not a list of operations is a 400, more than 10,000 operations a 413,
// and an operation that does not apply a 422 (the reason, worded as evanphx/json-patch words it,
// is kept as the Status cause). Path segments name own properties only: `/__proto__/x` is "not
// found" unless the document has a `__proto__` key, as in Kubernetes.
import { ApiError, badRequest } from './errors';
import { goJsonType } from './field-errors';
import { clone, jsonEqual } from './objects';
import { hasOwn, setOwn } from './own-property';

type Container = Record<string, unknown> | unknown[];

/** kube-apiserver's maxJSONPatchOperations. */
export const MAX_JSON_PATCH_OPERATIONS = 10_000;
/** kube-apiserver's JSONPatchMaxCopyBytes: what `copy` operations may add up to in one patch. */
export const MAX_JSON_PATCH_COPY_BYTES = 3 * 1024 * 1024;

const MISSING = 'missing value';

function isContainer(v: unknown): v is Container {
  return typeof v === 'object' && v !== null;
}

/** An operation that does not apply to the document: kube-apiserver's 422. */
function notApplicable(reason: string): ApiError {
  return new ApiError(
    422,
    'Invalid',
    'the server rejected our request due to an error in our request',
    {
      causes: [{ reason: '', message: reason }],
    },
  );
}

/** `/spec/ports/0` -> ['spec', 'ports', '0'], with `~1` and `~0` unescaped (RFC 6901). */
function parsePointer(pointer: string, op: string, which: 'path' | 'from'): string[] {
  if (pointer !== '' && !pointer.startsWith('/')) {
    throw notApplicable(`${op} operation failed to decode ${which}: ${MISSING}`);
  }
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The value at `token` inside `cur`: an own property or an in-range index, else undefined. */
function child(cur: unknown, token: string): unknown {
  if (Array.isArray(cur)) {
    const i = indexOf(token);
    return i !== undefined && i < cur.length ? cur[i] : undefined;
  }
  return isContainer(cur) && hasOwn(cur, token)
    ? (cur as Record<string, unknown>)[token]
    : undefined;
}

function indexOf(token: string): number | undefined {
  return /^(0|[1-9]\d*)$/.test(token) ? Number(token) : undefined;
}

/** The container holding the last token, and that token; undefined when a step is missing. */
function parentOf(doc: unknown, tokens: string[]): [Container, string] | undefined {
  let cur: unknown = doc;
  for (const t of tokens.slice(0, -1)) {
    cur = child(cur, t);
    if (!isContainer(cur)) return undefined;
  }
  return isContainer(cur) ? [cur, tokens[tokens.length - 1] ?? ''] : undefined;
}

function badIndex(op: string, pointer: string, token: string): ApiError {
  return notApplicable(
    `error in ${op} for path: '${pointer}': Unable to access invalid index: ${token}: invalid index referenced`,
  );
}

interface Target {
  parent: Container;
  key: string;
}

function locate(doc: unknown, pointer: string, op: string, missing: string): Target {
  const found = parentOf(doc, parsePointer(pointer, op, 'path'));
  if (!found) throw notApplicable(missing);
  return { parent: found[0], key: found[1] };
}

function get(doc: unknown, pointer: string, op: string, missing: string): unknown {
  let cur = doc;
  for (const t of parsePointer(pointer, op, op === 'test' ? 'path' : 'from')) {
    cur = child(cur, t);
    if (cur === undefined) throw notApplicable(missing);
  }
  return cur;
}

function remove(doc: unknown, pointer: string, op: string, missing: string): unknown {
  if (pointer === '') throw notApplicable(missing);
  const { parent, key } = locate(doc, pointer, op, missing);
  if (Array.isArray(parent)) {
    const i = indexOf(key);
    if (i === undefined || i >= parent.length) throw badIndex(op, pointer, key);
    return parent.splice(i, 1)[0];
  }
  if (!hasOwn(parent, key)) {
    throw notApplicable(
      `error in ${op} for path: '${pointer}': Unable to remove nonexistent key: ${key}: ${MISSING}`,
    );
  }
  const value = parent[key];
  delete parent[key];
  return value;
}

/** evanphx/json-patch's words for a pointer that leads nowhere (it quotes add's and remove's). */
function missingPath(op: string, which: 'path' | 'from path' | 'destination path', at: string) {
  const shown = which === 'path' && (op === 'add' || op === 'remove') ? `"${at}"` : at;
  const doc = op === 'test' ? '' : 'doc ';
  return `${op} operation does not apply: ${doc}is missing ${which}: ${shown}: ${MISSING}`;
}

/** `add` (insert) or `replace` of `value` at `pointer`; returns the new document. */
function put(doc: unknown, pointer: string, value: unknown, op: string, replace: boolean): unknown {
  if (pointer === '') return value;
  const missing = missingPath(op, op === 'add' || replace ? 'path' : 'destination path', pointer);
  const { parent, key } = locate(doc, pointer, op, missing);
  if (Array.isArray(parent)) {
    const i = !replace && key === '-' ? parent.length : indexOf(key);
    if (i === undefined || i > parent.length || (replace && i === parent.length)) {
      throw badIndex(op, pointer, key);
    }
    parent.splice(i, replace ? 1 : 0, value);
  } else {
    if (replace && !hasOwn(parent, key)) {
      throw notApplicable(
        `replace operation does not apply: doc is missing key: ${pointer}: ${MISSING}`,
      );
    }
    setOwn(parent, key, value);
  }
  return doc;
}

function operations(body: unknown): Record<string, unknown>[] {
  if (!Array.isArray(body)) {
    throw badRequest(
      `json: cannot unmarshal ${goJsonType(body)} into Go value of type jsonpatch.Patch`,
    );
  }
  for (const op of body) {
    if (!isContainer(op) || Array.isArray(op)) {
      throw badRequest(
        `json: cannot unmarshal ${goJsonType(op)} into Go value of type map[string]*json.RawMessage`,
      );
    }
  }
  if (body.length > MAX_JSON_PATCH_OPERATIONS) {
    throw new ApiError(
      413,
      'RequestEntityTooLarge',
      `Request entity too large: The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${body.length}`,
    );
  }
  return body as Record<string, unknown>[];
}

/** The operation's `path` or `from` as a string ('' when absent, as Go reads it). */
function pointerField(op: Record<string, unknown>, field: 'path' | 'from'): string {
  const v = hasOwn(op, field) ? op[field] : undefined;
  return typeof v === 'string' ? v : '';
}

/** Bytes `copy` operations have added so far in one patch. */
interface CopyBudget {
  used: number;
}

function copyValue(out: unknown, from: string, budget: CopyBudget): unknown {
  const source = get(out, from, 'copy', missingPath('copy', 'from path', from));
  budget.used += JSON.stringify(source)?.length ?? 0;
  if (budget.used > MAX_JSON_PATCH_COPY_BYTES) {
    throw notApplicable(
      `Unable to complete the copy, the accumulated size increase of copy is ${budget.used}, exceeding the limit ${MAX_JSON_PATCH_COPY_BYTES}`,
    );
  }
  return clone(source);
}

/** One operation applied to `out` (changed in place); returns the new document. */
function applyOne(out: unknown, op: Record<string, unknown>, budget: CopyBudget): unknown {
  const name = hasOwn(op, 'op') ? op.op : undefined;
  const path = pointerField(op, 'path');
  const from = pointerField(op, 'from');
  const value = hasOwn(op, 'value') ? op.value : null;
  switch (name) {
    case 'add':
      return put(out, path, clone(value), 'add', false);
    case 'replace':
      return put(out, path, clone(value), 'replace', true);
    case 'remove':
      remove(out, path, 'remove', missingPath('remove', 'path', path));
      return out;
    case 'move':
      return put(
        out,
        path,
        remove(out, from, 'move', missingPath('move', 'from path', from)),
        'move',
        false,
      );
    case 'copy':
      return put(out, path, copyValue(out, from, budget), 'copy', false);
    case 'test':
      if (!jsonEqual(get(out, path, 'test', missingPath('test', 'path', path)), value)) {
        throw notApplicable(`testing value ${path} failed: test failed`);
      }
      return out;
    default:
      throw notApplicable(`Unexpected kind: ${typeof name === 'string' ? name : 'unknown'}`);
  }
}

/** Applies the operations to a copy of `doc`; `doc` is left as it was. */
export function applyJsonPatch(doc: unknown, body: unknown): unknown {
  const budget: CopyBudget = { used: 0 };
  return operations(body).reduce((out, op) => applyOne(out, op, budget), clone(doc));
}
