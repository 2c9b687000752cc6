// Events (core v1), derived from the objects as they stand: what the scheduler, the kubelet and the
// workload controllers would have recorded for them. Nothing is stored; the same state gives the
// same events, so `kubectl describe` and `kubectl get events` tell each object's story.
import type { Pod } from '../../schema/kube/pod';
import type { ReplicaSet } from '../../schema/kube/workloads';
import { compareStrings, type KubeObject } from '../apimachinery/objects';
import { mixSeed, randomUuid, seededRandom } from '../apimachinery/random';
import type { Service } from '../../schema/kube/service';
import { describePool, poolAddresses } from '../cloud/address-pool';
import { cloudManaged } from '../cloud/service-controller';
import type { ConfigMap } from '../../schema/kube/core';
import { containerTrouble } from '../kubelet/container-health';

interface EventSpec {
  object: KubeObject;
  reason: string;
  message: string;
  component: string;
  host?: string;
  time: string;
  type?: 'Normal' | 'Warning';
  fieldPath?: string;
}

function stableRandom(...parts: string[]) {
  return seededRandom(mixSeed(...Array.from(parts.join('\u0000'), (ch) => ch.charCodeAt(0))));
}

/** A core/v1 Event as kube-apiserver stores it, with a name and uid stable for its inputs. */
function event(spec: EventSpec, index: number): KubeObject {
  const o = spec.object;
  const random = stableRandom(o.metadata.uid, spec.reason, spec.fieldPath ?? '', String(index));
  const hex = Array.from({ length: 8 }, () =>
    Math.floor(random() * 256)
      .toString(16)
      .padStart(2, '0'),
  ).join('');
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: `${o.metadata.name}.${hex}`,
      namespace: o.metadata.namespace ?? 'default',
      uid: randomUuid(random),
      resourceVersion: o.metadata.resourceVersion,
      creationTimestamp: spec.time,
    },
    involvedObject: {
      kind: o.kind,
      namespace: o.metadata.namespace ?? 'default',
      name: o.metadata.name,
      uid: o.metadata.uid,
      apiVersion: o.apiVersion,
      resourceVersion: o.metadata.resourceVersion,
      ...(spec.fieldPath ? { fieldPath: spec.fieldPath } : {}),
    },
    reason: spec.reason,
    message: spec.message,
    source: { component: spec.component, ...(spec.host ? { host: spec.host } : {}) },
    firstTimestamp: spec.time,
    lastTimestamp: spec.time,
    count: 1,
    type: spec.type ?? 'Normal',
    eventTime: null,
    reportingComponent: spec.component,
    reportingInstance: spec.host ?? '',
  };
}

/** The kubelet's FailedMount warning while a pod waits on a ConfigMap volume it cannot mount. */
function mountEvents(obj: KubeObject, objects: KubeObject[], node: string): EventSpec[] {
  const pod = obj as unknown as Pod & KubeObject;
  const waiting = (pod.status?.containerStatuses ?? []).some(
    (s) =>
      (s.state?.['waiting'] as { reason?: string } | undefined)?.reason === 'ContainerCreating',
  );
  if (!waiting) return [];
  const configMaps = objects.filter((o) => o.kind === 'ConfigMap') as unknown as ConfigMap[];
  const trouble = containerTrouble(pod, configMaps);
  if (trouble?.kind !== 'mount') return [];
  const time = pod.status?.startTime ?? pod.metadata.creationTimestamp;
  const base = { object: obj, component: 'kubelet', host: node, time, type: 'Warning' as const };
  return [{ ...base, reason: 'FailedMount', message: trouble.message }];
}

function podEvents(obj: KubeObject, objects: KubeObject[]): EventSpec[] {
  const pod = obj as unknown as Pod & KubeObject;
  const ns = pod.metadata.namespace ?? 'default';
  const node = pod.spec?.nodeName;
  const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  const at = scheduled?.lastTransitionTime ?? pod.metadata.creationTimestamp;
  if (!node || scheduled?.status !== 'True') {
    const message = (scheduled as { message?: string } | undefined)?.message;
    if (!message) return [];
    const reason = 'FailedScheduling';
    return [
      { object: obj, reason, message, component: 'default-scheduler', time: at, type: 'Warning' },
    ];
  }
  const specs: EventSpec[] = [
    {
      object: obj,
      reason: 'Scheduled',
      message: `Successfully assigned ${ns}/${pod.metadata.name} to ${node}`,
      component: 'default-scheduler',
      time: at,
    },
  ];
  specs.push(...mountEvents(obj, objects, node));
  const statuses = pod.status?.containerStatuses ?? [];
  for (const c of pod.spec?.containers ?? []) {
    const status = statuses.find((s) => s.name === c.name);
    const state = status?.state as ContainerStateTimes | undefined;
    // A command that ran to completion was started too (its run's startedAt).
    const ran = state?.terminated?.startedAt;
    if (!state?.running && ran === undefined) {
      specs.push(...backOff(obj, c.name, status as ContainerStatusTimes | undefined, node));
      continue;
    }
    const time = state?.running?.startedAt ?? ran ?? pod.status?.startTime ?? at;
    const kubelet = { object: obj, component: 'kubelet', host: node, time };
    const fieldPath = `spec.containers{${c.name}}`;
    specs.push(
      {
        ...kubelet,
        fieldPath,
        reason: 'Pulled',
        message: `Container image "${c.image ?? ''}" already present on machine`,
      },
      { ...kubelet, fieldPath, reason: 'Created', message: `Created container: ${c.name}` },
      { ...kubelet, fieldPath, reason: 'Started', message: `Started container ${c.name}` },
    );
    const stopping = deletionStart(obj);
    if (stopping) {
      specs.push({
        ...kubelet,
        time: stopping,
        fieldPath,
        reason: 'Killing',
        message: `Stopping container ${c.name}`,
      });
    }
  }
  return specs;
}

interface ContainerStateTimes {
  running?: { startedAt?: string };
  terminated?: { startedAt?: string; finishedAt?: string };
  waiting?: { reason?: string };
}
interface ContainerStatusTimes {
  state?: ContainerStateTimes;
  lastState?: { terminated?: { finishedAt?: string } };
}

/**
 * The kubelet's warning for a command container waiting out its restart back-off
 * (kuberuntime_manager doBackOff), at the end of the run it waits to restart.
 */
function backOff(
  obj: KubeObject,
  name: string,
  status: ContainerStatusTimes | undefined,
  node: string,
): EventSpec[] {
  const finished = status?.lastState?.terminated?.finishedAt;
  if (status?.state?.waiting?.reason !== 'CrashLoopBackOff' || finished === undefined) return [];
  const pod = `${obj.metadata.name}_${obj.metadata.namespace ?? 'default'}(${obj.metadata.uid ?? ''})`;
  return [
    {
      object: obj,
      component: 'kubelet',
      host: node,
      time: finished,
      fieldPath: `spec.containers{${name}}`,
      reason: 'BackOff',
      message: `Back-off restarting failed container ${name} in pod ${pod}`,
      type: 'Warning',
    },
  ];
}

/** When a terminating pod's deletion began: its deletionTimestamp less the grace period. */
function deletionStart(obj: KubeObject): string | undefined {
  const at = obj.metadata.deletionTimestamp;
  if (at === undefined) return undefined;
  const grace = obj.metadata.deletionGracePeriodSeconds ?? 0;
  const ms = Date.parse(at) - grace * 1000;
  return Number.isFinite(ms) ? new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined;
}

function ownedBy(owner: KubeObject, objects: KubeObject[], kind: string): KubeObject[] {
  return objects.filter(
    (o) =>
      o.kind === kind &&
      o.metadata.ownerReferences?.some((r) => r.controller && r.uid === owner.metadata.uid),
  );
}

function byCreation(a: KubeObject, b: KubeObject): number {
  return (
    compareStrings(a.metadata.creationTimestamp, b.metadata.creationTimestamp) ||
    compareStrings(a.metadata.name, b.metadata.name)
  );
}

function replicaSetEvents(rs: KubeObject, objects: KubeObject[]): EventSpec[] {
  return ownedBy(rs, objects, 'Pod')
    .sort(byCreation)
    .map((pod) => ({
      object: rs,
      reason: 'SuccessfulCreate',
      message: `Created pod: ${pod.metadata.name}`,
      component: 'replicaset-controller',
      time: pod.metadata.creationTimestamp,
    }));
}

/**
 * One ScalingReplicaSet per batch of pods created together: the first batch is the scale-up from
 * 0, each later one a scale-up from the count before it. Scale-downs leave no trace to derive.
 */
function deploymentEvents(d: KubeObject, objects: KubeObject[]): EventSpec[] {
  const specs: EventSpec[] = [];
  for (const rs of ownedBy(d, objects, 'ReplicaSet').sort(byCreation)) {
    const batches = new Map<string, number>();
    for (const pod of ownedBy(rs, objects, 'Pod')) {
      const t = pod.metadata.creationTimestamp;
      batches.set(t, (batches.get(t) ?? 0) + 1);
    }
    if (batches.size === 0) {
      const replicas = (rs as unknown as ReplicaSet).spec?.replicas ?? 0;
      batches.set(rs.metadata.creationTimestamp, replicas);
    }
    let count = 0;
    for (const [time, added] of [...batches].sort(([a], [b]) => compareStrings(a, b))) {
      specs.push({
        object: d,
        reason: 'ScalingReplicaSet',
        message: `Scaled up replica set ${rs.metadata.name} from ${count} to ${count + added}`,
        component: 'deployment-controller',
        time,
      });
      count += added;
    }
  }
  return specs;
}

/**
 * The lab cloud's service controller: Ensuring then Ensured once a pool address is assigned, or a
 * SyncLoadBalancerFailed warning while the pool has none to give.
 */
function serviceEvents(o: KubeObject, pool: readonly string[]): EventSpec[] {
  const svc = o as unknown as Service;
  if (!cloudManaged(svc, pool)) return [];
  const base = { object: o, component: 'service-controller', time: o.metadata.creationTimestamp };
  const specs: EventSpec[] = [
    { ...base, reason: 'EnsuringLoadBalancer', message: 'Ensuring load balancer' },
  ];
  const assigned = (svc.status?.loadBalancer?.ingress ?? []).some(
    (i) => i.ip && pool.includes(i.ip),
  );
  if (assigned) {
    specs.push({ ...base, reason: 'EnsuredLoadBalancer', message: 'Ensured load balancer' });
    return specs;
  }
  const wanted = svc.spec?.loadBalancerIP;
  const why = wanted
    ? `requested loadBalancerIP ${wanted} is not a free address of the lab's load-balancer pool ${describePool(pool)}`
    : `no free address in the lab's load-balancer pool ${describePool(pool)}`;
  specs.push({
    ...base,
    type: 'Warning',
    reason: 'SyncLoadBalancerFailed',
    message: `Error syncing load balancer: failed to ensure load balancer: ${why}`,
  });
  return specs;
}

/** The events of every object in `objects` (optionally one namespace), oldest first. */
export function deriveEvents(
  objects: KubeObject[],
  namespace?: string,
  loadBalancerPool?: readonly string[],
): KubeObject[] {
  const pool = poolAddresses(loadBalancerPool);
  const inNs = objects.filter(
    (o) => namespace === undefined || (o.metadata.namespace ?? '') === namespace,
  );
  const forObject = (o: KubeObject): EventSpec[] => {
    switch (o.kind) {
      case 'Pod':
        return podEvents(o, objects);
      case 'ReplicaSet':
        return replicaSetEvents(o, objects);
      case 'Deployment':
        return deploymentEvents(o, objects);
      case 'Service':
        return serviceEvents(o, pool);
      default:
        return [];
    }
  };
  // Indexes count within one object, so another object's events never rename these.
  const events = inNs.flatMap((o) =>
    forObject(o).map((spec, i) => ({ spec, event: event(spec, i) })),
  );
  return events.sort((a, b) => compareStrings(a.spec.time, b.spec.time)).map(({ event }) => event);
}
