import { describe, expect, it } from 'vitest';
import type { Endpoints } from '../../schema/kube/core';
import type { Service } from '../../schema/kube/service';
import { formatEndpoints, serviceExternalIP } from './core-tables';
import { tableForKind } from './resources';

const now = new Date('2025-06-16T12:00:00Z');

function service(spec: Service['spec'], status?: Service['status']): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 's' },
    spec,
    ...(status ? { status } : {}),
  };
}

describe('serviceExternalIP', () => {
  it.each([
    { name: 'ClusterIP', svc: service({ type: 'ClusterIP' }), text: '<none>' },
    {
      name: 'ClusterIP with externalIPs',
      svc: service({ type: 'ClusterIP', externalIPs: ['1.2.3.4', '5.6.7.8'] }),
      text: '1.2.3.4,5.6.7.8',
    },
    { name: 'NodePort', svc: service({ type: 'NodePort' }), text: '<none>' },
    {
      name: 'LoadBalancer pending',
      svc: service({ type: 'LoadBalancer' }, { loadBalancer: {} }),
      text: '<pending>',
    },
    {
      name: 'LoadBalancer ingress sorted and deduplicated',
      svc: service(
        { type: 'LoadBalancer' },
        {
          loadBalancer: {
            ingress: [
              { ip: '9.9.9.9' },
              { hostname: 'lb.example' },
              { ip: '1.1.1.1' },
              { ip: '9.9.9.9' },
            ],
          },
        },
      ),
      text: '1.1.1.1,9.9.9.9,lb.example',
    },
    {
      name: 'LoadBalancer ingress then externalIPs',
      svc: service(
        { type: 'LoadBalancer', externalIPs: ['5.5.5.5'] },
        { loadBalancer: { ingress: [{ ip: '1.1.1.1' }] } },
      ),
      text: '1.1.1.1,5.5.5.5',
    },
    {
      name: 'ExternalName',
      svc: service({ type: 'ExternalName', externalName: 'db.example.com' }),
      text: 'db.example.com',
    },
  ])('$name', ({ svc, text }) => {
    expect(serviceExternalIP(svc)).toBe(text);
  });

  it('PORT(S) joins ports and CLUSTER-IP shows None for headless services', () => {
    const svc = service({
      clusterIP: 'None',
      clusterIPs: ['None'],
      ports: [
        { name: 'http', port: 80, protocol: 'TCP' },
        { name: 'dns', port: 53, protocol: 'UDP' },
      ],
    });
    expect(tableForKind('Service', [svc], now).rows[0]?.cells.slice(2, 5)).toEqual([
      'None',
      '<none>',
      '80/TCP,53/UDP',
    ]);
    expect(tableForKind('Service', [service({})], now).rows[0]?.cells.slice(2, 5)).toEqual([
      '<none>',
      '<none>',
      '<none>',
    ]);
  });
});

describe('formatEndpoints', () => {
  const ep = (subsets: Endpoints['subsets']): Endpoints => ({
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'e' },
    ...(subsets ? { subsets } : {}),
  });
  it.each([
    { name: 'no subsets', ep: ep(undefined), text: '<none>' },
    {
      name: 'only not-ready addresses',
      ep: ep([{ notReadyAddresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80, protocol: 'TCP' }] }]),
      text: '',
    },
    {
      name: 'headless without ports',
      ep: ep([{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }] }]),
      text: '10.0.0.1,10.0.0.2',
    },
    {
      name: 'every port of every address counts',
      ep: ep([
        {
          addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }],
          ports: [
            { port: 80, protocol: 'TCP' },
            { port: 443, protocol: 'TCP' },
          ],
        },
      ]),
      text: '10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...',
    },
    {
      name: 'exactly three',
      ep: ep([
        {
          addresses: [{ ip: 'a' }, { ip: 'b' }, { ip: 'c' }],
          ports: [{ port: 1, protocol: 'TCP' }],
        },
      ]),
      text: 'a:1,b:1,c:1',
    },
  ])('$name', ({ ep, text }) => {
    expect(formatEndpoints(ep)).toBe(text);
  });
});
