// Strategic merge patch (application/strategic-merge-patch+json), as apimachinery's strategicpatch
// applies it: maps merge, lists merge by their patchMergeKey or are replaced, and the `$patch`,
// `$retainKeys`, `$setElementOrder/<list>` and `$deleteFromPrimitiveList/<list>` directives apply.
// Keys are own properties only (`__proto__` is an ordinary key, as in Go's maps).
import { badRequest } from './errors';
import { clone, jsonEqual } from './objects';
import { hasOwn, ownValue, setOwn } from './own-property';

/** A field's patch strategy (`merge`, `retainKeys`, `merge,retainKeys`) and list merge key. */
export interface FieldPatchMeta {
  strategy?: string;
  mergeKey?: string;
}

/** The patch metadata of the field at `path` (field names from the object root, no indexes). */
export type PatchMetaLookup = (path: readonly string[]) => FieldPatchMeta | undefined;

type JsonMap = Record<string, unknown>;

const SET_ORDER = '$setElementOrder/';
const DELETE_FROM = '$deleteFromPrimitiveList/';

function isMap(v: unknown): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Returns `original` with `patch` applied; neither input is modified. A top-level `$patch: delete`
 * yields `{}`. Throws a 400 for malformed directives or a list item without its merge key.
 */
export function strategicMergePatch(
  original: unknown,
  patch: unknown,
  lookup: PatchMetaLookup,
): unknown {
  if (!isMap(patch)) throw badRequest('a strategic merge patch must be a JSON object');
  return mergeMap(isMap(original) ? original : {}, patch, [], lookup) ?? {};
}

/** Merges a map; undefined means the patch deleted it (`$patch: delete`). */
function mergeMap(
  original: JsonMap,
  patch: JsonMap,
  path: string[],
  lookup: PatchMetaLookup,
): JsonMap | undefined {
  const directive = ownValue(patch, '$patch');
  if (directive === 'delete') return undefined;
  if (directive === 'replace') {
    const rest = { ...patch };
    delete rest.$patch;
    return mergeMap({}, rest, path, lookup);
  }
  if (directive !== undefined && directive !== 'merge') {
    throw badRequest(
      `unknown patch type: ${JSON.stringify(directive)} in map: ${JSON.stringify(patch)}`,
    );
  }
  const out: JsonMap = clone(original);
  const retain = ownValue(patch, '$retainKeys');
  if (retain !== undefined) {
    if (!Array.isArray(retain)) throw badRequest('$retainKeys must be a list of field names');
    for (const key of Object.keys(out)) if (!retain.includes(key)) delete out[key];
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys' || key.startsWith(SET_ORDER)) continue;
    if (key.startsWith(DELETE_FROM)) {
      deleteFromPrimitiveList(out, key.slice(DELETE_FROM.length), value);
      continue;
    }
    if (value === null) {
      delete out[key];
      continue;
    }
    const fieldPath = [...path, key];
    const current = ownValue(out, key);
    if (isMap(value)) {
      const merged = mergeMap(isMap(current) ? current : {}, value, fieldPath, lookup);
      if (merged === undefined) delete out[key];
      else setOwn(out, key, merged);
    } else if (Array.isArray(value)) {
      setOwn(out, key, mergeList(current, value, fieldPath, lookup));
    } else {
      setOwn(out, key, value);
    }
  }
  for (const [key, order] of Object.entries(patch)) {
    if (!key.startsWith(SET_ORDER)) continue;
    const field = key.slice(SET_ORDER.length);
    if (!Array.isArray(order)) throw badRequest(`${key} must be a list`);
    const list = ownValue(out, field);
    if (Array.isArray(list)) {
      setOwn(out, field, reorder(list, order, lookup([...path, field])?.mergeKey));
    }
  }
  return out;
}

function deleteFromPrimitiveList(out: JsonMap, field: string, values: unknown): void {
  if (!Array.isArray(values)) throw badRequest(`${DELETE_FROM}${field} must be a list`);
  const list = ownValue(out, field);
  if (Array.isArray(list))
    setOwn(
      out,
      field,
      list.filter((v) => !values.some((d) => jsonEqual(d, v))),
    );
}

/** A list value: merged by key (or as a set of primitives) under `merge`, otherwise replaced. */
function mergeList(
  original: unknown,
  patch: unknown[],
  path: string[],
  lookup: PatchMetaLookup,
): unknown[] {
  const meta = lookup(path);
  const replaceAll = patch.find((item) => ownValue(item, '$patch') === 'replace');
  if (replaceAll !== undefined || !meta?.strategy?.split(',').includes('merge')) {
    const items = patch.filter((item) => item !== replaceAll);
    return items.map((item) => (isMap(item) ? (mergeMap({}, item, path, lookup) ?? {}) : item));
  }
  const out = Array.isArray(original) ? clone(original) : [];
  const key = meta.mergeKey;
  if (key === undefined) {
    for (const item of patch) if (!out.some((o) => jsonEqual(o, item))) out.push(item);
    return out;
  }
  for (const item of patch) {
    if (!isMap(item) || !hasOwn(item, key)) {
      throw badRequest(`map: ${JSON.stringify(item)} does not contain declared merge key: ${key}`);
    }
    const matches = (o: unknown) => isMap(o) && jsonEqual(ownValue(o, key), item[key]);
    const at = out.findIndex(matches);
    if (ownValue(item, '$patch') === 'delete') {
      for (let i = out.length - 1; i >= 0; i--) if (matches(out[i])) out.splice(i, 1);
      continue;
    }
    const base = at >= 0 && isMap(out[at]) ? (out[at] as JsonMap) : {};
    const merged = mergeMap(base, item, path, lookup) ?? {};
    if (at >= 0) out[at] = merged;
    else out.push(merged);
  }
  return out;
}

/**
 * `$setElementOrder`: the listed elements in the given order, then the others (present only on
 * the server) in their original order. apimachinery interleaves the latter by their old positions;
 * putting them last is a simplification that only matters when several clients edit one list.
 */
function reorder(list: unknown[], order: unknown[], mergeKey: string | undefined): unknown[] {
  const keyOf = (v: unknown) => (mergeKey !== undefined && isMap(v) ? ownValue(v, mergeKey) : v);
  const position = (v: unknown) => order.findIndex((o) => jsonEqual(keyOf(o), keyOf(v)));
  const listed = list.filter((v) => position(v) >= 0).sort((a, b) => position(a) - position(b));
  return [...listed, ...list.filter((v) => position(v) < 0)];
}
