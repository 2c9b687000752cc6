// Node's storage: better-sqlite3 on a local file (WAL), migrated from migrations/ at start-up.
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SqlStore, type AnySqliteDb } from './sql-store';

const MIGRATIONS = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations');

export class SqliteStore extends SqlStore {
  private constructor(
    private readonly sqlite: Database.Database,
    db: BetterSQLite3Database,
  ) {
    super(db as unknown as AnySqliteDb);
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
