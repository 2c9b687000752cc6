// Restart persistence: stop the app, open the same SQLite file, and the cluster is as it was,
// allocations included.
import { readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apply, startLab, type TestLab } from './support/app';
import { applyJson, expectStatus, service, SERVICES, snapshot } from './support/manifests';

const echo = readFileSync(new URL('../examples/echo-nodeport.yaml', import.meta.url), 'utf8');

let lab: TestLab;
let dir: string;
beforeEach(async () => {
  lab = await startLab();
  dir = dirname(lab.dbPath);
});
afterEach(() => {
  lab.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('after a restart on the same database file', () => {
  it('keeps every object, nodePort, clusterIP, pod IP and resourceVersion', async () => {
    expect((await apply(lab, echo)).status).toBe(201);
    const auto = await lab.request.post(SERVICES).send(service('auto', { type: 'NodePort' }));
    expect(auto.status).toBe(201);
    const before = await snapshot(lab);
    const svcBefore = (await lab.request.get(`${SERVICES}/echo-nodeport-service`)).body;
    const podsBefore = (await lab.request.get('/api/v1/namespaces/default/pods')).body;
    const table = await lab.request.get(SERVICES).set('Accept', 'text/plain');

    lab = await lab.restart();

    expect((await lab.request.get('/healthz')).body).toEqual({ status: 'ok' });
    expect(await snapshot(lab)).toEqual(before);
    const svcAfter = (await lab.request.get(`${SERVICES}/echo-nodeport-service`)).body;
    expect(svcAfter).toEqual(svcBefore);
    expect(svcAfter.spec.ports[0].nodePort).toBe(30007);
    const podsAfter = (await lab.request.get('/api/v1/namespaces/default/pods')).body;
    expect(podsAfter.items.map((p: { status: { podIP: string } }) => p.status.podIP)).toEqual(
      podsBefore.items.map((p: { status: { podIP: string } }) => p.status.podIP),
    );
    expect((await lab.request.get(SERVICES).set('Accept', 'text/plain')).text).toBe(table.text);

    // Re-applying the tutorial changes nothing.
    const again = await apply(lab, echo);
    expect(again.status).toBe(200);
    expect(again.body.results.map((r: { action: string }) => r.action)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
  });

  it('still holds the allocations: the old nodePorts and clusterIPs cannot be taken', async () => {
    await apply(lab, echo);
    const auto = (await lab.request.post(SERVICES).send(service('auto', { type: 'NodePort' })))
      .body;
    const autoPort = auto.spec.ports[0].nodePort as number;
    const echoSvc = (await lab.request.get(`${SERVICES}/echo-nodeport-service`)).body;

    lab = await lab.restart();

    const clash = await applyJson(
      lab,
      service('thief', { type: 'NodePort', ports: [{ port: 80, nodePort: 30007 }] }),
    );
    expectStatus(
      clash,
      422,
      'Invalid',
      'Service "thief" is invalid: spec.ports[0].nodePort: Invalid value: 30007: provided port is already allocated',
    );
    const autoClash = await applyJson(
      lab,
      service('thief', { type: 'NodePort', ports: [{ port: 80, nodePort: autoPort }] }),
    );
    expect(autoClash.status).toBe(422);
    const ipClash = await applyJson(lab, service('thief', { clusterIP: echoSvc.spec.clusterIP }));
    expectStatus(
      ipClash,
      422,
      'Invalid',
      `Service "thief" is invalid: spec.clusterIPs: Invalid value: ["${echoSvc.spec.clusterIP}"]: failed to allocate IP ${echoSvc.spec.clusterIP}: provided IP is already allocated`,
    );
  });

  it('continues the resourceVersion sequence and keeps pod names and IPs unique', async () => {
    await apply(lab, echo);
    const before = (await lab.request.get('/api/v1/pods')).body;
    const lastRv = Number(before.metadata.resourceVersion);

    lab = await lab.restart();

    const scaled = await lab.request
      .patch('/apis/apps/v1/namespaces/default/deployments/nginx-echo-nodeport')
      .set('Content-Type', 'application/merge-patch+json')
      .send(JSON.stringify({ spec: { replicas: 6 } }));
    expect(scaled.status).toBe(200);
    expect(Number(scaled.body.metadata.resourceVersion)).toBe(lastRv + 1);
    const pods = (await lab.request.get('/api/v1/pods')).body.items as {
      metadata: { name: string };
      status: { podIP: string };
    }[];
    expect(pods).toHaveLength(6);
    expect(new Set(pods.map((p) => p.metadata.name)).size).toBe(6);
    expect(new Set(pods.map((p) => p.status.podIP)).size).toBe(6);
    const ep = (await lab.request.get('/api/v1/namespaces/default/endpoints/echo-nodeport-service'))
      .body;
    expect(ep.subsets[0].addresses).toHaveLength(6);
  });

  it('keeps labs created with POST /labs, with their own settings', async () => {
    const created = await lab.request
      .post('/labs')
      .send({ name: 'kept', nodePortRange: '30000-30099' });
    const id = created.body.id as string;
    await lab.request
      .post(SERVICES)
      .set('X-Lab-Id', id)
      .send(service('web', { type: 'NodePort', ports: [{ port: 80, nodePort: 30050 }] }))
      .expect(201);

    lab = await lab.restart();

    const got = await lab.request.get(`${SERVICES}/web`).set('X-Lab-Id', id);
    expect(got.status).toBe(200);
    expect(got.body.spec.ports[0].nodePort).toBe(30050);
    const outOfRange = await lab.request
      .post(SERVICES)
      .set('X-Lab-Id', id)
      .send(service('other', { type: 'NodePort', ports: [{ port: 80, nodePort: 30100 }] }));
    expect(outOfRange.body.message).toMatch(/The range of valid ports is 30000-30099$/);
    expect((await lab.request.get(`${SERVICES}/web`)).status).toBe(404);
  });
});
