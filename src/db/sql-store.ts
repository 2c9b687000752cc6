// The ClusterStore over any drizzle SQLite database; subclasses say how to run statements atomically.
import { and, asc, eq, gt, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import type { ClusterSettings, ClusterState, WritePlan } from '../domain/lab/cluster-state';
import type { KubeObject } from '../domain/apimachinery/objects';
import {
  ROUTE_KINDS,
  WriteConflict,
  type ClusterStore,
  type HitRow,
  type LabAccess,
  type LabCreation,
  type LabHead,
  type LabRecord,
  type LatestScore,
  type StoredLogLine,
  type RouteRead,
  type RouteReadOptions,
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

/** Stored bodies parsed, with the length of their JSON (what the caches weigh them by). */
export function parseBodies(bodies: string[]): { objects: KubeObject[]; bytes: number } {
  let bytes = 0;
  const parsed = bodies.map((body) => {
    bytes += body.length;
    return JSON.parse(body) as KubeObject;
  });
  return { objects: parsed, bytes };
}

export abstract class SqlStore implements ClusterStore {
  constructor(protected readonly db: AnySqliteDb) {}

  /** Whether runAtomically takes RawStatements (raw-statements.ts) for a plan's row inserts. */
  protected readonly rawStatements: boolean = false;

  /** Runs all statements in one transaction; a constraint failure rolls back all of them. */
  protected abstract runAtomically(statements: unknown[]): Promise<void>;

  /** Runs queries (selects, updates with RETURNING) as one unit and answers their rows in order. */
  protected async readTogether(queries: { all(): unknown }[]): Promise<unknown[][]> {
    const rows: unknown[][] = [];
    for (const q of queries) rows.push((await q.all()) as unknown[]);
    return rows;
  }

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
    await this.atomic([insert, ...planStatements(this.db, lab.id, plan, this.rawStatements)]);
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
    const [guard, ...rest] = planStatements(this.db, labId, plan, this.rawStatements);
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
    await this.atomic(planStatements(this.db, labId, plan, this.rawStatements));
  }

  async updateSettings(labId: string, settings: ClusterSettings): Promise<void> {
    await this.db
      .update(labs)
      .set({ settings: JSON.stringify(settings) })
      .where(eq(labs.id, labId))
      .run();
  }

  async loadForRoute(labId: string, options: RouteReadOptions): Promise<RouteRead | undefined> {
    const { connections, knownRevision, proxyMemory } = options;
    const head = { revision: labs.revision, settings: labs.settings, seq: labs.requestSeq };
    const reserve = connections
      ? this.db
          .update(labs)
          .set({ requestSeq: sql`${labs.requestSeq} + ${connections}` })
          .where(eq(labs.id, labId))
          .returning(head)
      : this.db.select(head).from(labs).where(eq(labs.id, labId));
    // The objects come back only when the lab moved past the caller's copy: one round trip either way.
    const stale = sql`(SELECT ${labs.revision} FROM ${labs} WHERE ${labs.id} = ${labId}) IS NOT ${knownRevision ?? null}`;
    const routeObjects = this.db
      .select({ body: objects.body })
      .from(objects)
      .where(and(eq(objects.labId, labId), inArray(objects.kind, [...ROUTE_KINDS]), stale))
      .orderBy(asc(objects.kind), asc(objects.namespace), asc(objects.name));
    const memory = this.db.select().from(proxyState).where(eq(proxyState.labId, labId));
    const [heads, bodies, entries] = (await this.readTogether(
      proxyMemory ? [reserve, routeObjects, memory] : [reserve, routeObjects],
    )) as [
      { revision: number; settings: string; seq: number }[],
      { body: string }[],
      { key: string; value: string }[] | undefined,
    ];
    const row = heads[0];
    if (!row) return undefined;
    const settings = JSON.parse(row.settings) as ClusterSettings;
    const fresh = row.revision !== knownRevision;
    return {
      head: { revision: row.revision, settings },
      routeObjects: fresh ? parseBodies(bodies.map((b) => b.body)) : undefined,
      firstConnection: row.seq - connections,
      proxyMemory: entries && new Map(entries.map((e) => [e.key, e.value])),
    };
  }

  async commitTraffic(labId: string, write: TrafficWrite): Promise<void> {
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
