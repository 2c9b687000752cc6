// A write plan as SQL: the revision guard, allocation rows, object rows and the hits and affinity
// a deleted Service takes along, to run in one atomic batch (a transaction on SQLite, a batch on D1).
import { and, eq, like, sql } from 'drizzle-orm';
import type { WritePlan } from '../domain/lab/cluster-state';
import { planLogStatements } from './container-log-statements';
import { allocations, hits, labs, objects, proxyState } from './schema';
import type { AnySqliteDb } from './any-sqlite-db';

/** The statements of a plan; the first fails (NOT NULL) when the base revision is stale. */
export function planStatements(db: AnySqliteDb, labId: string, plan: WritePlan): unknown[] {
  const guard = db
    .update(labs)
    .set({
      revision: plan.revision,
      revisionGuard: sql`CASE WHEN ${labs.revision} = ${plan.baseRevision} THEN ${plan.revision} ELSE NULL END`,
    })
    .where(eq(labs.id, labId));
  const releases = plan.release.map((a) =>
    db
      .delete(allocations)
      .where(
        and(
          eq(allocations.labId, labId),
          eq(allocations.kind, a.kind),
          eq(allocations.value, a.value),
        ),
      ),
  );
  const allocates = plan.allocate.map((a) => db.insert(allocations).values({ labId, ...a }));
  const deletes = plan.deletes.map((k) =>
    db
      .delete(objects)
      .where(
        and(
          eq(objects.labId, labId),
          eq(objects.kind, k.kind),
          eq(objects.namespace, k.namespace),
          eq(objects.name, k.name),
        ),
      ),
  );
  // A deleted Service takes its hits with it: a new one of the same name starts from zero. Its
  // ClientIP affinity goes too, as kube-proxy's goes with the Service's chains (route-forward's
  // stateKeys: `affinity/<node>/<namespace>/<name>:<port>/...`; names hold no LIKE wildcard).
  const deletedServices = plan.deletes.filter((k) => k.kind === 'Service');
  const hitDeletes = deletedServices.flatMap((k) => [
    db
      .delete(hits)
      .where(and(eq(hits.labId, labId), eq(hits.namespace, k.namespace), eq(hits.service, k.name))),
    db
      .delete(proxyState)
      .where(
        and(
          eq(proxyState.labId, labId),
          like(proxyState.key, `affinity/%/${k.namespace}/${k.name}:%`),
        ),
      ),
  ]);
  const upserts = plan.upserts.map((o) => {
    const row = {
      labId,
      kind: o.kind,
      namespace: o.metadata.namespace ?? '',
      name: o.metadata.name,
      uid: o.metadata.uid,
      resourceVersion: Number(o.metadata.resourceVersion),
      body: JSON.stringify(o),
    };
    return db
      .insert(objects)
      .values(row)
      .onConflictDoUpdate({
        target: [objects.labId, objects.kind, objects.namespace, objects.name],
        set: { uid: row.uid, resourceVersion: row.resourceVersion, body: row.body },
      });
  });
  const logs = planLogStatements(db, labId, plan);
  return [guard, ...releases, ...allocates, ...deletes, ...hitDeletes, ...upserts, ...logs];
}
