// Node's storage: better-sqlite3 on a local file (WAL), migrated from migrations/ at start-up.
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClusterSettings, WritePlan } from '../domain/cluster-state';
import type { LabAccess, LabHead, TrafficWrite } from '../cluster/store';
import { SqlStore, type AnySqliteDb } from './sql-store';

const MIGRATIONS = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations');

// The request route's hot path runs on statements prepared once: drizzle builds and prepares
// each query anew (~70 µs), a prepared better-sqlite3 statement runs in a few µs.
function prepareHot(sqlite: Database.Database) {
  const hit = sqlite.prepare(
    `INSERT INTO hits (lab_id, namespace, service, pod, node, pod_ip, count) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET count = count + excluded.count, pod_ip = excluded.pod_ip`,
  );
  const proxyState = sqlite.prepare(
    'INSERT INTO proxy_state (lab_id, key, value) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET value = excluded.value',
  );
  const saveSeq = sqlite.prepare('UPDATE labs SET request_seq = max(request_seq, ?) WHERE id = ?');
  return {
    seq: sqlite.prepare<[string], { request_seq: number }>(
      'SELECT request_seq FROM labs WHERE id = ?',
    ),
    record: sqlite.transaction((labId: string, write: TrafficWrite) => {
      saveSeq.run(write.connectionsUsed, labId);
      for (const h of write.hits)
        hit.run(labId, h.namespace, h.service, h.pod, h.node, h.podIp, h.count);
      for (const e of write.proxyState) proxyState.run(labId, e.key, e.value);
    }),
    ping: sqlite.prepare('SELECT 1'),
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
  private readonly nextSeq = new Map<string, number>();

  override async ping(): Promise<void> {
    this.hot.ping.get();
  }

  override async loadHead(labId: string): Promise<LabHead | undefined> {
    const row = this.hot.head.get(labId);
    return row && { revision: row.revision, settings: JSON.parse(row.settings) as ClusterSettings };
  }

  /** Read on every authenticated request, so prepared once like the request route's statements. */
  override async loadAccess(labId: string): Promise<LabAccess | undefined> {
    const row = this.hot.access.get(labId);
    return (
      row && { tokenHash: row.token_hash ?? undefined, expiresAt: row.expires_at ?? undefined }
    );
  }

  // The in-memory connection counters below must follow the rows they shadow.
  override async deleteLab(labId: string): Promise<void> {
    await super.deleteLab(labId);
    this.nextSeq.delete(labId);
  }

  override async purgeExpired(now: string): Promise<string[]> {
    const ids = await super.purgeExpired(now);
    for (const id of ids) this.nextSeq.delete(id);
    return ids;
  }

  override async resetLab(
    labId: string,
    settings: ClusterSettings,
    plan: WritePlan,
  ): Promise<void> {
    await super.resetLab(labId, settings, plan);
    this.nextSeq.delete(labId);
  }

  /**
   * Connection numbers are handed out from memory (one process owns the file) and persisted with
   * the traffic they produced, so a request costs one write transaction, not two.
   */
  override async reserveConnections(labId: string, count: number): Promise<number> {
    const first = this.nextSeq.get(labId) ?? this.hot.seq.get(labId)?.request_seq ?? 0;
    this.nextSeq.set(labId, first + count);
    return first;
  }

  override async recordTraffic(labId: string, write: TrafficWrite): Promise<void> {
    this.hot.record.immediate(labId, write);
  }

  protected async runAtomically(statements: unknown[]): Promise<void> {
    const run = this.sqlite.transaction(() => {
      for (const s of statements) (s as { run(): unknown }).run();
    });
    run.immediate();
  }

  close(): void {
    this.sqlite.close();
  }
}
