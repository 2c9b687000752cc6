// POST /manifests: kubectl-apply for a whole YAML stream, atomic, with a per-object report.
import { Hono } from 'hono';
import { badRequest } from '../../domain/apimachinery/errors';
import { writeObject } from '../../domain/registry/operations';
import { decodeObject } from '../../manifest/decode';
import type { AppliedObject } from '../../schema/lab/answers';
import { readDocuments, wantsText } from '../middleware/body';
import type { AppEnv } from '../context';

export type { AppliedObject };

export const manifestRoutes = new Hono<AppEnv>().post('/manifests', async (c) => {
  const docs = await readDocuments(c);
  // A stream of only comments or `---` carries nothing to apply, as kubectl would say.
  if (docs.length === 0) throw badRequest('no objects passed to apply');
  const decoded = docs.map(decodeObject);
  const dryRun = c.req.query('dryRun') === 'All';
  const namespace = c.req.query('namespace') || 'default';
  const { result, draft } = await c.var.cluster.mutate(
    c.var.labId,
    (d) =>
      decoded.map(({ type, object }) => ({
        type,
        ...writeObject(d, type, object, 'apply', namespace),
      })),
    { dryRun },
  );
  const results: AppliedObject[] = result.map(({ object, action }) => ({
    kind: object.kind,
    ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
    name: object.metadata.name,
    action,
  }));
  const code = results.some((r) => r.action === 'created') ? 201 : 200;
  if (wantsText(c)) {
    const suffix = dryRun ? ' (server dry run)' : '';
    const lines = result.map(({ type, object, action }) => {
      const resource = type.group ? `${type.singular}.${type.group}` : type.singular;
      return `${resource}/${object.metadata.name} ${action}${suffix}\n`;
    });
    return c.text(lines.join(''), code);
  }
  const objects = result.map(
    ({ object }) =>
      draft.get(object.kind, object.metadata.namespace ?? '', object.metadata.name) ?? object,
  );
  return c.json({ dryRun, results, objects }, code);
});
