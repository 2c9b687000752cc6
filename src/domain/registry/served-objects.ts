// What the resource paths list: stored objects, plus the kinds derived on read (Endpoints,
// EndpointSlices, Events, node Leases), so every reader sees them in step with their sources.
import type { Endpoints } from '../../schema/kube/core';
import type { Pod } from '../../schema/kube/pod';
import type { Service } from '../../schema/kube/service';
import type { ClusterState } from '../lab/cluster-state';
import { findObject, listKind } from '../lab/cluster-view';
import { endpointSlicesFor } from '../controllers/endpointslices';
import { terminatingEndpoints } from '../controllers/endpoints';
import { deriveEvents } from '../controllers/events';
import { withKubeletFields } from '../kubelet/pod-status';
import { withKubeletNodeStatus } from '../lab/nodes';
import { nodeVersions } from '../lab/kubernetes-versions';
import { NODE_LEASE_NAMESPACE, nodeLease } from '../kubelet/node-leases';
import { byNamespaceAndName, type KubeObject } from '../apimachinery/objects';

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
    const pods = state.objects.filter((o) => o.kind === 'Pod') as unknown as Pod[];
    return listKind(state, 'Service', namespace)
      .flatMap((svc) => {
        const ep = endpoints.get(`${svc.metadata.namespace}/${svc.metadata.name}`);
        if (!ep) return [];
        const terminating = terminatingEndpoints(svc as unknown as Service, pods);
        return endpointSlicesFor(svc, ep as unknown as Endpoints, terminating);
      })
      .sort(byNamespaceAndName);
  }
  if (kind === 'Event') return deriveEvents(state.objects, namespace);
  if (kind === 'Node') return listKind(state, kind).map((n) => servedNode(state, n));
  if (kind === 'Pod') return listKind(state, kind, namespace).map((p) => postedPod(state, p));
  if (kind === 'Lease') {
    if (namespace !== undefined && namespace !== NODE_LEASE_NAMESPACE) return [];
    return listKind(state, 'Node').map((node) => nodeLease(node, now));
  }
  return listKind(state, kind, namespace);
}

/**
 * A node as its kubelet posts it. Labs created before nodes carried boot, machine and system IDs
 * get them here, drawn as a new lab's are (the Python client refuses a node without them); a
 * node that has them is answered as stored.
 */
function postedNode(state: ClusterState, node: KubeObject): KubeObject {
  return withKubeletNodeStatus(node, state.settings.seed, node.metadata.creationTimestamp);
}

/** Likewise a pod stored before its status carried imageID and containerID (until the next write). */
function postedPod(state: ClusterState, pod: KubeObject): KubeObject {
  if (!pod.status) return pod;
  const status = withKubeletFields(
    pod.status as Record<string, unknown>,
    pod as unknown as Pod,
    state.settings.seed,
  );
  return { ...pod, status };
}

/** One object by kind, namespace and name, or undefined. */
export function findServed(
  state: ClusterState,
  kind: string,
  namespace: string,
  name: string,
  now: Date,
): KubeObject | undefined {
  if (kind === 'Node' || kind === 'Pod') {
    const obj = findObject(state, kind, namespace, name);
    return obj && (kind === 'Node' ? servedNode(state, obj) : postedPod(state, obj));
  }
  if (!DERIVED.has(kind)) return findObject(state, kind, namespace, name);
  return listServed(state, kind, namespace, now).find((o) => o.metadata.name === name);
}

/** A Node as its kubelet reports it: its IDs, and the versions of the release the lab names. */
function servedNode(state: ClusterState, node: KubeObject): KubeObject {
  const posted = postedNode(state, node);
  const status = (posted.status ?? {}) as { nodeInfo?: Record<string, unknown> };
  const nodeInfo = { ...status.nodeInfo, ...nodeVersions(state.settings) };
  return { ...posted, status: { ...status, nodeInfo } };
}
