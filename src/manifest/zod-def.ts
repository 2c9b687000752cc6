// Reading a zod schema's structure (zod 4 keeps it in `_zod.def`): what decoding errors, unknown
// field checks and patch metadata walk.
import type { z } from 'zod';

export type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  checks?: unknown[];
};

export function def(s: z.ZodType | undefined): Def | undefined {
  return (s as unknown as { _zod?: { def: Def } } | undefined)?._zod?.def;
}

/** The schema inside optional/nullable/default wrappers. */
export function unwrap(s: z.ZodType | undefined): z.ZodType | undefined {
  let cur = s;
  while (def(cur)?.innerType) cur = def(cur)?.innerType;
  return cur;
}

/** The schema inside wrappers and list levels: a list field's item schema. */
export function unwrapItems(s: z.ZodType | undefined): z.ZodType | undefined {
  let cur = unwrap(s);
  while (def(cur)?.type === 'array') cur = unwrap(def(cur)?.element);
  return cur;
}
