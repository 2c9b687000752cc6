// The Kubernetes resource paths: deployments, replica sets and pods, and the controllers keeping
// their state consistent.
import { describe, expect, it } from 'vitest';
import {
  DEPLOYMENTS,
  deployment,
  expectStatus,
  pod,
  PODS,
  service,
  SERVICES,
} from './support/manifests';
import { endpointIPs, lab, podsOf, useResourcesLab, webApp } from './support/resources-lab';

useResourcesLab();

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
