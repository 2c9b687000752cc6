// Workers' storage: Cloudflare D1 through drizzle; migrations are applied by wrangler, not here.
import type { D1Database } from '@cloudflare/workers-types';
import { drizzle, type DrizzleD1Database } from 'drizzle-orm/d1';
import { SqlStore, type AnySqliteDb } from './sql-store';

type BatchItems = Parameters<DrizzleD1Database['batch']>[0];

export class D1Store extends SqlStore {
  private constructor(private readonly d1: DrizzleD1Database) {
    super(d1 as unknown as AnySqliteDb);
  }

  /** Wraps the `DB` binding; the schema must already be migrated (`wrangler d1 migrations apply`). */
  static over(binding: D1Database): D1Store {
    return new D1Store(drizzle(binding));
  }

  /**
   * D1 has no interactive transactions, but a batch runs as one: if any statement fails (the
   * revision guard's NOT NULL, an allocation's PRIMARY KEY) the whole batch rolls back.
   */
  protected async runAtomically(statements: unknown[]): Promise<void> {
    if (statements.length === 0) return;
    await this.d1.batch(statements as unknown as BatchItems);
  }

  /** One batch, so a routed request's read is one round trip to D1. */
  protected override async readTogether(queries: { all(): unknown }[]): Promise<unknown[][]> {
    return (await this.d1.batch(queries as unknown as BatchItems)) as unknown as unknown[][];
  }
}
