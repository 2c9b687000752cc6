// SqliteStore's group commit against the writes that replace what it queues: traffic queued before
// a commit lands before it, so a Service deleted after its hits were routed takes them along.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type WritePlan } from '../domain/lab/cluster-state';
import { checkRouteRead } from '../../test/fixtures/route-read-contract';
import { SEQ_BLOCK } from './connection-numbers';
import { SqliteStore } from './sqlite';

let store: SqliteStore;
const labId = 'lab';

const plan = (base: number, deletes: WritePlan['deletes'] = []): WritePlan => ({
  baseRevision: base,
  revision: base + 1,
  upserts: [],
  deletes,
  allocate: [],
  release: [],
});

beforeEach(async () => {
  store = SqliteStore.open(':memory:');
  const record = { id: labId, name: labId, settings: DEFAULT_SETTINGS, createdAt: 'now' };
  await store.createLab(record, { ...plan(0), revision: 0 });
});
afterEach(() => store.close());

describe('SqliteStore group commit', () => {
  it('lands hits queued before a commit that deletes their Service before that commit', async () => {
    const hit = { namespace: 'default', service: 'web', pod: 'p', node: 'node01', podIp: '' };
    // A request routed while the Service existed: its hit waits for the next flush.
    const routed = store.commitTraffic(labId, {
      hits: [{ ...hit, entryNode: 'node01', count: 1 }],
      proxyState: [],
      connectionsUsed: 1,
    });
    await store.commit(labId, plan(0, [{ kind: 'Service', namespace: 'default', name: 'web' }]));
    await routed;
    expect(await store.listHits(labId)).toEqual([]);
  });
});

describe('SqliteStore loadForRoute', () => {
  it('reads route objects only when stale, and hands out connection numbers in turn', async () => {
    await checkRouteRead(store, labId);
  });
});

describe('SqliteStore connection numbers', () => {
  const used = async (s: SqliteStore, count: number) => {
    const first = (await s.loadForRoute(labId, { connections: count, proxyMemory: false }))!;
    await s.commitTraffic(labId, {
      hits: [],
      proxyState: [],
      connectionsUsed: first.firstConnection + count,
    });
    return first.firstConnection;
  };

  it('continue exactly after a clean close, and skip ahead (never reusing one) after a crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nodeport-seq-'));
    const path = join(dir, 'lab.db');
    try {
      let s = SqliteStore.open(path);
      const record = { id: labId, name: labId, settings: DEFAULT_SETTINGS, createdAt: 'now' };
      await s.createLab(record, { ...plan(0), revision: 0 });
      expect(await used(s, 5)).toBe(0);
      expect(await used(s, 3)).toBe(5);
      s.close();
      s = SqliteStore.open(path);
      expect(await used(s, 2)).toBe(8);
      // A crash: the file let go without the store's close, so only the stored block mark is left.
      (s as unknown as { sqlite: { close(): void } }).sqlite.close();
      s = SqliteStore.open(path);
      expect(await used(s, 1)).toBe(10 + SEQ_BLOCK);
      s.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('SqliteStore lab rows in memory (head and access in one entry a lab)', () => {
  it('keeps each part as the other is read, and sees every write to either at once', async () => {
    // Access read first, then the head: the head joins the entry, the access stays in it.
    const access = await store.loadAccess(labId);
    expect(access?.tokenHash).toBeUndefined();
    expect((await store.loadHead(labId))?.revision).toBe(0);
    expect(await store.loadAccess(labId)).toBe(access);
    await store.setTokenHash(labId, 'h1');
    // The head read first, then the access.
    const head = await store.loadHead(labId);
    expect((await store.loadAccess(labId))?.tokenHash).toBe('h1');
    expect(await store.loadHead(labId)).toBe(head);
    await store.commit(labId, plan(0));
    expect((await store.loadHead(labId))?.revision).toBe(1);
    expect((await store.loadAccess(labId))?.tokenHash).toBe('h1');
    await store.setTokenHash(labId, 'h2');
    expect((await store.loadHead(labId))?.revision).toBe(1);
    expect((await store.loadAccess(labId))?.tokenHash).toBe('h2');
  });

  it('forgets an expired lab purged and a deleted one, head and access', async () => {
    const expiring = {
      id: 'short',
      name: 'short',
      settings: DEFAULT_SETTINGS,
      createdAt: 'now',
      expiresAt: '2026-01-01T00:00:00Z',
    };
    await store.createLab(expiring, { ...plan(0), revision: 0 });
    expect((await store.loadAccess('short'))?.expiresAt).toBe('2026-01-01T00:00:00Z');
    expect((await store.loadHead('short'))?.revision).toBe(0);
    expect(await store.purgeExpired('2026-01-01T00:00:00Z')).toEqual(['short']);
    expect(await store.loadAccess('short')).toBeUndefined();
    expect(await store.loadHead('short')).toBeUndefined();
    expect(await store.loadAccess(labId)).toBeDefined();
    await store.deleteLab(labId);
    expect(await store.loadAccess(labId)).toBeUndefined();
    expect(await store.loadHead(labId)).toBeUndefined();
  });
});
