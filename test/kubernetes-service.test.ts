// kube-apiserver's kubernetesservice controller recreates a deleted `kubernetes` Service with
// 10.96.0.1; the lab does it with the very write that deletes it (see bootstrap.ts).
import { afterEach, beforeEach, expect, it } from 'vitest';
import { apply, startLab, type TestLab } from './support/app';

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(() => lab.close());

const path = '/api/v1/namespaces/default/services/kubernetes';

it('comes back with 10.96.0.1 after it is deleted', async () => {
  const before = (await lab.request.get(path)).body;
  const deleted = await lab.request.delete(path);
  expect(deleted.status).toBe(200);
  const after = await lab.request.get(path);
  expect(after.status).toBe(200);
  expect(after.body.metadata.uid).not.toBe(before.metadata.uid);
  expect(after.body.metadata.labels).toEqual({ component: 'apiserver', provider: 'kubernetes' });
  expect(after.body.spec).toMatchObject({
    clusterIP: '10.96.0.1',
    clusterIPs: ['10.96.0.1'],
    type: 'ClusterIP',
    ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
  });
  const endpoints = await lab.request.get('/api/v1/namespaces/default/endpoints/kubernetes');
  expect(endpoints.status).toBe(200);
});

it('keeps 10.96.0.1 through the deletion: no other Service can take it meanwhile', async () => {
  const taker = `apiVersion: v1
kind: Service
metadata:
  name: taker
spec:
  clusterIP: 10.96.0.1
  ports: [{port: 80}]
`;
  expect((await lab.request.delete(path)).status).toBe(200);
  const refused = await apply(lab, taker);
  expect(refused.status).toBe(422);
  expect(refused.text).toContain('provided IP is already allocated');
  expect((await lab.request.get(path)).body.spec.clusterIP).toBe('10.96.0.1');
});
