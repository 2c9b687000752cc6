// One mapping from errors to Kubernetes Status objects, with the HTTP code they carry.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ApiError } from '../domain/errors';

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  details?: unknown;
  code: number;
}

/** The Status object for an error; anything that is not an ApiError becomes a 500 InternalError. */
export function toStatus(err: unknown): Status {
  const e =
    err instanceof ApiError
      ? err
      : new ApiError(
          500,
          'InternalError',
          `Internal error occurred: ${(err as Error)?.message ?? String(err)}`,
        );
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: e.message,
    reason: e.reason,
    ...(e.details ? { details: e.details } : {}),
    code: e.code,
  };
}

/** Hono's onError hook: every failure leaves as a Status. */
export function statusResponse(err: unknown, c: Context): Response {
  const status = toStatus(err);
  if (status.code >= 500) console.error(err);
  return c.json(status, status.code as ContentfulStatusCode);
}
