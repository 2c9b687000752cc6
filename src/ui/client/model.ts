// What the map derives from the objects: node addresses, pod readiness and why not, which pods a
// Service selects (and which almost match), and the doors (node:nodePort, externalIP:port).
import type { NodeObject, Pod, Service, ServicePort } from './types';

const own = (o: Record<string, string> | undefined, k: string) =>
  o !== undefined && Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined;

export function nodeIp(node: NodeObject): string {
  return node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '';
}

export function isControlPlane(node: NodeObject): boolean {
  return own(node.metadata.labels, 'node-role.kubernetes.io/control-plane') !== undefined;
}

export interface PodState {
  ready: boolean;
  /** Ready, Terminating, or the reason it is not (ContainerCreating, CrashLoopBackOff...). */
  text: string;
  detail?: string;
}

/**
 * Ready or not, and why not in the kubelet's words: a ConfigMap volume it cannot mount (the
 * pod's ConfigMaps are listed by `configMaps`, "namespace/name"), or the crashed container's error.
 */
export function podState(pod: Pod, configMaps: Set<string>): PodState {
  if (pod.metadata.deletionTimestamp) return { ready: false, text: 'Terminating' };
  const statuses = pod.status?.containerStatuses ?? [];
  const ready = pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
  if (ready) return { ready: true, text: 'Ready' };
  const waiting = statuses.find((s) => s.state?.waiting)?.state?.waiting;
  const state: PodState = { ready: false, text: waiting?.reason ?? pod.status?.phase ?? 'Pending' };
  const ns = pod.metadata.namespace ?? 'default';
  const missing = (pod.spec?.volumes ?? []).find(
    (v) => v.configMap?.name !== undefined && !configMaps.has(`${ns}/${v.configMap.name}`),
  );
  const crashed = statuses.find((s) => s.lastState?.terminated?.message)?.lastState?.terminated;
  if (waiting?.reason === 'ContainerCreating' && missing) {
    state.detail = `MountVolume.SetUp failed for volume "${missing.name}" : configmap "${missing.configMap!.name}" not found`;
  } else if (crashed?.message) state.detail = crashed.message;
  else if (waiting?.message) state.detail = waiting.message;
  return state;
}

function selectorOf(svc: Service): [string, string][] {
  return Object.entries(svc.spec?.selector ?? {});
}

/** The pods a Service's selector picks (none without a selector, as kube-proxy sees it). */
export function selectedPods(svc: Service, pods: Pod[]): Pod[] {
  const sel = selectorOf(svc);
  if (sel.length === 0) return [];
  const ns = svc.metadata.namespace ?? 'default';
  return pods.filter(
    (p) =>
      (p.metadata.namespace ?? 'default') === ns &&
      sel.every(([k, v]) => own(p.metadata.labels, k) === v),
  );
}

/** Pods of the namespace that match every selector label but one: the usual typo. */
export function nearMisses(svc: Service, pods: Pod[]): { pod: Pod; label: string }[] {
  const sel = selectorOf(svc);
  if (sel.length === 0) return [];
  const ns = svc.metadata.namespace ?? 'default';
  const out: { pod: Pod; label: string }[] = [];
  for (const p of pods) {
    if ((p.metadata.namespace ?? 'default') !== ns) continue;
    const misses = sel.filter(([k, v]) => own(p.metadata.labels, k) !== v);
    if (misses.length !== 1) continue;
    const [key, want] = misses[0]!;
    const has = own(p.metadata.labels, key);
    out.push({
      pod: p,
      label: has === undefined ? `no label ${key}` : `${key}=${has}, not ${want}`,
    });
  }
  return out;
}

/** A declared containerPort matching targetPort, or why none does (undefined: fine). */
export function targetPortProblem(port: ServicePort, pod: Pod): string | undefined {
  const target = port.targetPort ?? port.port;
  const declared = (pod.spec?.containers ?? []).flatMap((c) => c.ports ?? []);
  if (typeof target === 'string') {
    return declared.some((d) => d.name === target)
      ? undefined
      : `no container port named "${target}"`;
  }
  if (declared.length === 0 || declared.some((d) => d.containerPort === target)) return undefined;
  return `targetPort ${target} is not a declared containerPort (${declared.map((d) => d.containerPort).join(', ')})`;
}

export function portText(p: ServicePort): string {
  const proto = p.protocol ?? 'TCP';
  const front = p.nodePort ? `${p.port}:${p.nodePort}/${proto}` : `${p.port}/${proto}`;
  return `${front} -> ${p.targetPort ?? p.port}`;
}

export interface Door {
  /** Where a client knocks: a node's IP (nodePort), or an external / load-balancer IP. */
  ip?: string;
  port: number;
  via: 'nodePort' | 'externalIP' | 'loadBalancer';
  service: Service;
}

/** The nodePorts, open on every node. */
export function nodePortDoors(services: Service[]): Door[] {
  return services.flatMap((service) =>
    (service.spec?.ports ?? [])
      .filter((p) => p.nodePort)
      .map((p): Door => ({ port: p.nodePort!, via: 'nodePort', service })),
  );
}

/** externalIPs and LoadBalancer ingress addresses: doors on the service port. */
export function addressDoors(services: Service[]): Door[] {
  return services.flatMap((service) => {
    const ips: [string, Door['via']][] = [
      ...(service.spec?.externalIPs ?? []).map((ip): [string, Door['via']] => [ip, 'externalIP']),
      ...(service.status?.loadBalancer?.ingress ?? [])
        .filter((i) => i.ip)
        .map((i): [string, Door['via']] => [i.ip!, 'loadBalancer']),
    ];
    return ips.flatMap(([ip, via]) =>
      (service.spec?.ports ?? []).map((p): Door => ({ ip, port: p.port, via, service })),
    );
  });
}

export const serviceKey = (s: Service) => `${s.metadata.namespace ?? 'default'}/${s.metadata.name}`;
export const podKey = (p: Pod) => `${p.metadata.namespace ?? 'default'}/${p.metadata.name}`;
