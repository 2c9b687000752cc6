import { describe, expect, it } from 'vitest';
import type { ConfigMap, Endpoints, Namespace, Node } from '../../schema/kube/core';
import type { Pod } from '../../schema/kube/pod';
import type { Service } from '../../schema/kube/service';
import type { Deployment, ReplicaSet } from '../../schema/kube/workloads';
import { tableForKind } from './resources';
import { renderTable } from './table';

const now = new Date('2025-06-16T12:00:00Z');
/** A creationTimestamp `ms` before `now`. */
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

const services: Service[] = [
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      creationTimestamp: ago(15 * D + 3 * H),
      labels: { component: 'apiserver', provider: 'kubernetes' },
    },
    spec: {
      type: 'ClusterIP',
      clusterIP: '10.96.0.1',
      clusterIPs: ['10.96.0.1'],
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'nginx-nodeport-service',
      namespace: 'default',
      creationTimestamp: ago(49 * S),
    },
    spec: {
      type: 'NodePort',
      selector: { app: 'nginx', tier: 'frontend' },
      clusterIP: '10.104.211.72',
      clusterIPs: ['10.104.211.72'],
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80, nodePort: 31110 }],
    },
  },
];

const pods: Pod[] = [
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'simple-webapp-deployment-85db7b94cf-prmrk',
      namespace: 'default',
      creationTimestamp: ago(26 * M + 10 * S),
    },
    spec: { nodeName: 'node01', containers: [{ name: 'simple-webapp', image: 'nginx:1.27' }] },
    status: {
      phase: 'Running',
      podIP: '10.244.1.3',
      containerStatuses: [
        {
          name: 'simple-webapp',
          ready: true,
          restartCount: 0,
          state: { running: { startedAt: ago(26 * M) } },
        },
      ],
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'pending', namespace: 'default', creationTimestamp: ago(5 * S) },
    spec: {
      containers: [
        { name: 'a', image: 'nginx' },
        { name: 'b', image: 'busybox' },
      ],
    },
    status: { phase: 'Pending' },
  },
];

const nodes: Node[] = [
  {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: 'controlplane',
      creationTimestamp: ago(15 * D),
      labels: {
        'node-role.kubernetes.io/control-plane': '',
        'kubernetes.io/hostname': 'controlplane',
      },
    },
    status: {
      conditions: [{ type: 'Ready', status: 'True' }],
      addresses: [
        { type: 'InternalIP', address: '192.168.1.2' },
        { type: 'Hostname', address: 'controlplane' },
      ],
      nodeInfo: {
        kubeletVersion: 'v1.34.0',
        osImage: 'Ubuntu 22.04.4 LTS',
        kernelVersion: '5.15.0-1071-gcp',
        containerRuntimeVersion: 'containerd://1.7.22',
      },
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'node01', creationTimestamp: ago(15 * D) },
    spec: { unschedulable: true },
    status: {
      conditions: [{ type: 'Ready', status: 'True' }],
      addresses: [
        { type: 'InternalIP', address: '192.168.1.3' },
        { type: 'ExternalIP', address: '34.1.2.3' },
      ],
      nodeInfo: {
        kubeletVersion: 'v1.34.0',
        osImage: 'Ubuntu 22.04.4 LTS',
        kernelVersion: '5.15.0-1071-gcp',
        containerRuntimeVersion: 'containerd://1.7.22',
      },
    },
  },
];

const template = {
  metadata: { labels: { app: 'simple-webapp' } },
  spec: {
    containers: [
      { name: 'simple-webapp', image: 'nginx:1.27' },
      { name: 'sidecar', image: 'busybox' },
    ],
  },
};
const deployments: Deployment[] = [
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'simple-webapp-deployment',
      namespace: 'default',
      creationTimestamp: ago(26 * M + 30 * S),
    },
    spec: { replicas: 3, selector: { matchLabels: { app: 'simple-webapp' } }, template },
    status: { replicas: 3, updatedReplicas: 3, readyReplicas: 2, availableReplicas: 2 },
  },
];
const replicaSets: ReplicaSet[] = [
  {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: 'simple-webapp-deployment-85db7b94cf',
      namespace: 'default',
      creationTimestamp: ago(26 * M + 30 * S),
    },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'simple-webapp', 'pod-template-hash': '85db7b94cf' } },
      template,
    },
    status: { replicas: 3, readyReplicas: 2 },
  },
];
const endpoints: Endpoints[] = [
  {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'kubernetes', namespace: 'default', creationTimestamp: ago(15 * D) },
    subsets: [
      {
        addresses: [{ ip: '192.168.1.2' }],
        ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
      },
    ],
  },
  {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'web', namespace: 'default', creationTimestamp: ago(3 * M) },
    subsets: [
      {
        addresses: ['10.244.1.3', '10.244.1.4', '10.244.2.5', '10.244.2.6'].map((ip) => ({ ip })),
        ports: [{ port: 80, protocol: 'TCP' }],
      },
    ],
  },
  {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'orphan', namespace: 'default', creationTimestamp: ago(3 * M) },
  },
];
const configMaps: ConfigMap[] = [
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'kube-root-ca.crt', creationTimestamp: ago(15 * D) },
    data: { 'ca.crt': 'x' },
  },
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'nginx-conf', creationTimestamp: ago(7 * H + 34 * M) },
    data: { a: '1', b: '2' },
    binaryData: { c: 'AA==' },
  },
];
const namespaces: Namespace[] = [
  {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'default', creationTimestamp: ago(15 * D) },
    status: { phase: 'Active' },
  },
  {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'old', creationTimestamp: ago(2 * M) },
    status: { phase: 'Terminating' },
  },
];

const print = (kind: string, objects: readonly { metadata: object }[], wide = false) =>
  renderTable(tableForKind(kind, objects as never, now), { wide });

describe('kubectl get goldens', () => {
  it.each([
    {
      name: 'services (the tutorial output)',
      kind: 'Service',
      objects: services,
      wide: false,
      text: [
        'NAME                     TYPE        CLUSTER-IP      EXTERNAL-IP   PORT(S)        AGE',
        'kubernetes               ClusterIP   10.96.0.1       <none>        443/TCP        15d',
        'nginx-nodeport-service   NodePort    10.104.211.72   <none>        80:31110/TCP   49s',
      ],
    },
    {
      name: 'services -o wide',
      kind: 'Service',
      objects: services,
      wide: true,
      text: [
        'NAME                     TYPE        CLUSTER-IP      EXTERNAL-IP   PORT(S)        AGE   SELECTOR',
        'kubernetes               ClusterIP   10.96.0.1       <none>        443/TCP        15d   <none>',
        'nginx-nodeport-service   NodePort    10.104.211.72   <none>        80:31110/TCP   49s   app=nginx,tier=frontend',
      ],
    },
    {
      name: 'pods -o wide',
      kind: 'Pod',
      objects: pods,
      wide: true,
      text: [
        'NAME                                        READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES',
        'simple-webapp-deployment-85db7b94cf-prmrk   1/1     Running   0          26m   10.244.1.3   node01   <none>           <none>',
        'pending                                     0/2     Pending   0          5s    <none>       <none>   <none>           <none>',
      ],
    },
    {
      name: 'nodes -o wide',
      kind: 'Node',
      objects: nodes,
      wide: true,
      text: [
        'NAME           STATUS                     ROLES           AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE             KERNEL-VERSION    CONTAINER-RUNTIME',
        'controlplane   Ready                      control-plane   15d   v1.34.0   192.168.1.2   <none>        Ubuntu 22.04.4 LTS   5.15.0-1071-gcp   containerd://1.7.22',
        'node01         Ready,SchedulingDisabled   <none>          15d   v1.34.0   192.168.1.3   34.1.2.3      Ubuntu 22.04.4 LTS   5.15.0-1071-gcp   containerd://1.7.22',
      ],
    },
    {
      name: 'deployments',
      kind: 'Deployment',
      objects: deployments,
      wide: false,
      text: [
        'NAME                       READY   UP-TO-DATE   AVAILABLE   AGE',
        'simple-webapp-deployment   2/3     3            2           26m',
      ],
    },
    {
      name: 'deployments -o wide',
      kind: 'Deployment',
      objects: deployments,
      wide: true,
      text: [
        'NAME                       READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS              IMAGES               SELECTOR',
        'simple-webapp-deployment   2/3     3            2           26m   simple-webapp,sidecar   nginx:1.27,busybox   app=simple-webapp',
      ],
    },
    {
      name: 'replicasets -o wide',
      kind: 'ReplicaSet',
      objects: replicaSets,
      wide: true,
      text: [
        'NAME                                  DESIRED   CURRENT   READY   AGE   CONTAINERS              IMAGES               SELECTOR',
        'simple-webapp-deployment-85db7b94cf   3         3         2       26m   simple-webapp,sidecar   nginx:1.27,busybox   app=simple-webapp,pod-template-hash=85db7b94cf',
      ],
    },
    {
      name: 'endpoints',
      kind: 'Endpoints',
      objects: endpoints,
      wide: false,
      text: [
        'NAME         ENDPOINTS                                               AGE',
        'kubernetes   192.168.1.2:6443                                        15d',
        'web          10.244.1.3:80,10.244.1.4:80,10.244.2.5:80 + 1 more...   3m',
        'orphan       <none>                                                  3m',
      ],
    },
    {
      name: 'configmaps',
      kind: 'ConfigMap',
      objects: configMaps,
      wide: false,
      text: [
        'NAME               DATA   AGE',
        'kube-root-ca.crt   1      15d',
        'nginx-conf         3      7h34m',
      ],
    },
    {
      name: 'namespaces',
      kind: 'Namespace',
      objects: namespaces,
      wide: false,
      text: [
        'NAME      STATUS        AGE',
        'default   Active        15d',
        'old       Terminating   2m',
      ],
    },
    {
      name: 'a kind without a printer gets the default table',
      kind: 'PodTemplate',
      objects: namespaces,
      wide: false,
      text: [
        'NAME      CREATED AT',
        'default   2025-06-01T12:00:00Z',
        'old       2025-06-16T11:58:00Z',
      ],
    },
  ])('$name', ({ kind, objects, wide, text }) => {
    expect(print(kind, objects, wide)).toBe(`${text.join('\n')}\n`);
  });

  it('rows carry every cell and the object metadata, whatever is shown', () => {
    const table = tableForKind('Service', services, now);
    expect(table.columns.map((c) => [c.name, c.priority])).toEqual([
      ['Name', 0],
      ['Type', 0],
      ['Cluster-IP', 0],
      ['External-IP', 0],
      ['Port(s)', 0],
      ['Age', 0],
      ['Selector', 1],
    ]);
    expect(table.rows[1]?.cells).toEqual([
      'nginx-nodeport-service',
      'NodePort',
      '10.104.211.72',
      '<none>',
      '80:31110/TCP',
      '49s',
      'app=nginx,tier=frontend',
    ]);
    expect(table.rows[1]?.object).toEqual({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: services[1]?.metadata,
    });
  });
});
