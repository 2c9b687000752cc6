// Shared by the resources-*.test.ts files: a fresh lab per test, the refusal tables of
// test/golden/cases/resources.yaml, and helpers reading pods and endpoints.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, expect } from 'vitest';
import { parse } from 'yaml';
import { startLab, type TestLab } from './app';
import { DEPLOYMENTS, deployment, service, SERVICES } from './manifests';

export let lab: TestLab;

/** The refusal tables of test/golden/cases/resources.yaml. */
export const CASES = parse(
  readFileSync(new URL('../golden/cases/resources.yaml', import.meta.url), 'utf8'),
) as {
  notFound: { name: string; path: string; message: string; details: object }[];
  readOnly: {
    name: string;
    method: 'post' | 'delete';
    path: string;
    body?: object;
    message: string;
  }[];
  unknownPaths: { name: string; path: string }[];
};

export interface PodBody {
  metadata: { name: string; labels: Record<string, string> };
  spec: { nodeName: string };
  status: { podIP: string; phase: string };
}

export async function podsOf(app: string, ns = 'default'): Promise<PodBody[]> {
  const res = await lab.request.get(`/api/v1/namespaces/${ns}/pods?labelSelector=app=${app}`);
  expect(res.status).toBe(200);
  return res.body.items as PodBody[];
}

export async function endpointIPs(name: string, ns = 'default'): Promise<string[]> {
  const res = await lab.request.get(`/api/v1/namespaces/${ns}/endpoints/${name}`);
  expect(res.status).toBe(200);
  const subsets = (res.body.subsets ?? []) as { addresses?: { ip: string }[] }[];
  return subsets.flatMap((s) => (s.addresses ?? []).map((a) => a.ip)).sort();
}

/** Deployment `web` (app=web pods) and a NodePort service selecting them. */
export async function webApp(replicas = 3) {
  await lab.request.post(DEPLOYMENTS).send(deployment('web', replicas)).expect(201);
  await lab.request
    .post(SERVICES)
    .send(service('web', { type: 'NodePort' }))
    .expect(201);
}

/** A fresh lab for every test of the calling file, in `lab`. */
export function useResourcesLab(): void {
  beforeEach(async () => {
    lab = await startLab();
  });
  afterEach(() => lab.close());
}
