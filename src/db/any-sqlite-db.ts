// Any drizzle SQLite database, sync (better-sqlite3) or async (D1): what the store and the write
// plan's statements are built on.
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySqliteDb = BaseSQLiteDatabase<'sync' | 'async', any, Record<string, never>>;
