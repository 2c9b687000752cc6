// What the Worker tells a lab's Durable Object about a request it authenticated: who is asking,
// the lab they act in and their bearer token, in one header the Worker always sets itself. Objects
// are reachable only through the Worker, so the header cannot come from a client.
import type { Context, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { LabDirectory } from '../cluster/labs';
import { ApiError } from '../domain/apimachinery/errors';
import type { AppEnv, Principal } from '../http/context';

export const FORWARDED_HEADER = 'x-nodeport-forwarded';

const Forwarded = z.object({
  principal: z.union([
    z.object({ role: z.literal('admin'), open: z.boolean() }),
    z.object({ role: z.literal('lab'), labId: z.string() }),
    z.object({ role: z.literal('anonymous') }),
  ]),
  labId: z.string(),
  bearerToken: z.string().optional(),
});

export type ForwardedCaller = z.infer<typeof Forwarded>;

/** The header's value for the request `c` the Worker authenticated, acting in `labId`. */
export function forwardedCaller(c: Context<AppEnv>, labId: string): string {
  const caller: ForwardedCaller = {
    principal: c.var.principal,
    labId,
    ...(c.var.bearerToken === undefined ? {} : { bearerToken: c.var.bearerToken }),
  };
  return JSON.stringify(caller);
}

/** The object's authentication: the caller the Worker forwarded, nothing else. */
export const trustForwarded =
  (labs: LabDirectory): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    c.set('labs', labs);
    const parsed = Forwarded.safeParse(JSON.parse(c.req.header(FORWARDED_HEADER) ?? 'null'));
    if (!parsed.success)
      throw new ApiError(500, 'InternalError', 'request reached a lab object unforwarded');
    c.set('principal', parsed.data.principal as Principal);
    c.set('labId', parsed.data.labId);
    c.set('bearerToken', parsed.data.bearerToken);
    await next();
  };
