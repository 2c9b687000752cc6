// PATCH on a resource path: JSON merge patch, JSON patch, strategic merge patch (what kubectl
// apply, edit and label send) and server-side apply (`kubectl apply --server-side`, simplified: the applied
// configuration is strategic-merged into the live object; fields are not tracked per manager).
import type { Context } from 'hono';
import { ApiError, badRequest, invalidError, notFound } from '../../domain/apimachinery/errors';
import { invalid } from '../../domain/apimachinery/field-errors';
import { applyJsonPatch } from '../../domain/apimachinery/json-patch';
import { mergePatch } from '../../domain/apimachinery/merge-patch';
import type { IncomingObject } from '../../domain/apimachinery/objects';
import { writeObject, type WriteMode, type WriteResult } from '../../domain/registry/operations';
import type { ClusterDraft } from '../../domain/registry/draft';
import type { ResourceType } from '../../domain/apimachinery/resources';
import {
  strategicMergePatch,
  type PatchMetaLookup,
} from '../../domain/apimachinery/strategic-merge-patch';
import { DecodeError, decodeObject } from '../../manifest/decode';
import { assertNesting } from '../../manifest/nesting';
import { isRecord } from '../../manifest/parse';
import { patchMetaLookup } from '../../manifest/schema-paths';
import { OBJECT_SCHEMAS } from '../../schema/kube/index';
import { bodyFormat, readDocuments } from '../middleware/body';
import type { AppEnv } from '../context';
import { sendWarnings, unknownFieldWarnings } from './field-validation';
import { checkTarget, decodeFor, isDryRun, requireWritable } from './resource-writes';

type Ctx = Context<AppEnv>;

const MERGE = 'application/merge-patch+json';
const JSON_PATCH = 'application/json-patch+json';
const STRATEGIC = 'application/strategic-merge-patch+json';
const APPLY = 'application/apply-patch+yaml';
export const PATCH_TYPES = [MERGE, JSON_PATCH, STRATEGIC, APPLY];

const noMeta: PatchMetaLookup = () => undefined;

/** How a patched object is stored: the main resource's update, or a subresource's (status). */
export type PatchWriter = (
  draft: ClusterDraft,
  type: ResourceType,
  obj: IncomingObject,
  mode: WriteMode,
  namespace: string,
) => WriteResult;

/** The strategic merge patch metadata of `kind` (its list merge keys and strategies). */
export function patchMetaOf(kind: string): PatchMetaLookup {
  const schema = OBJECT_SCHEMAS[kind];
  return schema ? patchMetaLookup(schema) : noMeta;
}

function contentType(c: Ctx): string {
  return (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

async function patchBody(c: Ctx, media: string): Promise<unknown> {
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch (e) {
    throw badRequest(`error decoding patch: ${(e as Error).message}`);
  }
  assertNesting(body, 'the patch');
  if (media !== JSON_PATCH && !isRecord(body))
    throw badRequest('a merge patch must be a JSON object');
  return body;
}

/** `old` with the patch applied, by the request's patch type. */
function patched(type: ResourceType, old: unknown, body: unknown, media: string): unknown {
  if (media === STRATEGIC) return strategicMergePatch(old, body, patchMetaOf(type.kind));
  if (media === JSON_PATCH) return applyJsonPatch(old, body);
  return mergePatch(old, body);
}

/**
 * Decodes a patched object back into its kind, for a write as `update`. A JSON or merge patch
 * whose result does not decode is a 422 naming the patched object, as kube-apiserver's jsonPatcher
 * answers (` "" is invalid: patch: Invalid value: "<object>": json: cannot unmarshal ...`).
 */
function decodePatched(
  type: ResourceType,
  merged: unknown,
  namespace: string,
  name: string,
  media = STRATEGIC,
) {
  let object: IncomingObject;
  try {
    object = decodeObject(merged, 0).object;
  } catch (e) {
    if (!(e instanceof DecodeError) || (media !== JSON_PATCH && media !== MERGE)) throw e;
    const error = invalid('patch', JSON.stringify(merged), e.detail);
    throw invalidError({ kind: '', group: '' }, '', [error]);
  }
  checkTarget(type, object, namespace, name);
  delete object.metadata.resourceVersion;
  return object;
}

/** PATCH: 415 for other media types, 404 for a missing object (except server-side apply). */
export async function patch(
  c: Ctx,
  type: ResourceType,
  namespace: string,
  name: string,
  writer: PatchWriter = writeObject,
): Promise<Response> {
  requireWritable(type);
  bodyFormat(c, PATCH_TYPES);
  const media = contentType(c);
  if (media === APPLY) return serverSideApply(c, type, namespace, name, writer);
  const body = await patchBody(c, media);
  const ns = type.namespaced ? namespace : '';
  let warnings: string[] = [];
  const { result, draft } = await c.var.cluster.mutate(
    c.var.labId,
    (d) => {
      const old = d.get(type.kind, ns, name);
      if (!old) throw notFound(type, name);
      const merged = patched(type, old, body, media);
      warnings = unknownFieldWarnings(c, merged, '', old);
      return writer(
        d,
        type,
        decodePatched(type, merged, namespace, name, media),
        'update',
        namespace,
      );
    },
    { dryRun: isDryRun(c) },
  );
  sendWarnings(c, warnings);
  return c.json(draft.get(type.kind, ns, name) ?? result.object);
}

/**
 * Server-side apply: creates the object when it is missing (201), otherwise merges the applied
 * configuration into it. kube-apiserver requires a field manager; kubectl sends `kubectl`.
 */
async function serverSideApply(
  c: Ctx,
  type: ResourceType,
  namespace: string,
  name: string,
  writer: PatchWriter,
): Promise<Response> {
  if (!c.req.query('fieldManager')) {
    throw new ApiError(
      422,
      'Invalid',
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      {
        group: 'meta.k8s.io',
        kind: 'PatchOptions',
        causes: [
          {
            reason: 'FieldValueRequired',
            message: 'Required value: is required for apply patch',
            field: 'fieldManager',
          },
        ],
      },
    );
  }
  const docs = await readDocuments(c, [APPLY]);
  if (docs.length !== 1)
    throw badRequest(`expected exactly one object in the body, got ${docs.length}`);
  const applied: IncomingObject = decodeFor(c, type, docs[0]);
  checkTarget(type, applied, namespace, name);
  const ns = type.namespaced ? namespace : '';
  const { result, draft } = await c.var.cluster.mutate(
    c.var.labId,
    (d) => {
      const old = d.get(type.kind, ns, name);
      if (!old) return writer(d, type, applied, 'create', namespace);
      const merged = strategicMergePatch(old, applied, patchMetaOf(type.kind));
      return writer(d, type, decodePatched(type, merged, namespace, name), 'update', namespace);
    },
    { dryRun: isDryRun(c) },
  );
  const stored = draft.get(type.kind, ns, name) ?? result.object;
  return c.json(stored, result.action === 'created' ? 201 : 200);
}
