// IP families on NodePort Lab's single-stack IPv4 cluster, through the HTTP API, as kube-apiserver
// answers them (registry alloc.go initIPFamilyFields). Case names follow Kubernetes'
// TestCreateInitIPFields table (pkg/registry/core/service/storage/storage_test.go), cluster
// "singlestack:v4"; its 10.0.0.1 is 10.96.100.1 here, inside the lab's Service CIDR.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLab, type TestLab } from './support/app';
import { applyJson, expectStatus, service, SERVICES } from './support/manifests';

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(() => lab.close());

const V4 = '10.96.100.1';
const V6 = '2000::1';
const ips = (...list: string[]) => ({ clusterIP: list[0], clusterIPs: list });
const invalid = (errors: string[]) =>
  `Service "web" is invalid: ${errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`}`;
const NOT_DUAL =
  'spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services';
const v6NotConfigured = (i: number) =>
  `spec.ipFamilies[${i}]: Invalid value: "IPv6": not configured on this cluster`;
const MULTIPLE = "must be 'RequireDualStack' or 'PreferDualStack' when multiple";

interface Case {
  name: string;
  spec: Record<string, unknown>;
  /** Stored policy and families, or the field errors of the 422. */
  want: { policy: string; families: string[] } | { errors: string[] };
}

const single = { policy: 'SingleStack', families: ['IPv4'] };
const prefer = { policy: 'PreferDualStack', families: ['IPv4'] };

const createCases: Case[] = [
  { name: 'ClusterIPs:unset_Policy:unset_Families:unset', spec: {}, want: single },
  {
    name: 'ClusterIPs:unset_Policy:unset_Families:v4',
    spec: { ipFamilies: ['IPv4'] },
    want: single,
  },
  {
    name: 'ClusterIPs:unset_Policy:unset_Families:v6',
    spec: { ipFamilies: ['IPv6'] },
    want: { errors: [v6NotConfigured(0)] },
  },
  {
    name: 'ClusterIPs:unset_Policy:unset_Families:v4v6',
    spec: { ipFamilies: ['IPv4', 'IPv6'] },
    want: {
      errors: [
        `spec.ipFamilyPolicy: Invalid value: "SingleStack": ${MULTIPLE} IP families are specified`,
      ],
    },
  },
  {
    name: 'ClusterIPs:unset_Policy:PreferDualStack_Families:unset (stays single-stack)',
    spec: { ipFamilyPolicy: 'PreferDualStack' },
    want: prefer,
  },
  {
    name: 'ClusterIPs:unset_Policy:PreferDualStack_Families:v4v6',
    spec: { ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv4', 'IPv6'] },
    want: { errors: [v6NotConfigured(1)] },
  },
  {
    name: 'ClusterIPs:unset_Policy:RequireDualStack_Families:unset',
    spec: { ipFamilyPolicy: 'RequireDualStack' },
    want: { errors: [NOT_DUAL] },
  },
  {
    name: 'ClusterIPs:unset_Policy:RequireDualStack_Families:v6v4',
    spec: { ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv6', 'IPv4'] },
    want: { errors: [NOT_DUAL, v6NotConfigured(0)] },
  },
  { name: 'ClusterIPs:v4_Policy:unset_Families:unset', spec: ips(V4), want: single },
  {
    name: 'ClusterIPs:v4_Policy:PreferDualStack_Families:v4',
    spec: { ...ips(V4), ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv4'] },
    want: prefer,
  },
  {
    name: 'ClusterIPs:v4_Policy:SingleStack_Families:v6',
    spec: { ...ips(V4), ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv6'] },
    want: {
      errors: [
        `spec.clusterIPs[0]: Invalid value: "${V4}": expected an IPv6 value as indicated by \`ipFamilies[0]\``,
      ],
    },
  },
  {
    name: 'ClusterIPs:v6_Policy:unset_Families:unset',
    spec: ips(V6),
    want: {
      errors: [
        `spec.clusterIPs[0]: Invalid value: ["${V6}"]: IPv6 is not configured on this cluster`,
      ],
    },
  },
  {
    name: 'ClusterIPs:v4v6_Policy:unset_Families:unset',
    spec: ips(V4, V6),
    want: {
      errors: [
        `spec.ipFamilyPolicy: Invalid value: "SingleStack": ${MULTIPLE} cluster IPs are specified`,
        `spec.clusterIPs[1]: Invalid value: ["${V4}","${V6}"]: IPv6 is not configured on this cluster`,
      ],
    },
  },
  {
    name: 'ClusterIPs:v4v6_Policy:PreferDualStack_Families:unset',
    spec: { ...ips(V4, V6), ipFamilyPolicy: 'PreferDualStack' },
    want: {
      errors: [
        `spec.clusterIPs[1]: Invalid value: ["${V4}","${V6}"]: IPv6 is not configured on this cluster`,
      ],
    },
  },
  {
    name: 'ClusterIPs:v4v6_Policy:RequireDualStack_Families:v4v6',
    spec: { ...ips(V4, V6), ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv4', 'IPv6'] },
    want: { errors: [NOT_DUAL, v6NotConfigured(1)] },
  },
  {
    name: 'two IPv4 clusterIPs, the first the kubernetes Service address',
    spec: { ...ips('10.96.0.1', '8.8.8.8'), type: 'NodePort', ipFamilyPolicy: 'PreferDualStack' },
    want: {
      errors: [
        'spec.clusterIPs: Invalid value: ["10.96.0.1","8.8.8.8"]: may specify no more than one IP for each IP family',
      ],
    },
  },
  {
    name: 'Headless_Policy:unset_Families:unset, selectorless (defaults to dual)',
    spec: { clusterIP: 'None', selector: undefined },
    want: { policy: 'RequireDualStack', families: ['IPv4', 'IPv6'] },
  },
  {
    name: 'Headless_Policy:SingleStack_Families:unset, selectorless',
    spec: { clusterIP: 'None', selector: undefined, ipFamilyPolicy: 'SingleStack' },
    want: single,
  },
  {
    name: 'Headless_Policy:SingleStack_Families:v6, selectorless (allowed: nothing to allocate)',
    spec: {
      clusterIP: 'None',
      selector: undefined,
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv6'],
    },
    want: { policy: 'SingleStack', families: ['IPv6'] },
  },
  {
    name: 'Headless_Policy:unset_Families:unset, with selector',
    spec: { clusterIP: 'None' },
    want: single,
  },
  {
    name: 'Headless_Policy:RequireDualStack_Families:unset, with selector',
    spec: { clusterIP: 'None', ipFamilyPolicy: 'RequireDualStack' },
    want: { errors: [NOT_DUAL] },
  },
];

describe('creating a Service on a single-stack IPv4 cluster (TestCreateInitIPFields, singlestack:v4)', () => {
  it.each(createCases)('$name', async ({ spec, want }) => {
    const res = await lab.request.post(SERVICES).send(service('web', spec));
    if ('errors' in want) {
      expectStatus(res, 422, 'Invalid', invalid(want.errors));
      expect((await lab.request.get(`${SERVICES}/web`)).status).toBe(404);
      return;
    }
    expect(res.status).toBe(201);
    expect(res.body.spec.ipFamilyPolicy).toBe(want.policy);
    expect(res.body.spec.ipFamilies).toEqual(want.families);
    if (spec.clusterIP === 'None') expect(res.body.spec.clusterIPs).toEqual(['None']);
    else expect(res.body.spec.clusterIPs).toEqual([res.body.spec.clusterIP]);
  });
});

describe('updating a Service on a single-stack IPv4 cluster', () => {
  const put = async (change: Record<string, unknown>) => {
    const stored = (await lab.request.get(`${SERVICES}/web`)).body;
    return lab.request
      .put(`${SERVICES}/web`)
      .send({ ...stored, spec: { ...stored.spec, ...change } });
  };

  it('keeps an unchanged PreferDualStack Service as it is on re-apply', async () => {
    const manifest = service('web', { ipFamilyPolicy: 'PreferDualStack' });
    const first = await applyJson(lab, manifest);
    const again = await applyJson(lab, manifest);
    expect(again.body.results[0].action).toBe('unchanged');
    expect(again.body.objects[0]).toEqual(first.body.objects[0]);
  });

  it('adopts the stored policy when the update leaves it out', async () => {
    await applyJson(lab, service('web', { ipFamilyPolicy: 'PreferDualStack' }));
    const res = await applyJson(lab, service('web', { ports: [{ port: 81 }] }));
    expect(res.body.objects[0].spec.ipFamilyPolicy).toBe('PreferDualStack');
  });

  it.each([
    {
      name: 'upgrade to RequireDualStack',
      change: { ipFamilyPolicy: 'RequireDualStack' },
      error: NOT_DUAL,
    },
    {
      name: 'a second clusterIP with PreferDualStack',
      change: { ipFamilyPolicy: 'PreferDualStack', secondIP: V6 },
      error: 'IPv6 is not configured on this cluster',
    },
    {
      name: 'the family changed to IPv6',
      change: { ipFamilies: ['IPv6'] },
      error: 'expected an IPv6 value as indicated by `ipFamilies[0]`',
    },
  ])('refuses $name and leaves the Service as stored', async ({ change, error }) => {
    const created = (await lab.request.post(SERVICES).send(service('web'))).body;
    const { secondIP, ...rest } = change as Record<string, unknown>;
    const clusterIPs = secondIP ? { clusterIPs: [created.spec.clusterIP, secondIP] } : {};
    const res = await put({ ...rest, ...clusterIPs });
    expect(res.status).toBe(422);
    expect(res.body.message).toContain(error);
    expect((await lab.request.get(`${SERVICES}/web`)).body).toEqual(created);
  });
});

describe('the allocators after dual-stack attempts (regression: two clusterIPs skipped allocation)', () => {
  const TAKEN = (ip: string) =>
    `Service "probe" is invalid: spec.clusterIPs: Invalid value: ["${ip}"]: failed to allocate IP ${ip}: provided IP is already allocated`;

  it('keeps 10.96.0.1 owned by kubernetes and every stored address allocated', async () => {
    const attempts = [
      service('a', { ...ips('10.96.0.1', '8.8.8.8'), ipFamilyPolicy: 'PreferDualStack' }),
      service('b', { ...ips('8.8.8.8', '10.96.0.1'), type: 'NodePort' }),
      service('c', { ...ips('10.96.0.1', V6), ipFamilyPolicy: 'PreferDualStack' }),
      service('d', { type: 'NodePort', ipFamilyPolicy: 'RequireDualStack' }),
      service('e', { type: 'NodePort', ipFamilyPolicy: 'PreferDualStack' }),
      service('f', { clusterIP: 'None', selector: undefined }),
    ];
    for (const body of attempts) await lab.request.post(SERVICES).send(body);
    // Updates too: a second IP added to an accepted Service.
    const e = (await lab.request.get(`${SERVICES}/e`)).body;
    const upgraded = { ...e, spec: { ...e.spec, clusterIPs: [e.spec.clusterIP, '10.96.0.1'] } };
    expect((await lab.request.put(`${SERVICES}/e`).send(upgraded)).status).toBe(422);

    const all = (await lab.request.get('/api/v1/services')).body.items as {
      metadata: { name: string };
      spec: {
        clusterIP: string;
        clusterIPs: string[];
        type: string;
        ports: { nodePort?: number }[];
      };
    }[];
    const kubernetes = all.find((s) => s.metadata.name === 'kubernetes');
    expect(kubernetes?.spec.clusterIPs).toEqual(['10.96.0.1']);
    expect(all.map((s) => s.metadata.name).sort()).toEqual(['e', 'f', 'kube-dns', 'kubernetes']);
    for (const svc of all) {
      if (svc.spec.clusterIP === 'None') continue;
      expect(svc.spec.clusterIPs).toEqual([svc.spec.clusterIP]);
      // Held by the allocator: asking for the same address again is refused.
      const probe = await lab.request
        .post(SERVICES)
        .send(service('probe', { clusterIP: svc.spec.clusterIP }));
      expectStatus(probe, 422, 'Invalid', TAKEN(svc.spec.clusterIP));
      if (svc.spec.type !== 'NodePort') continue;
      for (const p of svc.spec.ports) {
        expect(p.nodePort).toBeGreaterThanOrEqual(30000);
        const clash = await lab.request
          .post(SERVICES)
          .send(
            service('probe', { type: 'NodePort', ports: [{ port: 80, nodePort: p.nodePort }] }),
          );
        expect(clash.body.message).toContain('provided port is already allocated');
      }
    }
    // Deleting what was accepted releases nothing it did not hold.
    for (const name of ['e', 'f']) await lab.request.delete(`${SERVICES}/${name}`);
    const probe = await lab.request
      .post(SERVICES)
      .send(service('probe', { clusterIP: '10.96.0.1' }));
    expectStatus(probe, 422, 'Invalid', TAKEN('10.96.0.1'));
  });
});
