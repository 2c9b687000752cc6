// Graceful deletion through the HTTP API: Terminating pods on the lab clock, their place in
// Endpoints and EndpointSlices, scale-downs, and what DELETE answers for each resource.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLab, type TestLab } from './support/app';
import { DEPLOYMENTS, deployment, pod, PODS, service, SERVICES } from './support/manifests';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, read loosely
type Json = any;

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(() => lab.close());

const SLICES = '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices';
const at = (seconds: number) =>
  new Date(lab.clock.now().getTime() + seconds * 1000).toISOString().replace('.000Z', 'Z');

async function endpointIPs(name: string): Promise<string[]> {
  const res = await lab.request.get(`/api/v1/namespaces/default/endpoints/${name}`).expect(200);
  const subsets = (res.body.subsets ?? []) as { addresses?: { ip: string }[] }[];
  return subsets.flatMap((s) => (s.addresses ?? []).map((a) => a.ip)).sort();
}

async function podsOf(app: string): Promise<Json[]> {
  const res = await lab.request.get(`${PODS}?labelSelector=app=${app}`).expect(200);
  return res.body.items as Json[];
}

// `sleep` as PID 1 ignores SIGTERM, so this pod waits out its whole grace period.
const SLEEPER = { containers: [{ name: 'sleep', image: 'busybox', command: ['sleep', '3600'] }] };

describe('deleting a pod', () => {
  beforeEach(async () => {
    await lab.request
      .post(PODS)
      .send(pod('web', {}, SLEEPER))
      .expect(201);
    await lab.request.post(SERVICES).send(service('web')).expect(201);
  });

  it('marks it Terminating for its grace period on the lab clock, then removes it', async () => {
    const deadline = at(30);
    const del = await lab.request.delete(`${PODS}/web`).expect(200);
    expect(del.body.kind).toBe('Pod');
    expect(del.body.metadata).toMatchObject({
      deletionTimestamp: deadline,
      deletionGracePeriodSeconds: 30,
    });
    expect(del.body.status.phase).toBe('Running');
    const table = await lab.request.get(PODS).set('Accept', 'text/plain').expect(200);
    expect(table.text).toMatch(/^web\s+1\/1\s+Terminating\s+0\s+/m);
    expect(await endpointIPs('web')).toEqual([]);
    const slices = (await lab.request.get(SLICES).expect(200)).body.items as Json[];
    const slice = slices.find((s) => s.metadata.labels['kubernetes.io/service-name'] === 'web');
    expect(slice.endpoints).toHaveLength(1);
    expect(slice.endpoints[0].conditions).toEqual({
      ready: false,
      serving: true,
      terminating: true,
    });

    lab.clock.advance(29);
    expect((await lab.request.get(`${PODS}/web`)).status).toBe(200);
    // A second delete may shorten the grace period, never lengthen it.
    const again = await lab.request.delete(`${PODS}/web?gracePeriodSeconds=60`).expect(200);
    expect(again.body.metadata.deletionTimestamp).toBe(deadline);
    lab.clock.advance(1);
    expect((await lab.request.get(`${PODS}/web`)).status).toBe(404);
  });

  it('removes it at once with gracePeriodSeconds=0 (kubectl --grace-period=0 --force)', async () => {
    const del = await lab.request
      .delete(`${PODS}/web`)
      .set('Content-Type', 'application/json')
      .send({ kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0 })
      .expect(200);
    expect(del.body.metadata.deletionTimestamp).toBeUndefined();
    expect((await lab.request.get(`${PODS}/web`)).status).toBe(404);
  });

  it('uses the pod terminationGracePeriodSeconds, and a dry run changes nothing', async () => {
    await lab.request
      .post(PODS)
      .send(pod('quick', {}, { terminationGracePeriodSeconds: 5 }))
      .expect(201);
    const dry = await lab.request.delete(`${PODS}/quick?dryRun=All`).expect(200);
    expect(dry.body.metadata.deletionGracePeriodSeconds).toBe(5);
    const stored = await lab.request.get(`${PODS}/quick`).expect(200);
    expect(stored.body.metadata.deletionTimestamp).toBeUndefined();
    const del = await lab.request.delete(`${PODS}/quick`).expect(200);
    expect(del.body.metadata.deletionTimestamp).toBe(at(5));
  });

  it('refuses a grace period that is not an integer', async () => {
    const res = await lab.request.delete(`${PODS}/web?gracePeriodSeconds=soon`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ kind: 'Status', reason: 'BadRequest' });
  });

  it('keeps deletionTimestamp server-owned on create and update', async () => {
    const created = await lab.request
      .post(PODS)
      .send(pod('sneaky', { deletionTimestamp: '2020-01-01T00:00:00Z' }))
      .expect(201);
    expect(created.body.metadata.deletionTimestamp).toBeUndefined();
    const terminating = (await lab.request.delete(`${PODS}/web`).expect(200)).body;
    const { deletionTimestamp, ...rest } = terminating.metadata;
    const labelled = { ...terminating, metadata: { ...rest, labels: { app: 'web', x: 'y' } } };
    const put = await lab.request.put(`${PODS}/web`).send(labelled).expect(200);
    expect(put.body.metadata.deletionTimestamp).toBe(deletionTimestamp);
  });
});

describe('scaling a deployment down', () => {
  it('terminates the surplus pods gracefully and does not replace them', async () => {
    await lab.request.post(DEPLOYMENTS).send(deployment('web', 3)).expect(201);
    await lab.request.post(SERVICES).send(service('web')).expect(201);
    await lab.request
      .patch(`${DEPLOYMENTS}/web/scale`)
      .set('Content-Type', 'application/merge-patch+json')
      .send(JSON.stringify({ spec: { replicas: 1 } }))
      .expect(200);
    const pods = await podsOf('web');
    expect(pods).toHaveLength(3);
    const terminating = pods.filter((p) => p.metadata.deletionTimestamp);
    expect(terminating).toHaveLength(2);
    expect(await endpointIPs('web')).toHaveLength(1);
    const d = (await lab.request.get(`${DEPLOYMENTS}/web`).expect(200)).body;
    expect(d.status).toMatchObject({ replicas: 1, readyReplicas: 1, updatedReplicas: 1 });
    lab.clock.advance(30);
    expect(await podsOf('web')).toHaveLength(1);
  });

  it('replaces a deleted pod at once, while the deleted one terminates', async () => {
    await lab.request.post(DEPLOYMENTS).send(deployment('web', 2)).expect(201);
    const [victim] = await podsOf('web');
    await lab.request.delete(`${PODS}/${victim.metadata.name}`).expect(200);
    const pods = await podsOf('web');
    expect(pods).toHaveLength(3);
    expect(pods.filter((p) => !p.metadata.deletionTimestamp)).toHaveLength(2);
  });
});

describe('what DELETE answers', () => {
  it('a service answers the object, a deployment a Status of success', async () => {
    const svc = (await lab.request.post(SERVICES).send(service('web')).expect(201)).body;
    const deleted = await lab.request.delete(`${SERVICES}/web`).expect(200);
    expect(deleted.body).toMatchObject({ kind: 'Service', metadata: { uid: svc.metadata.uid } });
    const d = (await lab.request.post(DEPLOYMENTS).send(deployment('web', 1)).expect(201)).body;
    const res = await lab.request.delete(`${DEPLOYMENTS}/web`).expect(200);
    expect(res.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name: 'web', group: 'apps', kind: 'deployments', uid: d.metadata.uid },
    });
  });
});
