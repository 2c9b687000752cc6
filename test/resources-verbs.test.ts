// The Kubernetes resource paths: the verbs and subresources (create, get, replace, patch, delete)
// and lists with label selectors.
import { describe, expect, it } from 'vitest';
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
import { CASES, endpointIPs, lab, podsOf, useResourcesLab, webApp } from './support/resources-lab';

useResourcesLab();

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
