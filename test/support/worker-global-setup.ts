// Vitest globalSetup for the Worker run: a fresh local D1, migrated by wrangler like production,
// and one `wrangler dev` for all test files; each test isolates itself in a lab of its own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { TEST_CLOCK_START } from './test-clock';
import { runWrangler, startWranglerDev } from './wrangler-dev';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the Worker under test; unset on the Node run. */
    workerUrl: string | undefined;
  }
}

export default async function setup(project: TestProject) {
  const persistTo = mkdtempSync(join(tmpdir(), 'nodeport-lab-d1-'));
  await runWrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo]);
  // The Worker's wall clock stands still at the test clock's start, so ages and timestamps match
  // Node's; a test moves its own lab's clock with POST /cluster/clock (see app.ts).
  const server = await startWranglerDev(persistTo, { CLOCK_FROZEN_AT: TEST_CLOCK_START });
  project.provide('workerUrl', server.url);
  return async () => {
    await server.stop();
    rmSync(persistTo, { recursive: true, force: true });
  };
}
