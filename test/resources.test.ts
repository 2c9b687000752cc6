// The Kubernetes resource paths: verbs, subresources, controllers keeping state consistent,
// namespaces, label selectors, kubectl tables (test/golden/tables/), and the Status of every refusal.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startLab, type TestLab } from './support/app';
import { expectGolden } from './support/golden';
import {
  CONFIGMAPS,
  configMap,
  DEPLOYMENTS,
  deployment,
  expectStatus,
  names,
  pod,
  PODS,
  service,
  SERVICES,
} from './support/manifests';

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(() => lab.close());

/** The refusal tables of test/golden/cases/resources.yaml. */
const CASES = parse(
  readFileSync(new URL('golden/cases/resources.yaml', import.meta.url), 'utf8'),
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

interface PodBody {
  metadata: { name: string; labels: Record<string, string> };
  spec: { nodeName: string };
  status: { podIP: string; phase: string };
}

async function podsOf(app: string, ns = 'default'): Promise<PodBody[]> {
  const res = await lab.request.get(`/api/v1/namespaces/${ns}/pods?labelSelector=app=${app}`);
  expect(res.status).toBe(200);
  return res.body.items as PodBody[];
}

async function endpointIPs(name: string, ns = 'default'): Promise<string[]> {
  const res = await lab.request.get(`/api/v1/namespaces/${ns}/endpoints/${name}`);
  expect(res.status).toBe(200);
  const subsets = (res.body.subsets ?? []) as { addresses?: { ip: string }[] }[];
  return subsets.flatMap((s) => (s.addresses ?? []).map((a) => a.ip)).sort();
}

/** Deployment `web` (app=web pods) and a NodePort service selecting them. */
async function webApp(replicas = 3) {
  await lab.request.post(DEPLOYMENTS).send(deployment('web', replicas)).expect(201);
  await lab.request
    .post(SERVICES)
    .send(service('web', { type: 'NodePort' }))
    .expect(201);
}

describe('create, get, replace, patch, delete', () => {
  const kinds = [
    {
      name: 'service',
      path: SERVICES,
      object: service('x'),
      message: 'services "x" already exists',
      details: { name: 'x', kind: 'services' },
    },
    {
      name: 'pod',
      path: PODS,
      object: pod('x'),
      message: 'pods "x" already exists',
      details: { name: 'x', kind: 'pods' },
    },
    {
      name: 'configmap',
      path: CONFIGMAPS,
      object: configMap('x'),
      message: 'configmaps "x" already exists',
      details: { name: 'x', kind: 'configmaps' },
    },
    {
      name: 'deployment',
      path: DEPLOYMENTS,
      object: deployment('x', 1),
      message: 'deployments.apps "x" already exists',
      details: { name: 'x', group: 'apps', kind: 'deployments' },
    },
  ];

  it.each(kinds)('creates a $name with 201, then answers 409 AlreadyExists', async (k) => {
    const first = await lab.request.post(k.path).send(k.object);
    expect(first.status).toBe(201);
    expect(first.body.metadata).toMatchObject({ name: 'x', namespace: 'default' });
    const second = await lab.request.post(k.path).send(k.object);
    expectStatus(second, 409, 'AlreadyExists', k.message);
    expect(second.body.details).toEqual(k.details);
    const got = await lab.request.get(`${k.path}/x`);
    expect(got.body).toEqual(first.body);
  });

  it.each(CASES.notFound)('answers 404 NotFound for a missing $name', async (c) => {
    const res = await lab.request.get(c.path);
    expectStatus(res, 404, 'NotFound', c.message);
    expect(res.body.details).toEqual(c.details);
  });

  it('answers 404 for DELETE, PUT and PATCH of a missing object', async () => {
    expectStatus(await lab.request.delete(`${PODS}/x`), 404, 'NotFound', 'pods "x" not found');
    expectStatus(
      await lab.request.put(`${PODS}/x`).send(pod('x')),
      404,
      'NotFound',
      'pods "x" not found',
    );
    const patch = await lab.request
      .patch(`${PODS}/x`)
      .set('Content-Type', 'application/merge-patch+json')
      .send(JSON.stringify({ metadata: { labels: { a: 'b' } } }));
    expectStatus(patch, 404, 'NotFound', 'pods "x" not found');
  });

  it('replaces with PUT and refuses a stale resourceVersion with 409 Conflict', async () => {
    const created = (await lab.request.post(CONFIGMAPS).send(configMap('x'))).body;
    const updated = await lab.request
      .put(`${CONFIGMAPS}/x`)
      .send({ ...created, data: { a: 'changed' } });
    expect(updated.status).toBe(200);
    expect(updated.body.data).toEqual({ a: 'changed' });
    expect(updated.body.metadata.uid).toBe(created.metadata.uid);
    expect(updated.body.metadata.creationTimestamp).toBe(created.metadata.creationTimestamp);
    expect(Number(updated.body.metadata.resourceVersion)).toBeGreaterThan(
      Number(created.metadata.resourceVersion),
    );
    const stale = await lab.request
      .put(`${CONFIGMAPS}/x`)
      .send({ ...created, data: { a: 'late' } });
    expectStatus(
      stale,
      409,
      'Conflict',
      'Operation cannot be fulfilled on configmaps "x": the object has been modified; please apply your changes to the latest version and try again',
    );
    expect((await lab.request.get(`${CONFIGMAPS}/x`)).body.data).toEqual({ a: 'changed' });
  });

  it('refuses a PUT whose name differs from the URL', async () => {
    await lab.request.post(CONFIGMAPS).send(configMap('x')).expect(201);
    const res = await lab.request.put(`${CONFIGMAPS}/x`).send(configMap('y'));
    expectStatus(
      res,
      400,
      'BadRequest',
      'the name of the object (y) does not match the name on the URL (x)',
    );
  });

  it('merge-patches a service’s labels and keeps its allocations', async () => {
    const created = (await lab.request.post(SERVICES).send(service('web', { type: 'NodePort' })))
      .body;
    const res = await lab.request
      .patch(`${SERVICES}/web`)
      .set('Content-Type', 'application/merge-patch+json')
      .send(JSON.stringify({ metadata: { labels: { tier: 'frontend' } } }));
    expect(res.status).toBe(200);
    expect(res.body.metadata.labels).toEqual({ tier: 'frontend' });
    expect(res.body.spec.clusterIP).toBe(created.spec.clusterIP);
    expect(res.body.spec.ports).toEqual(created.spec.ports);
    const removed = await lab.request
      .patch(`${SERVICES}/web`)
      .set('Content-Type', 'application/merge-patch+json')
      .send(JSON.stringify({ metadata: { labels: { tier: null } } }));
    expect(removed.body.metadata.labels ?? {}).toEqual({});
  });

  it('merge-patches a deployment’s replicas and the pods and endpoints follow', async () => {
    await webApp(3);
    const res = await lab.request
      .patch(`${DEPLOYMENTS}/web`)
      .set('Content-Type', 'application/merge-patch+json')
      .send(JSON.stringify({ spec: { replicas: 5 } }));
    expect(res.status).toBe(200);
    expect(res.body.spec.replicas).toBe(5);
    const pods = await podsOf('web');
    expect(pods).toHaveLength(5);
    expect(await endpointIPs('web')).toEqual(pods.map((p) => p.status.podIP).sort());
  });

  it('answers a validation error from a merge patch with 422', async () => {
    await lab.request.post(SERVICES).send(service('web')).expect(201);
    const res = await lab.request
      .patch(`${SERVICES}/web`)
      .set('Content-Type', 'application/merge-patch+json')
      .send(JSON.stringify({ spec: { sessionAffinity: 'X' } }));
    expectStatus(
      res,
      422,
      'Invalid',
      'Service "web" is invalid: spec.sessionAffinity: Unsupported value: "X": supported values: "ClientIP", "None"',
    );
  });

  it('deletes a configmap and answers a Status of success, as its registry does', async () => {
    const created = (await lab.request.post(CONFIGMAPS).send(configMap('x'))).body;
    const res = await lab.request.delete(`${CONFIGMAPS}/x`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name: 'x', kind: 'configmaps', uid: created.metadata.uid },
    });
    expect((await lab.request.get(`${CONFIGMAPS}/x`)).status).toBe(404);
  });
});

describe('deployments, replica sets and pods', () => {
  it('serves the scale subresource: GET, PUT and PATCH, with endpoints following', async () => {
    await webApp(3);
    const scalePath = `${DEPLOYMENTS}/web/scale`;
    const got = await lab.request.get(scalePath);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name: 'web', namespace: 'default' },
      spec: { replicas: 3 },
      status: { replicas: 3, selector: 'app=web' },
    });

    const put = await lab.request.put(scalePath).send({ ...got.body, spec: { replicas: 1 } });
    expect(put.status).toBe(200);
    expect(put.body.spec.replicas).toBe(1);
    expect(await endpointIPs('web')).toHaveLength(1);
    // The two surplus pods terminate for their 30 s grace period first.
    expect(await podsOf('web')).toHaveLength(3);
    lab.clock.advance(30);
    expect(await podsOf('web')).toHaveLength(1);
    expect(await endpointIPs('web')).toHaveLength(1);

    const patch = await lab.request
      .patch(scalePath)
      .set('Content-Type', 'application/merge-patch+json')
      .send(JSON.stringify({ spec: { replicas: 4 } }));
    expect(patch.status).toBe(200);
    expect(patch.body).toMatchObject({ spec: { replicas: 4 }, status: { replicas: 4 } });
    const pods = await podsOf('web');
    expect(pods).toHaveLength(4);
    expect(await endpointIPs('web')).toEqual(pods.map((p) => p.status.podIP).sort());

    const zero = await lab.request.put(scalePath).send({ spec: { replicas: 0 } });
    expect(zero.status).toBe(200);
    lab.clock.advance(30);
    expect(await podsOf('web')).toHaveLength(0);
    const ep = await lab.request.get('/api/v1/namespaces/default/endpoints/web');
    expect(ep.body.subsets ?? []).toEqual([]);
  });

  it('refuses a negative scale with 422 and a missing deployment with 404', async () => {
    await webApp(1);
    const neg = await lab.request.put(`${DEPLOYMENTS}/web/scale`).send({ spec: { replicas: -1 } });
    expectStatus(
      neg,
      422,
      'Invalid',
      'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
    const missing = await lab.request.get(`${DEPLOYMENTS}/nope/scale`);
    expectStatus(missing, 404, 'NotFound', 'deployments.apps "nope" not found');
  });

  it('replaces a deleted managed pod with a new one of a new name', async () => {
    await webApp(3);
    const before = await podsOf('web');
    const victim = before[0]!;
    const del = await lab.request.delete(`${PODS}/${victim.metadata.name}?gracePeriodSeconds=0`);
    expect(del.status).toBe(200);
    const after = await podsOf('web');
    expect(after).toHaveLength(3);
    const afterNames = after.map((p) => p.metadata.name);
    expect(afterNames).not.toContain(victim.metadata.name);
    const hash = victim.metadata.labels['pod-template-hash'];
    for (const n of afterNames)
      expect(n).toMatch(new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
    expect(await endpointIPs('web')).toEqual(after.map((p) => p.status.podIP).sort());
    for (const p of after) expect(p.status.phase).toBe('Running');
  });

  it('removes the replica set and pods with the deployment', async () => {
    await webApp(3);
    expect(
      (await lab.request.get('/apis/apps/v1/namespaces/default/replicasets')).body.items,
    ).toHaveLength(1);
    const del = await lab.request.delete(`${DEPLOYMENTS}/web`);
    expect(del.status).toBe(200);
    expect(del.body).toMatchObject({
      kind: 'Status',
      status: 'Success',
      details: { name: 'web', group: 'apps', kind: 'deployments' },
    });
    expect(
      (await lab.request.get('/apis/apps/v1/namespaces/default/replicasets')).body.items,
    ).toEqual([]);
    // The garbage collector deletes the pods gracefully: Terminating, out of the endpoints.
    expect(await podsOf('web')).toHaveLength(3);
    expect(await endpointIPs('web')).toEqual([]);
    lab.clock.advance(30);
    expect(await podsOf('web')).toEqual([]);
  });

  it('rolls the pods to a new replica set when the template changes', async () => {
    await webApp(2);
    const dep = (await lab.request.get(`${DEPLOYMENTS}/web`)).body;
    dep.spec.template.spec.containers[0].image = 'nginx:1.27';
    const res = await lab.request.put(`${DEPLOYMENTS}/web`).send(dep);
    expect(res.status).toBe(200);
    const rs = (await lab.request.get('/apis/apps/v1/namespaces/default/replicasets')).body.items;
    expect(rs).toHaveLength(2);
    lab.clock.advance(30);
    const pods = await podsOf('web');
    expect(pods).toHaveLength(2);
    const current = rs.find((r: { spec: { replicas: number } }) => r.spec.replicas === 2);
    for (const p of pods)
      expect(p.metadata.name.startsWith(`${current.metadata.name}-`)).toBe(true);
  });

  it('refuses a changed deployment selector as immutable', async () => {
    await webApp(1);
    const dep = (await lab.request.get(`${DEPLOYMENTS}/web`)).body;
    dep.spec.selector = { matchLabels: { app: 'web', tier: 'x' } };
    dep.spec.template.metadata.labels = { app: 'web', tier: 'x' };
    const res = await lab.request.put(`${DEPLOYMENTS}/web`).send(dep);
    expectStatus(
      res,
      422,
      'Invalid',
      'Deployment.apps "web" is invalid: spec.selector: Invalid value: {"matchLabels":{"app":"web","tier":"x"}}: field is immutable',
    );
  });

  it('caps a runaway replica count at the lab’s pod quota and reports ReplicaFailure', async () => {
    const started = Date.now();
    const res = await lab.request.post(DEPLOYMENTS).send(deployment('huge', 100000));
    expect(res.status).toBe(201);
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await lab.request.get('/api/v1/pods')).body.items).toHaveLength(200);
    const rs = (await lab.request.get('/apis/apps/v1/namespaces/default/replicasets')).body
      .items[0];
    expect(rs.status.replicas).toBe(200);
    expect(rs.status.conditions).toEqual([
      expect.objectContaining({
        type: 'ReplicaFailure',
        status: 'True',
        reason: 'FailedCreate',
        message: `pods "${rs.metadata.name}-" is forbidden: exceeded quota: lab, requested: pods=1, used: pods=200, limited: pods=200`,
      }),
    ]);
    const dep = (await lab.request.get(`${DEPLOYMENTS}/huge`)).body;
    expect(dep.status.conditions.map((c: { type: string }) => c.type)).toContain('ReplicaFailure');
    expect((await lab.request.get('/healthz')).status).toBe(200);

    await lab.request
      .put(`${DEPLOYMENTS}/huge/scale`)
      .send({ spec: { replicas: 3 } })
      .expect(200);
    lab.clock.advance(30);
    expect(await podsOf('huge')).toHaveLength(3);
    const healed = (await lab.request.get('/apis/apps/v1/namespaces/default/replicasets')).body
      .items[0];
    expect(healed.status.conditions).toBeUndefined();
    const depHealed = (await lab.request.get(`${DEPLOYMENTS}/huge`)).body;
    expect(depHealed.status.conditions.map((c: { type: string }) => c.type)).toEqual([
      'Available',
      'Progressing',
    ]);
  });

  // A node's /24 holds 253 pod addresses, more than the lab's 200-pod quota allows, so the
  // ContainerCreating-without-an-IP case is no longer reachable through the API.
  it('gives every pod pinned to one node its own address in the node’s pod CIDR', async () => {
    const pinned = deployment('pinned', 200);
    const spec = pinned.spec as { template: { spec: Record<string, unknown> } };
    spec.template.spec.nodeName = 'node01';
    await lab.request.post(DEPLOYMENTS).send(pinned).expect(201);
    const pods = await podsOf('pinned');
    expect(pods).toHaveLength(200);
    expect(pods.every((p) => p.status.phase === 'Running')).toBe(true);
    const ips = new Set(pods.map((p) => p.status.podIP));
    expect(ips.size).toBe(200);
    expect([...ips].every((ip) => /^10\.244\.1\.\d+$/.test(ip))).toBe(true);
  });

  it('gives the kubernetes service the control plane as its endpoint', async () => {
    const res = await lab.request.get('/api/v1/namespaces/default/endpoints/kubernetes');
    expect(res.status).toBe(200);
    expect(res.body.subsets).toEqual([
      {
        addresses: [{ ip: '192.168.1.2' }],
        ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
      },
    ]);
  });

  it('keeps endpoints in step with pod labels', async () => {
    await lab.request.post(SERVICES).send(service('web')).expect(201);
    await lab.request.post(PODS).send(pod('a')).expect(201);
    await lab.request
      .post(PODS)
      .send(pod('b', { labels: { app: 'other' } }))
      .expect(201);
    const a = (await lab.request.get(`${PODS}/a`)).body;
    expect(await endpointIPs('web')).toEqual([a.status.podIP]);
    await lab.request
      .patch(`${PODS}/b`)
      .set('Content-Type', 'application/merge-patch+json')
      .send(JSON.stringify({ metadata: { labels: { app: 'web' } } }))
      .expect(200);
    expect(await endpointIPs('web')).toHaveLength(2);
  });
});

describe('lists', () => {
  it('lists across namespaces on the all-namespace paths', async () => {
    await lab.request
      .post('/api/v1/namespaces')
      .send({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } })
      .expect(201);
    await webApp(1);
    await lab.request
      .post('/apis/apps/v1/namespaces/team/deployments')
      .send(deployment('api', 2))
      .expect(201);
    await lab.request
      .post('/api/v1/namespaces/team/services')
      .send(service('api', { selector: { app: 'api' } }))
      .expect(201);

    const ns = (body: { items: { metadata: { namespace: string; name: string } }[] }) =>
      body.items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
    const services = await lab.request.get('/api/v1/services');
    expect(services.body.kind).toBe('ServiceList');
    expect(services.body.apiVersion).toBe('v1');
    const all = ['default/kubernetes', 'default/web', 'kube-system/kube-dns', 'team/api'];
    expect(ns(services.body)).toEqual(all);
    const endpoints = await lab.request.get('/api/v1/endpoints');
    expect(ns(endpoints.body)).toEqual(all);
    const deployments = await lab.request.get('/apis/apps/v1/deployments');
    expect(deployments.body.kind).toBe('DeploymentList');
    expect(deployments.body.apiVersion).toBe('apps/v1');
    expect(ns(deployments.body)).toEqual(['default/web', 'team/api']);
    const pods = await lab.request.get('/api/v1/pods');
    expect(
      pods.body.items.map((p: { metadata: { namespace: string } }) => p.metadata.namespace),
    ).toEqual(['default', 'team', 'team']);
    const teamOnly = await lab.request.get('/api/v1/namespaces/team/pods');
    expect(teamOnly.body.items).toHaveLength(2);
    const table = await lab.request.get('/api/v1/services').set('Accept', 'text/plain');
    expect(table.text.split('\n')[0]).toMatch(/^NAMESPACE\s{3,}NAME\s{3,}TYPE\s{3,}CLUSTER-IP/);
    expect(table.text).toMatch(/\nteam\s{3,}api\s{3,}ClusterIP\s/);
  });

  it.each([
    { name: 'one label', selector: 'app=web', expected: ['a', 'b'] },
    { name: 'two labels', selector: 'app=web,tier=frontend', expected: ['a'] },
    { name: 'no match', selector: 'app=none', expected: [] },
    { name: 'empty selector', selector: '', expected: ['a', 'b', 'c'] },
  ])('filters with labelSelector: $name', async (c) => {
    await lab.request
      .post(PODS)
      .send(pod('a', { labels: { app: 'web', tier: 'frontend' } }))
      .expect(201);
    await lab.request
      .post(PODS)
      .send(pod('b', { labels: { app: 'web', tier: 'backend' } }))
      .expect(201);
    await lab.request
      .post(PODS)
      .send(pod('c', { labels: { app: 'db' } }))
      .expect(201);
    const res = await lab.request.get(`${PODS}?labelSelector=${encodeURIComponent(c.selector)}`);
    expect(res.status).toBe(200);
    expect(names(res.body)).toEqual(c.expected);
  });
});

describe('namespaces', () => {
  const nsBody = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

  it('creates, lists and deletes a namespace with everything in it, freeing its nodePorts', async () => {
    const created = await lab.request.post('/api/v1/namespaces').send(nsBody('team'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      metadata: { name: 'team', labels: { 'kubernetes.io/metadata.name': 'team' } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
    expect(created.body.metadata.namespace).toBeUndefined();
    const list = await lab.request.get('/api/v1/namespaces');
    expect(names(list.body)).toContain('team');
    expect(names(list.body)).toContain('default');

    await lab.request
      .post('/apis/apps/v1/namespaces/team/deployments')
      .send(deployment('api', 2))
      .expect(201);
    await lab.request
      .post('/api/v1/namespaces/team/services')
      .send(service('api', { type: 'NodePort', ports: [{ port: 80, nodePort: 30300 }] }))
      .expect(201);
    await lab.request.post('/api/v1/namespaces/team/configmaps').send(configMap('cfg')).expect(201);

    const del = await lab.request.delete('/api/v1/namespaces/team');
    expect(del.status).toBe(200);
    expect((await lab.request.get('/api/v1/namespaces/team')).status).toBe(404);
    for (const path of [
      '/api/v1/pods',
      '/api/v1/services',
      '/api/v1/configmaps',
      '/apis/apps/v1/replicasets',
    ]) {
      const items = (await lab.request.get(path)).body.items as {
        metadata: { namespace: string };
      }[];
      expect(
        items.filter((o) => o.metadata.namespace === 'team'),
        path,
      ).toEqual([]);
    }
    const reuse = await lab.request
      .post(SERVICES)
      .send(service('web', { type: 'NodePort', ports: [{ port: 80, nodePort: 30300 }] }));
    expect(reuse.status).toBe(201);
  });

  it('answers 404 when creating in a missing namespace', async () => {
    const res = await lab.request.post('/api/v1/namespaces/nope/configmaps').send(configMap('x'));
    expectStatus(res, 404, 'NotFound', 'namespaces "nope" not found');
    expect(res.body.details).toEqual({ name: 'nope', kind: 'namespaces' });
  });

  it('refuses to delete the default namespace', async () => {
    const res = await lab.request.delete('/api/v1/namespaces/default');
    expectStatus(
      res,
      403,
      'Forbidden',
      'namespaces "default" is forbidden: this namespace may not be deleted',
    );
  });

  it('refuses an invalid namespace name (DNS-1123 label)', async () => {
    const res = await lab.request.post('/api/v1/namespaces').send(nsBody('team.a'));
    expectStatus(
      res,
      422,
      'Invalid',
      'Namespace "team.a" is invalid: metadata.name: Invalid value: "team.a": must not contain dots',
    );
  });

  it('refuses an object whose namespace differs from the URL', async () => {
    await lab.request.post('/api/v1/namespaces').send(nsBody('team')).expect(201);
    const res = await lab.request
      .post('/api/v1/namespaces/team/configmaps')
      .send({ ...configMap('x'), metadata: { name: 'x', namespace: 'default' } });
    expectStatus(
      res,
      400,
      'BadRequest',
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  });
});

describe('kubectl tables (Accept: text/plain)', () => {
  const text = async (path: string) =>
    (await lab.request.get(path).set('Accept', 'text/plain')).text;

  it('prints pods, with IP and NODE under -o wide', async () => {
    await lab.request.post(PODS).send(pod('a')).expect(201);
    const a = (await lab.request.get(`${PODS}/a`)).body;
    const plain = await text(PODS);
    lab.clock.advance(125);
    const wide = await text(`${PODS}?output=wide`);
    expectGolden('tables/pods.txt', `${plain}${wide}`);
    expect(wide).toMatch(
      new RegExp(`\\s${a.status.podIP.replace(/\./g, '\\.')}\\s{3,}${a.spec.nodeName}\\s`),
    );
  });

  it('prints endpoints as ip:port with + N more... beyond three', async () => {
    await webApp(5);
    const ips = (await podsOf('web')).map((p) => p.status.podIP);
    const table = await text('/api/v1/namespaces/default/endpoints');
    expectGolden('tables/endpoints-five-pods.txt', table);
    const shown = /\nweb\s{3,}(\S+) \+ 2 more\.\.\./.exec(table)![1]!.split(',');
    expect(shown.map((s) => s.replace(/:80$/, '')).every((ip) => ips.includes(ip))).toBe(true);
  });

  it('prints <none> for a service without endpoints', async () => {
    await lab.request
      .post(SERVICES)
      .send(service('lonely', { selector: { app: 'nobody' } }))
      .expect(201);
    expectGolden(
      'tables/endpoints-none.txt',
      await text('/api/v1/namespaces/default/endpoints/lonely'),
    );
  });

  it('prints deployments with READY 3/3, and containers under -o wide', async () => {
    await webApp(3);
    const plain = await text(DEPLOYMENTS);
    expectGolden('tables/deployments.txt', `${plain}${await text(`${DEPLOYMENTS}?output=wide`)}`);
  });

  it('says when there is nothing to list', async () => {
    expect(await text(CONFIGMAPS)).toBe('No resources found in default namespace.\n');
  });
});

describe('refusals', () => {
  it.each(CASES.readOnly)('answers 405 to: $name', async (c) => {
    const req = lab.request[c.method](c.path);
    const res = await (c.body ? req.send(c.body) : req);
    expectStatus(res, 405, 'MethodNotAllowed', c.message);
    expect((await lab.request.get('/api/v1/nodes/node01')).status).toBe(200);
  });

  it.each(CASES.unknownPaths)('answers 404 Status for $name', async (c) => {
    const res = await lab.request.get(c.path);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      reason: 'NotFound',
      code: 404,
    });
    expect(res.body.message).toMatch(/^the server could not find the requested resource/);
  });

  it('answers /healthz with {"status":"ok"}', async () => {
    const res = await lab.request.get('/healthz');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.text).toBe('{"status":"ok"}');
  });
});
