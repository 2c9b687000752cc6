// The kubelet's part, simulated: a scheduled pod gets an IP and becomes Running and Ready at once.
import type { ConfigMap, Node } from '../../schema/kube/core';
import type { Pod } from '../../schema/kube/pod';
import { containerTrouble, type ContainerTrouble } from './container-health';
import type { ClusterDraft } from '../registry/draft';
import { withKubeletFields } from './pod-status';
import { clone, jsonEqual, type KubeObject } from '../apimachinery/objects';
import { carryRuns, restartBackedOff } from './container-runs';
import { settleTerminatingPods } from './pod-deletion';
import { nextPodIp, nodeInternalIp, pickNode } from './scheduler';
import { isSettledPod } from './settled-pods';

/**
 * Carries terminating pods on (their containers exit, then they go), schedules pending pods and brings scheduled ones up;
 * only changed pods are written.
 */
export function runPods(draft: ClusterDraft): void {
  settleTerminatingPods(draft);
  const nodes = draft.peek('Node') as unknown as Node[];
  // Read-only until a pod needs a run; then its copy replaces it, so scheduling sees it placed.
  const pods = [...draft.peek('Pod')] as unknown as Pod[];
  const configMaps = draft.peek('ConfigMap') as unknown as ConfigMap[];
  const usedIps = new Set(pods.map((p) => p.status?.podIP).filter((ip): ip is string => !!ip));
  restartBackedOffContainers(draft, pods);
  for (const [i, before] of pods.entries()) {
    if (before.metadata.deletionTimestamp || isSettledPod(draft, before)) continue;
    // A pod whose containers ran to completion is done: the kubelet never starts it again.
    if (before.status?.phase === 'Succeeded' || before.status?.phase === 'Failed') continue;
    const pod = clone(before);
    pods[i] = pod;
    if (!pod.spec?.nodeName) {
      const node = pickNode(pod, nodes, pods);
      if (node) pod.spec = { ...pod.spec, nodeName: node.metadata.name ?? '' };
    }
    const node = nodes.find((n) => n.metadata.name === pod.spec?.nodeName);
    const status = node
      ? runningStatus(pod, node, usedIps, draft, containerTrouble(pod, configMaps))
      : pendingStatus(pod, draft, nodes.length);
    const carried = node ? carryRuns(before, { ...pod, status }, draft.timestamp()) : status;
    pod.status = withKubeletFields(carried, pod, draft.settings.seed);
    if (!jsonEqual(before, pod)) draft.put(pod as unknown as KubeObject);
  }
}

/** Command containers whose CrashLoopBackOff ended on the lab clock start their next run. */
function restartBackedOffContainers(draft: ClusterDraft, pods: Pod[]): void {
  const now = draft.ctx.now.getTime();
  for (const [i, pod] of pods.entries()) {
    const next = restartBackedOff(pod, now);
    if (next === undefined) continue;
    next.status = withKubeletFields(next.status ?? {}, next, draft.settings.seed);
    pods[i] = next;
    draft.put(next as unknown as KubeObject);
  }
}

function runningStatus(
  pod: Pod,
  node: Node,
  usedIps: Set<string>,
  draft: ClusterDraft,
  trouble: ContainerTrouble | undefined,
) {
  const prev = pod.status ?? {};
  let podIP = prev.podIP;
  if (!podIP) {
    podIP = nextPodIp(node.spec?.podCIDR ?? '10.244.0.0/24', usedIps);
    if (podIP) usedIps.add(podIP);
  }
  const hostIP = nodeInternalIp(node) ?? '';
  const since = prev.startTime ?? draft.timestamp();
  if (!podIP) return creatingStatus(pod, hostIP, since);
  if (trouble?.kind === 'mount') {
    return { ...creatingStatus(pod, hostIP, since), podIP, podIPs: [{ ip: podIP }] };
  }
  const crashed = trouble?.kind === 'crash' ? trouble.containers : new Map<string, string>();
  const ready = crashed.size === 0;
  const condition = (type: string, ok = true) => ({
    type,
    status: ok ? 'True' : 'False',
    lastTransitionTime: since,
    ...(ok
      ? {}
      : {
          reason: 'ContainersNotReady',
          message: `containers with unready status: [${[...crashed.keys()].join(' ')}]`,
        }),
  });
  return {
    phase: 'Running',
    conditions: [
      condition('PodReadyToStartContainers'),
      condition('Initialized'),
      condition('Ready', ready),
      condition('ContainersReady', ready),
      condition('PodScheduled'),
    ],
    hostIP,
    hostIPs: [{ ip: hostIP }],
    ...(podIP ? { podIP, podIPs: [{ ip: podIP }] } : {}),
    startTime: since,
    qosClass: 'BestEffort',
    containerStatuses: (pod.spec?.containers ?? []).map((c) => {
      const failure = crashed.get(c.name);
      const base = { name: c.name, image: qualifiedImage(c.image ?? '') };
      if (failure === undefined) {
        return {
          ...base,
          ready: true,
          restartCount: 0,
          started: true,
          state: { running: { startedAt: since } },
        };
      }
      // The container exits at start-up and the kubelet backs off restarting it.
      return {
        ...base,
        ready: false,
        restartCount: 1,
        started: false,
        state: {
          waiting: {
            reason: 'CrashLoopBackOff',
            message: `back-off restarting failed container ${c.name}`,
          },
        },
        lastState: { terminated: { exitCode: 1, reason: 'Error', message: failure } },
      };
    }),
  };
}

/**
 * The node's pod CIDR is exhausted: the CNI cannot set up the sandbox, so the pod stays Pending in
 * ContainerCreating (not Ready, no IP) until an address frees up.
 */
function creatingStatus(pod: Pod, hostIP: string, since: string) {
  const names = (pod.spec?.containers ?? []).map((c) => c.name);
  const notReady = {
    status: 'False',
    lastTransitionTime: since,
    reason: 'ContainersNotReady',
    message: `containers with unready status: [${names.join(' ')}]`,
  };
  return {
    phase: 'Pending',
    conditions: [
      { type: 'PodReadyToStartContainers', status: 'False', lastTransitionTime: since },
      { type: 'Initialized', status: 'True', lastTransitionTime: since },
      { type: 'Ready', ...notReady },
      { type: 'ContainersReady', ...notReady },
      { type: 'PodScheduled', status: 'True', lastTransitionTime: since },
    ],
    hostIP,
    hostIPs: [{ ip: hostIP }],
    startTime: since,
    qosClass: 'BestEffort',
    containerStatuses: (pod.spec?.containers ?? []).map((c) => ({
      name: c.name,
      ready: false,
      restartCount: 0,
      image: c.image ?? '',
      started: false,
      state: { waiting: { reason: 'ContainerCreating' } },
    })),
  };
}

function pendingStatus(pod: Pod, draft: ClusterDraft, nodeCount: number) {
  const since = pod.status?.conditions?.[0]?.lastTransitionTime ?? draft.timestamp();
  const nodeName = pod.spec?.nodeName;
  return {
    phase: 'Pending',
    conditions: [
      {
        type: 'PodScheduled',
        status: 'False',
        lastTransitionTime: since,
        reason: 'Unschedulable',
        message: nodeName
          ? `node "${nodeName}" not found`
          : `0/${nodeCount} nodes are available: no node fits this pod (taints, nodeSelector or unschedulable).`,
      },
    ],
    qosClass: 'BestEffort',
  };
}

/** `nginx` -> `docker.io/library/nginx:latest`, as containerd reports images. */
export function qualifiedImage(image: string): string {
  let ref = image;
  const lastSegment = ref.split('/').pop() ?? '';
  if (!lastSegment.includes(':') && !lastSegment.includes('@')) ref += ':latest';
  const first = ref.split('/')[0] ?? '';
  if (!ref.includes('/')) return `docker.io/library/${ref}`;
  if (!first.includes('.') && !first.includes(':') && first !== 'localhost')
    return `docker.io/${ref}`;
  return ref;
}

export function isPodReady(pod: Pod): boolean {
  return (
    pod.status?.phase === 'Running' &&
    !pod.metadata.deletionTimestamp &&
    (pod.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')
  );
}
