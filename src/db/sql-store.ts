// The ClusterStore over any drizzle SQLite database; subclasses say how to run statements atomically.
import { and, asc, eq, gt, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import type { ClusterSettings, ClusterState, WritePlan } from '../domain/lab/cluster-state';
import type { KubeObject } from '../domain/apimachinery/objects';
import {
  WriteConflict,
  type ClusterStore,
  type HitRow,
  type LabAccess,
  type LabCreation,
  type LabHead,
  type LabRecord,
  type LatestScore,
  type StoredLogLine,
  type TrafficWrite,
} from '../cluster/store';
import type { LogRun } from '../domain/kubelet/logs/container-log';
import { logWriteStatements, readRunLines } from './container-log-statements';
import { planStatements } from './plan-statements';
import { allocations, containerLogs, hits, labs, objects, proxyState } from './schema';
import type { AnySqliteDb } from './any-sqlite-db';

export type { AnySqliteDb };

/** A built statement that can run alone or inside an atomic batch. */
export type Statement =
  | ReturnType<AnySqliteDb['insert']>
  | ReturnType<AnySqliteDb['update']>
  | ReturnType<AnySqliteDb['delete']>;

/** The tables that hold a lab's rows besides `labs` itself. */
const LAB_TABLES = [objects, allocations, hits, proxyState, containerLogs] as const;

function labRecord(row: typeof labs.$inferSelect): LabRecord {
  return {
    id: row.id,
    name: row.name,
    settings: JSON.parse(row.settings) as ClusterSettings,
    createdAt: row.createdAt,
    tokenHash: row.tokenHash ?? undefined,
    template: row.template ?? undefined,
    creation: row.creation ? (JSON.parse(row.creation) as LabCreation) : undefined,
    expiresAt: row.expiresAt ?? undefined,
    latestScore: row.latestScore ? (JSON.parse(row.latestScore) as LatestScore) : undefined,
  };
}

export abstract class SqlStore implements ClusterStore {
  constructor(protected readonly db: AnySqliteDb) {}

  /** Runs all statements in one transaction; a constraint failure rolls back all of them. */
  protected abstract runAtomically(statements: unknown[]): Promise<void>;

  async ping(): Promise<void> {
    await this.db.select({ id: labs.id }).from(labs).limit(1).all();
  }

  async loadHead(labId: string): Promise<LabHead | undefined> {
    const row = await this.db
      .select({ revision: labs.revision, settings: labs.settings })
      .from(labs)
      .where(eq(labs.id, labId))
      .get();
    return row && { revision: row.revision, settings: JSON.parse(row.settings) as ClusterSettings };
  }

  async loadState(labId: string): Promise<ClusterState | undefined> {
    const lab = await this.db.select().from(labs).where(eq(labs.id, labId)).get();
    if (!lab) return undefined;
    const rows = await this.db
      .select({ body: objects.body })
      .from(objects)
      .where(eq(objects.labId, labId))
      .all();
    const allocs = await this.db
      .select()
      .from(allocations)
      .where(eq(allocations.labId, labId))
      .all();
    return {
      labId,
      revision: lab.revision,
      settings: JSON.parse(lab.settings) as ClusterSettings,
      objects: rows.map((r) => JSON.parse(r.body) as KubeObject),
      allocations: {
        nodePorts: new Set(allocs.filter((a) => a.kind === 'nodePort').map((a) => Number(a.value))),
        clusterIPs: new Set(allocs.filter((a) => a.kind === 'clusterIP').map((a) => a.value)),
      },
    };
  }

  async createLab(lab: LabRecord, plan: WritePlan): Promise<void> {
    const insert = this.db.insert(labs).values({
      id: lab.id,
      name: lab.name,
      settings: JSON.stringify(lab.settings),
      revision: plan.baseRevision,
      revisionGuard: plan.baseRevision,
      createdAt: lab.createdAt,
      tokenHash: lab.tokenHash ?? null,
      template: lab.template ?? null,
      creation: lab.creation ? JSON.stringify(lab.creation) : null,
      expiresAt: lab.expiresAt ?? null,
    });
    await this.atomic([insert, ...planStatements(this.db, lab.id, plan)]);
  }

  async loadLab(labId: string): Promise<LabRecord | undefined> {
    const row = await this.db.select().from(labs).where(eq(labs.id, labId)).get();
    return row && labRecord(row);
  }

  async loadAccess(labId: string): Promise<LabAccess | undefined> {
    const row = await this.db
      .select({ tokenHash: labs.tokenHash, expiresAt: labs.expiresAt })
      .from(labs)
      .where(eq(labs.id, labId))
      .get();
    return row && { tokenHash: row.tokenHash ?? undefined, expiresAt: row.expiresAt ?? undefined };
  }

  async listLabs(afterId: string | undefined, limit: number): Promise<LabRecord[]> {
    const rows = await this.db
      .select()
      .from(labs)
      .where(afterId === undefined ? undefined : gt(labs.id, afterId))
      .orderBy(asc(labs.id))
      .limit(limit)
      .all();
    return rows.map(labRecord);
  }

  async setTokenHash(labId: string, tokenHash: string): Promise<void> {
    await this.db.update(labs).set({ tokenHash }).where(eq(labs.id, labId)).run();
  }

  async recordScore(labId: string, score: LatestScore): Promise<void> {
    const { points, maxPoints, gradedAt } = score;
    const latestScore = JSON.stringify({ points, maxPoints, gradedAt });
    await this.db.update(labs).set({ latestScore }).where(eq(labs.id, labId)).run();
  }

  async deleteLab(labId: string): Promise<void> {
    await this.runAtomically([
      ...LAB_TABLES.map((t) => this.db.delete(t).where(eq(t.labId, labId))),
      this.db.delete(labs).where(eq(labs.id, labId)),
    ]);
  }

  async purgeExpired(now: string): Promise<string[]> {
    const expired = await this.db
      .select({ id: labs.id })
      .from(labs)
      .where(and(isNotNull(labs.expiresAt), lte(labs.expiresAt, now)))
      .all();
    const ids = expired.map((r) => r.id);
    // D1 caps bound parameters per statement at 100; purge in slices well under that.
    for (let i = 0; i < ids.length; i += 50) {
      const slice = ids.slice(i, i + 50);
      await this.runAtomically([
        ...LAB_TABLES.map((t) => this.db.delete(t).where(inArray(t.labId, slice))),
        this.db.delete(labs).where(inArray(labs.id, slice)),
      ]);
    }
    return ids;
  }

  async resetLab(labId: string, settings: ClusterSettings, plan: WritePlan): Promise<void> {
    const [guard, ...rest] = planStatements(this.db, labId, plan);
    await this.atomic([
      guard,
      ...LAB_TABLES.map((t) => this.db.delete(t).where(eq(t.labId, labId))),
      this.db
        .update(labs)
        .set({ settings: JSON.stringify(settings), requestSeq: 0, latestScore: null })
        .where(eq(labs.id, labId)),
      ...rest,
    ]);
  }

  async commit(labId: string, plan: WritePlan): Promise<void> {
    await this.atomic(planStatements(this.db, labId, plan));
  }

  async updateSettings(labId: string, settings: ClusterSettings): Promise<void> {
    await this.db
      .update(labs)
      .set({ settings: JSON.stringify(settings) })
      .where(eq(labs.id, labId))
      .run();
  }

  async reserveConnections(labId: string, count: number): Promise<number> {
    const row = await this.db
      .update(labs)
      .set({ requestSeq: sql`${labs.requestSeq} + ${count}` })
      .where(eq(labs.id, labId))
      .returning({ seq: labs.requestSeq })
      .get();
    return (row?.seq ?? count) - count;
  }

  async readProxyState(labId: string): Promise<Map<string, string>> {
    const rows = await this.db.select().from(proxyState).where(eq(proxyState.labId, labId)).all();
    return new Map(rows.map((r) => [r.key, r.value]));
  }

  async recordTraffic(labId: string, write: TrafficWrite): Promise<void> {
    const hitStatements = write.hits.map((h) =>
      this.db
        .insert(hits)
        .values({ labId, ...h })
        .onConflictDoUpdate({
          target: [hits.labId, hits.namespace, hits.service, hits.pod, hits.node, hits.entryNode],
          set: { count: sql`${hits.count} + excluded.count`, podIp: h.podIp },
        }),
    );
    const stateStatements = write.proxyState.map((e) =>
      this.db
        .insert(proxyState)
        .values({ labId, ...e })
        .onConflictDoUpdate({
          target: [proxyState.labId, proxyState.key],
          set: { value: e.value },
        }),
    );
    const logs = logWriteStatements(this.db, labId, write.logs ?? [], write.trimLogs ?? false);
    const statements = [...hitStatements, ...stateStatements, ...logs];
    if (statements.length) await this.runAtomically(statements);
  }

  async listHits(labId: string): Promise<HitRow[]> {
    const rows = await this.db.select().from(hits).where(eq(hits.labId, labId)).all();
    return rows.map(({ labId: _lab, ...row }) => row);
  }

  readContainerLog(
    labId: string,
    run: LogRun,
    afterId: number,
    limit: number,
  ): Promise<StoredLogLine[]> {
    return readRunLines(this.db, labId, run, afterId, limit);
  }

  async resetHits(labId: string, service?: { namespace: string; name: string }): Promise<void> {
    const where = service
      ? and(
          eq(hits.labId, labId),
          eq(hits.namespace, service.namespace),
          eq(hits.service, service.name),
        )
      : eq(hits.labId, labId);
    await this.db.delete(hits).where(where).run();
  }

  private async atomic(statements: unknown[]): Promise<void> {
    try {
      await this.runAtomically(statements);
    } catch (e) {
      const message = String((e as Error).message ?? e);
      if (/constraint/i.test(message)) throw new WriteConflict(message);
      throw e;
    }
  }
}
