// SqliteStore's group commit against the writes that replace what it queues: traffic queued before
// a commit lands before it, so a Service deleted after its hits were routed takes them along.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type WritePlan } from '../domain/lab/cluster-state';
import { checkRouteRead } from '../../test/fixtures/route-read-contract';
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
