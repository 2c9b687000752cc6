import { describe, expect, it } from 'vitest';
import {
  BAD_IP,
  DNS1035,
  LABEL,
  NAME_PART,
  nodePort,
  service,
  texts,
} from '../../../../test/fixtures/service-validation';

describe('validateService', () => {
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
});
