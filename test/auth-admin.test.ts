// Authentication with ADMIN_TOKEN set: requests without a valid token, and the admin token. On the
// Worker these run against the second `wrangler dev` (with ADMIN_TOKEN).
import { describe, expect, it } from 'vitest';
import { expectStatus } from './support/manifests';
import { bearer, createLab } from './support/secured';
import {
  admin,
  applyYaml,
  CM,
  configMap,
  nginxService,
  server,
  useAuthServer,
} from './support/auth-server';

useAuthServer();

describe('without a valid token', () => {
  const guarded: [string, string][] = [
    ['post', '/labs'],
    ['get', '/labs'],
    ['get', '/labs/default'],
    ['delete', '/labs/default'],
    ['post', '/labs/default/token'],
    ['post', '/labs/default/reset'],
    ['post', '/labs/default/grade'],
    ['post', '/labs/default/checks'],
    ['get', '/templates'],
    ['get', '/api/v1/namespaces/default/pods'],
    ['post', '/manifests'],
    ['get', '/hits'],
    ['get', '/cluster'],
    ['get', '/nodes/192.168.1.3/30080/request'],
    ['get', '/cluster/web/80/request'],
    ['get', '/api'],
    ['get', '/kubeconfig'],
    ['get', '/k8s/default/api/v1/pods'],
  ];

  it.each(guarded)('%s %s answers 401 with no token and with a wrong one', async (method, path) => {
    const call = (m: string) =>
      (
        server.request as unknown as Record<
          string,
          (p: string) => ReturnType<typeof server.request.get>
        >
      )[m]!(path);
    const none = await call(method);
    expectStatus(none, 401, 'Unauthorized', /^Unauthorized: /);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    const wrong = await call(method).set(bearer('not-a-token'));
    expectStatus(wrong, 401, 'Unauthorized', /not valid/);
    const forged = await call(method).set(bearer(`default.${'A'.repeat(43)}`));
    expect(forged.status).toBe(401);
    const basic = await call(method).set('Authorization', 'Basic YWRtaW46YWRtaW4=');
    expectStatus(basic, 401, 'Unauthorized', /Bearer <token>/);
  });

  it('refuses the open-mode alias Bearer lab:<id>', async () => {
    const res = await server.request.get('/api/v1/pods').set(bearer('lab:default'));
    expect(res.status).toBe(401);
  });

  it('still serves the public routes', async () => {
    expect((await server.request.get('/healthz')).status).toBe(200);
    expect((await server.request.get('/version')).status).toBe(200);
    expect((await server.request.get('/openapi.json')).status).toBe(200);
  });
});

describe('the admin token', () => {
  it('creates labs that answer their id and token once, with nodes and settings', async () => {
    const lab = await createLab(server, { name: 'alice', seed: 7, proxyMode: 'ipvs' });
    expect(lab.id).toMatch(/^lab-[0-9a-f]{16}$/);
    expect(lab.token.startsWith(`${lab.id}.`)).toBe(true);
    expect(lab.token.length - lab.id.length - 1).toBeGreaterThanOrEqual(22); // >= 128 bits
    expect(lab.body).toMatchObject({
      name: 'alice',
      template: null,
      settings: { seed: 7, proxyMode: 'ipvs', nodePortRange: '30000-32767' },
      nodes: [
        { name: 'controlplane', ip: '192.168.1.2', roles: ['control-plane'] },
        { name: 'node01', ip: '192.168.1.3', roles: [] },
        { name: 'node02', ip: '192.168.1.4', roles: [] },
      ],
    });
    const shown = await server.request.get(`/labs/${lab.id}`).set(admin());
    expect(shown.status).toBe(200);
    expect(shown.body.token).toBeUndefined();
    expect(shown.body.usage).toEqual({ objects: 0, pods: 0, storedBytes: 0, networkPolicies: 0 });
  });

  it('acts in any lab with X-Lab-Id, and in the default lab without it', async () => {
    const lab = await createLab(server);
    await server.request.post(CM).set(bearer(lab.token)).send(configMap('mine')).expect(201);
    const seen = await server.request.get(`${CM}/mine`).set(admin()).set('X-Lab-Id', lab.id);
    expect(seen.status).toBe(200);
    expect((await server.request.get(`${CM}/mine`).set(admin())).status).toBe(404);
    const missing = await server.request.get(CM).set(admin()).set('X-Lab-Id', 'lab-nope');
    expectStatus(missing, 404, 'NotFound', 'lab "lab-nope" not found');
  });

  it('lists labs a page at a time', async () => {
    const made = await Promise.all([1, 2, 3].map(() => createLab(server, { name: 'paged' })));
    const seen: string[] = [];
    let next: string | undefined;
    do {
      const res = await server.request
        .get('/labs')
        .query({ limit: 2, ...(next ? { continue: next } : {}) })
        .set(admin());
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((l: { id: string }) => l.id));
      next = res.body.continue;
    } while (next);
    for (const lab of made) expect(seen).toContain(lab.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(seen);
    const bad = await server.request.get('/labs?continue=%%%').set(admin());
    expect(bad.status).toBe(400);
  });

  it('validates what a lab is created with', async () => {
    const post = (body: unknown) =>
      server.request
        .post('/labs')
        .set(admin())
        .send(body as object);
    expectStatus(await post({ nodePortRange: '40000-30000' }), 400, 'BadRequest', /nodePortRange/);
    expectStatus(await post({ template: 'nope' }), 400, 'BadRequest', /unknown template "nope"/);
    expectStatus(await post({ nodes: 0 }), 400, 'BadRequest', /nodes/);
    expectStatus(
      await post({
        nodes: [
          { name: 'a', ip: '10.0.0.1' },
          { name: 'a', ip: '10.0.0.1' },
        ],
      }),
      400,
      'BadRequest',
      'invalid lab request: nodes[1].name: Duplicate value: "a"',
    );
    expectStatus(
      await post({ nodes: [{ name: 'Bad_Name', ip: '999.1.1.1' }] }),
      400,
      'BadRequest',
      /nodes\[0\]\.name: Invalid value: "Bad_Name"/,
    );
    expectStatus(await post({ ttlSeconds: 0 }), 400, 'BadRequest', /ttlSeconds/);
    expectStatus(await post({ colour: 'red' }), 400, 'BadRequest', /colour|unrecognized/i);
  });

  it('creates a lab on custom nodes', async () => {
    const nodes = [
      { name: 'cp', ip: '10.0.0.10', roles: ['control-plane'] },
      { name: 'w1', ip: '10.0.0.11', roles: ['worker'] },
    ];
    const lab = await createLab(server, { nodes, nodePortRange: '31000-31999' });
    const res = await server.request.get('/api/v1/nodes').set(bearer(lab.token));
    expect(res.body.items.map((n: { metadata: { name: string } }) => n.metadata.name)).toEqual([
      'cp',
      'w1',
    ]);
    const svc = await applyYaml(lab, nginxService.replace('30080', '31500'));
    expect(svc.status).toBe(201);
    const curl = await server.request.get('/nodes/10.0.0.11/31500/request').set(bearer(lab.token));
    expect(curl.body.outcome).toBe('ok');
    const single = await createLab(server, { nodes: 1 });
    expect(single.body.nodes).toEqual([{ name: 'node01', ip: '192.168.1.3', roles: [] }]);
  });

  it('may not delete the default lab', async () => {
    const res = await server.request.delete('/labs/default').set(admin());
    expectStatus(res, 403, 'Forbidden', /default lab may not be deleted/);
  });
});
