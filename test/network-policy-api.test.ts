// NetworkPolicy (networking.k8s.io/v1) through the HTTP API: served like the other kinds, with
// kube-apiserver's defaults (policyTypes from the rules, protocol TCP) and ValidateNetworkPolicy's
// messages (pkg/apis/networking/validation/validation.go), and the lab's bounds.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLab, type TestLab } from './support/app';

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(() => lab.close());

type Json = Record<string, unknown>;
const NETPOLS = '/apis/networking.k8s.io/v1/namespaces/default/networkpolicies';
const policy = (spec: Json, name = 'np'): Json => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name },
  spec,
});
const invalid = (errors: string[]) =>
  `NetworkPolicy.networking.k8s.io "np" is invalid: ${errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`}`;

describe('NetworkPolicy as kube-apiserver serves it', () => {
  it('is created with the defaults: policyTypes from the rules, protocol TCP, podSelector {}', async () => {
    const created = await lab.request
      .post(NETPOLS)
      .send(policy({ egress: [{ ports: [{ port: 53 }] }], ingress: [{}] }))
      .expect(201);
    expect(created.body.spec).toEqual({
      podSelector: {},
      ingress: [{}],
      egress: [{ ports: [{ protocol: 'TCP', port: 53 }] }],
      policyTypes: ['Ingress', 'Egress'],
    });
    const ingressOnly = await lab.request.post(NETPOLS).send(policy({}, 'deny')).expect(201);
    expect(ingressOnly.body.spec.policyTypes).toEqual(['Ingress']);
  });

  it('lists, gets, patches and deletes', async () => {
    await lab.request.post(NETPOLS).send(policy({ podSelector: { matchLabels: { app: 'web' } } }));
    const list = await lab.request.get('/apis/networking.k8s.io/v1/networkpolicies').expect(200);
    expect(list.body.kind).toBe('NetworkPolicyList');
    expect(list.body.items.map((i: Json) => (i.metadata as Json).name)).toEqual(['np']);
    const patched = await lab.request
      .patch(`${NETPOLS}/np`)
      .set('Content-Type', 'application/merge-patch+json')
      .send({ spec: { policyTypes: ['Egress'] } })
      .expect(200);
    expect(patched.body.spec.policyTypes).toEqual(['Egress']);
    expect(patched.body.metadata.generation).toBe(2);
    await lab.request.delete(`${NETPOLS}/np`).expect(200);
    await lab.request.get(`${NETPOLS}/np`).expect(404);
  });

  it('takes the metadata field selectors only, as kinds without registered field labels do', async () => {
    await lab.request.post(NETPOLS).send(policy({}, 'a'));
    await lab.request.post(NETPOLS).send(policy({}, 'b'));
    const one = await lab.request.get(`${NETPOLS}?fieldSelector=metadata.name%3Db`).expect(200);
    expect(one.body.items.map((i: Json) => (i.metadata as Json).name)).toEqual(['b']);
    const bad = await lab.request.get(`${NETPOLS}?fieldSelector=spec.podSelector%3Dx`).expect(400);
    expect(bad.body.message).toContain('"spec.podSelector" is not a known field selector');
  });

  it('goes with its namespace', async () => {
    await lab.request
      .post('/api/v1/namespaces')
      .send({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } })
      .expect(201);
    const inTeam = '/apis/networking.k8s.io/v1/namespaces/team/networkpolicies';
    await lab.request.post(inTeam).send(policy({})).expect(201);
    await lab.request.delete('/api/v1/namespaces/team').expect(200);
    const left = await lab.request.get('/apis/networking.k8s.io/v1/networkpolicies').expect(200);
    expect(left.body.items).toEqual([]);
  });

  it('is in discovery with its short name', async () => {
    const res = await lab.request.get('/apis/networking.k8s.io/v1').expect(200);
    expect(res.body.resources).toContainEqual(
      expect.objectContaining({
        name: 'networkpolicies',
        kind: 'NetworkPolicy',
        shortNames: ['netpol'],
      }),
    );
  });
});

describe('ValidateNetworkPolicy', () => {
  it.each([
    {
      name: 'an invalid CIDR',
      spec: { ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/33' } }] }] },
      errors: [
        'spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
      ],
    },
    {
      name: 'an except outside the block',
      spec: {
        ingress: [
          {
            from: [{ ipBlock: { cidr: '10.0.0.0/16', except: ['192.168.0.0/24', '10.0.0.0/16'] } }],
          },
        ],
      },
      errors: [
        'spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "192.168.0.0/24": must be a strict subset of `cidr`',
        'spec.ingress[0].from[0].ipBlock.except[1]: Invalid value: "10.0.0.0/16": must be a strict subset of `cidr`',
      ],
    },
    {
      name: 'an empty peer',
      spec: { egress: [{ to: [{}] }] },
      errors: ['spec.egress[0].to[0]: Required value: must specify a peer'],
    },
    {
      name: 'ipBlock with another peer',
      spec: { ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }] }] },
      errors: ['spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer'],
    },
    {
      name: 'endPort below port, and ports out of range',
      spec: {
        ingress: [
          { ports: [{ port: 80, endPort: 70 }, { port: 0 }, { port: 'http', endPort: 90 }] },
        ],
      },
      errors: [
        'spec.ingress[0].ports[0].endPort: Invalid value: 70: must be greater than or equal to `port`',
        'spec.ingress[0].ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive',
        'spec.ingress[0].ports[2].endPort: Invalid value: 90: may not be specified when `port` is non-numeric',
      ],
    },
    {
      name: 'a bad protocol and port name',
      spec: { egress: [{ ports: [{ protocol: 'ICMP', port: 'Web_80' }] }] },
      errors: [
        'spec.egress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"',
        'spec.egress[0].ports[0].port: Invalid value: "Web_80": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      ],
    },
    {
      name: 'an unknown policy type',
      spec: { policyTypes: ['Ingress', 'Sideways'] },
      errors: [
        'spec.policyTypes[1]: Unsupported value: "Sideways": supported values: "Ingress", "Egress"',
      ],
    },
    {
      name: 'a bad pod selector',
      spec: { podSelector: { matchLabels: { app: 'a b' } } },
      errors: [
        "spec.podSelector.matchLabels: Invalid value: \"a b\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      ],
    },
  ])('refuses $name', async ({ spec, errors }) => {
    const res = await lab.request.post(NETPOLS).send(policy(spec)).expect(422);
    expect(res.body.reason).toBe('Invalid');
    expect(res.body.message).toBe(invalid(errors));
  });

  it('bounds the rules of one policy and the policies of a lab', async () => {
    const ingress = Array.from({ length: 101 }, () => ({}));
    const res = await lab.request.post(NETPOLS).send(policy({ ingress })).expect(403);
    expect(res.body.message).toBe(
      'networkpolicies.networking.k8s.io "np" is forbidden: exceeded quota: lab, requested: networkPolicyRules=101, used: networkPolicyRules=0, limited: networkPolicyRules=100',
    );
  });
});
