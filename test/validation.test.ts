// Kubernetes facts sections 2-4 through the HTTP API: each validation rule with its exact Status,
// the defaults visible in stored objects, and allocation kept, released and reused.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLab, type TestLab } from './support/app';
import {
  applyJson,
  DEPLOYMENTS,
  deployment,
  expectStatus,
  pod,
  PODS,
  service,
  SERVICES,
} from './support/manifests';

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(() => lab.close());

const DNS1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1123_LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const LABEL_KEY =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const PORT_RANGE = 'must be between 1 and 65535, inclusive';

interface Cause {
  reason: string;
  field: string;
  message: string;
}

interface InvalidCase {
  name: string;
  path: string;
  object: Record<string, unknown>;
  /** Field errors as `<field>: <body>`, in the order kube-apiserver reports them. */
  errors: string[];
  kind?: string;
  group?: string;
}

const long = (n: number, c = 'a') => c.repeat(n);

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

const serviceCases: InvalidCase[] = [
  {
    name: 'service name longer than 63 characters',
    path: SERVICES,
    object: service(long(64)),
    errors: [`metadata.name: Invalid value: "${long(64)}": must be no more than 63 characters`],
  },
  {
    name: 'service name starting with a digit (DNS-1035)',
    path: SERVICES,
    object: service('1-web'),
    errors: [`metadata.name: Invalid value: "1-web": ${DNS1035}`],
  },
  {
    name: 'service name with a dot (valid subdomain, invalid DNS-1035)',
    path: SERVICES,
    object: service('web.example'),
    errors: [`metadata.name: Invalid value: "web.example": ${DNS1035}`],
  },
  {
    name: 'service name too long and invalid reports both',
    path: SERVICES,
    object: service(`${long(63)}-`),
    errors: [
      `metadata.name: Invalid value: "${long(63)}-": must be no more than 63 characters`,
      `metadata.name: Invalid value: "${long(63)}-": ${DNS1035}`,
    ],
  },
  {
    name: 'label key with a leading dash',
    path: SERVICES,
    object: service('web', {}, { labels: { '-bad': 'x' } }),
    errors: [`metadata.labels: Invalid value: "-bad": ${LABEL_KEY}`],
  },
  {
    name: 'label value longer than 63 characters',
    path: SERVICES,
    object: service('web', {}, { labels: { app: long(64, 'v') } }),
    errors: [
      `metadata.labels: Invalid value: "${long(64, 'v')}": must be no more than 63 characters`,
    ],
  },
  {
    name: 'selector value with a space is reported on spec.selector',
    path: SERVICES,
    object: svc({ selector: { app: 'a b' } }),
    errors: [`spec.selector: Invalid value: "a b": ${LABEL_VALUE}`],
  },
  {
    name: 'no ports',
    path: SERVICES,
    object: svc({ ports: [] }),
    errors: ['spec.ports: Required value'],
  },
  {
    name: 'second of two ports without a name',
    path: SERVICES,
    object: svc({ ports: [{ name: 'http', port: 80 }, { port: 81 }] }),
    errors: ['spec.ports[1].name: Required value'],
  },
  {
    name: 'duplicate port names',
    path: SERVICES,
    object: svc({
      ports: [
        { name: 'http', port: 80 },
        { name: 'http', port: 81 },
      ],
    }),
    errors: ['spec.ports[1].name: Duplicate value: "http"'],
  },
  {
    name: 'port name that is not a DNS-1123 label',
    path: SERVICES,
    object: svc({ ports: [{ name: 'Http', port: 80 }] }),
    errors: [`spec.ports[0].name: Invalid value: "Http": ${DNS1123_LABEL}`],
  },
  {
    name: 'port 0 with an explicit targetPort',
    path: SERVICES,
    object: svc({ ports: [{ port: 0, targetPort: 80 }] }),
    errors: [`spec.ports[0].port: Invalid value: 0: ${PORT_RANGE}`],
  },
  {
    name: 'port 0 without targetPort (the default copies the 0)',
    path: SERVICES,
    object: svc({ ports: [{ port: 0 }] }),
    errors: [
      `spec.ports[0].port: Invalid value: 0: ${PORT_RANGE}`,
      `spec.ports[0].targetPort: Invalid value: 0: ${PORT_RANGE}`,
    ],
  },
  {
    name: 'port 65536',
    path: SERVICES,
    object: svc({ ports: [{ port: 65536, targetPort: 80 }] }),
    errors: [`spec.ports[0].port: Invalid value: 65536: ${PORT_RANGE}`],
  },
  {
    name: 'protocol HTTP',
    path: SERVICES,
    object: svc({ ports: [{ port: 80, protocol: 'HTTP' }] }),
    errors: [
      'spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    ],
  },
  {
    name: 'targetPort name with an underscore',
    path: SERVICES,
    object: svc({ ports: [{ port: 80, targetPort: 'http_web' }] }),
    errors: [
      'spec.ports[0].targetPort: Invalid value: "http_web": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    ],
  },
  {
    name: 'targetPort name of digits only',
    path: SERVICES,
    object: svc({ ports: [{ port: 80, targetPort: '8080' }] }),
    errors: [
      'spec.ports[0].targetPort: Invalid value: "8080": must contain at least one letter (a-z)',
    ],
  },
  {
    name: 'targetPort name longer than 15 characters',
    path: SERVICES,
    object: svc({ ports: [{ port: 80, targetPort: 'very-long-port-name' }] }),
    errors: [
      'spec.ports[0].targetPort: Invalid value: "very-long-port-name": must be no more than 15 characters',
    ],
  },
  {
    name: 'targetPort name with consecutive hyphens and a trailing hyphen',
    path: SERVICES,
    object: svc({ ports: [{ port: 80, targetPort: 'web--api-' }] }),
    errors: [
      'spec.ports[0].targetPort: Invalid value: "web--api-": must not contain consecutive hyphens',
      'spec.ports[0].targetPort: Invalid value: "web--api-": must not begin or end with a hyphen',
    ],
  },
  {
    name: 'targetPort number out of range',
    path: SERVICES,
    object: svc({ ports: [{ port: 80, targetPort: 70000 }] }),
    errors: [`spec.ports[0].targetPort: Invalid value: 70000: ${PORT_RANGE}`],
  },
  {
    name: 'type Foo',
    path: SERVICES,
    object: svc({ type: 'Foo' }),
    errors: [
      'spec.type: Unsupported value: "Foo": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ],
  },
  {
    name: 'nodePort on a ClusterIP service',
    path: SERVICES,
    object: svc({ ports: [{ port: 80, nodePort: 30080 }] }),
    errors: ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
  },
  {
    name: 'the same nodePort twice for one port number and protocol',
    path: SERVICES,
    object: svc({
      type: 'NodePort',
      ports: [
        { name: 'a', port: 80, nodePort: 30080 },
        { name: 'b', port: 80, targetPort: 8080, nodePort: 30080 },
      ],
    }),
    errors: [
      'spec.ports[1].nodePort: Duplicate value: 30080',
      'spec.ports[1]: Duplicate value: {"Name":"","Protocol":"TCP","AppProtocol":null,"Port":80,"TargetPort":0,"NodePort":0}',
    ],
  },
  {
    name: 'the same nodePort for two port numbers (the allocator refuses the second)',
    path: SERVICES,
    object: svc({
      type: 'NodePort',
      ports: [
        { name: 'a', port: 80, nodePort: 30080 },
        { name: 'b', port: 81, nodePort: 30080 },
      ],
    }),
    errors: ['spec.ports[1].nodePort: Invalid value: 30080: provided port is already allocated'],
  },
  {
    name: 'sessionAffinity X',
    path: SERVICES,
    object: svc({ sessionAffinity: 'X' }),
    errors: ['spec.sessionAffinity: Unsupported value: "X": supported values: "ClientIP", "None"'],
  },
  {
    name: 'ClientIP timeout of 100000 seconds',
    path: SERVICES,
    object: svc({
      sessionAffinity: 'ClientIP',
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 100000 } },
    }),
    errors: [
      'spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 100000: must be greater than 0 and less than 86400',
    ],
  },
  {
    name: 'ClientIP timeout of 0 seconds',
    path: SERVICES,
    object: svc({
      sessionAffinity: 'ClientIP',
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 0 } },
    }),
    errors: [
      'spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than 0 and less than 86400',
    ],
  },
  {
    name: 'externalTrafficPolicy Local on a ClusterIP service',
    path: SERVICES,
    object: svc({ externalTrafficPolicy: 'Local' }),
    errors: [
      'spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services',
    ],
  },
  {
    name: 'externalTrafficPolicy Foo on a NodePort service',
    path: SERVICES,
    object: svc({ type: 'NodePort', externalTrafficPolicy: 'Foo' }),
    errors: [
      'spec.externalTrafficPolicy: Unsupported value: "Foo": supported values: "Cluster", "Local"',
    ],
  },
  {
    name: 'externalIPs that are special or not IPs',
    path: SERVICES,
    object: svc({
      type: 'NodePort',
      externalIPs: ['127.0.0.1', '0.0.0.0', '169.254.1.1', '224.0.0.5', 'not-an-ip', '1.2.3.4'],
    }),
    errors: [
      'spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
      'spec.externalIPs[1]: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)',
      'spec.externalIPs[2]: Invalid value: "169.254.1.1": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
      'spec.externalIPs[3]: Invalid value: "224.0.0.5": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)',
      'spec.externalIPs[4]: Invalid value: "not-an-ip": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ],
  },
  {
    name: 'NodePort with clusterIP None',
    path: SERVICES,
    object: svc({ type: 'NodePort', clusterIP: 'None' }),
    errors: [
      `spec.clusterIPs[0]: Invalid value: "None": may not be set to 'None' for NodePort services`,
    ],
  },
  {
    name: 'clusterIP outside the service CIDR',
    path: SERVICES,
    object: svc({ clusterIP: '1.1.1.1' }),
    errors: [
      'spec.clusterIPs: Invalid value: ["1.1.1.1"]: failed to allocate IP 1.1.1.1: the provided IP (1.1.1.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    ],
  },
  {
    name: 'clusterIP of the kubernetes service',
    path: SERVICES,
    object: svc({ clusterIP: '10.96.0.1' }),
    errors: [
      'spec.clusterIPs: Invalid value: ["10.96.0.1"]: failed to allocate IP 10.96.0.1: provided IP is already allocated',
    ],
  },
  {
    name: 'nodePort outside the range is an allocation error, returned alone',
    path: SERVICES,
    object: svc({ type: 'NodePort', sessionAffinity: 'X', ports: [{ port: 80, nodePort: 80 }] }),
    errors: [
      'spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    ],
  },
  {
    name: 'several errors in one Status',
    path: SERVICES,
    object: svc({ sessionAffinity: 'X', ports: [{ port: 80, protocol: 'HTTP' }] }),
    errors: [
      'spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
      'spec.sessionAffinity: Unsupported value: "X": supported values: "ClientIP", "None"',
    ],
  },
];

const otherCases: InvalidCase[] = [
  {
    name: 'pod name with an underscore (DNS-1123 subdomain)',
    path: PODS,
    kind: 'Pod',
    object: pod('web_pod'),
    errors: [`metadata.name: Invalid value: "web_pod": ${DNS1123_SUBDOMAIN}`],
  },
  {
    name: 'pod name longer than 253 characters',
    path: PODS,
    kind: 'Pod',
    object: pod(long(254)),
    errors: [`metadata.name: Invalid value: "${long(254)}": must be no more than 253 characters`],
  },
  {
    name: 'pod label key with two slashes',
    path: PODS,
    kind: 'Pod',
    object: pod('web', { labels: { 'a/b/c': 'x' } }),
    errors: [
      `metadata.labels: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ],
  },
  {
    name: 'deployment without a selector',
    path: DEPLOYMENTS,
    kind: 'Deployment',
    group: 'apps',
    object: deployment('x', 1, { selector: undefined }),
    errors: [
      'spec.selector: Required value',
      'spec.template.metadata.labels: Invalid value: {"app":"x"}: `selector` does not match template `labels`',
    ],
  },
  {
    name: 'deployment whose selector does not match its template',
    path: DEPLOYMENTS,
    kind: 'Deployment',
    group: 'apps',
    object: deployment('x', 1, {
      template: {
        metadata: { labels: { app: 'y', tier: 'web' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
      },
    }),
    errors: [
      'spec.template.metadata.labels: Invalid value: {"app":"y","tier":"web"}: `selector` does not match template `labels`',
    ],
  },
];

/** The name a case's object carries. */
function objectName(object: Record<string, unknown>): string {
  return (object.metadata as { name: string }).name;
}

describe('validation errors answer 422 with the exact Kubernetes Status', () => {
  it.each([...serviceCases, ...otherCases])('$name', async (c) => {
    const res = await lab.request.post(c.path).send(c.object);
    const kind = c.kind ?? 'Service';
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
  const accepted: { name: string; object: Record<string, unknown>; path?: string }[] = [
    {
      name: 'ClientIP timeout of exactly 86400 seconds',
      object: svc({
        sessionAffinity: 'ClientIP',
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 86400 } },
      }),
    },
    {
      name: 'TCP and UDP entries of port 53 sharing one explicit nodePort',
      object: svc({
        type: 'NodePort',
        ports: [
          { name: 'dns-tcp', port: 53, protocol: 'TCP', nodePort: 30053 },
          { name: 'dns-udp', port: 53, protocol: 'UDP', nodePort: 30053 },
        ],
      }),
    },
    {
      name: 'a 63-character service name',
      object: service(long(63)),
    },
    {
      name: 'a pod name with dots (DNS-1123 subdomain)',
      object: pod('web.pod.v1'),
      path: PODS,
    },
    {
      name: 'externalTrafficPolicy Local on a ClusterIP service with externalIPs',
      object: svc({ externalIPs: ['1.2.3.4'], externalTrafficPolicy: 'Local' }),
    },
    {
      name: 'a named targetPort',
      object: svc({ ports: [{ port: 80, targetPort: 'http-web' }] }),
    },
  ];
  it.each(accepted)('$name', async (c) => {
    const res = await lab.request.post(c.path ?? SERVICES).send(c.object);
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
