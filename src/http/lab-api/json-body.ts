// JSON request bodies for the labs API: parsed, validated by a zod schema, 400 naming the field.
import type { Context } from 'hono';
import type { z } from 'zod';
import { badRequest } from '../../domain/apimachinery/errors';
import { assertNesting } from '../../manifest/nesting';

/** The raw JSON body (an empty body is `{}`); 400 when it is not JSON or nested too deep. */
export async function rawJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  let value: unknown;
  try {
    value = text.trim() ? (JSON.parse(text) as unknown) : {};
  } catch (e) {
    throw badRequest(`error parsing JSON: ${(e as Error).message}`);
  }
  assertNesting(value, 'the JSON body');
  return value;
}

/** `nodes[0].ip`, the path of a zod issue as Kubernetes writes field paths. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

/** Parses `value` with `schema`; 400 `<what>: <field>: <problem>` (every problem as a cause). */
export function validated<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const causes = parsed.error.issues.map((i) => ({
    reason: 'FieldValueInvalid',
    message: i.message,
    field: issuePath(i.path) || 'body',
  }));
  const first = causes[0]!;
  throw badRequest(`${what}: ${first.field}: ${first.message}`, causes);
}
