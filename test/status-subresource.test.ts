// /status subresources, with kube-apiserver's status strategies: a status write takes the status
// and keeps the spec; a main-resource write keeps the status.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kubectlForNewLab, requireKubectl, startServer } from './kubectl-harness';
import { startLab, type TestLab } from './support/app';
import { DEPLOYMENTS, PODS, SERVICES, deployment, pod, service } from './support/manifests';

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(() => lab.close());

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const LB = service('lb', { type: 'LoadBalancer' });
const INGRESS = { loadBalancer: { ingress: [{ ip: '203.0.113.7' }] } };

async function createLb(): Promise<Json> {
  const res = await lab.request.post(SERVICES).send(LB);
  expect(res.status).toBe(201);
  return res.body as Json;
}

function patchStatus(path: string, type: string, body: unknown) {
  return lab.request.patch(`${path}/status`).set('Content-Type', type).send(JSON.stringify(body));
}

describe('services/status', () => {
  it('GET answers the Service; PUT takes the status and keeps the spec', async () => {
    const created = await createLb();
    const got = await lab.request.get(`${SERVICES}/lb/status`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ kind: 'Service', metadata: { name: 'lb' } });

    const body = { ...created, spec: { ...created.spec, type: 'ClusterIP' }, status: INGRESS };
    const put = await lab.request.put(`${SERVICES}/lb/status`).send(body);
    expect(put.status).toBe(200);
    expect(put.body.spec.type).toBe('LoadBalancer');
    // ipMode defaults to VIP where an ingress has an ip.
    expect(put.body.status).toEqual({
      loadBalancer: { ingress: [{ ip: '203.0.113.7', ipMode: 'VIP' }] },
    });
    const table = await lab.request.get(SERVICES).set('Accept', 'text/plain');
    expect(table.text).toMatch(/^lb\s+LoadBalancer\s+\S+\s+203\.0\.113\.7\s/m);
  });

  it('a main-resource update keeps the status', async () => {
    const created = await createLb();
    await lab.request.put(`${SERVICES}/lb/status`).send({ ...created, status: INGRESS });
    const stored = (await lab.request.get(`${SERVICES}/lb`)).body as Json;
    const put = await lab.request
      .put(`${SERVICES}/lb`)
      .send({ ...stored, metadata: { ...stored.metadata, labels: { a: 'b' } }, status: {} });
    expect(put.status).toBe(200);
    expect(put.body.metadata.labels).toEqual({ a: 'b' });
    expect(put.body.status.loadBalancer.ingress[0].ip).toBe('203.0.113.7');
  });

  it.each([
    ['application/merge-patch+json', { status: INGRESS }],
    ['application/strategic-merge-patch+json', { status: INGRESS }],
    ['application/json-patch+json', [{ op: 'add', path: '/status', value: INGRESS }]],
  ])('PATCH %s writes the status, not the spec', async (type, patch) => {
    await createLb();
    const withSpec = Array.isArray(patch)
      ? [...patch, { op: 'replace', path: '/spec/type', value: 'NodePort' }]
      : { ...patch, spec: { type: 'NodePort' } };
    const res = await patchStatus(`${SERVICES}/lb`, type, withSpec);
    expect(res.status).toBe(200);
    expect(res.body.spec.type).toBe('LoadBalancer');
    expect(res.body.status.loadBalancer.ingress[0]).toEqual({ ip: '203.0.113.7', ipMode: 'VIP' });
  });

  it('server-side apply on /status writes the status; a missing object is a 404', async () => {
    await createLb();
    const applied = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'lb' },
      status: INGRESS,
    };
    const res = await lab.request
      .patch(`${SERVICES}/lb/status?fieldManager=cloud`)
      .set('Content-Type', 'application/apply-patch+yaml')
      .send(JSON.stringify(applied));
    expect(res.status).toBe(200);
    expect(res.body.status.loadBalancer.ingress[0].ip).toBe('203.0.113.7');
    const missing = await lab.request
      .patch(`${SERVICES}/absent/status?fieldManager=cloud`)
      .set('Content-Type', 'application/apply-patch+yaml')
      .send(JSON.stringify({ ...applied, metadata: { name: 'absent' } }));
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('services "absent" not found');
  });

  it('validates the status as ValidateServiceStatusUpdate does', async () => {
    await createLb();
    await lab.request.post(SERVICES).send(service('plain'));
    const onClusterIP = await patchStatus(`${SERVICES}/plain`, 'application/merge-patch+json', {
      status: INGRESS,
    });
    expect(onClusterIP.status).toBe(422);
    expect(onClusterIP.body.message).toBe(
      'Service "plain" is invalid: status.loadBalancer.ingress: Forbidden: may only be used when `spec.type` is \'LoadBalancer\'',
    );
    const bad = await patchStatus(`${SERVICES}/lb`, 'application/merge-patch+json', {
      status: { loadBalancer: { ingress: [{ ip: 'x' }, { hostname: '1.2.3.4', ipMode: 'VIP' }] } },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.message).toBe(
      'Service "lb" is invalid: [status.loadBalancer.ingress[0].ip: Invalid value: "x": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff), ' +
        'status.loadBalancer.ingress[1].ipMode: Forbidden: may not be specified when `ip` is not set, ' +
        'status.loadBalancer.ingress[1].hostname: Invalid value: "1.2.3.4": must be a DNS name, not an IP address]',
    );
  });

  it('a stale resourceVersion is a conflict; a missing object a 404', async () => {
    const created = await createLb();
    await patchStatus(`${SERVICES}/lb`, 'application/merge-patch+json', { status: INGRESS });
    const stale = await lab.request.put(`${SERVICES}/lb/status`).send({ ...created, status: {} });
    expect(stale.status).toBe(409);
    expect((await lab.request.get(`${SERVICES}/absent/status`)).status).toBe(404);
  });
});

describe('deployments/status', () => {
  it('keeps spec and labels; the controller owns the replica counts', async () => {
    await lab.request.post(DEPLOYMENTS).send(deployment('web', 2)).expect(201);
    const stored = (await lab.request.get(`${DEPLOYMENTS}/web/status`)).body as Json;
    expect(stored.status.replicas).toBe(2);
    const res = await lab.request.put(`${DEPLOYMENTS}/web/status`).send({
      ...stored,
      metadata: { ...stored.metadata, labels: { changed: 'yes' } },
      spec: { ...stored.spec, replicas: 5 },
      status: { replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 },
    });
    expect(res.status).toBe(200);
    expect(res.body.spec.replicas).toBe(2);
    expect(res.body.metadata.labels).toBeUndefined();
    expect(res.body.metadata.generation).toBe(stored.metadata.generation);
    // The deployment controller counts the pods again at once, as it would on its next sync.
    expect(res.body.status.replicas).toBe(2);
  });

  it('validates the counts as ValidateDeploymentStatus does', async () => {
    await lab.request.post(DEPLOYMENTS).send(deployment('web', 2)).expect(201);
    const res = await patchStatus(`${DEPLOYMENTS}/web`, 'application/merge-patch+json', {
      status: { replicas: 1, updatedReplicas: 0, readyReplicas: 3, availableReplicas: -1 },
    });
    expect(res.status).toBe(422);
    expect(res.body.message).toBe(
      'Deployment.apps "web" is invalid: [status.availableReplicas: Invalid value: -1: must be greater than or equal to 0, ' +
        'status.readyReplicas: Invalid value: 3: cannot be greater than status.replicas]',
    );
  });
});

describe('pods/status', () => {
  it('keeps a condition of another owner; the kubelet keeps what it owns', async () => {
    await lab.request.post(PODS).send(pod('web')).expect(201);
    const condition = { type: 'example.com/Gate', status: 'True' };
    const res = await patchStatus(`${PODS}/web`, 'application/strategic-merge-patch+json', {
      spec: { containers: [{ name: 'nginx', image: 'httpd' }] },
      status: { phase: 'Failed', conditions: [condition] },
    });
    expect(res.status).toBe(200);
    expect(res.body.spec.containers[0].image).toBe('nginx');
    expect(res.body.status.phase).toBe('Running');
    expect(res.body.status.conditions).toContainEqual(condition);
    expect(res.body.status.conditions.map((c: Json) => c.type)).toContain('Ready');
    const again = await lab.request.get(`${PODS}/web`);
    expect(again.body.status.conditions).toContainEqual(condition);
  });
});

describe('pods/status addresses', () => {
  it('keep the address and start time the kubelet gave the pod', async () => {
    const first = (await lab.request.post(PODS).send(pod('one')).expect(201)).body as Json;
    const second = (await lab.request.post(PODS).send(pod('two')).expect(201)).body as Json;
    const { podIP, podIPs, startTime } = second.status;
    const taken = first.status.podIP as string;
    const res = await patchStatus(`${PODS}/two`, 'application/merge-patch+json', {
      status: { podIP: taken, podIPs: [{ ip: taken }], startTime: '2000-01-01T00:00:00Z' },
    });
    expect(res.status).toBe(200);
    expect(res.body.status).toMatchObject({ podIP, podIPs, startTime });
  });
});

describe('readiness gates', () => {
  it('hold Ready back until a /status write sets their condition True', async () => {
    const gate = 'example.com/load-balancer-attached';
    const gated = pod('gated', {}, { readinessGates: [{ conditionType: gate }] });
    await lab.request.post(PODS).send(gated).expect(201);
    await lab.request.post(SERVICES).send(service('web')).expect(201);
    const ready = async () =>
      ((await lab.request.get(`${PODS}/gated`)).body as Json).status.conditions.find(
        (c: Json) => c.type === 'Ready',
      );
    expect(await ready()).toMatchObject({
      status: 'False',
      reason: 'ReadinessGatesNotReady',
      message: `corresponding condition of pod readiness gate "${gate}" does not exist.`,
    });
    const endpoints = async () =>
      ((await lab.request.get('/api/v1/namespaces/default/endpoints/web')).body as Json).subsets;
    expect((await endpoints())[0].notReadyAddresses).toHaveLength(1);

    const set = (status: string) =>
      patchStatus(`${PODS}/gated`, 'application/strategic-merge-patch+json', {
        status: { conditions: [{ type: gate, status }] },
      });
    expect((await set('False')).status).toBe(200);
    expect((await ready()).message).toBe(
      `the status of pod readiness gate "${gate}" is not "True", but False`,
    );
    const wide = async () =>
      (await lab.request.get(`${PODS}?output=wide`).set('Accept', 'text/plain')).text;
    expect(await wide()).toMatch(/^gated\s.*\s0\/1\n/m);
    expect((await set('True')).status).toBe(200);
    expect(await wide()).toMatch(/^gated\s.*\s1\/1\n/m);
    expect(await ready()).toMatchObject({ status: 'True' });
    expect((await endpoints())[0].addresses).toHaveLength(1);
  });
});

describe('discovery', () => {
  it('lists the status subresources', async () => {
    const core = (await lab.request.get('/api/v1')).body.resources as Json[];
    for (const name of ['pods/status', 'services/status']) {
      expect(core.find((r) => r.name === name)).toEqual({
        name,
        singularName: '',
        namespaced: true,
        kind: name.startsWith('pods') ? 'Pod' : 'Service',
        verbs: ['get', 'patch', 'update'],
      });
    }
    const apps = (await lab.request.get('/apis/apps/v1')).body.resources as Json[];
    expect(apps.find((r) => r.name === 'deployments/status')).toMatchObject({
      kind: 'Deployment',
      verbs: ['get', 'patch', 'update'],
    });
    expect(apps.find((r) => r.name === 'deployments/scale')).toMatchObject({
      group: 'autoscaling',
      version: 'v1',
    });
  });
});

describe('kubectl --subresource=status', () => {
  it('patches and reads a Service status; the ingress shows as EXTERNAL-IP', async () => {
    await requireKubectl();
    const server = await startServer();
    const kubectl = await kubectlForNewLab(server);
    try {
      expect((await kubectl('create', 'service', 'loadbalancer', 'lb', '--tcp=80:8080')).code).toBe(
        0,
      );
      const patch = '{"status":{"loadBalancer":{"ingress":[{"ip":"203.0.113.8"}]}}}';
      const patched = await kubectl(
        'patch',
        'service',
        'lb',
        '--subresource=status',
        '--type=merge',
        '-p',
        patch,
      );
      expect(patched.stdout).toBe('service/lb patched\n');
      const status = await kubectl(
        'get',
        'service',
        'lb',
        '--subresource=status',
        '-o',
        'jsonpath={.status}',
      );
      expect(JSON.parse(status.stdout)).toEqual({
        loadBalancer: { ingress: [{ ip: '203.0.113.8', ipMode: 'VIP' }] },
      });
      const table = await kubectl('get', 'service', 'lb');
      expect(table.stdout).toMatch(/^lb\s+LoadBalancer\s+\S+\s+203\.0\.113\.8\s/m);
    } finally {
      kubectl.dispose();
      await server.close();
    }
  }, 60_000);
});
