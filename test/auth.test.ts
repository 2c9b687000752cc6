// Authentication with ADMIN_TOKEN set: the admin token, lab tokens, isolation between labs, token
// rotation, expiry. On the Worker these run against the second `wrangler dev` (with ADMIN_TOKEN).
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeOnly } from './support/app';
import { expectStatus } from './support/manifests';
import {
  bearer,
  createLab,
  startSecuredServer,
  type CreatedLab,
  type SecuredServer,
} from './support/secured';

let server: SecuredServer;
beforeEach(async () => {
  server = await startSecuredServer();
});
afterEach(() => server.close());

const admin = () => bearer(server.adminToken);
const CM = '/api/v1/namespaces/default/configmaps';
const configMap = (name: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name },
  data: { lesson: name },
});
const nginxService = `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: web}
spec:
  containers:
    - name: nginx
      image: nginx
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  selector: {app: web}
  ports:
    - port: 80
      nodePort: 30080
`;

function applyYaml(lab: CreatedLab, yaml: string) {
  return server.request
    .post('/manifests')
    .set(bearer(lab.token))
    .set('Content-Type', 'application/yaml')
    .send(yaml);
}

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

/** Rows a lab holds in every table of the Node server's SQLite file. */
function rowsOf(dbPath: string, labId: string): Record<string, number> {
  const db = new Database(dbPath, { readonly: true });
  try {
    const count = (table: string, column: string) =>
      (
        db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${column} = ?`).get(labId) as {
          n: number;
        }
      ).n;
    return {
      labs: count('labs', 'id'),
      objects: count('objects', 'lab_id'),
      allocations: count('allocations', 'lab_id'),
      hits: count('hits', 'lab_id'),
      proxy_state: count('proxy_state', 'lab_id'),
    };
  } finally {
    db.close();
  }
}

const NONE = { labs: 0, objects: 0, allocations: 0, hits: 0, proxy_state: 0 };
const withRows = async (lab: CreatedLab) => {
  expect((await applyYaml(lab, nginxService)).status).toBe(201);
  await server.request
    .patch('/cluster')
    .set(bearer(lab.token))
    .send({ proxyMode: 'ipvs' })
    .expect(200);
  await server.request.get('/nodes/192.168.1.3/30080/request').set(bearer(lab.token)).expect(200);
  const rows = rowsOf(server.dbPath!, lab.id);
  for (const table of Object.keys(NONE)) expect(rows[table], table).toBeGreaterThan(0);
};

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
