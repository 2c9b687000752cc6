// Every tutorial in shared/seeds, applied through the API, checked against what the tutorial shows.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apply, startLab, type TestLab } from './support/app';

const example = (name: string) =>
  readFileSync(new URL(`../examples/${name}`, import.meta.url), 'utf8');

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(() => lab.close());

function inServiceRange(ip: string): boolean {
  const [a, b] = ip.split('.').map(Number);
  return a === 10 && b! >= 96 && b! <= 111;
}

describe('tutorial 1: nginx pod behind nodePort 31110', () => {
  it('creates the pod and the service, and lists them like kubectl get services', async () => {
    const pod = await apply(lab, example('nginx-pod.yaml')).set('Accept', 'text/plain');
    expect(pod.status).toBe(201);
    expect(pod.text).toBe('pod/nginx-pod created\n');
    const svc = await apply(lab, example('nginx-nodeport-service.yaml')).set(
      'Accept',
      'text/plain',
    );
    expect(svc.text).toBe('service/nginx-nodeport-service created\n');

    const got = await lab.request.get('/api/v1/namespaces/default/services/nginx-nodeport-service');
    expect(got.status).toBe(200);
    expect(got.body.spec.type).toBe('NodePort');
    expect(got.body.spec.ports).toEqual([
      { port: 80, protocol: 'TCP', targetPort: 80, nodePort: 31110 },
    ]);
    expect(inServiceRange(got.body.spec.clusterIP)).toBe(true);

    const table = await lab.request
      .get('/api/v1/namespaces/default/services')
      .set('Accept', 'text/plain');
    const lines = table.text.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^NAME\s{3,}TYPE\s{3,}CLUSTER-IP\s{3,}EXTERNAL-IP\s{3,}PORT\(S\)\s{3,}AGE$/,
    );
    expect(lines[1]).toMatch(/^kubernetes\s+ClusterIP\s+10\.96\.0\.1\s+<none>\s+443\/TCP\s+\S+$/);
    expect(lines[2]).toMatch(
      /^nginx-nodeport-service\s+NodePort\s+10\.\d+\.\d+\.\d+\s+<none>\s+80:31110\/TCP\s+\S+$/,
    );

    const ep = await lab.request.get('/api/v1/namespaces/default/endpoints/nginx-nodeport-service');
    const podBody = (await lab.request.get('/api/v1/namespaces/default/pods/nginx-pod')).body;
    expect(podBody.status.phase).toBe('Running');
    expect(ep.body.subsets).toEqual([
      {
        addresses: [
          expect.objectContaining({ ip: podBody.status.podIP, nodeName: podBody.spec.nodeName }),
        ],
        ports: [{ port: 80, protocol: 'TCP' }],
      },
    ]);
  });

  it('shows the nodes as kubectl get nodes -o wide', async () => {
    const res = await lab.request.get('/api/v1/nodes?output=wide').set('Accept', 'text/plain');
    const lines = res.text.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\s+INTERNAL-IP\s+EXTERNAL-IP\s+OS-IMAGE\s+KERNEL-VERSION\s+CONTAINER-RUNTIME$/,
    );
    expect(lines[1]).toMatch(
      /^controlplane\s+Ready\s+control-plane\s+\S+\s+v1\.\d+\.\d+\s+192\.168\.1\.2\s+<none>/,
    );
    expect(lines[2]).toMatch(/^node01\s+Ready\s+<none>\s+\S+\s+v1\.\d+\.\d+\s+192\.168\.1\.3\s+/);
    expect(lines[3]).toMatch(/^node02\s+Ready\s+<none>\s+\S+\s+v1\.\d+\.\d+\s+192\.168\.1\.4\s+/);
  });
});

describe('tutorial 2: frontend and backend pods behind nodePort 30007', () => {
  it('selects all three tier=frontend pods on node01 as endpoints', async () => {
    const res = await apply(lab, example('frontend-backend.yaml'));
    expect(res.status).toBe(201);
    expect(res.body.results.map((r: { action: string }) => r.action)).toEqual([
      'created',
      'created',
      'created',
      'created',
    ]);
    const pods = await lab.request.get(
      '/api/v1/namespaces/default/pods?labelSelector=tier=frontend',
    );
    expect(pods.body.items).toHaveLength(3);
    for (const p of pods.body.items) expect(p.spec.nodeName).toBe('node01');
    const ep = await lab.request.get('/api/v1/namespaces/default/endpoints/my-service-nodeport');
    expect(ep.body.subsets[0].addresses).toHaveLength(3);
    const table = await lab.request
      .get('/api/v1/namespaces/default/services/my-service-nodeport')
      .set('Accept', 'text/plain');
    expect(table.text).toMatch(/my-service-nodeport\s+NodePort\s+\S+\s+<none>\s+80:30007\/TCP/);
  });
});

describe('tutorial 3: echo deployment with a ConfigMap', () => {
  it('runs three replicas named like a ReplicaSet, spread over the workers', async () => {
    const res = await apply(lab, example('echo-nodeport.yaml')).set('Accept', 'text/plain');
    expect(res.text).toBe(
      'configmap/nginx-echo-config created\ndeployment.apps/nginx-echo-nodeport created\nservice/echo-nodeport-service created\n',
    );
    const pods = (
      await lab.request.get('/api/v1/namespaces/default/pods?labelSelector=app=echo-nodeport')
    ).body.items;
    expect(pods).toHaveLength(3);
    const rs = (await lab.request.get('/apis/apps/v1/namespaces/default/replicasets')).body.items;
    expect(rs).toHaveLength(1);
    const hash = rs[0].metadata.labels['pod-template-hash'];
    expect(rs[0].metadata.name).toBe(`nginx-echo-nodeport-${hash}`);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(
        new RegExp(`^nginx-echo-nodeport-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`),
      );
      expect(p.metadata.labels['pod-template-hash']).toBe(hash);
      expect(['node01', 'node02']).toContain(p.spec.nodeName);
    }
    const dep = (
      await lab.request.get('/apis/apps/v1/namespaces/default/deployments/nginx-echo-nodeport')
    ).body;
    expect(dep.status).toMatchObject({
      replicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      updatedReplicas: 3,
    });
    const ep = (await lab.request.get('/api/v1/namespaces/default/endpoints/echo-nodeport-service'))
      .body;
    expect(ep.subsets[0].addresses.map((a: { ip: string }) => a.ip).sort()).toEqual(
      pods.map((p: { status: { podIP: string } }) => p.status.podIP).sort(),
    );
  });

  it('is unchanged when applied again', async () => {
    await apply(lab, example('echo-nodeport.yaml'));
    const again = await apply(lab, example('echo-nodeport.yaml'));
    expect(again.status).toBe(200);
    expect(again.body.results.map((r: { action: string }) => r.action)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
  });
});

describe('tutorial 4: NodePort with externalIPs', () => {
  it('lists EXTERNAL-IP 1.2.3.110 and 80:30008/TCP', async () => {
    await apply(lab, example('myapp-deployment.yaml'));
    const res = await apply(lab, example('node-port-service.yaml')).set('Accept', 'text/plain');
    expect(res.text).toBe('service/node-port-service created\n');
    const table = await lab.request
      .get('/api/v1/namespaces/default/services')
      .set('Accept', 'text/plain');
    expect(table.text).toMatch(
      /\nnode-port-service\s+NodePort\s+10\.\d+\.\d+\.\d+\s+1\.2\.3\.110\s+80:30008\/TCP\s+\S+\n/,
    );
    const ep = (await lab.request.get('/api/v1/namespaces/default/endpoints/node-port-service'))
      .body;
    expect(ep.subsets[0].addresses).toHaveLength(3);
  });
});

describe('tutorial 5: common pitfalls', () => {
  it('rejects nodePort 80 with the API server message', async () => {
    const res = await apply(lab, example('pitfall-nodeport-80.yaml'));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      reason: 'Invalid',
      code: 422,
      message:
        'Service "my-nodeport-service" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    });
    expect(res.body.details.causes).toEqual([
      {
        reason: 'FieldValueInvalid',
        message:
          'Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
        field: 'spec.ports[0].nodePort',
      },
    ]);
    const list = await lab.request.get('/api/v1/namespaces/default/services');
    expect(list.body.items.map((s: { metadata: { name: string } }) => s.metadata.name)).toEqual([
      'kubernetes',
    ]);
  });

  it('accepts the corrected nodePort 31000', async () => {
    const res = await apply(lab, example('pitfall-nodeport-31000.yaml'));
    expect(res.status).toBe(201);
    expect(res.body.objects[0].spec.ports[0]).toMatchObject({
      port: 80,
      targetPort: 8080,
      nodePort: 31000,
    });
  });

  it('refuses the same nodePort for a second service', async () => {
    await apply(lab, example('nginx-nodeport-service.yaml'));
    const clash = example('nginx-nodeport-service.yaml').replace(
      'name: nginx-nodeport-service',
      'name: other',
    );
    const res = await apply(lab, clash);
    expect(res.status).toBe(422);
    expect(res.body.message).toBe(
      'Service "other" is invalid: spec.ports[0].nodePort: Invalid value: 31110: provided port is already allocated',
    );
  });
});
