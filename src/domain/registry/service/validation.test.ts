import { describe, expect, it } from 'vitest';
import {
  BAD_IP,
  DNS1035,
  nodePort,
  service,
  texts,
} from '../../../../test/fixtures/service-validation';

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
