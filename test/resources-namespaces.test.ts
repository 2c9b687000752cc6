// The Kubernetes resource paths: namespaces, kubectl tables (test/golden/tables/), and the Status
// of every refusal.
import { describe, expect, it } from 'vitest';
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
import { CASES, lab, podsOf, useResourcesLab, webApp } from './support/resources-lab';

useResourcesLab();

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
