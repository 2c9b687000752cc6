// Labs in open mode: each lab is its own cluster, picked with X-Lab-Id.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startLab, type TestLab } from './support/app';

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(() => lab.close());

it('creates isolated labs that X-Lab-Id selects', async () => {
  const created = await lab.request.post('/labs').send({ name: 'alice', seed: 7 });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({
    name: 'alice',
    settings: { seed: 7, proxyMode: 'iptables' },
  });
  expect(created.body.nodes.map((n: { ip: string }) => n.ip)).toEqual([
    '192.168.1.2',
    '192.168.1.3',
    '192.168.1.4',
  ]);
  const id = created.body.id as string;
  const cm = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'only-in-alice' },
    data: { a: 'b' },
  };
  const made = await lab.request
    .post('/api/v1/namespaces/default/configmaps')
    .set('X-Lab-Id', id)
    .send(cm);
  expect(made.status).toBe(201);
  expect(
    (
      await lab.request
        .get('/api/v1/namespaces/default/configmaps/only-in-alice')
        .set('X-Lab-Id', id)
    ).status,
  ).toBe(200);
  expect(
    (await lab.request.get('/api/v1/namespaces/default/configmaps/only-in-alice')).status,
  ).toBe(404);
});

it('answers 404 for a lab that does not exist and 400 for a bad request', async () => {
  const missing = await lab.request.get('/api/v1/namespaces/default/pods').set('X-Lab-Id', 'nope');
  expect(missing.status).toBe(404);
  expect(missing.body.message).toBe('lab "nope" not found');
  const bad = await lab.request.post('/labs').send({ proxyMode: 'userspace' });
  expect(bad.status).toBe(400);
  expect(bad.body.message).toMatch(/proxyMode/);
});
