// Node's storage: better-sqlite3 on a local file (WAL), migrated from migrations/ at start-up.
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClusterSettings, WritePlan } from '../domain/lab/cluster-state';
import {
  ROUTE_KINDS,
  type HitRow,
  type LabAccess,
  type LabHead,
  type LabRecord,
  type RouteRead,
  type RouteReadOptions,
  type StoredLogLine,
  type TrafficWrite,
} from '../cluster/store';
import type { LogRun } from '../domain/kubelet/logs/container-log';
import { AccessLogBuffer, type LabLogs } from './access-log-buffer';
import { prepareLogWrites } from './container-log-sqlite';
import { HitJournal, type LabHits } from './hit-journal';
import { boundedCache, stringBytes } from '../domain/apimachinery/bounded-cache';
import { ConnectionNumbers } from './connection-numbers';
import { LabRowCache } from './lab-row-cache';
import { GroupCommit } from './group-commit';
import { parseBodies, SqlStore, type AnySqliteDb } from './sql-store';

const MIGRATIONS = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations');

interface LabTraffic {
  labId: string;
  write: TrafficWrite;
}

/**
 * Access lines are buffered, as nginx's `access_log ... buffer= flush=` buffers them: stored at
 * most `ms` after their request, or as soon as `lines` (or lines of `chars` characters, about
 * 32 MiB) wait, in one transaction that stores only what the rings keep (access-log-buffer.ts).
 * A row per request in the hits' commit cost a third of the route's speed into one lab, and more
 * spread over a class; fewer, larger stores put more of a run's lines in each row (log-rows.ts).
 * Every read of logs, and every write that deletes or trims them, lands the buffer first; a crash
 * loses at most those last seconds of lines, never a hit.
 */
const ACCESS_LOG_FLUSH = { ms: 10_000, lines: 100_000, chars: 16_000_000 };

// The request route's hot path runs on statements prepared once: drizzle builds and prepares
// each query anew (~70 µs), a prepared better-sqlite3 statement runs in a few µs.
function prepareHot(sqlite: Database.Database) {
  const hits = new HitJournal(sqlite);
  const proxyState = sqlite.prepare(
    'INSERT INTO proxy_state (lab_id, key, value) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET value = excluded.value',
  );
  const saveSeq = sqlite.prepare('UPDATE labs SET request_seq = max(request_seq, ?) WHERE id = ?');
  const writeLogs = prepareLogWrites(sqlite);
  const exactSeq = sqlite.prepare('UPDATE labs SET request_seq = ? WHERE id = ?');
  return {
    seq: sqlite.prepare<[string], { request_seq: number }>(
      'SELECT request_seq FROM labs WHERE id = ?',
    ),
    /** The exact connection counts of a clean close (see connection-numbers.ts). */
    saveExactSeqs: sqlite.transaction((seqs: [string, number][]) => {
      for (const [labId, seq] of seqs) exactSeq.run(seq, labId);
    }),
    /** Stores a group of requests' traffic: hits (to the journal), the last proxy memory, seq marks. */
    record: sqlite.transaction(
      (writes: LabTraffic[], marks: ReadonlyMap<string, number>, counted: LabHits) => {
        const memory = new Map<string, [string, string, string]>();
        for (const { labId, write } of writes) {
          for (const e of write.proxyState)
            memory.set(JSON.stringify([labId, e.key]), [labId, e.key, e.value]);
        }
        for (const [labId, mark] of marks) saveSeq.run(mark, labId);
        const appended = hits.append(counted);
        for (const row of memory.values()) proxyState.run(...row);
        return appended;
      },
    ),
    /** Stores buffered access lines, a lab's together. */
    recordLogs: sqlite.transaction((labs: LabLogs[]) => {
      for (const { labId, writes, trim } of labs) writeLogs(labId, writes, trim);
    }),
    hits,
    ping: sqlite.prepare('SELECT 1'),
    routeObjects: sqlite.prepare<[string], { body: string }>(
      `SELECT body FROM objects WHERE lab_id = ? AND kind IN (${ROUTE_KINDS.map((k) => `'${k}'`).join(', ')})
       ORDER BY kind, namespace, name`,
    ),
    proxyMemory: sqlite.prepare<[string], { key: string; value: string }>(
      'SELECT key, value FROM proxy_state WHERE lab_id = ?',
    ),
    head: sqlite.prepare<[string], { revision: number; settings: string }>(
      'SELECT revision, settings FROM labs WHERE id = ?',
    ),
    access: sqlite.prepare<[string], { token_hash: string | null; expires_at: string | null }>(
      'SELECT token_hash, expires_at FROM labs WHERE id = ?',
    ),
  };
}

type HotStatements = ReturnType<typeof prepareHot>;

export class SqliteStore extends SqlStore {
  private constructor(
    private readonly sqlite: Database.Database,
    db: BetterSQLite3Database,
  ) {
    super(db as unknown as AnySqliteDb);
    this.hot = prepareHot(sqlite);
    this.traffic = new GroupCommit((writes) => {
      const used = new Map<string, number>();
      for (const { labId, write } of writes) {
        used.set(labId, Math.max(used.get(labId) ?? 0, write.connectionsUsed));
      }
      const marks = this.numbers.marksFor(used);
      const counted = writes.flatMap(({ labId, write }) =>
        write.hits.map((h) => [labId, h] as const),
      );
      const appended = this.hot.record.immediate(writes, marks, counted);
      this.numbers.markStored(marks);
      this.hot.hits.committed(appended);
    });
  }

  /** Opens (creating folder and file if needed) and migrates the database at `path`. */
  static open(path: string): SqliteStore {
    if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
    const sqlite = new Database(path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    const db = drizzle(sqlite);
    migrate(db, { migrationsFolder: MIGRATIONS });
    return new SqliteStore(sqlite, db);
  }

  private readonly hot: HotStatements;
  private readonly numbers = new ConnectionNumbers((labId) => this.hot.seq.get(labId)?.request_seq);
  private readonly traffic: GroupCommit<LabTraffic>;
  private readonly accessLogs = new AccessLogBuffer();
  private accessLogTimer: ReturnType<typeof setTimeout> | undefined;
  /**
   * Each lab's head and access as last read, in one entry a lab. One process owns the file, so
   * only this store's own writes move them, and each of them drops the lab's entry (`changing`).
   */
  private readonly rows = new LabRowCache();
  /** Writes that may move a head and have not settled yet. */
  private writing = 0;

  override async ping(): Promise<void> {
    this.hot.ping.get();
  }

  override async loadHead(labId: string): Promise<LabHead | undefined> {
    return this.headNow(labId);
  }

  private headNow(labId: string): LabHead | undefined {
    const known = this.writing ? undefined : this.rows.head(labId);
    if (known) return known;
    const row = this.hot.head.get(labId);
    if (!row) return undefined;
    const settings = Object.freeze(JSON.parse(row.settings) as ClusterSettings);
    const head = Object.freeze({ revision: row.revision, settings });
    if (!this.writing) this.rows.keepHead(labId, head, row.settings);
    return head;
  }

  /** Runs a write that may move `labId`'s head (every lab's when undefined), then forgets it. */
  private async changing<T>(labId: string | undefined, write: () => Promise<T>): Promise<T> {
    // While a write is under way heads and access are read from the file and not kept: the
    // write lands a few microtasks before it settles, and a read in between must see it.
    this.writing++;
    try {
      return await write();
    } finally {
      this.writing--;
      this.rows.forget(labId);
    }
  }

  override createLab(lab: LabRecord, plan: WritePlan): Promise<void> {
    return this.changing(lab.id, () => super.createLab(lab, plan));
  }

  override commit(labId: string, plan: WritePlan): Promise<void> {
    // A commit that deletes a Service deletes its hits: those routed before it land first.
    this.landQueued();
    return this.changing(labId, () => super.commit(labId, plan));
  }

  override updateSettings(labId: string, settings: ClusterSettings): Promise<void> {
    return this.changing(labId, () => super.updateSettings(labId, settings));
  }

  /**
   * Read on every authenticated request: kept in memory with the head (a file read per request
   * cost about 6 µs); the token and the expiry change only through this store's writes.
   */
  override async loadAccess(labId: string): Promise<LabAccess | undefined> {
    const known = this.writing ? undefined : this.rows.access(labId);
    if (known) return known;
    const row = this.hot.access.get(labId);
    if (!row) return undefined;
    const access = Object.freeze({
      tokenHash: row.token_hash ?? undefined,
      expiresAt: row.expires_at ?? undefined,
    });
    if (!this.writing) this.rows.keepAccess(labId, access);
    return access;
  }

  override setTokenHash(labId: string, tokenHash: string): Promise<void> {
    return this.changing(labId, () => super.setTokenHash(labId, tokenHash));
  }

  // Queued traffic lands before anything that reads or replaces hits, proxy memory or counters,
  // and the in-memory connection counters and settings follow the rows they shadow.
  override async deleteLab(labId: string): Promise<void> {
    this.landQueued();
    await this.changing(labId, () => super.deleteLab(labId));
    this.numbers.forget(labId);
  }

  override async purgeExpired(now: string): Promise<string[]> {
    this.landQueued();
    const ids = await this.changing(undefined, () => super.purgeExpired(now));
    for (const id of ids) this.numbers.forget(id);
    return ids;
  }

  override async resetLab(
    labId: string,
    settings: ClusterSettings,
    plan: WritePlan,
  ): Promise<void> {
    this.landQueued();
    await this.changing(labId, () => super.resetLab(labId, settings, plan));
    this.numbers.forget(labId);
  }

  override listHits(labId: string): Promise<HitRow[]> {
    this.landQueued();
    return super.listHits(labId);
  }

  override readContainerLog(
    labId: string,
    run: LogRun,
    afterId: number,
    limit: number,
  ): Promise<StoredLogLine[]> {
    this.landQueued();
    return super.readContainerLog(labId, run, afterId, limit);
  }

  override resetHits(labId: string, service?: { namespace: string; name: string }): Promise<void> {
    this.landQueued();
    return super.resetHits(labId, service);
  }

  /**
   * Read synchronously, so no write lands between the head and the objects. Connection numbers
   * are handed out from memory (one process owns the file) and stored in blocks with the traffic
   * they produced (connection-numbers.ts), so a request costs one write transaction, not two.
   */
  override async loadForRoute(
    labId: string,
    options: RouteReadOptions,
  ): Promise<RouteRead | undefined> {
    const head = this.headNow(labId);
    if (!head) return undefined;
    const first = this.numbers.reserve(labId, options.connections);
    const stale = head.revision !== options.knownRevision;
    const bodies = stale ? this.hot.routeObjects.all(labId).map((r) => r.body) : undefined;
    // kube-proxy memory is read after the queued traffic that changed it has landed.
    if (options.proxyMemory) this.traffic.flush();
    const memory = options.proxyMemory ? this.hot.proxyMemory.all(labId) : undefined;
    return {
      head,
      routeObjects: bodies && parseBodies(bodies),
      firstConnection: first,
      proxyMemory: memory && new Map(memory.map((e) => [e.key, e.value])),
    };
  }

  /** Settles once stored; concurrent requests' traffic is committed together (group-commit.ts). */
  override commitTraffic(labId: string, write: TrafficWrite): Promise<void> {
    const { logs, trimLogs } = write;
    if (logs?.length || trimLogs) {
      this.accessLogs.add(labId, logs ?? [], trimLogs ?? false);
      const full =
        this.accessLogs.lines >= ACCESS_LOG_FLUSH.lines ||
        this.accessLogs.chars >= ACCESS_LOG_FLUSH.chars;
      if (full) clearTimeout(this.accessLogTimer);
      if (full || !this.accessLogTimer) {
        const wait = full ? 0 : ACCESS_LOG_FLUSH.ms;
        this.accessLogTimer = setTimeout(() => this.storeAccessLogs(), wait).unref();
      }
    }
    // The group commit stores the counted part (hits, proxy memory, connection numbers) only.
    return this.traffic.add({ labId, write });
  }

  private storeAccessLogs(): void {
    clearTimeout(this.accessLogTimer);
    this.accessLogTimer = undefined;
    if (this.accessLogs.empty) return;
    try {
      this.hot.recordLogs.immediate(this.accessLogs.take());
    } catch (e) {
      // Lines that cannot be stored are lost, as nginx's are on a full disk; the hits stand.
      console.error('access log lines not stored:', e);
    }
  }

  /** Lands queued hits, proxy memory and access lines, before a write or read that needs them. */
  private landQueued(): void {
    this.traffic.flush();
    this.hot.hits.land();
    this.storeAccessLogs();
  }

  /**
   * better-sqlite3 statements by SQL text: drizzle prepares each statement anew, and a write plan's
   * statements repeat from plan to plan (an apply's upserts, allocations, log lines).
   */
  private readonly prepared = boundedCache<string, Database.Statement>('preparedStatements');

  protected override readonly rawStatements = true;

  protected async runAtomically(statements: unknown[]): Promise<void> {
    const queries = statements.map((s) =>
      (s as { toSQL(): { sql: string; params: unknown[] } }).toSQL(),
    );
    const run = this.sqlite.transaction(() => {
      for (const q of queries) {
        let statement = this.prepared.get(q.sql);
        if (!statement) {
          statement = this.sqlite.prepare(q.sql);
          this.prepared.set(q.sql, statement, stringBytes(q.sql));
        }
        statement.run(...q.params);
      }
    });
    run.immediate();
  }

  close(): void {
    this.landQueued();
    this.hot.saveExactSeqs.immediate(this.numbers.exact());
    this.sqlite.close();
  }
}
