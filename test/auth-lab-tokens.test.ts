// Authentication with ADMIN_TOKEN set: lab tokens, isolation between labs, token rotation, deleting
// and expiring labs, the token in the /k8s path. On the Worker: the second `wrangler dev`.
import { beforeEach, describe, expect, it } from 'vitest';
import { nodeOnly } from './support/app';
import { expectStatus } from './support/manifests';
import { bearer, createLab, type CreatedLab } from './support/secured';
import {
  admin,
  applyYaml,
  CM,
  configMap,
  nginxService,
  NONE,
  rowsOf,
  server,
  useAuthServer,
  withRows,
} from './support/auth-server';

useAuthServer();

describe('a lab token', () => {
  let a: CreatedLab;
  let b: CreatedLab;
  beforeEach(async () => {
    [a, b] = await Promise.all([createLab(server), createLab(server)]);
    expect((await applyYaml(b, nginxService)).status).toBe(201);
    await server.request.post(CM).set(bearer(b.token)).send(configMap('secret')).expect(201);
  });

  it('acts in its own lab', async () => {
    await server.request.post(CM).set(bearer(a.token)).send(configMap('mine')).expect(201);
    expect((await server.request.get(`${CM}/mine`).set(bearer(a.token))).status).toBe(200);
    expect((await server.request.get(`/labs/${a.id}`).set(bearer(a.token))).status).toBe(200);
    const cluster = await server.request.get('/cluster').set(bearer(a.token));
    expect(cluster.body.lab).toBe(a.id);
  });

  it('cannot read, change, route to or grade another lab: it is simply not there', async () => {
    const asA = bearer(a.token);
    const notFound = (res: { status: number; body: Record<string, unknown> }) =>
      expectStatus(res, 404, 'NotFound', `lab "${b.id}" not found`);
    // Read.
    expect((await server.request.get(`${CM}/secret`).set(asA)).status).toBe(404);
    notFound(await server.request.get(`${CM}/secret`).set(asA).set('X-Lab-Id', b.id));
    notFound(await server.request.get(`/labs/${b.id}`).set(asA));
    notFound(
      await server.request.get(`/k8s/${b.id}/api/v1/namespaces/default/configmaps`).set(asA),
    );
    notFound(await server.request.get('/hits').set(asA).set('X-Lab-Id', b.id));
    // Change.
    notFound(await server.request.delete(`${CM}/secret`).set(asA).set('X-Lab-Id', b.id));
    notFound(await server.request.post(`/labs/${b.id}/reset`).set(asA));
    expect((await server.request.delete(`${CM}/secret`).set(asA)).status).toBe(404);
    // Route: B's nodePort is not open in A's cluster, and A cannot aim at B's.
    const routed = await server.request.get('/nodes/192.168.1.3/30080/request').set(asA);
    expect(routed.status).toBe(502);
    expect(routed.body.outcome).toBe('connection_refused');
    notFound(
      await server.request.get('/nodes/192.168.1.3/30080/request').set(asA).set('X-Lab-Id', b.id),
    );
    // Grade.
    notFound(await server.request.post(`/labs/${b.id}/grade`).set(asA));
    notFound(
      await server.request
        .post(`/labs/${b.id}/checks`)
        .set(asA)
        .send({
          checks: [{ id: 'x', type: 'objectExists', points: 1, kind: 'ConfigMap', name: 'secret' }],
        }),
    );
    // Admin-only routes are forbidden to every lab token, whichever lab they name.
    for (const call of [
      server.request.delete(`/labs/${b.id}`),
      server.request.post(`/labs/${b.id}/token`),
      server.request.get('/labs'),
      server.request.post('/labs'),
    ]) {
      expectStatus(await call.set(asA), 403, 'Forbidden', /only the admin token/);
    }
    // B is untouched and unhit.
    const bCm = await server.request.get(`${CM}/secret`).set(bearer(b.token));
    expect(bCm.body.data).toEqual({ lesson: 'secret' });
    expect((await server.request.get('/hits').set(bearer(b.token))).body.total).toBe(0);
  });

  it('sees templates without their reference solutions', async () => {
    const one = await server.request.get('/templates/nodeport-basics').set(bearer(a.token));
    expect(one.status).toBe(200);
    expect(one.body.solution).toBeUndefined();
    expect(one.body.checks.length).toBeGreaterThan(0);
    const asAdmin = await server.request.get('/templates/nodeport-basics').set(admin());
    expect(asAdmin.body.solution).toMatch(/nodePort: 31110/);
  });

  it('stops working when the admin rotates it', async () => {
    const rotated = await server.request.post(`/labs/${a.id}/token`).set(admin());
    expect(rotated.status).toBe(200);
    expect(rotated.body.id).toBe(a.id);
    const fresh = rotated.body.token as string;
    expect(fresh).not.toBe(a.token);
    expectStatus(
      await server.request.get(`/labs/${a.id}`).set(bearer(a.token)),
      401,
      'Unauthorized',
      /not valid/,
    );
    expect((await server.request.get(`/labs/${a.id}`).set(bearer(fresh))).status).toBe(200);
    expect((await server.request.get('/api/v1/pods').set(bearer(fresh))).status).toBe(200);
    // Rotating B's token changes nothing for A.
    await server.request.post(`/labs/${b.id}/token`).set(admin()).expect(200);
    expect((await server.request.get('/api/v1/pods').set(bearer(fresh))).status).toBe(200);
  });

  it('dies with its lab, and the lab is gone for the admin too', async () => {
    const deleted = await server.request.delete(`/labs/${b.id}`).set(admin());
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ kind: 'Status', status: 'Success' });
    expect((await server.request.get('/api/v1/pods').set(bearer(b.token))).status).toBe(401);
    const gone = await server.request.get(`/labs/${b.id}`).set(admin());
    expectStatus(gone, 404, 'NotFound', `lab "${b.id}" not found`);
    expect((await server.request.delete(`/labs/${b.id}`).set(admin())).status).toBe(404);
  });
});

describe('deleting and expiring labs', () => {
  const reason = 'reads the Node server’s SQLite file';
  nodeOnly(reason)('DELETE /labs/:id removes every row of the lab in every table', async () => {
    const lab = await createLab(server);
    const other = await createLab(server);
    await withRows(lab);
    await withRows(other);
    await server.request.delete(`/labs/${lab.id}`).set(admin()).expect(200);
    expect(rowsOf(server.dbPath!, lab.id)).toEqual(NONE);
    expect(rowsOf(server.dbPath!, other.id).objects).toBeGreaterThan(0);
  });

  nodeOnly('the Worker’s wall clock is frozen; expiry reads wall time, not a lab’s own clock')(
    'an expired lab answers 404 and is purged, on access and when labs are listed',
    async () => {
      const week = await createLab(server);
      const short = await createLab(server, { ttlSeconds: 3600 });
      const listed = await createLab(server, { ttlSeconds: 3600 });
      expect(week.body.expiresAt).toBe('2026-11-29T10:00:00.000Z');
      await withRows(short);
      await withRows(listed);
      server.clock.advance(3600);
      // On access: the lab's own token, then the admin naming it.
      expect((await server.request.get('/api/v1/pods').set(bearer(short.token))).status).toBe(401);
      expect(rowsOf(server.dbPath!, short.id)).toEqual(NONE);
      // On listing: GET /labs purges every expired lab before it answers.
      const list = await server.request.get('/labs').set(admin());
      expect(list.body.items.map((l: { id: string }) => l.id)).not.toContain(listed.id);
      expect(rowsOf(server.dbPath!, listed.id)).toEqual(NONE);
      // A lab's own clock (POST /cluster/clock) never expires it; wall time does.
      await server.request
        .post('/cluster/clock')
        .set(bearer(week.token))
        .send({ advanceSeconds: 30 * 86400 })
        .expect(200);
      expect((await server.request.get(`/labs/${week.id}`).set(bearer(week.token))).status).toBe(
        200,
      );
      server.clock.advance(7 * 86400);
      const expired = await server.request.get(`/labs/${week.id}`).set(admin());
      expectStatus(expired, 404, 'NotFound', `lab "${week.id}" not found`);
      expect(rowsOf(server.dbPath!, week.id).labs).toBe(0);
    },
  );
});

describe('a lab token in the /k8s path (kubectl sends no token over plain http)', () => {
  it('acts in the lab the token names, and only with the right token', async () => {
    const a = await createLab(server);
    const b = await createLab(server);
    const made = await server.request.post(`/k8s/${a.token}${CM}`).send(configMap('in-a'));
    expect(made.status, made.text).toBe(201);
    const mine = await server.request.get(`/k8s/${a.token}${CM}/in-a`);
    expect(mine.status).toBe(200);
    const other = await server.request.get(`/k8s/${b.token}${CM}/in-a`);
    expect(other.status).toBe(404);
    const forged = await server.request.get(`/k8s/${a.id}.not-the-secret${CM}`);
    expectStatus(forged, 401, 'Unauthorized', /the bearer token is not valid/);
    const bare = await server.request.get(`/k8s/${a.id}${CM}`);
    expectStatus(bare, 401, 'Unauthorized', /send the admin token or a lab token/);
  });

  it('is what /kubeconfig puts in the server URL of an http server', async () => {
    const a = await createLab(server);
    const res = await server.request.get('/kubeconfig').set(bearer(a.token));
    expect(res.status).toBe(200);
    expect(res.text).toContain(`/k8s/${a.token}"`);
  });
});
