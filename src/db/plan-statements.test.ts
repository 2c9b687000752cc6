// A write plan's statements: many rows a statement (drizzle builds and SQLite prepares each one),
// never more than the 100 bound parameters D1 and Durable Objects allow, and the same rows stored
// as one statement a row would store them.
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type WritePlan } from '../domain/lab/cluster-state';
import type { KubeObject } from '../domain/apimachinery/objects';
import { checkManyRows } from '../../test/fixtures/plan-rows-contract';
import type { AnySqliteDb } from './any-sqlite-db';
import { planStatements } from './plan-statements';
import { SqliteStore } from './sqlite';

const object = (i: number): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `c${i}`, namespace: 'default', uid: `u${i}`, resourceVersion: '1' },
  }) as KubeObject;

const plan: WritePlan = {
  baseRevision: 0,
  revision: 1,
  upserts: Array.from({ length: 30 }, (_, i) => object(i)),
  deletes: [],
  allocate: Array.from({ length: 40 }, (_, i) => ({ kind: 'nodePort', value: String(30000 + i) })),
  release: [],
};

describe('planStatements', () => {
  const db = drizzle(new Database(':memory:')) as unknown as AnySqliteDb;
  const queries = planStatements(db, 'lab', plan).map((s) =>
    (s as { toSQL(): { sql: string; params: unknown[] } }).toSQL(),
  );

  it('binds at most 100 parameters a statement', () => {
    for (const q of queries) expect(q.params.length).toBeLessThanOrEqual(100);
  });

  it('puts 14 object rows and 33 allocation rows in a statement', () => {
    const into = (table: string) =>
      queries.filter((q) => q.sql.startsWith(`insert into "${table}"`));
    expect(into('objects').map((q) => q.params.length)).toEqual([98, 98, 14]);
    expect(into('allocations').map((q) => q.params.length)).toEqual([99, 21]);
  });
});

describe('planStatements as raw SQL', () => {
  const db = drizzle(new Database(':memory:')) as unknown as AnySqliteDb;
  const sqlOf = (raw: boolean, p: WritePlan) =>
    planStatements(db, 'lab', p, raw).map((s) =>
      (s as { toSQL(): { sql: string; params: unknown[] } }).toSQL(),
    );

  it("is drizzle's SQL and parameters, statement for statement", () => {
    const logs = [
      {
        namespace: 'default',
        pod: 'web',
        container: 'nginx',
        run: 'containerd://1',
        lines: Array.from({ length: 20 }, (_, i) => ({ time: i, text: `line ${i}` })),
      },
    ];
    const withLogs = { ...plan, logs, deletes: [{ kind: 'Pod', namespace: 'default', name: 'x' }] };
    expect(sqlOf(true, withLogs)).toEqual(sqlOf(false, withLogs));
  });
});

describe('SqliteStore commit of many rows', () => {
  let store: SqliteStore | undefined;
  afterEach(() => store?.close());

  it('stores, updates in place and lets the later row of a key win', async () => {
    store = SqliteStore.open(':memory:');
    const record = { id: 'lab', name: 'lab', settings: DEFAULT_SETTINGS, createdAt: 'now' };
    await store.createLab(record, { ...plan, upserts: [], allocate: [], revision: 0 });
    await checkManyRows(store, 'lab');
  });
});
