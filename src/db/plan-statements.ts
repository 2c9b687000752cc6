// A write plan as SQL: the revision guard, allocation rows, object rows and the hits and affinity
// a deleted Service takes along, to run in one atomic batch (a transaction on SQLite, a batch on D1).
import { and, eq, like, sql } from 'drizzle-orm';
import type { WritePlan } from '../domain/lab/cluster-state';
import { plannedJson } from '../domain/registry/stored-size';
import { planLogStatements } from './container-log-statements';
import { objectUpserts, type ObjectRowValues } from './raw-statements';
import { allocations, hits, labs, objects, proxyState } from './schema';
import type { AnySqliteDb } from './any-sqlite-db';

// D1 and Durable Objects bind at most 100 parameters per statement.
/** Object rows per upsert: 7 parameters a row. */
const OBJECT_ROWS_PER_INSERT = 14;
/** Allocation rows per insert: 3 parameters a row. */
const ALLOCATION_ROWS_PER_INSERT = 33;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The statements of a plan; the first fails (NOT NULL) when the base revision is stale. `raw`:
 * the row inserts as SQL text (raw-statements.ts), for a store that runs SQL itself.
 */
export function planStatements(
  db: AnySqliteDb,
  labId: string,
  plan: WritePlan,
  raw = false,
): unknown[] {
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
  const allocates = chunks(
    plan.allocate.map((a) => ({ labId, ...a })),
    ALLOCATION_ROWS_PER_INSERT,
  ).map((chunk) => db.insert(allocations).values(chunk));
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
  const rows = plan.upserts.map((o) => ({
    labId,
    kind: o.kind,
    namespace: o.metadata.namespace ?? '',
    name: o.metadata.name,
    uid: o.metadata.uid,
    resourceVersion: Number(o.metadata.resourceVersion),
    body: plannedJson(o),
  }));
  // Many rows a statement: each statement costs drizzle a build and SQLite a prepare. A later row
  // of the same key updates the earlier one, as separate statements would.
  const upserts = chunks(rows, OBJECT_ROWS_PER_INSERT).map((chunk) =>
    raw ? objectUpserts(chunk) : objectUpsert(db, chunk),
  );
  const logs = planLogStatements(db, labId, plan, raw);
  return [guard, ...releases, ...allocates, ...deletes, ...hitDeletes, ...upserts, ...logs];
}

/** Rows into objects, as drizzle builds them (raw-statements.ts writes the same SQL). */
export function objectUpsert(db: AnySqliteDb, chunk: ObjectRowValues[]) {
  return db
    .insert(objects)
    .values(chunk)
    .onConflictDoUpdate({
      target: [objects.labId, objects.kind, objects.namespace, objects.name],
      set: {
        uid: sql.raw('excluded.uid'),
        resourceVersion: sql.raw('excluded.resource_version'),
        body: sql.raw('excluded.body'),
      },
    });
}
