// Test-only: one lab cluster holding every tutorial scenario the routing tests exercise.
import type { Pod } from '../../schema/pod';
import type { Service } from '../../schema/service';
import { ECHO_CONFIG, echoPod, nginx, pod, service, view } from './test-fixtures';
import type { ProxyMode, TrafficView } from './types';

const api = { name: 'api', image: 'ghcr.io/acme/api:1.0', ports: [{ containerPort: 8080 }] };

export const LAB_PODS: Pod[] = [
  echoPod('echo-0', '10.244.1.5', 'node01'),
  echoPod('echo-1', '10.244.1.6', 'node01'),
  echoPod('echo-2', '10.244.2.7', 'node02'),
  pod('nginx-pod', '10.244.1.10', 'node01', [nginx()], { labels: { app: 'nginx' } }),
  pod('web-x', '10.244.1.11', 'node01', [nginx('nginx', 8080)], { labels: { app: 'web' } }),
  pod('api-0', '10.244.2.20', 'node02', [api], { labels: { app: 'api' } }),
  pod('myapp-1', '10.244.1.30', 'node01', [{ name: 'httpd', image: 'httpd:2.4' }], {
    labels: { app: 'myapp', type: 'front-end' },
  }),
  pod(
    'shop-0',
    '10.244.2.40',
    'node02',
    [
      {
        name: 'echo',
        image: 'hashicorp/http-echo',
        args: ['-text=hello from shop', '-listen=:8080'],
      },
    ],
    {
      labels: { app: 'shop' },
    },
  ),
  pod('headless-0', '10.244.2.50', 'node02', [api], { labels: { app: 'db' } }),
];

const nodePort = (port: number, nodePortNumber: number, targetPort: number | string = port) => ({
  protocol: 'TCP',
  port,
  targetPort,
  nodePort: nodePortNumber,
});

export const LAB_SERVICES: Service[] = [
  service('echo-nodeport-service', {
    type: 'NodePort',
    clusterIP: '10.96.100.7',
    selector: { app: 'echo-nodeport' },
    ports: [nodePort(80, 30007)],
  }),
  service('nginx-nodeport-service', {
    type: 'NodePort',
    clusterIP: '10.96.100.10',
    selector: { app: 'nginx' },
    ports: [nodePort(80, 31110)],
  }),
  service('web', {
    type: 'NodePort',
    clusterIP: '10.96.100.11',
    selector: { app: 'web' },
    ports: [nodePort(80, 30080, 8080)],
  }),
  service('empty', {
    type: 'NodePort',
    clusterIP: '10.96.100.12',
    selector: { app: 'nothing' },
    ports: [nodePort(80, 30001)],
  }),
  service('local-api', {
    type: 'NodePort',
    clusterIP: '10.96.100.13',
    externalTrafficPolicy: 'Local',
    selector: { app: 'api' },
    ports: [nodePort(80, 30002, 8080)],
  }),
  service('cluster-api', {
    type: 'NodePort',
    clusterIP: '10.96.100.14',
    selector: { app: 'api' },
    ports: [nodePort(80, 30003, 8080)],
  }),
  service('node-port-service', {
    type: 'NodePort',
    clusterIP: '10.97.106.144',
    selector: { app: 'myapp', type: 'front-end' },
    ports: [nodePort(80, 30008)],
    externalIPs: ['1.2.3.110'],
  }),
  service(
    'shop',
    {
      type: 'LoadBalancer',
      clusterIP: '10.96.100.16',
      selector: { app: 'shop' },
      ports: [nodePort(80, 30500, 8080)],
    },
    'default',
    { loadBalancer: { ingress: [{ ip: '203.0.113.10' }] } },
  ),
  service('sticky', {
    type: 'NodePort',
    clusterIP: '10.96.100.17',
    selector: { app: 'echo-nodeport' },
    sessionAffinity: 'ClientIP',
    sessionAffinityConfig: { clientIP: { timeoutSeconds: 30 } },
    ports: [nodePort(80, 30600)],
  }),
  service('internal-api', {
    type: 'ClusterIP',
    clusterIP: '10.96.100.18',
    internalTrafficPolicy: 'Local',
    selector: { app: 'api' },
    ports: [{ protocol: 'TCP', port: 80, targetPort: 8080 }],
  }),
  service('db', {
    type: 'ClusterIP',
    clusterIP: 'None',
    selector: { app: 'db' },
    ports: [{ protocol: 'TCP', port: 8080 }],
  }),
  service(
    'api',
    {
      type: 'ClusterIP',
      clusterIP: '10.96.200.1',
      selector: { app: 'api' },
      ports: [{ protocol: 'TCP', port: 80, targetPort: 8080 }],
    },
    'shop',
  ),
];

/** The lab cluster, in a given kube-proxy mode. */
export function labView(mode: ProxyMode = 'iptables'): TrafficView {
  return view(LAB_SERVICES, LAB_PODS, [ECHO_CONFIG], mode);
}
