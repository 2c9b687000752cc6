// Field paths as graders write them: `spec.ports[0].nodePort`, `metadata.labels["app"]`.
import { hasOwn } from '../apimachinery/own-property';

export type PathSegment = string | number;

const SEGMENT = /\.?([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[\s*(["'])(.*?)\3\s*\]/y;

/** The segments of `path`, or undefined when it is not a well-formed path. */
export function parseFieldPath(path: string): PathSegment[] | undefined {
  const segments: PathSegment[] = [];
  SEGMENT.lastIndex = 0;
  while (SEGMENT.lastIndex < path.length) {
    const at = SEGMENT.lastIndex;
    const m = SEGMENT.exec(path);
    if (!m || (at === 0 && path.startsWith('.'))) return undefined;
    if (m[1] !== undefined) {
      if (at > 0 && !m[0].startsWith('.')) return undefined;
      segments.push(m[1]);
    } else if (m[2] !== undefined) segments.push(Number(m[2]));
    else segments.push(m[4] ?? '');
  }
  return segments.length > 0 ? segments : undefined;
}

/** What is at `segments` inside `value`: `found: false` when some step is missing. */
export function valueAt(
  value: unknown,
  segments: readonly PathSegment[],
): { found: true; value: unknown } | { found: false } {
  let cur: unknown = value;
  for (const s of segments) {
    if (typeof s === 'number') {
      if (!Array.isArray(cur) || s >= cur.length) return { found: false };
      cur = cur[s];
    } else {
      if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return { found: false };
      if (!hasOwn(cur, s)) return { found: false };
      cur = (cur as Record<string, unknown>)[s];
    }
  }
  return cur === undefined ? { found: false } : { found: true, value: cur };
}
