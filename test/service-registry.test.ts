// Service registry answers through the HTTP API that are neither validation nor allocation
// tables: internalTrafficPolicy dropped from ExternalName Services (storage.go
// defaultOnReadService), the bare error of a duplicate nodePort on update (alloc.go
// updateNodePorts), and what the real kubectl describe prints for a health check nodePort.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLab, type TestLab } from './support/app';
import { applyJson, service, SERVICES } from './support/manifests';
import { kubectlForNewLab, requireKubectl, startServer, type LabServer } from './kubectl-harness';

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(() => lab.close());

describe('internalTrafficPolicy on an ExternalName Service (defaultOnReadService)', () => {
  const externalName = (spec: Record<string, unknown> = {}) =>
    service('web', { type: 'ExternalName', externalName: 'example.com', ports: [], ...spec });

  it('is accepted and dropped when read', async () => {
    const created = await lab.request
      .post(SERVICES)
      .send(externalName({ internalTrafficPolicy: 'Local' }));
    expect(created.status).toBe(201);
    expect(created.body.spec).not.toHaveProperty('internalTrafficPolicy');
    const got = await lab.request.get(`${SERVICES}/web`);
    expect(got.body.spec).not.toHaveProperty('internalTrafficPolicy');
    const listed = await lab.request.get(SERVICES);
    const item = listed.body.items.find(
      (s: { metadata: { name: string } }) => s.metadata.name === 'web',
    );
    expect(item.spec).not.toHaveProperty('internalTrafficPolicy');
  });

  it('is dropped when a ClusterIP Service becomes ExternalName', async () => {
    await applyJson(lab, service('web'));
    const res = await applyJson(lab, externalName({ internalTrafficPolicy: 'Cluster' }));
    expect(res.status).toBe(200);
    expect(res.body.objects[0].spec).not.toHaveProperty('internalTrafficPolicy');
  });

  it('still has its value checked', async () => {
    const res = await lab.request
      .post(SERVICES)
      .send(externalName({ internalTrafficPolicy: 'Foo' }));
    expect(res.status).toBe(422);
    expect(res.body.message).toBe(
      'Service "web" is invalid: spec.internalTrafficPolicy: Unsupported value: "Foo": supported values: "Cluster", "Local"',
    );
  });
});

describe('two ports sharing one nodePort (issue 11, item 11)', () => {
  const twoPorts = service('web', {
    type: 'NodePort',
    ports: [
      { name: 'a', port: 80, nodePort: 31000 },
      { name: 'b', port: 81, nodePort: 31000 },
    ],
  });

  it('on create: the allocator refuses the second one (422)', async () => {
    const res = await lab.request.post(SERVICES).send(twoPorts);
    expect(res.status).toBe(422);
    expect(res.body.message).toBe(
      'Service "web" is invalid: spec.ports[1].nodePort: Invalid value: 31000: provided port is already allocated',
    );
  });

  it('on re-apply over a Service holding it: the bare registry error, a 500 without reason', async () => {
    await applyJson(
      lab,
      service('web', { type: 'NodePort', ports: [{ name: 'a', port: 80, nodePort: 31000 }] }),
    );
    const before = (await lab.request.get(`${SERVICES}/web`)).body;
    const res = await applyJson(lab, twoPorts);
    expect(res.status).toBe(500);
    // kube-apiserver: updateNodePorts returns fmt.Errorf before validation runs; ErrorToAPIStatus
    // answers it with StatusReasonUnknown (omitted) and the text as is.
    expect(res.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'duplicate nodePort: {TCP 31000}',
      code: 500,
    });
    expect((await lab.request.get(`${SERVICES}/web`)).body).toEqual(before);
  });

  it('TCP and UDP of one port number may share it', async () => {
    const dns = service('web', {
      type: 'NodePort',
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', nodePort: 31053 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', nodePort: 31053 },
      ],
    });
    expect((await applyJson(lab, dns)).status).toBe(201);
    expect((await applyJson(lab, dns)).status).toBe(200);
  });
});

describe('kubectl describe service', () => {
  let server: LabServer;
  beforeAll(async () => {
    await requireKubectl();
    server = await startServer();
  }, 60_000);
  afterAll(() => server?.close());

  it('prints the allocated HealthCheck NodePort after the traffic policies, before the source ranges', async () => {
    const kubectl = await kubectlForNewLab(server);
    try {
      const manifest = kubectl.write(
        'web.json',
        JSON.stringify(
          service('web', {
            type: 'LoadBalancer',
            externalTrafficPolicy: 'Local',
            loadBalancerSourceRanges: ['10.0.0.0/8'],
          }),
        ),
      );
      expect((await kubectl('apply', '-f', manifest)).code).toBe(0);
      const got = await kubectl(
        'get',
        'service',
        'web',
        '-o',
        'jsonpath={.spec.healthCheckNodePort}',
      );
      const allocated = Number(got.stdout);
      expect(allocated).toBeGreaterThanOrEqual(30000);
      const { stdout, code } = await kubectl('describe', 'service', 'web');
      expect(code).toBe(0);
      const lines = stdout.split('\n');
      const at = lines.findIndex((l) => /^External Traffic Policy:\s+Local$/.test(l));
      expect(at).toBeGreaterThan(0);
      expect(lines[at + 1]).toMatch(/^Internal Traffic Policy:\s+Cluster$/);
      expect(lines[at + 2]).toMatch(new RegExp(`^HealthCheck NodePort:\\s+${allocated}$`));
      expect(lines[at + 3]).toMatch(/^LoadBalancer Source Ranges:\s+10\.0\.0\.0\/8$/);
    } finally {
      kubectl.dispose();
    }
  }, 120_000);
});
