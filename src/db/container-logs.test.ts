// The log rings in SQL, through both writers: the request route's prepared statements (traffic)
// and the drizzle statements of a commit (and of D1): a run keeps its newest 1,000 lines, a lab its
// newest 10,000, a start keeps only the runs it names, a deleted pod takes its logs along.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type WritePlan } from '../domain/lab/cluster-state';
import { LOG_BOUNDS, type ContainerLogWrite } from '../domain/kubelet/logs/container-log';
import { SqliteStore } from './sqlite';

let store: SqliteStore;
const labId = 'lab';

const plan = (base: number, extra: Partial<WritePlan> = {}): WritePlan => ({
  baseRevision: base,
  revision: base + 1,
  upserts: [],
  deletes: [],
  allocate: [],
  release: [],
  ...extra,
});

const run = (pod: string, id: string, lines: number, from = 0): ContainerLogWrite => ({
  namespace: 'default',
  pod,
  container: 'app',
  run: id,
  lines: Array.from({ length: lines }, (_, i) => ({ time: i, text: `${pod} ${from + i}` })),
});

const read = async (w: ContainerLogWrite) =>
  (await store.readContainerLog(labId, w, 0, 5000)).map((l) => l.text);

beforeEach(async () => {
  store = SqliteStore.open(':memory:');
  const record = { id: labId, name: labId, settings: DEFAULT_SETTINGS, createdAt: 'now' };
  await store.createLab(record, { ...plan(0), revision: 0 });
});
afterEach(() => store.close());

describe('container log rings', () => {
  it('trims a run and the lab on the request route', async () => {
    const writes = Array.from({ length: 11 }, (_, i) => run(`p${i}`, `r${i}`, 1000));
    const traffic = { hits: [], proxyState: [], connectionsUsed: 1 };
    for (const w of writes) await store.commitTraffic(labId, { ...traffic, logs: [w] });
    await store.commitTraffic(labId, {
      ...traffic,
      logs: [run('p10', 'r10', 5, 1000)],
      trimLogs: true,
    });
    const kept = await Promise.all(writes.map(read));
    expect(kept[10]).toHaveLength(LOG_BOUNDS.linesPerRun);
    expect(kept[10]!.at(-1)).toBe('p10 1004');
    expect(kept.flat()).toHaveLength(LOG_BOUNDS.linesPerLab);
    // The run lost its 5 oldest lines, then the lab its 1,000 oldest: the whole first run.
    expect(kept[0]).toEqual([]);
    expect(kept[1]![0]).toBe('p1 0');
    expect(kept[10]![0]).toBe('p10 5');
  });

  it('keeps the runs a start names, and deletes a deleted pod’s logs, in a commit', async () => {
    await store.commit(labId, plan(0, { logs: [run('web', 'r1', 3), run('other', 'o1', 2)] }));
    await store.commit(
      labId,
      plan(1, { logs: [{ ...run('web', 'r2', 1), keepRuns: ['r2', 'r1'] }] }),
    );
    expect(await read(run('web', 'r1', 0))).toEqual(['web 0', 'web 1', 'web 2']);
    await store.commit(
      labId,
      plan(2, { logs: [{ ...run('web', 'r3', 1), keepRuns: ['r3', 'r2'] }] }),
    );
    expect(await read(run('web', 'r1', 0))).toEqual([]);
    expect(await read(run('web', 'r2', 0))).toEqual(['web 0']);
    await store.commit(
      labId,
      plan(3, { deletes: [{ kind: 'Pod', namespace: 'default', name: 'web' }] }),
    );
    expect(await read(run('web', 'r3', 0))).toEqual([]);
    expect(await read(run('other', 'o1', 0))).toEqual(['other 0', 'other 1']);
    await store.deleteLab(labId);
    expect(await read(run('other', 'o1', 0))).toEqual([]);
  });

  it('trims a run written by a commit', async () => {
    await store.commit(labId, plan(0, { logs: [run('web', 'r1', 900)] }));
    await store.commit(labId, plan(1, { logs: [run('web', 'r1', 300, 900)] }));
    const lines = await read(run('web', 'r1', 0));
    // Whole rows go: the row holding the bound's oldest line keeps its older lines too.
    expect(lines.length).toBeGreaterThanOrEqual(LOG_BOUNDS.linesPerRun);
    expect(lines.length).toBeLessThan(LOG_BOUNDS.linesPerRun + LOG_BOUNDS.rowLines);
    expect(lines.slice(-LOG_BOUNDS.linesPerRun)[0]).toBe('web 200');
    expect(lines.at(-1)).toBe('web 1199');
  });

  it('buffers access lines: a burst stores its rings, a read or a close lands them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logs-'));
    const file = SqliteStore.open(join(dir, 'lab.db'));
    try {
      const record = { id: labId, name: labId, settings: DEFAULT_SETTINGS, createdAt: 'now' };
      await file.createLab(record, { ...plan(0), revision: 0 });
      const traffic = { hits: [], proxyState: [], connectionsUsed: 1 };
      // 3,000 requests of one line each, as the request route writes them.
      for (let i = 0; i < 3000; i++) {
        await file.commitTraffic(labId, { ...traffic, logs: [run('web', 'r1', 1, i)] });
      }
      const lines = (await file.readContainerLog(labId, run('web', 'r1', 0), 0, 5000)).map(
        (l) => l.text,
      );
      expect(lines).toHaveLength(LOG_BOUNDS.linesPerRun);
      expect([lines[0], lines.at(-1)]).toEqual(['web 2000', 'web 2999']);
      // Lines still in the buffer when the server stops are stored by close().
      await file.commitTraffic(labId, { ...traffic, logs: [run('web', 'r1', 1, 3000)] });
      file.close();
      const reopened = SqliteStore.open(join(dir, 'lab.db'));
      const after = await reopened.readContainerLog(labId, run('web', 'r1', 0), 0, 5000);
      reopened.close();
      expect(after.at(-1)?.text).toBe('web 3000');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
