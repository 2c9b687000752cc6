// The deployments/scale subresource (autoscaling/v1 Scale): what `kubectl scale` reads and patches.
import type { Context } from 'hono';
import { findObject } from '../../domain/lab/cluster-view';
import { badRequest, invalidError, notFound } from '../../domain/apimachinery/errors';
import { invalid } from '../../domain/apimachinery/field-errors';
import { mergePatch } from '../../domain/apimachinery/merge-patch';
import type { KubeObject } from '../../domain/apimachinery/objects';
import { scaleDeployment } from '../../domain/registry/operations';
import { typeOf } from '../../domain/apimachinery/resources';
import { assertNesting } from '../../manifest/nesting';
import { isRecord } from '../../manifest/parse';
import { bodyFormat, MANIFEST_TYPES, readDocuments } from '../middleware/body';
import type { AppEnv } from '../context';
import { isDryRun } from './resource-writes';

type Ctx = Context<AppEnv>;

const SCALE_PATCH_TYPES = [
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
];

/** The Scale view of a deployment. */
export function scaleOf(d: KubeObject) {
  const spec = (d.spec ?? {}) as {
    replicas?: number;
    selector?: { matchLabels?: Record<string, string> };
  };
  const status = (d.status ?? {}) as { replicas?: number };
  const selector = Object.entries(spec.selector?.matchLabels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: d.metadata.name,
      namespace: d.metadata.namespace,
      uid: d.metadata.uid,
      resourceVersion: d.metadata.resourceVersion,
      creationTimestamp: d.metadata.creationTimestamp,
    },
    spec: { replicas: spec.replicas ?? 1 },
    status: { replicas: status.replicas ?? 0, selector },
  };
}

const fitsInt32 = (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n <= 2 ** 31 - 1;

/** GET answers the Scale; PUT replaces it; PATCH (merge or strategic, the same for a Scale) edits it. */
export async function scale(c: Ctx, namespace: string, name: string): Promise<Response> {
  const type = typeOf('Deployment');
  const state = await c.var.cluster.state(c.var.labId);
  const d = findObject(state, 'Deployment', namespace, name);
  if (!d) throw notFound(type, name);
  if (c.req.method === 'GET') return c.json(scaleOf(d));
  const patching = c.req.method === 'PATCH';
  const format = bodyFormat(c, patching ? SCALE_PATCH_TYPES : MANIFEST_TYPES);
  const body: unknown =
    format === 'json' ? await c.req.json().catch(() => undefined) : (await readDocuments(c))[0];
  if (!isRecord(body)) throw badRequest('the body must be a Scale object');
  assertNesting(body, 'the Scale');
  const next = patching ? mergePatch(scaleOf(d), body) : body;
  const replicas = isRecord(next) && isRecord(next.spec) ? next.spec.replicas : undefined;
  if (typeof replicas === 'number' && !fitsInt32(replicas)) {
    // ScaleSpec.replicas is an int32: kube-apiserver's decoder refuses anything else.
    const detail = `json: cannot unmarshal number ${replicas} into Go struct field ScaleSpec.spec.replicas of type int32`;
    throw patching
      ? invalidError({ kind: '', group: '' }, '', [invalid('patch', JSON.stringify(next), detail)])
      : badRequest(`Scale in version "v1" cannot be handled as a Scale: ${detail}`);
  }
  const { draft } = await c.var.cluster.mutate(
    c.var.labId,
    (draft) => scaleDeployment(draft, namespace, name, replicas),
    { dryRun: isDryRun(c) },
  );
  return c.json(scaleOf(draft.get('Deployment', namespace, name)!));
}
