// The reachable check's addressFrom and fromNamespace, through POST /labs/:id/checks: it dials the
// address a ConfigMap holds, as the client that ConfigMap configures would, from a pod in
// fromNamespace (whose DNS search list resolves short names in that namespace only).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLab, type TestLab } from './support/app';

const setup = `apiVersion: v1
kind: Namespace
metadata: { name: backend }
---
apiVersion: v1
kind: Pod
metadata: { name: api, namespace: backend, labels: { app: api } }
spec:
  containers:
    - { name: echo, image: hashicorp/http-echo, args: ["-text=api v1"] }
---
apiVersion: v1
kind: Service
metadata: { name: api, namespace: backend }
spec:
  selector: { app: api }
  ports: [{ port: 80, targetPort: 5678 }]
---
apiVersion: v1
kind: ConfigMap
metadata: { name: client }
data: { SHORT: api, QUALIFIED: api.backend, FQDN: api.backend.svc.cluster.local, NODE: 192.168.1.3 }
`;

let lab: TestLab;
let labId: string;
beforeEach(async () => {
  lab = await startLab();
  labId = (await lab.request.post('/labs').send({}).expect(201)).body.id;
  await lab.request
    .post('/manifests')
    .set('X-Lab-Id', labId)
    .set('Content-Type', 'application/yaml')
    .send(setup)
    .expect(201);
});
afterEach(() => lab.close());

const post = (checks: unknown[]) =>
  lab.request.post(`/labs/${labId}/checks`).set('X-Lab-Id', labId).send({ checks });
const fromKey = (key: string, extra: Record<string, unknown> = {}) => ({
  id: key.toLowerCase(),
  type: 'reachable',
  points: 1,
  from: 'cluster',
  addressFrom: { configMap: 'client', key },
  port: 80,
  bodyContains: 'api v1',
  ...extra,
});

describe('reachable with addressFrom', () => {
  it('dials what the ConfigMap says, resolved from the calling pod namespace', async () => {
    const res = await post([
      fromKey('SHORT'),
      fromKey('QUALIFIED'),
      fromKey('FQDN'),
      fromKey('SHORT', { id: 'short-in-backend', fromNamespace: 'backend' }),
    ]).expect(200);
    const passed = Object.fromEntries(
      res.body.checks.map((c: { id: string; passed: boolean }) => [c.id, c.passed]),
    );
    expect(passed).toEqual({ short: false, qualified: true, fqdn: true, 'short-in-backend': true });
    expect(res.body.checks[0].message).toMatch(
      /^expected api:80 from inside the cluster \(the address in key SHORT of ConfigMap default\/client\) to answer with a body containing "api v1", found unknown_host: /,
    );
    expect(res.body.checks[1].message).toMatch(
      /^api\.backend:80 from inside the cluster \(the address in key QUALIFIED of ConfigMap default\/client\) answered status 200 from pod api: "api v1"$/,
    );
  });

  it('says when the ConfigMap or the key is missing', async () => {
    const res = await post([
      fromKey('NOPE'),
      { ...fromKey('SHORT'), id: 'no-cm', addressFrom: { configMap: 'other', key: 'SHORT' } },
    ]).expect(200);
    expect(res.body.checks.map((c: { message: string }) => c.message)).toEqual([
      'expected the address in key NOPE of ConfigMap default/client to answer, found no key NOPE of ConfigMap default/client',
      'expected the address in key SHORT of ConfigMap default/other to answer, found no ConfigMap default/other',
    ]);
  });

  it('takes exactly one of address and addressFrom; fromNamespace only from the cluster', async () => {
    const both = await post([{ ...fromKey('SHORT'), address: 'api' }]).expect(400);
    expect(both.body.message).toContain('give exactly one of address and addressFrom');
    const outside = await post([
      { ...fromKey('NODE'), from: 'outside', fromNamespace: 'backend' },
    ]).expect(400);
    expect(outside.body.message).toContain('fromNamespace needs from: cluster');
  });
});
