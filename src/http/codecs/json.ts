// JSON for answers whose values are partly shared between requests. The shared parts of kube-proxy's
// programmed rules (rules and decisions, endpoint lists, nodes, port mappings: sharePart in
// src/domain/proxy/programmed-rules.ts) are frozen and live as long as the cluster state they came
// from, so each is serialised once; JSON.stringify of every answer in full was the largest single
// cost of the request route.
import { sharedJson, sharedSlot } from '../../domain/proxy/programmed-rules';

// Property names of answers (a fixed vocabulary: RouteDecision's fields), quoted once.
const keys = new Map<string, string>();

function nameJson(key: string): string {
  let name = keys.get(key);
  if (name === undefined) keys.set(key, (name = `${JSON.stringify(key)}:`));
  return name;
}

/** JSON.stringify(value), remembered for shared parts. */
function valueJson(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  return sharedJson(value) ?? JSON.stringify(value);
}

/** Values whose JSON their identity fixes: primitives and shared parts. */
const fixed = (value: unknown): boolean =>
  typeof value !== 'object' || value === null || sharedSlot(value) !== undefined;

/**
 * Consecutive properties written as one text: where they start among the object's properties,
 * their names and values (compared by identity) and their JSON. A run hangs on the shared part
 * of its anchor property, so an answer like its lab's previous one through the same rule reads
 * one string where it read a shared part, its slot and its text per property: spread over 1,000
 * labs each of those was a cache miss.
 */
interface Run {
  from: number;
  names: string[];
  values: unknown[];
  text: string;
}

function sameRun(run: Run, names: string[], values: unknown[]): boolean {
  if (names.length < run.from + run.names.length) return false;
  for (let j = 0; j < run.names.length; j++) {
    if (names[run.from + j] !== run.names[j] || values[run.from + j] !== run.values[j])
      return false;
  }
  return true;
}

/** The run of fixed properties around `anchor`, kept on its shared part; undefined if none. */
function runAround(names: string[], values: unknown[], anchor: string): Run | undefined {
  const at = names.indexOf(anchor);
  const value = values[at];
  const slot = typeof value === 'object' && value !== null ? sharedSlot(value) : undefined;
  if (!slot) return undefined;
  const known = slot.run as Run | undefined;
  if (known && sameRun(known, names, values)) return known;
  let from = at;
  while (from > 0 && fixed(values[from - 1])) from--;
  let to = at + 1;
  while (to < names.length && fixed(values[to])) to++;
  const run: Run = {
    from,
    names: names.slice(from, to),
    values: values.slice(from, to),
    text: names
      .slice(from, to)
      .map((name, i) => nameJson(name) + valueJson(values[from + i]))
      .join(','),
  };
  slot.run = run;
  return run;
}

/**
 * The text JSON.stringify gives a plain object, with its shared property values written once.
 * `head` is the object's opening: `{`, or `{"a":1,` to put properties before the object's own.
 * `anchor` names a property whose value, when a shared part, keeps the run around it (see Run).
 */
export function objectJson(object: object, head = '{', anchor?: string): string {
  const names: string[] = [];
  const values: unknown[] = [];
  for (const key in object) {
    const value = (object as Record<string, unknown>)[key];
    // What JSON.stringify leaves out of an object.
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    names.push(key);
    values.push(value);
  }
  const run = anchor === undefined ? undefined : runAround(names, values, anchor);
  let out = head;
  let first = true;
  for (let i = 0; i < names.length; i++) {
    let text: string | undefined;
    if (run && i === run.from) {
      text = run.text;
      i += run.names.length - 1;
    } else {
      const json = valueJson(values[i]);
      if (json === undefined) continue;
      text = nameJson(names[i]!) + json;
    }
    out += first ? text : `,${text}`;
    first = false;
  }
  return first && head !== '{' ? `${out.slice(0, -1)}}` : `${out}}`;
}
