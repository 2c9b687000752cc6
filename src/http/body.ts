// Request bodies: size limit, media types, and parsing into documents.
import { bodyLimit } from 'hono/body-limit';
import type { Context } from 'hono';
import { ApiError } from '../domain/errors';
import { parseManifests, type BodyFormat } from '../manifest/parse';
import { toStatus } from './status';

export const MAX_BODY_BYTES = 1024 * 1024;

/** Rejects bodies over 1 MiB with a 413 Status before they are read whole. */
export const limitBody = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: (c) =>
    c.json(
      toStatus(
        new ApiError(
          413,
          'RequestEntityTooLarge',
          `the request body is too large: the limit is ${MAX_BODY_BYTES} bytes (1 MiB)`,
        ),
      ),
      413,
    ),
});

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
