// A server with ADMIN_TOKEN set, for the labs, tokens and grading tests. On Node: a fresh app on a
// fresh SQLite file per call. On the Worker: the second `wrangler dev` that globalSetup started with
// `--var ADMIN_TOKEN:...`, shared by every test (tests isolate themselves in labs of their own).
import { createAdaptorServer } from '@hono/node-server';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import { resendingDrops } from './proxy-drops';
import { expect, inject } from 'vitest';
import { buildNodeApp } from '../../src/node';
import { testClock, type TestClock } from './test-clock';

/** The admin token of the Node servers these tests start (the Worker's comes from globalSetup). */
const NODE_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface SecuredServer {
  /** Plain supertest: no header is set for you. */
  request: ReturnType<typeof supertest>;
  adminToken: string;
  /** Wall time of the server (Node only: the Worker's clock is frozen). */
  clock: TestClock;
  /** The SQLite file on Node; undefined on the Worker. */
  dbPath: string | undefined;
  close(): void;
}

export async function startSecuredServer(clock: TestClock = testClock()): Promise<SecuredServer> {
  const url = inject('securedWorkerUrl');
  if (url) {
    const adminToken = inject('workerAdminToken') ?? '';
    const request = resendingDrops(supertest(url));
    return { request, adminToken, clock, dbPath: undefined, close() {} };
  }
  const dir = mkdtempSync(join(tmpdir(), 'nodeport-lab-secured-'));
  const dbPath = join(dir, 'lab.db');
  const { app, store } = await buildNodeApp(dbPath, clock, { adminToken: NODE_ADMIN_TOKEN });
  const server = createAdaptorServer({ fetch: app.fetch });
  return {
    request: supertest(server),
    adminToken: NODE_ADMIN_TOKEN,
    clock,
    dbPath,
    close() {
      server.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface CreatedLab {
  id: string;
  token: string;
  body: Record<string, unknown>;
}

/** POST /labs as the admin; fails the test unless it answers 201. */
export async function createLab(
  server: SecuredServer,
  options: Record<string, unknown> = {},
): Promise<CreatedLab> {
  const res = await server.request
    .post('/labs')
    .set('Authorization', `Bearer ${server.adminToken}`)
    .send(options);
  expect(res.status, res.text).toBe(201);
  return { id: res.body.id, token: res.body.token, body: res.body };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
