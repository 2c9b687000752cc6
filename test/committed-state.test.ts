// After a write the server answers from the state it committed, not from a fresh read of every
// object (committed-state.ts); what it answers must be exactly what a restart reads back.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { LabCluster } from '../src/cluster/lab-cluster';
import { templateSetup } from '../src/cluster/lab-templates';
import { SqliteStore } from '../src/db/sqlite';
import { DEFAULT_SETTINGS } from '../src/domain/lab/cluster-state';
import { apply, nodeOnly, startLab, testClock, type TestLab } from './support/app';

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(() => lab.close());

const example = (name: string) =>
  readFileSync(new URL(`../examples/${name}`, import.meta.url), 'utf8');

const reads = [
  '/cluster',
  '/api/v1/pods',
  '/api/v1/services',
  '/api/v1/configmaps',
  '/api/v1/endpoints',
  '/api/v1/nodes',
  '/api/v1/namespaces',
  '/apis/apps/v1/deployments',
  '/apis/apps/v1/replicasets',
  '/apis/discovery.k8s.io/v1/endpointslices',
];

async function snapshot(): Promise<unknown[]> {
  const out = [];
  for (const path of reads) out.push((await lab.request.get(path)).body);
  out.push((await lab.request.get('/api/v1/pods').set('Accept', 'text/plain')).text);
  return out;
}

nodeOnly('restarts the server')(
  'answers the same after a series of writes as after a restart',
  async () => {
    await apply(lab, example('echo-nodeport.yaml'));
    await apply(lab, example('frontend-backend.yaml'));
    await apply(lab, 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a-team\n');
    await apply(
      lab,
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: a-team\n',
    );
    await lab.request
      .patch('/apis/apps/v1/namespaces/default/deployments/nginx-echo-nodeport/scale')
      .set('Content-Type', 'application/merge-patch+json')
      .send({ spec: { replicas: 1 } })
      .expect(200);
    await lab.request.delete('/api/v1/namespaces/default/services/kubernetes').expect(200);
    await lab.request.delete('/api/v1/namespaces/default/configmaps/nginx-echo-config').expect(200);
    const before = await snapshot();
    lab = await lab.restart();
    expect(await snapshot()).toEqual(before);
  },
);

nodeOnly('restarts the server')(
  'answers the same right after a lab is created from a template as after a restart',
  async () => {
    const created = await lab.request
      .post('/labs')
      .send({ template: 'echo-deployment' })
      .expect(201);
    const id = (created.body as { id: string }).id;
    const view = async () => {
      const out = [];
      for (const path of reads) out.push((await lab.request.get(path).set('X-Lab-Id', id)).body);
      return out;
    };
    const before = await view();
    lab = await lab.restart();
    expect(await view()).toEqual(before);
  },
);

it("keeps a created lab's state, so its first read or write does not load every object back", async () => {
  const store = SqliteStore.open(':memory:');
  try {
    const cluster = new LabCluster(store, testClock());
    const setup = templateSetup('echo-deployment');
    await cluster.createLab({
      id: 'l',
      name: 'l',
      settings: DEFAULT_SETTINGS,
      createdAt: '',
      setup,
    });
    const loads = vi.spyOn(store, 'loadState');
    const kept = await cluster.state('l');
    expect(loads).not.toHaveBeenCalled();
    loads.mockRestore();
    // What was kept is what the store holds.
    const stored = await new LabCluster(store, testClock()).state('l');
    expect(kept.objects.length).toBeGreaterThan(5);
    expect(kept.revision).toBe(stored.revision);
    expect(kept.objects).toEqual(stored.objects);
    expect(kept.allocations).toEqual(stored.allocations);
  } finally {
    store.close();
  }
});
