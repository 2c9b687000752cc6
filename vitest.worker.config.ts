// The HTTP suite in test/ against the Worker: the same files, sent to `wrangler dev` (workerd and a
// local D1 migrated by wrangler). Node-only tests skip themselves through `nodeOnly` (test/support).
import { defineConfig } from 'vitest/config';

/** Whole files that cannot run on the Worker, each with its reason. */
const NODE_ONLY_FILES: Record<string, string> = {
  'test/persistence.test.ts':
    'restarts the Node app on the same SQLite file (lab.restart, lab.dbPath); the Worker keeps no process to restart',
};

for (const [file, reason] of Object.entries(NODE_ONLY_FILES)) {
  console.log(`worker run leaves out ${file}: ${reason}`);
}

export default defineConfig({
  test: {
    name: 'worker',
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...Object.keys(NODE_ONLY_FILES)],
    globalSetup: ['test/support/worker-global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
