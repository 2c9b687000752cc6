// The cluster a new lab starts with: nodes, system namespaces and the `kubernetes` Service.
import type { NodeSpecSetting } from './cluster-state';
import type { ClusterDraft } from '../registry/draft';
import { withKubeletNodeStatus } from './nodes';
import { DEFAULT_KUBERNETES_MINOR, KUBERNETES_RELEASES } from './kubernetes-versions';
import type { KubeObject } from '../apimachinery/objects';

export const DEFAULT_NODES: NodeSpecSetting[] = [
  { name: 'controlplane', ip: '192.168.1.2', roles: ['control-plane'] },
  { name: 'node01', ip: '192.168.1.3', roles: [] },
  { name: 'node02', ip: '192.168.1.4', roles: [] },
];

export const KUBERNETES_VERSION = KUBERNETES_RELEASES[DEFAULT_KUBERNETES_MINOR].gitVersion;

function nodeObject(n: NodeSpecSetting, index: number, now: string): KubeObject {
  const controlPlane = n.roles.includes('control-plane');
  const roleLabels = Object.fromEntries(n.roles.map((r) => [`node-role.kubernetes.io/${r}`, '']));
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name,
      uid: '',
      resourceVersion: '',
      creationTimestamp: now,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': n.name,
        'kubernetes.io/os': 'linux',
        ...roleLabels,
      },
    },
    spec: {
      podCIDR: `10.244.${index}.0/24`,
      podCIDRs: [`10.244.${index}.0/24`],
      ...(controlPlane
        ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }
        : {}),
    },
    status: {
      addresses: [
        { type: 'InternalIP', address: n.ip },
        { type: 'Hostname', address: n.name },
      ],
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
          lastHeartbeatTime: now,
          lastTransitionTime: now,
        },
      ],
      capacity: { cpu: '2', memory: '4005276Ki', pods: '110' },
      allocatable: { cpu: '2', memory: '3902876Ki', pods: '110' },
      nodeInfo: {
        architecture: 'amd64',
        containerRuntimeVersion: 'containerd://1.7.27',
        kernelVersion: '6.8.0-1029-gcp',
        kubeProxyVersion: '',
        kubeletVersion: KUBERNETES_VERSION,
        operatingSystem: 'linux',
        osImage: 'Ubuntu 24.04.2 LTS',
      },
    },
  };
}

function namespaceObject(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      uid: '',
      resourceVersion: '',
      creationTimestamp: '',
      labels: { 'kubernetes.io/metadata.name': name },
    },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

function systemService(
  name: string,
  ns: string,
  ip: string,
  spec: object,
  labels: Record<string, string>,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ns, uid: '', resourceVersion: '', creationTimestamp: '', labels },
    spec: {
      clusterIP: ip,
      clusterIPs: [ip],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      sessionAffinity: 'None',
      type: 'ClusterIP',
      ...spec,
    },
    status: { loadBalancer: {} },
  };
}

/** The first address of the service CIDR, which kube-apiserver gives its own Service. */
export const KUBERNETES_SERVICE_IP = '10.96.0.1';

const kubernetesService = () =>
  systemService(
    'kubernetes',
    'default',
    KUBERNETES_SERVICE_IP,
    { ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] },
    { component: 'apiserver', provider: 'kubernetes' },
  );

/**
 * kube-apiserver's kubernetesservice controller: a deleted `kubernetes` Service is created again
 * with 10.96.0.1. The real one looks every 10 s; here it runs with every write, so the same write
 * that deletes the Service brings it back (reads never write, and a lab has no timer to wait on).
 * Like the controller (whose create then fails), it leaves the Service out while another Service
 * holds 10.96.0.1, and it never resets a Service that exists.
 */
export function ensureKubernetesService(draft: ClusterDraft): void {
  if (draft.has('Service', 'default', 'kubernetes') || draft.ips.has(KUBERNETES_SERVICE_IP)) return;
  draft.ips.allocate(KUBERNETES_SERVICE_IP);
  draft.put(kubernetesService());
}

/** Fills an empty draft with the starting cluster; the kubernetes Service takes 10.96.0.1. */
export function bootstrapCluster(
  draft: ClusterDraft,
  nodes: NodeSpecSetting[] = DEFAULT_NODES,
): void {
  const now = draft.timestamp();
  const seed = draft.settings.seed;
  nodes.forEach((n, i) => draft.put(withKubeletNodeStatus(nodeObject(n, i, now), seed, now)));
  for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) {
    draft.put({
      ...namespaceObject(ns),
      metadata: { ...namespaceObject(ns).metadata, creationTimestamp: now },
    });
  }
  draft.ips.allocate(KUBERNETES_SERVICE_IP);
  draft.put(kubernetesService());
  draft.ips.allocate('10.96.0.10');
  draft.put(
    systemService(
      'kube-dns',
      'kube-system',
      '10.96.0.10',
      {
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
          { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
        ],
        selector: { 'k8s-app': 'kube-dns' },
      },
      {
        'k8s-app': 'kube-dns',
        'kubernetes.io/cluster-service': 'true',
        'kubernetes.io/name': 'CoreDNS',
      },
    ),
  );
}
