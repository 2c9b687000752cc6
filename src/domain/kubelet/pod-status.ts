// The fields of a pod's status that the kubelet and the container runtime fill and that clients
// rely on (the Python client refuses a ContainerStatus without imageID): container and image IDs,
// lastState, and the QoS class kube-apiserver sets at creation.
import type { Pod } from '../../schema/kube/pod';
import { containerId, imageId } from './runtime-ids';
import { qosClassOf } from '../registry/pod/qos';

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

type Condition = { type: string; status?: string; [field: string]: unknown };

/** The condition types `spec.readinessGates` names (own properties only: they are user input). */
function readinessGates(pod: Pod): string[] {
  const spec = (pod.spec ?? {}) as Record<string, unknown>;
  const gates = Object.hasOwn(spec, 'readinessGates') ? spec.readinessGates : undefined;
  if (!Array.isArray(gates)) return [];
  return gates
    .map((g: unknown) =>
      typeof g === 'object' && g !== null && Object.hasOwn(g, 'conditionType')
        ? (g as { conditionType: unknown }).conditionType
        : undefined,
    )
    .filter((t): t is string => typeof t === 'string');
}

/** Each condition type's status, the first of a type winning (GetPodConditionFromList); one pass. */
function statusByType(conditions: readonly { type: string; status?: string }[]) {
  const out = new Map<string, string | undefined>();
  for (const c of conditions) if (!out.has(c.type)) out.set(c.type, c.status);
  return out;
}

/** kubectl's READINESS GATES cell: gates whose condition is True, of all, or `<none>`. */
export function readinessGatesCell(pod: Pod): string {
  const gates = readinessGates(pod);
  if (gates.length === 0) return '<none>';
  const status = statusByType(pod.status?.conditions ?? []);
  const met = gates.filter((g) => status.get(g) === 'True');
  return `${met.length}/${gates.length}`;
}

/**
 * Ready with containers ready still waits for every readiness gate's condition to be True, with
 * the kubelet's message (GeneratePodReadyCondition); containers not ready say so first.
 */
function gateReady(conditions: Condition[], pod: Pod): Condition[] {
  const status = statusByType(conditions);
  const unready = readinessGates(pod).flatMap((gate) => {
    if (!status.has(gate)) {
      return [`corresponding condition of pod readiness gate "${gate}" does not exist.`];
    }
    const value = status.get(gate);
    return value === 'True'
      ? []
      : [`the status of pod readiness gate "${gate}" is not "True", but ${value ?? ''}`];
  });
  if (unready.length === 0) return conditions;
  return conditions.map((c) =>
    c.type === 'Ready' && c.status === 'True'
      ? { ...c, status: 'False', reason: 'ReadinessGatesNotReady', message: unready.join(', ') }
      : c,
  );
}

/** A container the runtime created has an ID and a resolved image; one still being created not. */
function withRuntimeIds(cs: ContainerStatus, pod: Pod, seed: number, since: string) {
  const uid = pod.metadata.uid ?? '';
  const creating = cs.state && 'waiting' in cs.state && !cs.lastState?.terminated;
  if (creating) return { ...cs, imageID: '', lastState: {} };
  // The newest run's ID; after a crash the terminated run is that newest one.
  const id = containerId(seed, uid, cs.name, cs.restartCount);
  const terminated = cs.lastState?.terminated as Record<string, unknown> | undefined;
  return {
    ...cs,
    imageID: imageId(cs.image ?? ''),
    containerID: id,
    lastState: terminated
      ? {
          terminated: {
            ...terminated,
            // A run that ended on the lab clock keeps its own times and ID (container-runs.ts).
            startedAt: terminated.startedAt ?? since,
            finishedAt: terminated.finishedAt ?? since,
            containerID: terminated.containerID ?? id,
          },
        }
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
  const own = new Set(computed.map((c) => c.type));
  const foreign = (pod.status?.conditions ?? []).filter(
    (c) => !own.has(c.type) && !KUBELET_CONDITIONS.has(c.type),
  );
  const conditions = gateReady([...computed, ...foreign], pod);
  return {
    ...status,
    ...(conditions.length ? { conditions } : {}),
    qosClass: qosClassOf(containersOf(pod)),
    ...(statuses ? { containerStatuses: statuses } : {}),
  };
}
