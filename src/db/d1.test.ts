// D1Store on a real local D1 (Miniflare's workerd): batches are atomic, and D1's constraint errors
// become WriteConflict just as better-sqlite3's do.
import type { D1Database } from '@cloudflare/workers-types';
import { Miniflare } from 'miniflare';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WriteConflict } from '../cluster/store';
import { DEFAULT_SETTINGS, type WritePlan } from '../domain/lab/cluster-state';
import { checkManyRows } from '../../test/fixtures/plan-rows-contract';
import { checkRouteRead } from '../../test/fixtures/route-read-contract';
import { D1Store } from './d1';

const MIGRATIONS = new URL('../../migrations/', import.meta.url);

let mf: Miniflare;
let d1: D1Database;
let store: D1Store;
let labCount = 0;
let labId: string;

/** The same files `wrangler d1 migrations apply` runs: top-level *.sql, in name order. */
async function migrate(db: D1Database): Promise<void> {
  const files = readdirSync(MIGRATIONS)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  for (const file of files) {
    const statements = readFileSync(new URL(file, MIGRATIONS), 'utf8')
      .split('--> statement-breakpoint')
      .map((s) => s.trim())
      .filter(Boolean);
    await db.batch(statements.map((s) => db.prepare(s)));
  }
}

function plan(base: number, allocate: WritePlan['allocate'] = []): WritePlan {
  return {
    baseRevision: base,
    revision: base + 1,
    upserts: [],
    deletes: [],
    allocate,
    release: [],
  };
}

const nodePort = (value: number) => ({ kind: 'nodePort' as const, value: String(value) });

beforeAll(async () => {
  // cf: false keeps Miniflare from downloading request.cf data (no network here or in CI).
  mf = new Miniflare({
    modules: true,
    script: 'export default {}',
    d1Databases: ['DB'],
    cf: false,
  });
  d1 = (await mf.getD1Database('DB')) as unknown as D1Database;
  await migrate(d1);
  store = D1Store.over(d1);
});
afterAll(() => mf?.dispose());

beforeEach(async () => {
  labId = `lab-${++labCount}`;
  const record = { id: labId, name: labId, settings: DEFAULT_SETTINGS, createdAt: 'now' };
  await store.createLab(record, { ...plan(0), revision: 0 });
});

describe('D1Store', () => {
  it('commits a plan at the current revision', async () => {
    await store.commit(labId, plan(0, [nodePort(30001)]));
    const state = await store.loadState(labId);
    expect(state?.revision).toBe(1);
    expect([...state!.allocations.nodePorts]).toEqual([30001]);
  });

  it('refuses a stale revision with WriteConflict and writes nothing of it', async () => {
    await store.commit(labId, plan(0));
    const stale = store.commit(labId, plan(0, [nodePort(30002)]));
    await expect(stale).rejects.toBeInstanceOf(WriteConflict);
    await expect(stale).rejects.toThrow(/NOT NULL constraint failed: labs\.revision_guard/);
    const state = await store.loadState(labId);
    expect(state?.revision).toBe(1);
    expect(state?.allocations.nodePorts.size).toBe(0);
  });

  it('refuses a taken nodePort with WriteConflict and rolls back the revision bump', async () => {
    await store.commit(labId, plan(0, [nodePort(30003)]));
    const twice = store.commit(labId, plan(1, [nodePort(30003)]));
    await expect(twice).rejects.toBeInstanceOf(WriteConflict);
    await expect(twice).rejects.toThrow(/UNIQUE constraint failed: allocations\./);
    expect((await store.loadState(labId))?.revision).toBe(1);
  });

  it('lets exactly one of two racing commits at the same revision land', async () => {
    const results = await Promise.allSettled([
      store.commit(labId, plan(0, [nodePort(30004)])),
      store.commit(labId, plan(0, [nodePort(30005)])),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const state = await store.loadState(labId);
    expect(state?.revision).toBe(1);
    expect(state?.allocations.nodePorts.size).toBe(1);
  });

  it("keeps hits per entry node and drops a Service's hits with the Service", async () => {
    const hit = {
      namespace: 'default',
      service: 'web',
      pod: 'p',
      node: 'node01',
      podIp: '10.244.1.2',
    };
    await store.commitTraffic(labId, {
      hits: [
        { ...hit, entryNode: 'node01', count: 2 },
        { ...hit, entryNode: 'node02', count: 3 },
      ],
      proxyState: [],
      connectionsUsed: 5,
    });
    await store.commitTraffic(labId, {
      hits: [{ ...hit, entryNode: 'node02', count: 1 }],
      proxyState: [],
      connectionsUsed: 6,
    });
    const rows = (await store.listHits(labId)).map((r) => [r.entryNode, r.count]).sort();
    expect(rows).toEqual([
      ['node01', 2],
      ['node02', 4],
    ]);
    await store.commit(labId, {
      ...plan(0),
      deletes: [{ kind: 'Service', namespace: 'default', name: 'web' }],
    });
    expect(await store.listHits(labId)).toEqual([]);
  });

  it("stores a plan of many rows within D1's 100 parameters a statement, updating in place", async () => {
    await checkManyRows(store, labId);
  });

  it('reads what a routed request needs in one batch: route objects only when stale', async () => {
    await checkRouteRead(store, labId);
  });
});
