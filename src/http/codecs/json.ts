// JSON for answers whose values are partly shared between requests. The shared parts of kube-proxy's
// programmed rules (rules and decisions, endpoint lists, nodes, port mappings: sharePart in
// src/domain/proxy/programmed-rules.ts) are frozen and live as long as the cluster state they came
// from, so each is serialised once; JSON.stringify of every answer in full was the largest single
// cost of the request route.
import { sharedJson } from '../../domain/proxy/programmed-rules';

// Property names of answers (a fixed vocabulary: RouteDecision's fields), quoted once.
const keys = new Map<string, string>();

/** JSON.stringify(value), remembered for shared parts. */
function valueJson(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  return sharedJson(value) ?? JSON.stringify(value);
}

/**
 * The text JSON.stringify gives a plain object, with its shared property values written once.
 * `head` is the object's opening: `{`, or `{"a":1,` to put properties before the object's own.
 */
export function objectJson(object: object, head = '{'): string {
  let out = head;
  let first = true;
  for (const key in object) {
    const text = valueJson((object as Record<string, unknown>)[key]);
    if (text === undefined) continue;
    let name = keys.get(key);
    if (name === undefined) keys.set(key, (name = `${JSON.stringify(key)}:`));
    out += first ? name + text : `,${name}${text}`;
    first = false;
  }
  return first && head !== '{' ? `${out.slice(0, -1)}}` : `${out}}`;
}
