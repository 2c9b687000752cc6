// DELETE of one object, answered as kube-apiserver's registries answer it: pods and services return
// the object (ReturnDeletedObject), a pod still terminating returns itself with its
// deletionTimestamp, every other kind a `Status` of success naming what was deleted.
import type { Context } from 'hono';
import { badRequest } from '../../domain/apimachinery/errors';
import type { KubeObject } from '../../domain/apimachinery/objects';
import { deleteObject, type DeleteOptions } from '../../domain/registry/operations';
import type { ResourceType } from '../../domain/apimachinery/resources';
import { isRecord, parseManifests } from '../../manifest/parse';
import type { AppEnv } from '../context';
import { isDryRun } from './resource-writes';
import { ownValue } from '../../domain/apimachinery/own-property';

type Ctx = Context<AppEnv>;

/** Registries whose Delete answers the object itself rather than a Status. */
const RETURNS_DELETED_OBJECT = new Set(['Pod', 'Service', 'Namespace']);

/** Limit on the kind of int64 field gracePeriodSeconds is; larger is not a real period anyway. */
const MAX_GRACE = Number.MAX_SAFE_INTEGER;

function gracePeriod(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || Math.abs(n) > MAX_GRACE) {
    throw badRequest(
      `gracePeriodSeconds: Invalid value: ${JSON.stringify(value)}: must be an integer`,
    );
  }
  return n;
}

interface RequestedDelete extends DeleteOptions {
  dryRun: boolean;
}

/** DeleteOptions from the body when there is one (kubectl sends JSON), else from the query. */
async function deleteOptions(c: Ctx): Promise<RequestedDelete> {
  const text = await c.req.text();
  if (text.trim() === '') {
    return {
      gracePeriodSeconds: gracePeriod(c.req.query('gracePeriodSeconds')),
      dryRun: isDryRun(c),
    };
  }
  const [body] = parseManifests(text, 'json');
  if (!isRecord(body)) throw badRequest('DeleteOptions must be a JSON object');
  const own = (key: string) => ownValue(body, key);
  const dryRun = own('dryRun');
  return {
    gracePeriodSeconds: gracePeriod(own('gracePeriodSeconds')),
    dryRun: isDryRun(c) || (Array.isArray(dryRun) && dryRun.includes('All')),
  };
}

/** finalizeDelete's answer for registries that do not return the deleted object. */
function successStatus(type: ResourceType, obj: KubeObject) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: {
      name: obj.metadata.name,
      ...(type.group ? { group: type.group } : {}),
      kind: type.resource,
      uid: obj.metadata.uid,
    },
  };
}

/** DELETE /.../:resource/:name, with DeleteOptions (grace period, dry run) from body or query. */
export async function deleteResource(
  c: Ctx,
  type: ResourceType,
  namespace: string,
  name: string,
): Promise<Response> {
  const { dryRun, ...options } = await deleteOptions(c);
  const { result } = await c.var.cluster.mutate(
    c.var.labId,
    (d) => deleteObject(d, type, namespace, name, options),
    { dryRun },
  );
  if (!result.deleted || RETURNS_DELETED_OBJECT.has(type.kind)) return c.json(result.object);
  return c.json(successStatus(type, result.object));
}
