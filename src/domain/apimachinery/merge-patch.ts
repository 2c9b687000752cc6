// JSON Merge Patch (RFC 7386): objects merge recursively, null deletes, anything else replaces.
// Keys are own properties only, so a `__proto__` key merges as an ordinary key.
import { clone } from './objects';
import { ownValue, setOwn } from './own-property';

/** Returns `target` with `patch` merged in; neither input is modified. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return clone(patch);
  const out: Record<string, unknown> = isObject(target) ? clone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else setOwn(out, key, mergePatch(ownValue(out, key), value));
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
