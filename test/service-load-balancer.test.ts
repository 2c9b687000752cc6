// LoadBalancer fields through the HTTP API, as kube-apiserver answers them: healthCheckNodePort
// (registry alloc.go, validation.go), loadBalancerSourceRanges and its annotation,
// loadBalancerClass, port 10250. Names in quotes are Kubernetes' own test cases
// (validation_test.go TestValidateServiceCreate, TestValidateServiceExternalTrafficFieldsCombination).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLab, type TestLab } from './support/app';
import { applyJson, expectStatus, service, SERVICES } from './support/manifests';

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(() => lab.close());

const invalid = (errors: string[]) =>
  `Service "web" is invalid: ${errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`}`;
const LB_ONLY = "may only be used when `type` is 'LoadBalancer'";
const CIDR = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';
const HC_ONLY =
  "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'";
const ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';
const lbLocal = (spec: Record<string, unknown> = {}) =>
  service('web', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', ...spec });

/** A NodePort Service asking for `port`: 201 when the allocator has it free, 422 when taken. */
async function portIsFree(port: number): Promise<boolean> {
  const res = await lab.request
    .post(SERVICES)
    .send(service('probe', { type: 'NodePort', ports: [{ port: 80, nodePort: port }] }));
  if (res.status === 201) await lab.request.delete(`${SERVICES}/probe`);
  else expect(res.body.message).toContain('provided port is already allocated');
  return res.status === 201;
}

describe('port 10250 (the kubelet rule was removed in Kubernetes 1.33)', () => {
  it('"invalid port type=LoadBalancer" is accepted now', async () => {
    const res = await lab.request
      .post(SERVICES)
      .send(service('web', { type: 'LoadBalancer', ports: [{ name: 'kubelet', port: 10250 }] }));
    expect(res.status).toBe(201);
  });
});

describe('healthCheckNodePort', () => {
  it('is allocated from the nodePort range for LoadBalancer + Local, apart from the nodePorts', async () => {
    const res = await lab.request.post(SERVICES).send(lbLocal());
    expect(res.status).toBe(201);
    const hc = res.body.spec.healthCheckNodePort as number;
    expect(hc).toBeGreaterThanOrEqual(30000);
    expect(hc).toBeLessThanOrEqual(32767);
    expect(hc).not.toBe(res.body.spec.ports[0].nodePort);
    expect(await portIsFree(hc)).toBe(false);
  });

  it('keeps a requested port, and keeps it on re-apply', async () => {
    const first = await applyJson(lab, lbLocal({ healthCheckNodePort: 31100 }));
    expect(first.body.objects[0].spec.healthCheckNodePort).toBe(31100);
    const again = await applyJson(lab, lbLocal());
    expect(again.body.results[0].action).toBe('unchanged');
    expect(again.body.objects[0].spec.healthCheckNodePort).toBe(31100);
  });

  it.each([
    {
      name: '"nagative healthCheckNodePort field"',
      port: -1,
      text: 'failed to allocate requested HealthCheck NodePort -1: provided port is not in the valid range. The range of valid ports is 30000-32767',
    },
    {
      name: 'outside the range (Kubernetes answers 500)',
      port: 34567,
      text: 'failed to allocate requested HealthCheck NodePort 34567: provided port is not in the valid range. The range of valid ports is 30000-32767',
    },
  ])('refuses $name', async ({ port, text }) => {
    const res = await lab.request.post(SERVICES).send(lbLocal({ healthCheckNodePort: port }));
    expectStatus(res, 500, 'InternalError', `Internal error occurred: ${text}`);
    expect((await lab.request.get(`${SERVICES}/web`)).status).toBe(404);
  });

  it('refuses a port another Service holds, and rolls back the nodePorts it took', async () => {
    await lab.request
      .post(SERVICES)
      .send(service('other', { type: 'NodePort', ports: [{ port: 80, nodePort: 31100 }] }));
    const res = await lab.request
      .post(SERVICES)
      .send(lbLocal({ ports: [{ port: 80, nodePort: 31200 }], healthCheckNodePort: 31100 }));
    expectStatus(
      res,
      500,
      'InternalError',
      'Internal error occurred: failed to allocate requested HealthCheck NodePort 31100: provided port is already allocated',
    );
    expect(await portIsFree(31200)).toBe(true);
  });

  it.each([
    {
      name: '"cannot set healthCheckNodePort field on nodePort service"',
      spec: { type: 'NodePort', externalTrafficPolicy: 'Local', healthCheckNodePort: 34567 },
      errors: [`spec.healthCheckNodePort: Invalid value: 34567: ${HC_ONLY}`],
    },
    {
      name: '"cannot set healthCheckNodePort field on loadBalancer service with externalTrafficPolicy!=Local"',
      spec: { type: 'LoadBalancer', externalTrafficPolicy: 'Cluster', healthCheckNodePort: 34567 },
      errors: [`spec.healthCheckNodePort: Invalid value: 34567: ${HC_ONLY}`],
    },
    {
      name: '"cannot set externalTrafficPolicy or healthCheckNodePort fields on clusterIP service"',
      spec: { externalTrafficPolicy: 'Local', healthCheckNodePort: 34567 },
      errors: [
        'spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services',
        `spec.healthCheckNodePort: Invalid value: 34567: ${HC_ONLY}`,
      ],
    },
  ])('validates $name', async ({ spec, errors }) => {
    const res = await lab.request.post(SERVICES).send(service('web', spec));
    expectStatus(res, 422, 'Invalid', invalid(errors));
  });

  it('is immutable while the Service needs it', async () => {
    await applyJson(lab, lbLocal({ healthCheckNodePort: 31100 }));
    const res = await applyJson(lab, lbLocal({ healthCheckNodePort: 31101 }));
    expectStatus(
      res,
      422,
      'Invalid',
      invalid(['spec.healthCheckNodePort: Forbidden: field is immutable']),
    );
    expect(await portIsFree(31101)).toBe(true);
  });

  it.each([
    { name: 'the policy changes to Cluster', change: { externalTrafficPolicy: 'Cluster' } },
    { name: 'the type changes to NodePort', change: { type: 'NodePort' } },
    { name: 'the type changes to ClusterIP', change: { type: 'ClusterIP' } },
  ])('is released and dropped when $name', async ({ change }) => {
    await applyJson(lab, lbLocal({ healthCheckNodePort: 31100 }));
    const res = await applyJson(lab, lbLocal({ healthCheckNodePort: 31100, ...change }));
    expect(res.status).toBe(200);
    expect(res.body.objects[0].spec.healthCheckNodePort).toBeUndefined();
    expect(await portIsFree(31100)).toBe(true);
  });

  it('is allocated when an update makes the Service LoadBalancer + Local', async () => {
    await applyJson(lab, service('web', { type: 'LoadBalancer' }));
    const res = await applyJson(lab, lbLocal());
    const hc = res.body.objects[0].spec.healthCheckNodePort as number;
    expect(hc).toBeGreaterThanOrEqual(30000);
    expect(await portIsFree(hc)).toBe(false);
  });

  it('is released on delete', async () => {
    await applyJson(lab, lbLocal({ healthCheckNodePort: 31100 }));
    await lab.request.delete(`${SERVICES}/web`);
    expect(await portIsFree(31100)).toBe(true);
  });
});

describe('loadBalancerSourceRanges and its annotation (TestValidateServiceCreate)', () => {
  const lb = (spec: Record<string, unknown> = {}, annotations?: Record<string, string>) =>
    service('web', { type: 'LoadBalancer', ...spec }, annotations ? { annotations } : {});
  const annotationPath = `metadata.annotations[${ANNOTATION}]`;

  it.each([
    {
      name: '"valid LoadBalancer source range annotation"',
      body: lb({}, { [ANNOTATION]: '1.2.3.4/8,  5.6.7.8/16' }),
    },
    { name: '"empty LoadBalancer source range annotation"', body: lb({}, { [ANNOTATION]: '' }) },
    {
      name: '"valid LoadBalancer source range"',
      body: lb({ loadBalancerSourceRanges: ['1.2.3.4/8', ' 5.6.7.8/16 '] }),
    },
    {
      name: 'the annotation is not read when the field is set',
      body: lb({ loadBalancerSourceRanges: ['10.0.0.0/8'] }, { [ANNOTATION]: 'foo.bar' }),
    },
  ])('accepts $name', async ({ body }) => {
    const res = await lab.request.post(SERVICES).send(body);
    expect(res.status).toBe(201);
  });

  it.each([
    {
      name: '"invalid LoadBalancer source range annotation (hostname)"',
      body: service('web', {}, { annotations: { [ANNOTATION]: 'foo.bar' } }),
      errors: [
        `${annotationPath}: Forbidden: ${LB_ONLY}`,
        `${annotationPath}: Invalid value: "foo.bar": ${CIDR}`,
      ],
    },
    {
      name: '"invalid LoadBalancer source range annotation (invalid CIDR)"',
      body: lb({}, { [ANNOTATION]: '1.2.3.4/33' }),
      errors: [`${annotationPath}: Invalid value: "1.2.3.4/33": ${CIDR}`],
    },
    {
      name: '"invalid source range for non LoadBalancer type service"',
      body: service('web', { loadBalancerSourceRanges: ['1.2.3.4/8', '5.6.7.8/16'] }),
      errors: [`spec.LoadBalancerSourceRanges: Forbidden: ${LB_ONLY}`],
    },
    {
      name: '"empty LoadBalancer source range"',
      body: lb({ loadBalancerSourceRanges: ['   '] }),
      errors: [`spec.LoadBalancerSourceRanges[0]: Invalid value: "": ${CIDR}`],
    },
    {
      name: '"invalid LoadBalancer source range"',
      body: lb({ loadBalancerSourceRanges: ['10.0.0.0/8', 'foo.bar'] }),
      errors: [`spec.LoadBalancerSourceRanges[1]: Invalid value: "foo.bar": ${CIDR}`],
    },
  ])('refuses $name', async ({ body, errors }) => {
    const res = await lab.request.post(SERVICES).send(body);
    expectStatus(res, 422, 'Invalid', invalid(errors));
  });
});

describe('loadBalancerClass', () => {
  const lb = (spec: Record<string, unknown> = {}) =>
    service('web', { type: 'LoadBalancer', ...spec });

  it('is kept on a LoadBalancer Service', async () => {
    const res = await applyJson(lab, lb({ loadBalancerClass: 'example.com/internal' }));
    expect(res.body.objects[0].spec.loadBalancerClass).toBe('example.com/internal');
  });

  it('must be a qualified name', async () => {
    const res = await lab.request.post(SERVICES).send(lb({ loadBalancerClass: 'Bad/Class/Name' }));
    expect(res.status).toBe(422);
    expect(res.body.details.causes[0].field).toBe('spec.loadBalancerClass');
    expect(res.body.message).toContain(
      'spec.loadBalancerClass: Invalid value: "Bad/Class/Name": a qualified name',
    );
  });

  it('is refused on other types', async () => {
    const res = await lab.request
      .post(SERVICES)
      .send(service('web', { type: 'NodePort', loadBalancerClass: 'a/b' }));
    expectStatus(res, 422, 'Invalid', invalid([`spec.loadBalancerClass: Forbidden: ${LB_ONLY}`]));
  });

  it('may not change once set', async () => {
    await applyJson(lab, lb({ loadBalancerClass: 'example.com/a' }));
    const res = await applyJson(lab, lb({ loadBalancerClass: 'example.com/b' }));
    expectStatus(
      res,
      422,
      'Invalid',
      invalid(['spec.loadBalancerClass: Invalid value: "example.com/b": may not change once set']),
    );
    const unset = await applyJson(lab, lb());
    expect(unset.body.message).toContain(
      'spec.loadBalancerClass: Invalid value: null: may not change once set',
    );
  });

  it('is dropped, unchanged, when the type leaves LoadBalancer; refused when also changed', async () => {
    await applyJson(lab, lb({ loadBalancerClass: 'example.com/a' }));
    const changed = await applyJson(
      lab,
      service('web', { type: 'NodePort', loadBalancerClass: 'example.com/b' }),
    );
    expectStatus(
      changed,
      422,
      'Invalid',
      invalid([`spec.loadBalancerClass: Forbidden: ${LB_ONLY}`]),
    );
    const res = await applyJson(
      lab,
      service('web', { type: 'NodePort', loadBalancerClass: 'example.com/a' }),
    );
    expect(res.status).toBe(200);
    expect(res.body.objects[0].spec.loadBalancerClass).toBeUndefined();
  });
});
