// The resource types NodePort Lab serves, with the names kube-apiserver and kubectl use for them.

export interface ResourceType {
  kind: string;
  /** Plural lower-case name used in paths and messages. */
  resource: string;
  singular: string;
  /** API group; '' for the core group. */
  group: string;
  version: string;
  namespaced: boolean;
  shortNames: string[];
  /** False for derived or system-managed kinds clients may only read. */
  writable: boolean;
}

export const RESOURCE_TYPES: readonly ResourceType[] = [
  {
    kind: 'Pod',
    resource: 'pods',
    singular: 'pod',
    group: '',
    version: 'v1',
    namespaced: true,
    shortNames: ['po'],
    writable: true,
  },
  {
    kind: 'Service',
    resource: 'services',
    singular: 'service',
    group: '',
    version: 'v1',
    namespaced: true,
    shortNames: ['svc'],
    writable: true,
  },
  {
    kind: 'ConfigMap',
    resource: 'configmaps',
    singular: 'configmap',
    group: '',
    version: 'v1',
    namespaced: true,
    shortNames: ['cm'],
    writable: true,
  },
  {
    kind: 'Endpoints',
    resource: 'endpoints',
    singular: 'endpoints',
    group: '',
    version: 'v1',
    namespaced: true,
    shortNames: ['ep'],
    writable: false,
  },
  {
    kind: 'Namespace',
    resource: 'namespaces',
    singular: 'namespace',
    group: '',
    version: 'v1',
    namespaced: false,
    shortNames: ['ns'],
    writable: true,
  },
  {
    kind: 'Node',
    resource: 'nodes',
    singular: 'node',
    group: '',
    version: 'v1',
    namespaced: false,
    shortNames: ['no'],
    writable: false,
  },
  {
    kind: 'Deployment',
    resource: 'deployments',
    singular: 'deployment',
    group: 'apps',
    version: 'v1',
    namespaced: true,
    shortNames: ['deploy'],
    writable: true,
  },
  {
    kind: 'ReplicaSet',
    resource: 'replicasets',
    singular: 'replicaset',
    group: 'apps',
    version: 'v1',
    namespaced: true,
    shortNames: ['rs'],
    writable: false,
  },
  // kube-apiserver's group priority: apps, networking.k8s.io, coordination.k8s.io, discovery.k8s.io.
  {
    kind: 'NetworkPolicy',
    resource: 'networkpolicies',
    singular: 'networkpolicy',
    group: 'networking.k8s.io',
    version: 'v1',
    namespaced: true,
    shortNames: ['netpol'],
    writable: true,
  },
  {
    kind: 'Lease',
    resource: 'leases',
    singular: 'lease',
    group: 'coordination.k8s.io',
    version: 'v1',
    namespaced: true,
    shortNames: [],
    writable: false,
  },
  {
    kind: 'EndpointSlice',
    resource: 'endpointslices',
    singular: 'endpointslice',
    group: 'discovery.k8s.io',
    version: 'v1',
    namespaced: true,
    shortNames: [],
    writable: false,
  },
  {
    kind: 'Event',
    resource: 'events',
    singular: 'event',
    group: '',
    version: 'v1',
    namespaced: true,
    shortNames: ['ev'],
    writable: false,
  },
];

export function apiVersionOf(t: ResourceType): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

/** Finds a type by kind and apiVersion exactly as a manifest names them. */
export function typeForKind(apiVersion: string, kind: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((t) => t.kind === kind && apiVersionOf(t) === apiVersion);
}

/** Finds a type by its plural resource name within an API group. */
export function typeForResource(group: string, resource: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((t) => t.group === group && t.resource === resource);
}

export function typeOf(kind: string): ResourceType {
  const t = RESOURCE_TYPES.find((r) => r.kind === kind);
  if (!t) throw new Error(`unknown kind ${kind}`);
  return t;
}
