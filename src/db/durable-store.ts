// A lab's Durable Object storage: its own SQLite database through drizzle-orm/durable-sqlite, with
// the schema and SQL migrations Node and D1 use (one lab's rows in each object).
import type { DurableObjectStorage } from '@cloudflare/workers-types';
import { drizzle } from 'drizzle-orm/durable-sqlite';
import { migrate } from 'drizzle-orm/durable-sqlite/migrator';
import { LAB_OBJECT_MIGRATIONS } from './durable-migrations';
import { RawStatement } from './raw-statements';
import { SqlStore, type AnySqliteDb } from './sql-store';

/** A statement drizzle built for the object's synchronous SQLite. */
interface SyncStatement {
  run(): unknown;
}

export class DurableStore extends SqlStore {
  protected constructor(
    db: AnySqliteDb,
    protected readonly storage: DurableObjectStorage,
  ) {
    super(db);
  }

  /**
   * Migrates the object's database (a no-op once current) and wraps it. Call it inside
   * `blockConcurrencyWhile` in the constructor, so no request sees an unmigrated schema.
   */
  static async open(storage: DurableObjectStorage): Promise<DurableStore> {
    const db = await DurableStore.migrated(storage);
    return new DurableStore(db, storage);
  }

  protected static async migrated(storage: DurableObjectStorage): Promise<AnySqliteDb> {
    // drizzle types the global DurableObjectStorage; the imported one is the same object.
    const db = drizzle(storage as unknown as Parameters<typeof drizzle>[0]);
    await migrate(db, LAB_OBJECT_MIGRATIONS);
    return db as unknown as AnySqliteDb;
  }

  /**
   * The object's SQLite is synchronous and single-threaded: one transactionSync runs every
   * statement or none (a failed guard or allocation key rolls back all of them).
   */
  protected override readonly rawStatements = true;

  protected runAtomically(statements: unknown[]): Promise<void> {
    if (statements.length === 0) return Promise.resolve();
    try {
      this.storage.transactionSync(() => {
        for (const s of statements) {
          if (s instanceof RawStatement) this.storage.sql.exec(s.sql, ...s.params);
          else (s as SyncStatement).run();
        }
      });
      return Promise.resolve();
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }
}
