// Node's hits journal behind SqliteStore: counts appended per commit read back summed per pod,
// past the fold that 50,000 waiting counts start, with the newest pod IP, and rows a crash left
// in the journal are folded before the first read after opening the file again.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../domain/lab/cluster-state';
import { HitJournal, type LabHits } from './hit-journal';
import { SqliteStore } from './sqlite';

const hit = { namespace: 'default', service: 'web', node: 'node01', entryNode: 'node01' };
const traffic = (pod: string, podIp: string, count = 1) => ({
  hits: [{ ...hit, pod, podIp, count }],
  proxyState: [],
  connectionsUsed: 1,
});

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hits-'));
  file = join(dir, 'lab.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function openWithLab(): Promise<SqliteStore> {
  const store = SqliteStore.open(file);
  const record = { id: 'lab', name: 'lab', settings: DEFAULT_SETTINGS, createdAt: 'now' };
  const plan = {
    baseRevision: 0,
    revision: 0,
    upserts: [],
    deletes: [],
    allocate: [],
    release: [],
  };
  await store.createLab(record, plan);
  return store;
}

describe('the hits journal', () => {
  it('sums a pod’s counts over commits and folds, keeping the newest pod IP', async () => {
    const store = await openWithLab();
    // 60,000 commits: more than a journal holds before it folds inside a commit.
    for (let i = 0; i < 60_000; i++) {
      await store.commitTraffic('lab', traffic(i % 2 ? 'a' : 'b', `10.0.0.${i % 2 ? 1 : 2}`));
    }
    await store.commitTraffic('lab', traffic('a', '10.0.0.9', 5));
    const rows = await store.listHits('lab');
    expect(rows.map((r) => [r.pod, r.count, r.podIp]).sort()).toEqual([
      ['a', 30_005, '10.0.0.9'],
      ['b', 30_000, '10.0.0.2'],
    ]);
    store.close();
  });

  it('folds in the primary key’s order, each key’s counts exact and its pod IP the newest', async () => {
    (await openWithLab()).close();
    const raw = new Database(file);
    const journal = new HitJournal(raw);
    const row = (pod: string, podIp: string, count: number, entryNode = 'node01') => ({
      ...hit,
      pod,
      podIp,
      count,
      entryNode,
    });
    // Commits interleaving labs and keys, none in key order; a key's pod IP changes between them.
    const commits: LabHits[] = [
      [
        ['lab-b', row('z', '10.0.0.1', 1)],
        ['lab-a', row('y', '10.0.0.2', 2)],
        ['lab-b', row('a', '10.0.0.3', 1, 'node02')],
      ],
      [
        ['lab-a', row('y', '10.0.0.4', 3)],
        ['lab-b', row('z', '10.0.0.5', 4)],
        ['lab-b', row('a', '10.0.0.6', 1, 'node01')],
        ['lab-b', row('z', '10.0.0.7', 1)],
      ],
    ];
    for (const hits of commits) {
      journal.committed(raw.transaction(() => journal.append(hits))());
    }
    journal.land();
    // New rows take ascending rowids: their order is the order the fold upserted them.
    const rows = raw
      .prepare('SELECT lab_id, pod, entry_node, pod_ip, count FROM hits ORDER BY rowid')
      .raw()
      .all();
    expect(rows).toEqual([
      ['lab-a', 'y', 'node01', '10.0.0.4', 5],
      ['lab-b', 'a', 'node01', '10.0.0.6', 1],
      ['lab-b', 'a', 'node02', '10.0.0.3', 1],
      ['lab-b', 'z', 'node01', '10.0.0.7', 6],
    ]);
    expect(raw.prepare('SELECT count(*) FROM hit_journal').pluck().get()).toBe(0);
    raw.close();
  });

  it('folds rows a crash left in the journal before the first read', async () => {
    const store = await openWithLab();
    store.close();
    // What a process killed between a traffic commit and the next fold leaves behind.
    const raw = new Database(file);
    const journal = new HitJournal(raw);
    raw.transaction(() => journal.append([['lab', traffic('a', '10.0.0.1', 3).hits[0]!]]))();
    raw.close();
    const again = SqliteStore.open(file);
    expect((await again.listHits('lab')).map((r) => [r.pod, r.count])).toEqual([['a', 3]]);
    again.close();
  });
});
