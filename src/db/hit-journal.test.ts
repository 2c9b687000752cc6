// Node's hits journal behind SqliteStore: counts appended per commit read back summed per pod,
// past the fold that 50,000 waiting counts start, with the newest pod IP, and rows a crash left
// in the journal are folded before the first read after opening the file again.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../domain/lab/cluster-state';
import { HitJournal } from './hit-journal';
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
