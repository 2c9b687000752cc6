// Request bodies: size limit, media types, and parsing into documents.
import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from '../../domain/apimachinery/errors';
import { parseManifests, type BodyFormat } from '../../manifest/parse';
import { requestHeader } from './request-headers';
import { toStatus } from '../status';

/** kube-apiserver's default `MaxRequestBodyBytes` (k8s.io/apiserver server.NewConfig): 3 MiB. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** kube-apiserver's answer to a body over the limit (apimachinery NewRequestEntityTooLargeError). */
export function requestEntityTooLarge(): ApiError {
  return new ApiError(
    413,
    'RequestEntityTooLarge',
    `Request entity too large: limit is ${MAX_BODY_BYTES}`,
  );
}

const tooLarge = (c: Context) => c.json(toStatus(requestEntityTooLarge()), 413);

/** Requests whose body already passes through a limiter (the limit may be mounted twice). */
const limited = new WeakSet<Request>();

/**
 * The body, counted as it is read: past the limit the stream errors (so no reader ever holds
 * more than the limit) and `overflow.seen` is set, whatever the handler did with the error.
 */
function countedBody(
  body: ReadableStream<Uint8Array>,
  overflow: { seen: boolean },
  onNode: boolean,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let size = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) return controller.close();
      size += value.byteLength;
      if (size > MAX_BODY_BYTES) {
        overflow.seen = true;
        // The rest is left to the runtime. On Node, cancelling would destroy the socket before
        // the 413 is written: the adapter settles the unread rest (node-unread-body.ts). On
        // workerd, a body left half-read holds the request open for seconds: cancel it.
        if (onNode) reader.releaseLock();
        else void reader.cancel().catch(() => {});
        return controller.error(requestEntityTooLarge());
      }
      controller.enqueue(value);
    },
    cancel: (reason) => (onNode ? reader.releaseLock() : reader.cancel(reason)),
  });
}

/**
 * One body limit for every route, as kube-apiserver has: a Content-Length over the limit is
 * answered 413 before anything is read; a body without one (chunked) is counted while it is read
 * and the request answered 413 once it passes the limit. Nothing buffers more than the limit.
 */
export const limitBody: MiddlewareHandler = async (c, next) => {
  const length = requestHeader(c, 'content-length');
  if (length !== undefined && requestHeader(c, 'transfer-encoding') === undefined) {
    // The runtime's HTTP parser holds the body to exactly Content-Length bytes.
    return Number(length) > MAX_BODY_BYTES ? tooLarge(c) : next();
  }
  // Fetch gives GET and HEAD no body; others without a length may stream one (chunked).
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
  const raw = c.req.raw;
  if (limited.has(raw) || !raw.body) return next();
  const overflow = { seen: false };
  const onNode = (c.env as { incoming?: unknown } | undefined)?.incoming !== undefined;
  const init = { body: countedBody(raw.body, overflow, onNode), duplex: 'half' };
  const request = new Request(raw, init as RequestInit);
  limited.add(request);
  c.req.raw = request;
  await next();
  if (overflow.seen) c.res = tooLarge(c);
};

const FORMATS: Record<string, BodyFormat> = {
  'application/json': 'json',
  'application/yaml': 'yaml',
  'application/x-yaml': 'yaml',
  'text/yaml': 'yaml',
  'text/x-yaml': 'yaml',
  'application/merge-patch+json': 'json',
  'application/json-patch+json': 'json',
  'application/strategic-merge-patch+json': 'json',
  'application/apply-patch+yaml': 'yaml',
};

/** The body's format from its Content-Type, limited to `accepted`; 415 otherwise. */
export function bodyFormat(c: Context, accepted: string[]): BodyFormat {
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const format = FORMATS[type];
  if (!format || !accepted.includes(type)) {
    throw new ApiError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format: "${type || '(no Content-Type)'}"; accepted media types: ${accepted.join(', ')}`,
    );
  }
  return format;
}

export const MANIFEST_TYPES = [
  'application/yaml',
  'application/x-yaml',
  'text/yaml',
  'text/x-yaml',
  'application/json',
];

/** Reads and parses the body into documents (YAML stream or JSON). */
export async function readDocuments(c: Context, accepted = MANIFEST_TYPES): Promise<unknown[]> {
  const format = bodyFormat(c, accepted);
  const text = await c.req.text();
  if (!text.trim())
    throw new ApiError(400, 'BadRequest', 'the request body is empty: send one or more manifests');
  return parseManifests(text, format);
}

/** True when the client asked for a plain-text answer (kubectl-style tables or lines). */
export function wantsText(c: Context): boolean {
  const accept = c.req.header('accept') ?? '';
  return /text\/plain/.test(accept) && !/application\/json/.test(accept);
}
