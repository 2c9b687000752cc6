// Container log rows as drizzle statements, for any SQLite (the D1 batch, a SQLite transaction):
// lines appended per run, the rings trimmed to their bounds, old runs and deleted pods' logs gone.
import { and, asc, eq, gte, notInArray, sql, type SQL } from 'drizzle-orm';
import type { StoredLogLine } from '../cluster/store';
import type { WritePlan } from '../domain/lab/cluster-state';
import {
  LOG_BOUNDS,
  type ContainerLogWrite,
  type LogRun,
} from '../domain/kubelet/logs/container-log';
import { CUT_ROW_SQL, firstRowAfter, linesToRows, rowsToLines } from './log-rows';
import { logInserts } from './raw-statements';
import { containerLogs } from './schema';
import type { AnySqliteDb } from './any-sqlite-db';

/** Rows per INSERT: D1 binds at most 100 parameters per statement, a row takes 9. */
const ROWS_PER_INSERT = 11;

/** The rows of one run (what the one index, lab/namespace/pod/container/run/id, leads with). */
function ofRun(labId: string, r: LogRun) {
  return and(
    eq(containerLogs.labId, labId),
    eq(containerLogs.namespace, r.namespace),
    eq(containerLogs.pod, r.pod),
    eq(containerLogs.container, r.container),
    eq(containerLogs.run, r.run),
  );
}

/** The id of the newest row of `rows` wholly past their newest `keep` lines (log-rows.ts). */
const cutRow = (rows: SQL, keep: number) =>
  sql`${sql.raw(CUT_ROW_SQL[0])}${rows}${sql.raw(CUT_ROW_SQL[1])}${keep}${sql.raw(CUT_ROW_SQL[2])}`;

/** Deletes a run's rows older than its newest `linesPerRun` lines. */
export function trimRun(db: AnySqliteDb, labId: string, r: LogRun) {
  const run = sql`lab_id = ${labId} AND namespace = ${r.namespace} AND pod = ${r.pod} AND container = ${r.container} AND run = ${r.run}`;
  const cut = cutRow(run, LOG_BOUNDS.linesPerRun);
  return db.delete(containerLogs).where(and(ofRun(labId, r), sql`${containerLogs.id} <= ${cut}`));
}

/** Deletes a lab's rows older than its newest `linesPerLab` lines. */
export function trimLab(db: AnySqliteDb, labId: string) {
  const cut = cutRow(sql`lab_id = ${labId}`, LOG_BOUNDS.linesPerLab);
  return db
    .delete(containerLogs)
    .where(and(eq(containerLogs.labId, labId), sql`${containerLogs.id} <= ${cut}`));
}

/**
 * The statements that store `writes`: the runs a start no longer keeps deleted first, then the
 * lines, then (when `trim`) the ring of every run appended to and the lab's. A start's own lines fit
 * its ring; skipping those trims keeps a 200-pod rollout's batch to its inserts.
 */
export function logWriteStatements(
  db: AnySqliteDb,
  labId: string,
  writes: readonly ContainerLogWrite[],
  trim: boolean,
  raw = false,
): unknown[] {
  const out: unknown[] = [];
  for (const w of writes) {
    if (w.keepRuns === undefined) continue;
    out.push(
      db
        .delete(containerLogs)
        .where(
          and(
            eq(containerLogs.labId, labId),
            eq(containerLogs.namespace, w.namespace),
            eq(containerLogs.pod, w.pod),
            eq(containerLogs.container, w.container),
            notInArray(containerLogs.run, w.keepRuns.length ? w.keepRuns : ['']),
          ),
        ),
    );
  }
  const rows = writes.flatMap((w) =>
    linesToRows(w.lines).map((lines) => ({
      labId,
      namespace: w.namespace,
      pod: w.pod,
      container: w.container,
      run: w.run,
      ...lines,
    })),
  );
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const chunk = rows.slice(i, i + ROWS_PER_INSERT);
    out.push(raw ? logInserts(chunk) : db.insert(containerLogs).values(chunk));
  }
  if (trim && rows.length) {
    const appended = new Map(writes.filter((w) => !w.starts).map((w) => [w.run, w]));
    for (const w of appended.values()) out.push(trimRun(db, labId, w));
    out.push(trimLab(db, labId));
  }
  return out;
}

/** A plan's log statements: deleted pods take their logs along, then the plan's own lines. */
export function planLogStatements(
  db: AnySqliteDb,
  labId: string,
  plan: WritePlan,
  raw = false,
): unknown[] {
  const pods = plan.deletes.filter((k) => k.kind === 'Pod');
  const deletes = pods.map((k) =>
    db
      .delete(containerLogs)
      .where(
        and(
          eq(containerLogs.labId, labId),
          eq(containerLogs.namespace, k.namespace),
          eq(containerLogs.pod, k.name),
        ),
      ),
  );
  return [...deletes, ...logWriteStatements(db, labId, plan.logs ?? [], true, raw)];
}

/** A run's lines after line `afterId`, oldest first, at most `limit` of them. */
export async function readRunLines(
  db: AnySqliteDb,
  labId: string,
  run: LogRun,
  afterId: number,
  limit: number,
): Promise<StoredLogLine[]> {
  // Every row holds a line, so the row holding line `afterId` and `limit` more hold enough.
  const rows = await db
    .select({
      id: containerLogs.id,
      time: containerLogs.time,
      line: containerLogs.line,
      count: containerLogs.count,
      times: containerLogs.times,
    })
    .from(containerLogs)
    .where(and(ofRun(labId, run), gte(containerLogs.id, firstRowAfter(afterId))))
    .orderBy(asc(containerLogs.id))
    .limit(limit + 1)
    .all();
  return rowsToLines(rows, afterId, limit);
}
