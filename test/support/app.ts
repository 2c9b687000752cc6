// A fresh app on a fresh SQLite file (real migrations) per test, driven through supertest.
import { createAdaptorServer } from '@hono/node-server';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import type { Clock } from '../../src/cluster/lab-cluster';
import { buildNodeApp } from '../../src/node';

export interface TestClock extends Clock {
  advance(seconds: number): void;
}

/** A clock that starts at a fixed instant and moves only when told. */
export function testClock(start = '2026-11-22T10:00:00Z'): TestClock {
  let t = Date.parse(start);
  return { now: () => new Date(t), advance: (s) => (t += s * 1000) };
}

export interface TestLab {
  request: ReturnType<typeof supertest>;
  clock: TestClock;
  dbPath: string;
  /** Closes the server and database, then reopens the same file (a restart). */
  restart(): Promise<TestLab>;
  close(): void;
}

export async function startLab(dbPath?: string, clock: TestClock = testClock()): Promise<TestLab> {
  const dir = dbPath ? undefined : mkdtempSync(join(tmpdir(), 'nodeport-lab-'));
  const path = dbPath ?? join(dir!, 'lab.db');
  const { app, store } = await buildNodeApp(path, clock);
  const server = createAdaptorServer({ fetch: app.fetch });
  const lab: TestLab = {
    request: supertest(server),
    clock,
    dbPath: path,
    async restart() {
      server.close();
      store.close();
      return startLab(path, clock);
    },
    close() {
      server.close();
      store.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
  return lab;
}

/** POSTs YAML to /manifests. */
export function apply(lab: TestLab, yaml: string, query = '') {
  return lab.request.post(`/manifests${query}`).set('Content-Type', 'application/yaml').send(yaml);
}
