import { describe, expect, it } from 'vitest';
import { fieldErrorText } from '../../apimachinery/field-errors';
import { defaultService } from './defaults';
import { validateService } from './validation';
import type { Service, ServiceSpec } from '../../../schema/kube/service';

const DNS1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const NAME_PART =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const BAD_IP = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

const service = (spec: ServiceSpec, name = 'web'): Service =>
  defaultService({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default' },
    spec,
  });

const nodePort = (extra: Partial<ServiceSpec> = {}): Service =>
  service({
    type: 'NodePort',
    selector: { app: 'web' },
    ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }],
    clusterIP: '10.96.0.5',
    ...extra,
  });

const texts = (svc: Service, old?: Service): string[] =>
  validateService(svc, old).map(fieldErrorText);

describe('validateService', () => {
  it.each([
    { name: 'a NodePort service', svc: nodePort() },
    { name: 'a ClusterIP service without clusterIP yet', svc: service({ ports: [{ port: 80 }] }) },
    { name: 'a headless service without ports', svc: service({ clusterIP: 'None' }) },
    {
      name: 'an ExternalName service',
      svc: service({ type: 'ExternalName', externalName: 'db.example.com.' }),
    },
    {
      name: 'a LoadBalancer service',
      svc: service({ type: 'LoadBalancer', ports: [{ port: 443 }] }),
    },
    {
      name: 'TCP and UDP on one nodePort',
      svc: nodePort({
        ports: [
          { name: 'dns', port: 53, nodePort: 30053 },
          { name: 'dns-udp', port: 53, protocol: 'UDP', nodePort: 30053 },
        ],
      }),
    },
    {
      name: 'a named targetPort',
      svc: nodePort({ ports: [{ port: 80, targetPort: 'http-alt' }] }),
    },
    {
      name: 'ClientIP timeout of exactly 86400',
      svc: nodePort({
        sessionAffinity: 'ClientIP',
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 86400 } },
      }),
    },
    { name: 'Local traffic policy on NodePort', svc: nodePort({ externalTrafficPolicy: 'Local' }) },
    {
      name: 'a public externalIP',
      svc: service({ ports: [{ port: 80 }], externalIPs: ['192.168.1.10', '2001:db8::1'] }),
    },
  ])('accepts $name', ({ svc }) => {
    expect(texts(svc)).toEqual([]);
  });

  it.each([
    {
      name: 'a bad name',
      svc: service({ ports: [{ port: 80 }] }, 'Web_1'),
      want: [`metadata.name: Invalid value: "Web_1": ${DNS1035}`],
    },
    { name: 'no ports', svc: service({}), want: ['spec.ports: Required value'] },
    {
      name: 'an unnamed second port',
      svc: nodePort({ ports: [{ name: 'http', port: 80 }, { port: 443 }] }),
      want: ['spec.ports[1].name: Required value'],
    },
    {
      name: 'duplicate port names',
      svc: nodePort({
        ports: [
          { name: 'http', port: 80 },
          { name: 'http', port: 8080 },
        ],
      }),
      want: ['spec.ports[1].name: Duplicate value: "http"'],
    },
    {
      name: 'a bad port name',
      svc: nodePort({ ports: [{ name: 'Http', port: 80 }] }),
      want: [`spec.ports[0].name: Invalid value: "Http": ${LABEL}`],
    },
    {
      name: 'port 0',
      svc: nodePort({ ports: [{ port: 0, targetPort: 80 }] }),
      want: ['spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive'],
    },
    {
      name: 'protocol HTTP',
      svc: nodePort({ ports: [{ port: 80, protocol: 'HTTP' }] }),
      want: [
        'spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
      ],
    },
    {
      name: 'targetPort 70000',
      svc: nodePort({ ports: [{ port: 80, targetPort: 70000 }] }),
      want: [
        'spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      ],
    },
    {
      name: 'a targetPort name with two dashes',
      svc: nodePort({ ports: [{ port: 80, targetPort: 'web--port' }] }),
      want: [
        'spec.ports[0].targetPort: Invalid value: "web--port": must not contain consecutive hyphens',
      ],
    },
    {
      name: 'nodePort 70000',
      svc: nodePort({ ports: [{ port: 80, nodePort: 70000 }] }),
      want: [
        'spec.ports[0].nodePort: Invalid value: 70000: must be between 0 and 65535, inclusive',
      ],
    },
    {
      name: 'nodePort on a ClusterIP service',
      svc: service({ ports: [{ port: 80, nodePort: 30080 }] }),
      want: ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
    },
    {
      name: 'the same TCP nodePort twice',
      svc: nodePort({
        ports: [
          { name: 'a', port: 80, nodePort: 30080 },
          { name: 'b', port: 81, nodePort: 30080 },
        ],
      }),
      want: ['spec.ports[1].nodePort: Duplicate value: 30080'],
    },
    {
      name: 'the same TCP port twice',
      svc: nodePort({
        ports: [
          { name: 'a', port: 80 },
          { name: 'b', port: 80 },
        ],
      }),
      want: [
        'spec.ports[1]: Duplicate value: {"Name":"","Protocol":"TCP","AppProtocol":null,"Port":80,"TargetPort":0,"NodePort":0}',
      ],
    },
    {
      name: 'type Foo',
      svc: nodePort({ type: 'Foo' }),
      want: [
        'spec.type: Unsupported value: "Foo": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
      ],
    },
    {
      name: 'sessionAffinity X',
      svc: nodePort({ sessionAffinity: 'X' }),
      want: ['spec.sessionAffinity: Unsupported value: "X": supported values: "ClientIP", "None"'],
    },
    {
      name: 'a ClientIP timeout of 100000',
      svc: nodePort({
        sessionAffinity: 'ClientIP',
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 100000 } },
      }),
      want: [
        'spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 100000: must be greater than 0 and less than 86400',
      ],
    },
    {
      name: 'a ClientIP timeout of 0',
      svc: nodePort({
        sessionAffinity: 'ClientIP',
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 0 } },
      }),
      want: [
        'spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than 0 and less than 86400',
      ],
    },
    {
      name: 'Local policy on a ClusterIP service',
      svc: service({ ports: [{ port: 80 }], externalTrafficPolicy: 'Local' }),
      want: [
        'spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services',
      ],
    },
    {
      name: 'externalTrafficPolicy Foo',
      svc: nodePort({ externalTrafficPolicy: 'Foo' }),
      want: [
        'spec.externalTrafficPolicy: Unsupported value: "Foo": supported values: "Cluster", "Local"',
      ],
    },
    {
      name: 'internalTrafficPolicy Foo',
      svc: nodePort({ internalTrafficPolicy: 'Foo' }),
      want: [
        'spec.internalTrafficPolicy: Unsupported value: "Foo": supported values: "Cluster", "Local"',
      ],
    },
    {
      name: 'NodePort with clusterIP None',
      svc: nodePort({ clusterIP: 'None' }),
      want: [
        'spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for NodePort services',
      ],
    },
    {
      name: 'a bad selector',
      svc: nodePort({ selector: { 'bad key!': 'web' } }),
      want: [`spec.selector: Invalid value: "bad key!": ${NAME_PART}`],
    },
    {
      name: 'an unparseable clusterIP',
      svc: nodePort({ clusterIP: '10.96.0' }),
      want: [`spec.clusterIPs[0]: Invalid value: "10.96.0": ${BAD_IP}`],
    },
    {
      name: 'an IPv6 clusterIP in an IPv4 service',
      svc: nodePort({ clusterIP: 'fd00::5', ipFamilies: ['IPv4'] }),
      want: [
        'spec.clusterIPs[0]: Invalid value: "fd00::5": expected an IPv4 value as indicated by `ipFamilies[0]`',
      ],
    },
    {
      name: 'ExternalName without a name',
      svc: service({ type: 'ExternalName' }),
      want: ['spec.externalName: Required value'],
    },
    {
      name: 'ExternalName with a clusterIP',
      svc: service({ type: 'ExternalName', externalName: 'db', clusterIP: '10.96.0.9' }),
      want: ['spec.clusterIPs: Forbidden: may not be set for ExternalName services'],
    },
    {
      name: 'allocateLoadBalancerNodePorts on a NodePort service',
      svc: nodePort({ allocateLoadBalancerNodePorts: false }),
      want: [
        "spec.allocateLoadBalancerNodePorts: Forbidden: may only be used when `type` is 'LoadBalancer'",
      ],
    },
  ])('rejects $name', ({ svc, want }) => {
    expect(texts(svc)).toEqual(want);
  });

  it.each([
    { ip: 'not-an-ip', want: [BAD_IP] },
    { ip: '0.0.0.0', want: ['may not be unspecified (0.0.0.0)'] },
    { ip: '::', want: ['may not be unspecified (::)'] },
    { ip: '127.0.0.1', want: ['may not be in the loopback range (127.0.0.0/8, ::1/128)'] },
    { ip: '::1', want: ['may not be in the loopback range (127.0.0.0/8, ::1/128)'] },
    { ip: '169.254.1.1', want: ['may not be in the link-local range (169.254.0.0/16, fe80::/10)'] },
    { ip: 'fe80::1', want: ['may not be in the link-local range (169.254.0.0/16, fe80::/10)'] },
    {
      ip: '224.0.0.251',
      want: ['may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'],
    },
    {
      ip: 'ff02::1',
      want: ['may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'],
    },
  ])('rejects externalIP $ip', ({ ip, want }) => {
    const svc = service({ ports: [{ port: 80 }], externalIPs: ['8.8.8.8', ip] });
    expect(texts(svc)).toEqual(
      want.map((d) => `spec.externalIPs[1]: Invalid value: "${ip}": ${d}`),
    );
  });

  it('reports every problem, metadata first, in kube-apiserver order', () => {
    const svc = service(
      {
        type: 'NodePort',
        selector: { app: 'web' },
        ports: [{ port: 0 }, { port: 80, protocol: 'HTTP', nodePort: 30080 }],
        sessionAffinity: 'Sticky',
        externalIPs: ['127.0.0.1'],
        externalTrafficPolicy: 'Remote',
      },
      '1web',
    );
    expect(texts(svc)).toEqual([
      `metadata.name: Invalid value: "1web": ${DNS1035}`,
      'spec.ports[0].name: Required value',
      'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.ports[1].name: Required value',
      'spec.ports[1].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
      'spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"',
      'spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
      'spec.externalTrafficPolicy: Unsupported value: "Remote": supported values: "Cluster", "Local"',
    ]);
  });

  describe('on update', () => {
    it('rejects a changed clusterIP, printing the new clusterIPs', () => {
      const old = nodePort({ clusterIP: '10.96.0.4' });
      expect(texts(nodePort({ clusterIP: '10.96.0.5' }), old)).toEqual([
        'spec.clusterIPs[0]: Invalid value: ["10.96.0.5"]: may not change once set',
      ]);
    });

    it.each([
      {
        name: 'the same clusterIP',
        old: nodePort(),
        next: nodePort({ externalTrafficPolicy: 'Local' }),
      },
      {
        name: 'a switch to ClusterIP type',
        old: nodePort(),
        next: service({ ports: [{ port: 80 }], clusterIP: '10.96.0.5' }),
      },
      {
        name: 'a switch from ExternalName',
        old: service({ type: 'ExternalName', externalName: 'db' }),
        next: nodePort(),
      },
    ])('accepts $name', ({ old, next }) => {
      expect(texts(next, old)).toEqual([]);
    });
  });
});
