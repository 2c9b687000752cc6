// The nesting bound on every decoded request body, checked without recursion before any recursive
// code (decoding, validation, patches, cloning) sees the value. Go's encoding/json and the YAML
// decoders behind kube-apiserver stop at 10,000 levels; JavaScript's stack holds far fewer frames
// of our recursive walks (zod overflowed at about 4,000), so the bound here is lower: still many
// times the deepest field of any kind NodePort Lab serves (about 15 levels).
import { badRequest } from '../domain/apimachinery/errors';

export const MAX_NESTING_DEPTH = 100;

/**
 * What is wrong with `value`'s shape, or undefined: nested too deep, containing itself, or (with
 * `maxValues`) holding more values than that once shared parts (YAML aliases) are counted at each
 * place they appear.
 */
export function nestingProblem(
  value: unknown,
  limit = MAX_NESTING_DEPTH,
  maxValues = Infinity,
): string | undefined {
  let values = 1;
  // Depth-first with an explicit stack; `ancestors` holds the containers on the current path, so a
  // value reached again below itself (a YAML alias of its own anchor) is a cycle.
  const ancestors = new Set<object>();
  const stack: { value: unknown; depth: number; leave?: object }[] = [{ value, depth: 1 }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (top.leave) {
      ancestors.delete(top.leave);
      continue;
    }
    const v = top.value;
    if (typeof v !== 'object' || v === null) continue;
    if (ancestors.has(v)) return 'it contains itself (an alias refers to its own anchor)';
    if (top.depth > limit) return `it is nested more than ${limit} levels deep`;
    ancestors.add(v);
    stack.push({ value: undefined, depth: 0, leave: v });
    const children = Array.isArray(v) ? v : Object.values(v);
    values += children.length;
    if (values > maxValues)
      return `it holds more than ${maxValues} values once its aliases are expanded`;
    for (const c of children) {
      if (typeof c === 'object' && c !== null) stack.push({ value: c, depth: top.depth + 1 });
    }
  }
  return undefined;
}

/** Throws a 400 `<what> is not acceptable: <problem>` when `value` is too deep or cyclic. */
export function assertNesting(value: unknown, what: string, maxValues = Infinity): void {
  const problem = nestingProblem(value, MAX_NESTING_DEPTH, maxValues);
  if (problem) throw badRequest(`${what} is not acceptable: ${problem}`);
}
