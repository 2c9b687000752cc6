// Shared by the kubectl-tutorial-*.test.ts and kubectl-beyond-tutorials.test.ts files: one lab
// server per file for the real kubectl binary, its minor version, and the shapes of ages and IPs.
import { afterAll, beforeAll } from 'vitest';
import { requireKubectl, startServer, type LabServer, kubectlScenarios } from '../kubectl-harness';

export let server: LabServer;
/** kubectl's minor version: before 1.25 it validates fields itself, against /openapi/v2. */
export let clientMinor: number;

export const AGE = /^\d+(s|m\d*s?)$/;
export const CLUSTER_IP = /^10\.(9[6-9]|10\d|11[01])\.\d+\.\d+$/;
export const POD_IP = /^10\.244\.[12]\.\d+$/;

export const scenario = kubectlScenarios(() => server);

/** One server for all tests of the calling file, in `server`; needs kubectl (never skips). */
export function useKubectlServer(): void {
  beforeAll(async () => {
    clientMinor = await requireKubectl();
    server = await startServer();
  }, 60_000);
  afterAll(() => server?.close());
}
