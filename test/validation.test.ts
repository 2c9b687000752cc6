// Kubernetes facts sections 2-4 through the HTTP API: each validation rule with its exact Status,
// the defaults visible in stored objects, and allocation kept, released and reused.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLab, type TestLab } from './support/app';
import { validationCases } from './support/validation-cases';
import {
  applyJson,
  DEPLOYMENTS,
  deployment,
  expectStatus,
  service,
  SERVICES,
} from './support/manifests';

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(() => lab.close());

interface Cause {
  reason: string;
  field: string;
  message: string;
}

function causeOf(text: string): Cause {
  const at = text.indexOf(': ');
  const field = text.slice(0, at);
  const message = text.slice(at + 2);
  const reasons: [string, string][] = [
    ['Invalid value', 'FieldValueInvalid'],
    ['Required value', 'FieldValueRequired'],
    ['Duplicate value', 'FieldValueDuplicate'],
    ['Unsupported value', 'FieldValueNotSupported'],
    ['Forbidden', 'FieldValueForbidden'],
  ];
  const reason = reasons.find(([prefix]) => message.startsWith(prefix))?.[1] ?? '?';
  return { reason, message, field };
}

const svc = (spec: Record<string, unknown>, name = 'web') => service(name, spec);

const CASES = validationCases();
const LABEL_VALUE = CASES.messages.LABEL_VALUE!;

/** The name a case's object carries. */
function objectName(object: Record<string, unknown>): string {
  return (object.metadata as { name: string }).name;
}

describe('validation errors answer 422 with the exact Kubernetes Status', () => {
  it.each(CASES.invalid)('$name', async (c) => {
    const res = await lab.request.post(c.path).send(c.object);
    const kind = c.kind;
    const name = objectName(c.object);
    const qualified = c.group ? `${kind}.${c.group}` : kind;
    const list = c.errors.length === 1 ? c.errors[0] : `[${c.errors.join(', ')}]`;
    expectStatus(res, 422, 'Invalid', `${qualified} "${name}" is invalid: ${list}`);
    expect(Object.keys(res.body)).toEqual([
      'kind',
      'apiVersion',
      'metadata',
      'status',
      'message',
      'reason',
      'details',
      'code',
    ]);
    expect(res.body.details).toEqual({
      name,
      ...(c.group ? { group: c.group } : {}),
      kind,
      causes: c.errors.map(causeOf),
    });
    const list2 = await lab.request.get(c.path);
    expect(
      list2.body.items.map((o: { metadata: { name: string } }) => o.metadata.name),
    ).not.toContain(name);
  });

  it('answers the same Status through POST /manifests', async () => {
    const res = await applyJson(lab, svc({ ports: [{ port: 80, protocol: 'HTTP' }] }));
    expectStatus(
      res,
      422,
      'Invalid',
      'Service "web" is invalid: spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    );
  });

  it('keeps the exact message when duplicates of one error are dropped', async () => {
    const res = await lab.request.post(SERVICES).send(svc({ selector: { a: 'x y', b: 'x y' } }));
    expectStatus(
      res,
      422,
      'Invalid',
      `Service "web" is invalid: spec.selector: Invalid value: "x y": ${LABEL_VALUE}`,
    );
    expect(res.body.details.causes).toHaveLength(1);
  });
});

describe('values Kubernetes accepts', () => {
  it.each(CASES.accepted)('$name', async (c) => {
    const res = await lab.request.post(c.path).send(c.object);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });

  it('gives TCP and UDP of the same port one auto-allocated nodePort', async () => {
    const res = await lab.request.post(SERVICES).send(
      svc({
        type: 'NodePort',
        ports: [
          { name: 'dns-tcp', port: 53, protocol: 'TCP' },
          { name: 'dns-udp', port: 53, protocol: 'UDP' },
        ],
      }),
    );
    expect(res.status).toBe(201);
    const [tcp, udp] = res.body.spec.ports;
    expect(tcp.nodePort).toBe(udp.nodePort);
  });
});

describe('defaults visible in the stored object', () => {
  async function created(spec: Record<string, unknown>) {
    const res = await lab.request.post(SERVICES).send(svc(spec));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const got = await lab.request.get(`${SERVICES}/web`);
    expect(got.body).toEqual(res.body);
    return got.body;
  }

  it('fills in a ClusterIP service', async () => {
    const body = await created({ ports: [{ port: 80 }] });
    const ip = body.spec.clusterIP as string;
    expect(ip).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    expect(body.spec).toEqual({
      clusterIP: ip,
      clusterIPs: [ip],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      selector: { app: 'web' },
      sessionAffinity: 'None',
      type: 'ClusterIP',
    });
    expect(body.status).toEqual({ loadBalancer: {} });
    expect(body.metadata).toMatchObject({
      name: 'web',
      namespace: 'default',
      uid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      resourceVersion: expect.stringMatching(/^\d+$/),
      creationTimestamp: '2026-11-22T10:00:00Z',
    });
  });

  it('adds the ClientIP timeout of 10800 seconds', async () => {
    const body = await created({ sessionAffinity: 'ClientIP' });
    expect(body.spec.sessionAffinityConfig).toEqual({ clientIP: { timeoutSeconds: 10800 } });
  });

  it('gives a NodePort service externalTrafficPolicy Cluster and a nodePort in the upper band', async () => {
    const body = await created({ type: 'NodePort', ports: [{ port: 80, targetPort: 8080 }] });
    expect(body.spec.externalTrafficPolicy).toBe('Cluster');
    expect(body.spec.internalTrafficPolicy).toBe('Cluster');
    const [port] = body.spec.ports;
    expect(port).toEqual({ port: 80, protocol: 'TCP', targetPort: 8080, nodePort: port.nodePort });
    expect(port.nodePort).toBeGreaterThanOrEqual(30086);
    expect(port.nodePort).toBeLessThanOrEqual(32767);
  });

  it('gives a LoadBalancer service allocateLoadBalancerNodePorts and a <pending> EXTERNAL-IP', async () => {
    const body = await created({ type: 'LoadBalancer' });
    expect(body.spec).toMatchObject({
      type: 'LoadBalancer',
      allocateLoadBalancerNodePorts: true,
      externalTrafficPolicy: 'Cluster',
      internalTrafficPolicy: 'Cluster',
    });
    expect(body.spec.ports[0].nodePort).toEqual(expect.any(Number));
    expect(body.status).toEqual({ loadBalancer: {} });
    const table = await lab.request.get(SERVICES).set('Accept', 'text/plain');
    const row = table.text.split('\n').find((l) => l.startsWith('web '));
    expect(row).toMatch(
      new RegExp(
        `^web\\s{3,}LoadBalancer\\s{3,}${body.spec.clusterIP}\\s{3,}<pending>\\s{3,}80:${body.spec.ports[0].nodePort}/TCP\\s{3,}0s$`,
      ),
    );
  });

  it('fills in a Deployment', async () => {
    const manifest = deployment('web');
    delete (manifest.spec as { replicas?: number }).replicas;
    const res = await lab.request.post(DEPLOYMENTS).send(manifest);
    expect(res.status).toBe(201);
    expect(res.body.spec).toMatchObject({
      replicas: 1,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
      },
    });
  });
});

describe('allocated values across updates and deletes', () => {
  const nodePortSvc = (name: string, spec: Record<string, unknown> = {}) =>
    service(name, { type: 'NodePort', ...spec });

  it('keeps the allocated nodePort and clusterIP when the same manifest is applied again', async () => {
    const first = await applyJson(lab, nodePortSvc('web'));
    expect(first.status).toBe(201);
    const before = first.body.objects[0];
    const again = await applyJson(lab, nodePortSvc('web'));
    expect(again.status).toBe(200);
    expect(again.body.results).toEqual([
      { kind: 'Service', namespace: 'default', name: 'web', action: 'unchanged' },
    ]);
    expect(again.body.objects[0]).toEqual(before);
  });

  it('keeps them when a re-apply changes something else', async () => {
    const before = (await applyJson(lab, nodePortSvc('web'))).body.objects[0];
    const changed = await applyJson(
      lab,
      nodePortSvc('web', { ports: [{ port: 80, targetPort: 8080 }] }),
    );
    expect(changed.body.results[0].action).toBe('configured');
    const after = changed.body.objects[0];
    expect(after.spec.clusterIP).toBe(before.spec.clusterIP);
    expect(after.spec.ports[0]).toEqual({
      port: 80,
      protocol: 'TCP',
      targetPort: 8080,
      nodePort: before.spec.ports[0].nodePort,
    });
    expect(Number(after.metadata.resourceVersion)).toBeGreaterThan(
      Number(before.metadata.resourceVersion),
    );
    expect(after.metadata.uid).toBe(before.metadata.uid);
  });

  it('refuses a clusterIP change on update', async () => {
    const created = await lab.request.post(SERVICES).send(svc({}));
    const body = structuredClone(created.body);
    body.spec.clusterIP = '10.96.5.5';
    const res = await lab.request.put(`${SERVICES}/web`).send(body);
    expectStatus(
      res,
      422,
      'Invalid',
      'Service "web" is invalid: spec.clusterIPs[0]: Invalid value: ["10.96.5.5"]: may not change once set',
    );
    expect(res.body.details.causes).toEqual([
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: ["10.96.5.5"]: may not change once set',
        field: 'spec.clusterIPs[0]',
      },
    ]);
    const got = await lab.request.get(`${SERVICES}/web`);
    expect(got.body.spec.clusterIP).toBe(created.body.spec.clusterIP);
    // The refused address was not taken: another service may claim it.
    const other = await lab.request
      .post(SERVICES)
      .send(service('other', { clusterIP: '10.96.5.5' }));
    expect(other.status).toBe(201);
  });

  it('releases nodePorts when the type changes to ClusterIP', async () => {
    await applyJson(lab, nodePortSvc('web', { ports: [{ port: 80, nodePort: 30100 }] }));
    const clash = await applyJson(
      lab,
      nodePortSvc('other', { ports: [{ port: 80, nodePort: 30100 }] }),
    );
    expectStatus(
      clash,
      422,
      'Invalid',
      'Service "other" is invalid: spec.ports[0].nodePort: Invalid value: 30100: provided port is already allocated',
    );
    const toClusterIP = await applyJson(lab, service('web', { type: 'ClusterIP' }));
    expect(toClusterIP.body.results[0].action).toBe('configured');
    expect(toClusterIP.body.objects[0].spec.ports).toEqual([
      { port: 80, protocol: 'TCP', targetPort: 80 },
    ]);
    expect(toClusterIP.body.objects[0].spec.externalTrafficPolicy).toBeUndefined();
    const taken = await applyJson(
      lab,
      nodePortSvc('other', { ports: [{ port: 80, nodePort: 30100 }] }),
    );
    expect(taken.status).toBe(201);
  });

  it.each([
    { name: 'NodePort to ClusterIP', from: 'NodePort', to: { type: 'ClusterIP' } },
    { name: 'LoadBalancer to ClusterIP', from: 'LoadBalancer', to: { type: 'ClusterIP' } },
    {
      name: 'NodePort to ExternalName',
      from: 'NodePort',
      to: { type: 'ExternalName', externalName: 'example.com' },
    },
  ])(
    'drops what the new type does not use when a PUT of the stored object changes $name',
    async (c) => {
      const created = (
        await lab.request
          .post(SERVICES)
          .send(service('web', { type: c.from, ports: [{ port: 80, nodePort: 30100 }] }))
      ).body;
      const body = structuredClone(created);
      Object.assign(body.spec, c.to);
      const res = await lab.request.put(`${SERVICES}/web`).send(body);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.spec.ports).toEqual([{ port: 80, protocol: 'TCP', targetPort: 80 }]);
      expect(res.body.spec.externalTrafficPolicy).toBeUndefined();
      expect(res.body.spec.allocateLoadBalancerNodePorts).toBeUndefined();
      const taken = await lab.request
        .post(SERVICES)
        .send(nodePortSvc('other', { ports: [{ port: 80, nodePort: 30100 }] }));
      expect(taken.status).toBe(201);
    },
  );

  it('allocates a nodePort when a ClusterIP service becomes NodePort, and keeps it as LoadBalancer', async () => {
    const created = (await applyJson(lab, service('web'))).body.objects[0];
    const np = (await applyJson(lab, nodePortSvc('web'))).body.objects[0];
    expect(np.spec.clusterIP).toBe(created.spec.clusterIP);
    const nodePort = np.spec.ports[0].nodePort as number;
    expect(nodePort).toBeGreaterThanOrEqual(30086);
    const lb = (await applyJson(lab, service('web', { type: 'LoadBalancer' }))).body.objects[0];
    expect(lb.spec.ports[0].nodePort).toBe(nodePort);
    expect(lb.spec.allocateLoadBalancerNodePorts).toBe(true);
    const back = (await applyJson(lab, nodePortSvc('web'))).body.objects[0];
    expect(back.spec.ports[0].nodePort).toBe(nodePort);
    expect(back.spec.allocateLoadBalancerNodePorts).toBeUndefined();
  });

  it('releases the clusterIP when a service becomes ExternalName', async () => {
    const created = (await applyJson(lab, service('web'))).body.objects[0];
    const ext = await applyJson(
      lab,
      service('web', { type: 'ExternalName', externalName: 'example.com', selector: undefined }),
    );
    expect(ext.status, JSON.stringify(ext.body)).toBe(200);
    expect(ext.body.objects[0].spec.clusterIP).toBeUndefined();
    const reuse = await lab.request
      .post(SERVICES)
      .send(service('other', { clusterIP: created.spec.clusterIP }));
    expect(reuse.status).toBe(201);
  });

  it('keeps the clusterIP of a headless service as None and allocates nothing', async () => {
    const res = await lab.request.post(SERVICES).send(service('web', { clusterIP: 'None' }));
    expect(res.status).toBe(201);
    expect(res.body.spec).toMatchObject({ clusterIP: 'None', clusterIPs: ['None'] });
    const table = await lab.request.get(`${SERVICES}/web`).set('Accept', 'text/plain');
    expect(table.text).toMatch(/\nweb\s+ClusterIP\s+None\s+<none>\s+80\/TCP\s+0s\n$/);
    expect((await lab.request.delete(`${SERVICES}/web`)).status).toBe(200);
  });

  it('releases the nodePort and clusterIP on delete', async () => {
    const created = await lab.request
      .post(SERVICES)
      .send(nodePortSvc('web', { ports: [{ port: 80, nodePort: 30100 }] }));
    const ip = created.body.spec.clusterIP;
    const del = await lab.request.delete(`${SERVICES}/web`);
    expect(del.status).toBe(200);
    const again = await lab.request
      .post(SERVICES)
      .send(nodePortSvc('other', { clusterIP: ip, ports: [{ port: 80, nodePort: 30100 }] }));
    expect(again.status).toBe(201);
    expect(again.body.spec.clusterIP).toBe(ip);
  });

  it('releases a nodePort dropped from the spec on update', async () => {
    await applyJson(
      lab,
      nodePortSvc('web', {
        ports: [
          { name: 'a', port: 80, nodePort: 30100 },
          { name: 'b', port: 81, nodePort: 30101 },
        ],
      }),
    );
    await applyJson(lab, nodePortSvc('web', { ports: [{ name: 'a', port: 80, nodePort: 30100 }] }));
    const res = await applyJson(
      lab,
      nodePortSvc('other', { ports: [{ port: 80, nodePort: 30101 }] }),
    );
    expect(res.status).toBe(201);
  });
});
