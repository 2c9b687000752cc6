// The size of a lab: containers per pod and stored bytes are quotas (403, worded like the others),
// an object over etcd's request limit is refused as kube-apiserver refuses it, validation's 422
// comes first, and a write stays cheap however big the lab's objects are.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLab, type TestLab } from './support/app';
import { expectStatus } from './support/manifests';

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(() => lab.close());

const pods = '/api/v1/namespaces/default/pods';
const configMaps = '/api/v1/namespaces/default/configmaps';

const containers = (n: number, name = (i: number) => `c${i}`) =>
  Array.from({ length: n }, (_, i) => ({ name: name(i), image: 'nginx' }));
const pod = (name: string, list: unknown[]) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: list },
});
const configMap = (name: string, bytes: number) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name },
  data: { blob: 'x'.repeat(bytes) },
});

describe('containers per pod', () => {
  it('refuses a pod of 20,000 containers with the quota 403, and stores nothing', async () => {
    const res = await lab.request.post(pods).send(pod('big', containers(20_000)));
    expectStatus(
      res,
      403,
      'Forbidden',
      'pods "big" is forbidden: exceeded quota: lab, requested: containersPerPod=20000, used: containersPerPod=0, limited: containersPerPod=32',
    );
    expect((await lab.request.get(`${pods}/big`)).status).toBe(404);
  });

  it('accepts 32 containers, and counts init containers', async () => {
    expect((await lab.request.post(pods).send(pod('full', containers(32)))).status).toBe(201);
    const init = pod('init', containers(31));
    Object.assign(init.spec, { initContainers: containers(2, (i) => `i${i}`) });
    expectStatus(await lab.request.post(pods).send(init), 403, 'Forbidden', /containersPerPod=33,/);
  });

  it('refuses a Deployment whose pod template is over the quota', async () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'wide' },
      spec: {
        selector: { matchLabels: { app: 'wide' } },
        template: { metadata: { labels: { app: 'wide' } }, spec: { containers: containers(40) } },
      },
    };
    const res = await lab.request
      .post('/apis/apps/v1/namespaces/default/deployments')
      .send(deployment);
    expectStatus(
      res,
      403,
      'Forbidden',
      /^deployments\.apps "wide" is forbidden: exceeded quota: lab, requested: containersPerPod=40,/,
    );
  });

  it('answers validation before the quota: a 422 for an invalid pod of 20,000 containers', async () => {
    const list = containers(20_000);
    list[7] = { name: 'c1', image: 'nginx' };
    const res = await lab.request.post(pods).send(pod('bad', list));
    expect(res.status).toBe(422);
    expect(res.body.message).toContain('spec.containers[7].name: Duplicate value: "c1"');
  });
});

describe('stored bytes', () => {
  it('refuses the write that would take the lab past 4 MiB, and lets the lab shrink', async () => {
    for (let i = 0; i < 4; i++)
      expect((await lab.request.post(configMaps).send(configMap(`cm${i}`, 900_000))).status).toBe(
        201,
      );
    const id = (await lab.request.get('/cluster')).body.lab as string;
    const used = (await lab.request.get(`/labs/${id}`)).body.usage.storedBytes as number;
    expect(used).toBeGreaterThan(3_600_000);
    const res = await lab.request.post(configMaps).send(configMap('cm4', 900_000));
    expectStatus(
      res,
      403,
      'Forbidden',
      new RegExp(
        `^configmaps "cm4" is forbidden: exceeded quota: lab, requested: storedBytes=9\\d{5}, used: storedBytes=${used}, limited: storedBytes=4194304$`,
      ),
    );
    expect((await lab.request.get(`${configMaps}/cm4`)).status).toBe(404);
    // Shrinking an object is always allowed, and frees room.
    expect((await lab.request.put(`${configMaps}/cm0`).send(configMap('cm0', 10))).status).toBe(
      200,
    );
    expect((await lab.request.post(configMaps).send(configMap('cm4', 900_000))).status).toBe(201);
  });
});

describe('stored bytes and graceful deletion', () => {
  it('lets a pod be deleted gracefully in a lab at its byte quota', async () => {
    for (let i = 0; i < 4; i++)
      expect((await lab.request.post(configMaps).send(configMap(`cm${i}`, 900_000))).status).toBe(
        201,
      );
    expect((await lab.request.post(pods).send(pod('web', containers(1)))).status).toBe(201);
    const id = (await lab.request.get('/cluster')).body.lab as string;
    const usage = async () =>
      (await lab.request.get(`/labs/${id}`)).body.usage.storedBytes as number;
    expect((await lab.request.post(configMaps).send(configMap('pad', 1000))).status).toBe(201);
    // Fill the lab to 10 bytes under its quota: the deletion fields alone take more.
    const room = 4 * 1024 * 1024 - (await usage()) - 10;
    const pad = configMap('pad', 1000 + room);
    expect((await lab.request.put(`${configMaps}/pad`).send(pad)).status).toBe(200);
    expect(await usage()).toBe(4 * 1024 * 1024 - 10);
    const del = await lab.request.delete(`${pods}/web`);
    expect(del.status).toBe(200);
    expect(del.body.metadata.deletionTimestamp).toBeDefined();
  });
});

describe('one object over etcd’s limit', () => {
  it('is refused as kube-apiserver passes on etcd’s refusal: 500, no reason', async () => {
    // Under the body limit, then grown past 1.5 MiB by a JSON patch that copies a 530 KB value.
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'huge' },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'huge' } },
        template: {
          metadata: { labels: { app: 'huge' } },
          spec: {
            containers: [
              { name: 'c', image: 'nginx', env: [{ name: 'A', value: 'x'.repeat(530_000) }] },
            ],
          },
        },
      },
    };
    const path = '/apis/apps/v1/namespaces/default/deployments';
    expect((await lab.request.post(path).send(deployment)).status).toBe(201);
    const env = '/spec/template/spec/containers/0/env';
    const copy = { op: 'copy', from: `${env}/0`, path: `${env}/-` };
    const res = await lab.request
      .patch(`${path}/huge`)
      .set('Content-Type', 'application/json-patch+json')
      .send([copy, copy]);
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'etcdserver: request is too large',
      code: 500,
    });
    const stored = (await lab.request.get(`${path}/huge`)).body;
    expect(stored.spec.template.spec.containers[0].env).toHaveLength(1);
  });
});

describe('the cost of a write', () => {
  it('stays small beside the largest pods the quotas allow', async () => {
    // The largest pods the quotas allow: 200 pods of 32 containers (1.6 MB stored).
    for (let i = 0; i < 200; i++)
      expect((await lab.request.post(pods).send(pod(`p${i}`, containers(32)))).status).toBe(201);
    expectStatus(
      await lab.request.post(pods).send(pod('p200', containers(1))),
      403,
      'Forbidden',
      /pods=200/,
    );
    const started = performance.now();
    for (let i = 0; i < 20; i++)
      expect((await lab.request.post(configMaps).send(configMap(`small${i}`, 10))).status).toBe(
        201,
      );
    // A safety net, generous for a loaded machine: such writes took 460 ms each before.
    expect((performance.now() - started) / 20).toBeLessThan(100);
  }, 60_000);

  it('stays small beside many Deployments with large pod templates', async () => {
    const template = (app: string) => ({
      metadata: { labels: { app } },
      spec: {
        containers: containers(32).map((c) => ({
          ...c,
          env: [{ name: 'A', value: 'x'.repeat(300) }],
        })),
      },
    });
    for (let i = 0; i < 60; i++) {
      const deployment = {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: `d${i}` },
        spec: {
          replicas: 0,
          selector: { matchLabels: { app: `d${i}` } },
          template: template(`d${i}`),
        },
      };
      const res = await lab.request
        .post('/apis/apps/v1/namespaces/default/deployments')
        .send(deployment);
      expect(res.status).toBe(201);
    }
    const started = performance.now();
    for (let i = 0; i < 20; i++)
      expect((await lab.request.post(configMaps).send(configMap(`small${i}`, 10))).status).toBe(
        201,
      );
    // A safety net: every write used to pass over every Deployment and copy all their ReplicaSets
    // (quadratic: 150 such Deployments made a ConfigMap write take 2.4 s).
    expect((performance.now() - started) / 20).toBeLessThan(100);
  }, 60_000);
});
