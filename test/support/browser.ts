// The web page's end-to-end tests: Debian's chromium driven by playwright-core (never a downloaded
// browser), and a server the browser can reach. On Node: a fresh app on a fresh SQLite file,
// listening on a free port. On the Worker: the `wrangler dev` servers globalSetup started.
import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import supertest from 'supertest';
import { inject } from 'vitest';
import { buildNodeApp } from '../../src/node';
import { resendingDrops } from './proxy-drops';
import { testClock } from './test-clock';
import { PROJECT_ROOT } from './wrangler-dev';

export const CHROMIUM = '/usr/bin/chromium';

/** Flags for a closed network: no sandbox (root in CI), no GPU, nothing that phones home. */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

export interface PageServer {
  url: string;
  request: ReturnType<typeof supertest>;
  /** Set when the server runs with ADMIN_TOKEN. */
  adminToken: string | undefined;
  close(): Promise<void>;
}

const NODE_ADMIN_TOKEN = 'ui-test-admin-token-0123456789abcdef';

/** A server for the browser: open mode, or with ADMIN_TOKEN (`secured`). */
export async function startPageServer(secured = false): Promise<PageServer> {
  const workerUrl = inject(secured ? 'securedWorkerUrl' : 'workerUrl');
  if (workerUrl) {
    const adminToken = secured ? inject('workerAdminToken') : undefined;
    const request = resendingDrops(supertest(workerUrl));
    return { url: workerUrl, request, adminToken, close: async () => {} };
  }
  const dir = mkdtempSync(join(tmpdir(), 'nodeport-lab-ui-'));
  const adminToken = secured ? NODE_ADMIN_TOKEN : undefined;
  const { app, store } = await buildNodeApp(join(dir, 'lab.db'), testClock(), { adminToken });
  const server = await new Promise<Server>((done) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => done(s as Server));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    request: supertest(url),
    adminToken,
    close: () =>
      new Promise((done) => {
        server.close(() => {
          store.close();
          rmSync(dir, { recursive: true, force: true });
          done();
        });
        // Keep-alive connections from the browser would hold close() open.
        server.closeAllConnections();
      }),
  };
}

/** Where screenshots go (gitignored): test-artifacts/ui/<runtime>-<name>.png. */
export const ARTIFACTS = join(PROJECT_ROOT, 'test-artifacts/ui');

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const runtime = inject('workerUrl') ? 'worker' : 'node';
  const path = join(ARTIFACTS, `${runtime}-${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
