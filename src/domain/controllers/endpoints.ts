// Endpoints, derived: the ready pods a Service selects, with named targetPorts resolved per pod.
import type { Endpoints, Node } from '../../schema/kube/core';
import type { Pod } from '../../schema/kube/pod';
import type { Service, ServicePort } from '../../schema/kube/service';
import { compareStrings, type KubeObject } from '../apimachinery/objects';
import { ownValue } from '../apimachinery/own-property';
import { isPodReady } from '../kubelet/pod-lifecycle';

export interface EndpointTarget {
  podName: string;
  podNamespace: string;
  podIP: string;
  nodeName: string;
  port: number;
  protocol: string;
}

/** True when every selector key equals the pod's label (extra pod labels are fine). */
export function selectorMatches(
  selector: Record<string, string>,
  labels: Record<string, string> = {},
): boolean {
  return Object.entries(selector).every(([k, v]) => ownValue(labels, k) === v);
}

/** The pods a service selects: same namespace, matching labels; none without a selector. */
export function selectedPods(svc: Service, pods: Pod[]): Pod[] {
  const selector = svc.spec?.selector;
  if (!selector || Object.keys(selector).length === 0) return [];
  const ns = svc.metadata.namespace ?? 'default';
  return pods.filter(
    (p) =>
      (p.metadata.namespace ?? 'default') === ns && selectorMatches(selector, p.metadata.labels),
  );
}

/** The container port a service port reaches on `pod`, or undefined if a named port is missing. */
export function resolveTargetPort(port: ServicePort, pod: Pod): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = port.protocol ?? 'TCP';
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
    }
  }
  return undefined;
}

/**
 * The endpoints kube-proxy sends new connections to for one service port, ordered by pod IP then
 * name: the ready ones, or, when none is ready, the terminating pods still serving (its
 * terminating-endpoints fallback). Ordered by pod IP then name (stable for kube-proxy).
 */
export function endpointTargets(svc: Service, portIndex: number, pods: Pod[]): EndpointTarget[] {
  const ready = targetsOf(svc, portIndex, pods, isPodReady);
  if (ready.length > 0) return ready;
  return targetsOf(svc, portIndex, pods, isServingTerminating);
}

function isServingTerminating(pod: Pod): boolean {
  return (
    pod.metadata.deletionTimestamp !== undefined &&
    pod.status?.phase === 'Running' &&
    (pod.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')
  );
}

function targetsOf(
  svc: Service,
  portIndex: number,
  pods: Pod[],
  eligible: (pod: Pod) => boolean,
): EndpointTarget[] {
  const port = svc.spec?.ports?.[portIndex];
  if (!port) return [];
  const out: EndpointTarget[] = [];
  for (const pod of selectedPods(svc, pods)) {
    if (!eligible(pod) || !pod.status?.podIP) continue;
    const target = resolveTargetPort(port, pod);
    if (target === undefined) continue;
    out.push({
      podName: pod.metadata.name ?? '',
      podNamespace: pod.metadata.namespace ?? 'default',
      podIP: pod.status.podIP,
      nodeName: pod.spec?.nodeName ?? '',
      port: target,
      protocol: port.protocol ?? 'TCP',
    });
  }
  return out.sort((a, b) => compareIp(a.podIP, b.podIP) || compareStrings(a.podName, b.podName));
}

function compareIp(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 4; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The Endpoints object the endpoints controller would write for `svc` (subsets grouped by ports). */
export function endpointsFor(svc: Service & KubeObject, pods: Pod[]): Endpoints & KubeObject {
  const groups = portGroups(svc, pods, false);
  const address = (p: Pod) => endpointAddress(p);
  const byIp = (a: Pod, b: Pod) => compareIp(a.status?.podIP ?? '', b.status?.podIP ?? '');
  const subsets = [...groups.values()].map((g) => ({
    ...(g.addresses.length ? { addresses: g.addresses.sort(byIp).map(address) } : {}),
    ...(g.notReady.length ? { notReadyAddresses: g.notReady.sort(byIp).map(address) } : {}),
    ports: g.ports,
  }));
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: {
      name: svc.metadata.name,
      namespace: svc.metadata.namespace ?? 'default',
      uid: svc.metadata.uid,
      resourceVersion: svc.metadata.resourceVersion,
      creationTimestamp: svc.metadata.creationTimestamp,
      ...(svc.metadata.labels ? { labels: svc.metadata.labels } : {}),
    },
    ...(subsets.length ? { subsets } : {}),
  };
}

/** A terminating pod's place in an EndpointSlice: its address and whether it still serves. */
export interface TerminatingEndpoint {
  /** The resolved ports, as the Endpoints subsets spell them (JSON), to find its slice. */
  portsKey: string;
  ports: { name?: string; port: number; protocol: string }[];
  address: ReturnType<typeof endpointAddress>;
  serving: boolean;
}

/**
 * Terminating pods the Endpoints controller drops but the EndpointSlice controller keeps, with
 * `ready: false`, `serving` as the pod's Ready condition and `terminating: true`.
 */
export function terminatingEndpoints(svc: Service, pods: Pod[]): TerminatingEndpoint[] {
  const out: TerminatingEndpoint[] = [];
  for (const [portsKey, g] of portGroups(svc, pods, true)) {
    for (const pod of g.terminating) {
      const serving = (pod.status?.conditions ?? []).some(
        (c) => c.type === 'Ready' && c.status === 'True',
      );
      out.push({ portsKey, ports: g.ports, address: endpointAddress(pod), serving });
    }
  }
  return out;
}

function endpointAddress(p: Pod) {
  return {
    ip: p.status?.podIP ?? '',
    nodeName: p.spec?.nodeName ?? '',
    targetRef: {
      kind: 'Pod',
      namespace: p.metadata.namespace ?? 'default',
      name: p.metadata.name ?? '',
      uid: p.metadata.uid ?? '',
    },
  };
}

interface PortGroup {
  ports: { name?: string; port: number; protocol: string }[];
  addresses: Pod[];
  notReady: Pod[];
  terminating: Pod[];
}

/** The service's pods with an IP, grouped by the ports they resolve to (one Endpoints subset each). */
function portGroups(svc: Service, pods: Pod[], withTerminating: boolean): Map<string, PortGroup> {
  const ports = svc.spec?.ports ?? [];
  const groups = new Map<string, PortGroup>();
  for (const pod of selectedPods(svc, pods)) {
    // ShouldPodBeInEndpoints: no address, or a terminal phase (a deleted pod whose containers exited).
    const phase = pod.status?.phase;
    if (!pod.status?.podIP || phase === 'Succeeded' || phase === 'Failed') continue;
    const terminating = pod.metadata.deletionTimestamp !== undefined;
    if (terminating && !withTerminating) continue;
    const resolved = ports.flatMap((p) => {
      const port = resolveTargetPort(p, pod);
      if (port === undefined) return [];
      return [{ ...(p.name ? { name: p.name } : {}), port, protocol: p.protocol ?? 'TCP' }];
    });
    if (resolved.length === 0) continue;
    const key = JSON.stringify(resolved);
    const group = groups.get(key) ?? {
      ports: resolved,
      addresses: [],
      notReady: [],
      terminating: [],
    };
    if (terminating) group.terminating.push(pod);
    else (isPodReady(pod) ? group.addresses : group.notReady).push(pod);
    groups.set(key, group);
  }
  return groups;
}

/** The port kube-apiserver listens on; the `kubernetes` Service targets it. */
const APISERVER_PORT = 6443;

/**
 * The Endpoints kube-apiserver keeps for the selector-less `default/kubernetes` Service: the
 * InternalIP of each control-plane node on port 6443 (its endpoint reconciler, not the controller).
 */
export function apiServerEndpoints(
  svc: Service & KubeObject,
  nodes: Node[],
): Endpoints & KubeObject {
  const ips = nodes
    .filter((n) => n.metadata.labels?.['node-role.kubernetes.io/control-plane'] !== undefined)
    .flatMap((n) => (n.status?.addresses ?? []).filter((a) => a.type === 'InternalIP'))
    .map((a) => a.address)
    .sort(compareIp);
  const base = endpointsFor(svc, []);
  if (ips.length === 0) return base;
  return {
    ...base,
    metadata: { ...base.metadata, labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [
      {
        addresses: ips.map((ip) => ({ ip })),
        ports: [{ name: 'https', port: APISERVER_PORT, protocol: 'TCP' }],
      },
    ],
  };
}

/** True for the Service whose endpoints kube-apiserver itself maintains. */
export function isApiServerService(svc: KubeObject): boolean {
  return svc.metadata.namespace === 'default' && svc.metadata.name === 'kubernetes';
}
