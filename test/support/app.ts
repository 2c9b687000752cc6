// A fresh lab per test, driven through supertest. On Node (vitest.config.ts): a fresh app on a fresh
// SQLite file with the real migrations. On the Worker (vitest.worker.config.ts): a new lab, made by
// POST /labs, in the `wrangler dev` that globalSetup started, picked by X-Lab-Id on every request.
import { createAdaptorServer, type ServerType } from '@hono/node-server';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import { inject, it, type TestFunction } from 'vitest';
import { buildNodeApp } from '../../src/node';
import { eachRequest } from './each-request';
import { resendingDrops } from './proxy-drops';
import { TEST_CLOCK_START, testClock, type TestClock } from './test-clock';

export { testClock, type TestClock } from './test-clock';

const workerUrl = inject('workerUrl');

/** Which runtime this test run drives. */
export const target: 'node' | 'worker' = workerUrl ? 'worker' : 'node';

export interface TestLab {
  request: ReturnType<typeof supertest>;
  /** On the Worker, `advance` moves this lab's clock with POST /cluster/clock. */
  clock: TestClock;
  /** The SQLite file on Node; on the Worker a path in a folder that does not exist. */
  dbPath: string;
  /** Closes the server and database, then reopens the same file (a restart). Node only. */
  restart(): Promise<TestLab>;
  close(): void;
  /** The Node server behind `request`, for tests that need real sockets. Node only. */
  server?: ServerType;
  /** The Worker lab's id (requests name it in X-Lab-Id). Worker only. */
  labId?: string;
}

export async function startLab(dbPath?: string, clock: TestClock = testClock()): Promise<TestLab> {
  if (workerUrl) return startWorkerLab(workerUrl, dbPath, clock);
  const dir = dbPath ? undefined : mkdtempSync(join(tmpdir(), 'nodeport-lab-'));
  const path = dbPath ?? join(dir!, 'lab.db');
  const { app, store, serveUpgrades } = await buildNodeApp(path, clock);
  const server = createAdaptorServer({ fetch: app.fetch });
  serveUpgrades(server);
  const lab: TestLab = {
    server,
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

const nodeOnlyHint = 'mark the test with nodeOnly(reason) from test/support/app';

async function startWorkerLab(
  url: string,
  dbPath: string | undefined,
  clock: TestClock,
): Promise<TestLab> {
  if (dbPath) throw new Error(`the Worker has no database file to reopen; ${nodeOnlyHint}`);
  if (clock.now().getTime() !== Date.parse(TEST_CLOCK_START)) {
    throw new Error(`the Worker's clock starts at ${TEST_CLOCK_START} only; ${nodeOnlyHint}`);
  }
  // Seed 1, the default lab's: a lab's own seed is random unless named, and tests compare values.
  const created = await resendingDrops(supertest(url)).post('/labs').send({ seed: 1 });
  if (created.status !== 201) {
    throw new Error(`POST /labs on the Worker answered ${created.status}: ${created.text}`);
  }
  const labId = (created.body as { id: string }).id;
  // Every request from this agent acts in the new lab unless a test sets X-Lab-Id itself.
  const agent = resendingDrops(supertest.agent(url).set('X-Lab-Id', labId));
  const clockMoves = followClock(clock, url, labId);
  return {
    labId,
    request: holdRequestsUntil(agent, clockMoves),
    clock,
    // Never '' (dirname would be '.', and a test removing that folder would remove the project).
    dbPath: join(tmpdir(), `nodeport-lab-worker-${labId}`, 'no-database-file'),
    restart: () => Promise.reject(new Error(`the Worker cannot be restarted; ${nodeOnlyHint}`)),
    // The lab stays in the run's D1, which globalSetup deletes at the end.
    close() {},
  };
}

/**
 * The Worker's wall clock is frozen (CLOCK_FROZEN_AT), so a test clock's `advance` becomes
 * POST /cluster/clock on the test's lab. Returns the promise that settles once every move so far
 * has landed; requests wait for it, so `clock.advance(n)` then a request behaves as on Node.
 */
function followClock(clock: TestClock, url: string, labId: string): () => Promise<unknown> {
  let landed: Promise<unknown> = Promise.resolve();
  const advanceLocal = clock.advance.bind(clock);
  clock.advance = (seconds: number) => {
    advanceLocal(seconds);
    landed = landed.then(() =>
      resendingDrops(supertest(url))
        .post('/cluster/clock')
        .set('X-Lab-Id', labId)
        .send({ advanceSeconds: seconds })
        .expect(200),
    );
  };
  return () => landed;
}

type Agent = ReturnType<typeof supertest>;

/** The agent, with each request's sending deferred until `ready()` settles. */
function holdRequestsUntil(agent: Agent, ready: () => Promise<unknown>): Agent {
  return eachRequest(agent, (test) => {
    const end = test.end.bind(test);
    test.end = (callback) => {
      ready().then(
        () => end(callback),
        (e: unknown) => callback?.(e, undefined as never),
      );
      return test;
    };
    return test;
  });
}

/**
 * `it` for a test that cannot run on the Worker (it restarts the server or starts the clock
 * elsewhere): skipped there, with `reason` in its name so every report says why.
 */
export function nodeOnly(reason: string) {
  return (name: string, fn: TestFunction) =>
    target === 'worker' ? it.skip(`${name} [Node only: ${reason}]`, fn) : it(name, fn);
}

/** POSTs YAML to /manifests. */
export function apply(lab: TestLab, yaml: string, query = '') {
  return lab.request.post(`/manifests${query}`).set('Content-Type', 'application/yaml').send(yaml);
}

/**
 * Sends each raw HTTP/1.1 request text on its own connection, all opened and accepted first and
 * then written in one go, so the requests reach the server in the same turn of its event loop;
 * answers the JSON bodies. Node only.
 */
export async function rawRequests(lab: TestLab, requests: string[]) {
  const server = lab.server;
  if (!server) throw new Error(`rawRequests needs a Node server; ${nodeOnlyHint}`);
  if (!server.listening) await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const sockets = await Promise.all(
    requests.map(
      () =>
        new Promise<Socket>((resolve, reject) => {
          const socket = connect(port, '127.0.0.1', () => resolve(socket));
          socket.on('error', reject);
        }),
    ),
  );
  const accepted = () => new Promise<number>((r) => server.getConnections((_e, n) => r(n)));
  while ((await accepted()) < requests.length) await new Promise((r) => setTimeout(r, 5));
  const answers = sockets.map(
    (socket) =>
      new Promise<string>((resolve) => {
        let text = '';
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => (text += chunk));
        socket.on('end', () => resolve(text));
      }),
  );
  requests.forEach((request, i) => sockets[i]?.write(request));
  return (await Promise.all(answers)).map((text) => {
    const body = text.slice(text.indexOf('\r\n\r\n') + 4);
    return JSON.parse(body) as Record<string, unknown>;
  });
}

/** GETs `path` on `count` connections at once (see rawRequests). Node only. */
export function requestsTogether(lab: TestLab, path: string, count: number) {
  const request = `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`;
  return rawRequests(
    lab,
    Array.from({ length: count }, () => request),
  ) as Promise<{ pod: { name: string } }[]>;
}
