// What the resource paths list: stored objects, plus the kinds derived on read (Endpoints,
// EndpointSlices, Events, node Leases), so every reader sees them in step with their sources.
import type { Endpoints } from '../schema/core';
import type { ClusterState } from './cluster-state';
import { findObject, listKind } from './cluster-view';
import { endpointSlicesFor } from './endpoint-slices';
import { deriveEvents } from './events';
import { nodeVersions } from './kubernetes-versions';
import { NODE_LEASE_NAMESPACE, nodeLease } from './node-leases';
import { byNamespaceAndName, type KubeObject } from './objects';

/** Kinds served otherwise than stored: derived ones, and Nodes (their versions follow settings). */
const DERIVED = new Set(['EndpointSlice', 'Event', 'Lease', 'Node']);

/**
 * Objects of `kind` (optionally in one namespace), sorted by namespace and name; `now` (the lab
 * clock) dates what changes with time alone, such as a Lease's renewTime.
 */
export function listServed(
  state: ClusterState,
  kind: string,
  namespace: string | undefined,
  now: Date,
): KubeObject[] {
  if (kind === 'EndpointSlice') {
    const endpoints = new Map(
      listKind(state, 'Endpoints', namespace).map((e) => [
        `${e.metadata.namespace}/${e.metadata.name}`,
        e,
      ]),
    );
    return listKind(state, 'Service', namespace)
      .flatMap((svc) => {
        const ep = endpoints.get(`${svc.metadata.namespace}/${svc.metadata.name}`);
        return ep ? endpointSlicesFor(svc, ep as unknown as Endpoints) : [];
      })
      .sort(byNamespaceAndName);
  }
  if (kind === 'Event') return deriveEvents(state.objects, namespace);
  if (kind === 'Node') {
    const versions = nodeVersions(state.settings);
    return listKind(state, 'Node').map((node) => withNodeInfo(node, versions));
  }
  if (kind === 'Lease') {
    if (namespace !== undefined && namespace !== NODE_LEASE_NAMESPACE) return [];
    return listKind(state, 'Node').map((node) => nodeLease(node, now));
  }
  return listKind(state, kind, namespace);
}

/** One object by kind, namespace and name, or undefined. */
export function findServed(
  state: ClusterState,
  kind: string,
  namespace: string,
  name: string,
  now: Date,
): KubeObject | undefined {
  if (!DERIVED.has(kind)) return findObject(state, kind, namespace, name);
  return listServed(state, kind, namespace, now).find((o) => o.metadata.name === name);
}

/** A Node as its kubelet reports it: the versions of the release the lab's settings name. */
function withNodeInfo(node: KubeObject, versions: ReturnType<typeof nodeVersions>): KubeObject {
  const status = (node.status ?? {}) as { nodeInfo?: Record<string, unknown> };
  return { ...node, status: { ...status, nodeInfo: { ...status.nodeInfo, ...versions } } };
}
