// The fields of a pod's status that the kubelet and the container runtime fill and that clients
// rely on (the Python client refuses a ContainerStatus without imageID): container and image IDs,
// lastState, and the QoS class kube-apiserver sets at creation.
import type { Pod } from '../schema/pod';
import { containerId, imageId } from './kubelet-ids';
import { qosClassOf } from './qos';

type Status = Record<string, unknown>;

/** The condition types the kubelet (and the scheduler, PodScheduled) set themselves. */
const KUBELET_CONDITIONS = new Set([
  'PodReadyToStartContainers',
  'Initialized',
  'Ready',
  'ContainersReady',
  'PodScheduled',
]);

interface ContainerStatus {
  name: string;
  image?: string;
  restartCount: number;
  state?: Record<string, unknown>;
  lastState?: Record<string, unknown>;
  [field: string]: unknown;
}

function containersOf(pod: Pod): { resources?: unknown }[] {
  const spec = (pod.spec ?? {}) as Record<string, unknown>;
  const init = Object.hasOwn(spec, 'initContainers') ? spec.initContainers : undefined;
  return [...(pod.spec?.containers ?? []), ...(Array.isArray(init) ? init : [])] as {
    resources?: unknown;
  }[];
}

/** A container the runtime created has an ID and a resolved image; one still being created not. */
function withRuntimeIds(cs: ContainerStatus, pod: Pod, seed: number, since: string) {
  const uid = pod.metadata.uid ?? '';
  const creating = cs.state && 'waiting' in cs.state && cs.lastState === undefined;
  if (creating) return { ...cs, imageID: '', lastState: {} };
  // The newest run's ID; after a crash the terminated run is that newest one.
  const id = containerId(seed, uid, cs.name, cs.restartCount);
  const terminated = cs.lastState?.terminated as Record<string, unknown> | undefined;
  return {
    ...cs,
    imageID: imageId(cs.image ?? ''),
    containerID: id,
    lastState: terminated
      ? { terminated: { ...terminated, startedAt: since, finishedAt: since, containerID: id } }
      : {},
  };
}

/**
 * `status` as the kubelet reports it: every container status with imageID, containerID (once
 * created) and lastState, and the pod's qosClass. Deterministic in the lab seed and pod uid.
 */
export function withKubeletFields(status: Status, pod: Pod, seed: number): Status {
  const since = typeof status.startTime === 'string' ? status.startTime : '';
  const statuses = Array.isArray(status.containerStatuses)
    ? (status.containerStatuses as ContainerStatus[]).map((cs) =>
        withRuntimeIds(cs, pod, seed, since),
      )
    : undefined;
  // Conditions of other owners (readiness gates, a client's PATCH of pods/status) are kept.
  const computed = Array.isArray(status.conditions)
    ? (status.conditions as { type: string }[])
    : [];
  const foreign = (pod.status?.conditions ?? []).filter(
    (c) => !computed.some((k) => k.type === c.type) && !KUBELET_CONDITIONS.has(c.type),
  );
  return {
    ...status,
    ...(foreign.length ? { conditions: [...computed, ...foreign] } : {}),
    qosClass: qosClassOf(containersOf(pod)),
    ...(statuses ? { containerStatuses: statuses } : {}),
  };
}
