// Vitest globalSetup for the Worker run: a fresh local D1, migrated by wrangler like production,
// and one `wrangler dev` for all test files; each test isolates itself in a lab of its own.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildUi } from '../../scripts/build-ui';
import { generateLessons } from '../../scripts/generate-lessons';
import { TEST_CLOCK_START } from './test-clock';
import { DEV_LOG, runWrangler, startWranglerDev } from './wrangler-dev';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the Worker under test; unset on the Node run. */
    workerUrl: string | undefined;
    /** The same Worker with ADMIN_TOKEN set (auth, labs and grading tests); unset on Node. */
    securedWorkerUrl: string | undefined;
    workerAdminToken: string | undefined;
  }
}

/** The secured Worker's admin token (a test value; `--var` takes it as is, so no colons). */
const ADMIN_TOKEN = `worker-test-admin-${Date.now().toString(36)}`;

export default async function setup(project: TestProject) {
  // The Worker bundles the lessons compiled from lessons/ (scripts/generate-lessons.ts).
  await generateLessons();
  // The Worker serves the web page's client as static assets (wrangler.toml [assets]).
  await buildUi();
  const persistTo = mkdtempSync(join(tmpdir(), 'nodeport-lab-d1-'));
  await runWrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo]);
  // The secured Worker gets a database of its own, a copy of the freshly migrated one.
  const securedPersistTo = `${persistTo}-secured`;
  cpSync(persistTo, securedPersistTo, { recursive: true });
  // The Worker's wall clock stands still at the test clock's start, so ages and timestamps match
  // Node's; a test moves its own lab's clock with POST /cluster/clock (see app.ts).
  const vars = { CLOCK_FROZEN_AT: TEST_CLOCK_START };
  const [server, secured] = await Promise.all([
    startWranglerDev(persistTo, vars),
    startWranglerDev(
      securedPersistTo,
      { ...vars, ADMIN_TOKEN },
      {
        log: DEV_LOG.replace(/\.log$/, '-secured.log'),
      },
    ),
  ]);
  project.provide('workerUrl', server.url);
  project.provide('securedWorkerUrl', secured.url);
  project.provide('workerAdminToken', ADMIN_TOKEN);
  return async () => {
    await Promise.all([server.stop(), secured.stop()]);
    rmSync(persistTo, { recursive: true, force: true });
    rmSync(securedPersistTo, { recursive: true, force: true });
  };
}
