// One mapping from errors to Kubernetes Status objects, with the HTTP code they carry.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ApiError, type StatusCause, type StatusDetails } from '../domain/apimachinery/errors';
import type { Status } from '../schema/lab/answers';

export type { Status };

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
    // omitempty: StatusReasonUnknown ('') is left out, as kube-apiserver leaves it.
    ...(e.reason ? { reason: e.reason } : {}),
    ...(e.details ? { details: withoutEmptyCauseFields(e.details) } : {}),
    code: e.code,
  };
}

/** Go's `omitempty` on StatusCause: an empty reason or field is left out of the JSON. */
function withoutEmptyCauseFields(details: StatusDetails): StatusDetails {
  if (!details.causes) return details;
  const causes = details.causes.map(({ reason, message, field }) => ({
    ...(reason ? { reason } : {}),
    message,
    ...(field ? { field } : {}),
  }));
  return { ...details, causes: causes as StatusCause[] };
}

/** Hono's onError hook: every failure leaves as a Status. */
export function statusResponse(err: unknown, c: Context): Response {
  const status = toStatus(err);
  // Deliberate 500s (a full allocator) are answers, not crashes; log only the unexpected.
  if (!(err instanceof ApiError)) console.error(err);
  return c.json(status, status.code as ContentfulStatusCode);
}
