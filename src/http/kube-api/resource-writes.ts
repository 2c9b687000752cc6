// What every write path shares: reading the one object in a body, checking it against the URL,
// and writing it through the domain with the request's dry-run and field validation.
import type { Context } from 'hono';
import { badRequest } from '../../domain/apimachinery/errors';
import type { IncomingObject } from '../../domain/apimachinery/objects';
import { readOnlyError, writeObject, type WriteMode } from '../../domain/registry/operations';
import { apiVersionOf, type ResourceType } from '../../domain/apimachinery/resources';
import { decodeObject } from '../../manifest/decode';
import { isRecord, parseManifests } from '../../manifest/parse';
import { readDocuments } from '../middleware/body';
import type { AppEnv } from '../context';
import { decodePrefix, sendWarnings, unknownFieldWarnings } from './field-validation';
import { decodeKubeProtobuf, PROTOBUF_MEDIA_TYPE } from '../codecs/kube-protobuf';

type Ctx = Context<AppEnv>;

/** Refuses writes to kinds the cluster derives or owns (405), before reading any body. */
export function requireWritable(type: ResourceType): void {
  if (!type.writable) throw readOnlyError(type);
}

/** Decodes a raw document into `type`, applying `fieldValidation` to its unknown fields. */
export function decodeFor(c: Ctx, type: ResourceType, doc: unknown): IncomingObject {
  const { type: bodyType, object } = decodeObject(doc, 0);
  if (bodyType.kind !== type.kind) {
    throw badRequest(
      `the API version in the data (${object.apiVersion}) and kind (${object.kind}) do not match the request path (${type.resource})`,
    );
  }
  sendWarnings(c, unknownFieldWarnings(c, doc, decodePrefix(doc)));
  return object;
}

function mediaType(c: Ctx): string {
  return (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function unset(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}

/**
 * A create or update body is decoded with the endpoint's kind and version as defaults, as
 * kube-apiserver's serializer does (`gvkWithDefaults`): a typed client may leave out `kind` and
 * `apiVersion` (the Python client's `V1Service(metadata=..., spec=...)` does).
 */
export function withTypeDefaults(doc: unknown, type: ResourceType): unknown {
  if (!isRecord(doc)) return doc;
  const kind = Object.hasOwn(doc, 'kind') ? doc.kind : undefined;
  const apiVersion = Object.hasOwn(doc, 'apiVersion') ? doc.apiVersion : undefined;
  if (!unset(kind) && !unset(apiVersion)) return doc;
  return {
    ...doc,
    apiVersion: unset(apiVersion) ? apiVersionOf(type) : apiVersion,
    kind: unset(kind) ? type.kind : kind,
  };
}

/** The one object of a create or replace body: YAML, JSON, or protobuf (kubectl create ...). */
export async function decodeBody(c: Ctx, type: ResourceType): Promise<IncomingObject> {
  if (mediaType(c) === PROTOBUF_MEDIA_TYPE) {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    return decodeFor(c, type, withTypeDefaults(decodeKubeProtobuf(bytes), type));
  }
  // kube-apiserver reads a body without Content-Type as JSON (kubectl 1.20 sends ConfigMaps so).
  const docs = mediaType(c) ? await readDocuments(c) : parseManifests(await c.req.text(), 'json');
  if (docs.length !== 1)
    throw badRequest(`expected exactly one object in the body, got ${docs.length}`);
  return decodeFor(c, type, withTypeDefaults(docs[0], type));
}

/** The body's namespace and name must agree with the URL's. */
export function checkTarget(
  type: ResourceType,
  obj: IncomingObject,
  namespace: string,
  name?: string,
): void {
  if (type.namespaced && obj.metadata.namespace && obj.metadata.namespace !== namespace) {
    throw badRequest(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  }
  if (name !== undefined && obj.metadata.name !== name) {
    throw badRequest(
      `the name of the object (${obj.metadata.name ?? ''}) does not match the name on the URL (${name})`,
    );
  }
}

/** True for `?dryRun=All` (kubectl --dry-run=server). */
export function isDryRun(c: Ctx): boolean {
  return c.req.queries('dryRun')?.includes('All') ?? false;
}

/** Writes one object and answers what is stored after the controllers settled. */
export async function write(
  c: Ctx,
  type: ResourceType,
  namespace: string,
  obj: IncomingObject,
  mode: WriteMode,
) {
  const { result, draft } = await c.var.cluster.mutate(
    c.var.labId,
    (d) => writeObject(d, type, obj, mode, namespace),
    { dryRun: isDryRun(c) },
  );
  const stored = draft.get(
    type.kind,
    result.object.metadata.namespace ?? '',
    result.object.metadata.name,
  );
  return { action: result.action, object: stored ?? result.object };
}
