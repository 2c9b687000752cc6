// Shared by the kubernetes-api-*.test.ts files: a fresh lab per test and the Accept headers real
// Kubernetes clients send for aggregated discovery and server-side Tables.
import { afterEach, beforeEach } from 'vitest';
import { startLab, type TestLab } from './app';

export let lab: TestLab;

export const AGGREGATED = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
export const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A fresh lab for every test of the calling file, in `lab`. */
export function useKubernetesApiLab(): void {
  beforeEach(async () => {
    lab = await startLab();
  });
  afterEach(() => lab.close());
}
