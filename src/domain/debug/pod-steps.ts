// Checklist steps about the pods behind a Service: does its selector match pods (and which labels
// almost match), are they Ready and why not, does it have endpoints.
import type { Pod } from '../../schema/kube/pod';
import type { Service } from '../../schema/kube/service';
import { ownValue } from '../apimachinery/own-property';
import { selectedPods, selectorMatches } from '../controllers/endpoints';
import { containerTrouble } from '../kubelet/container-health';
import { isPodReady } from '../kubelet/pod-lifecycle';
import type { ConfigMap } from '../../schema/kube/core';
import type { DebugStep } from './types';

const nsOf = (o: { metadata: { namespace?: string | undefined } }) =>
  o.metadata.namespace ?? 'default';
const labelText = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

/** Pods of the Service's namespace ordered by how few selector labels they miss (best first). */
function nearMisses(selector: Record<string, string>, pods: Pod[]): string[] {
  const scored = pods.map((pod) => {
    const labels = pod.metadata.labels ?? {};
    const misses = Object.entries(selector).filter(([k, v]) => ownValue(labels, k) !== v);
    return { pod, misses };
  });
  scored.sort((a, b) => a.misses.length - b.misses.length);
  return scored.slice(0, 3).map(({ pod, misses }) => {
    const labels = pod.metadata.labels ?? {};
    const diff = misses
      .map(([k, v]) => {
        const has = ownValue(labels, k);
        return has === undefined
          ? `has no label ${k} (wanted ${v})`
          : `has ${k}=${has} (wanted ${v})`;
      })
      .join(', ');
    return `pod ${pod.metadata.name} ${diff}`;
  });
}

export function selectorStep(svc: Service, pods: Pod[]): { step: DebugStep; matched: Pod[] } {
  const title = "Does the Service's selector match any pods?";
  const selector = svc.spec?.selector ?? {};
  if (Object.keys(selector).length === 0) {
    const step: DebugStep = {
      step: 'selector-matches',
      title,
      result: 'skipped',
      evidence: [
        'the Service has no selector: its endpoints are managed by hand (an EndpointSlice you write)',
      ],
    };
    return { step, matched: [] };
  }
  const matched = selectedPods(svc, pods);
  const want = labelText(selector);
  if (matched.length > 0) {
    const names = matched.map((p) => p.metadata.name).join(', ');
    const evidence = [
      `selector ${want} matches ${matched.length} pod(s) in ${nsOf(svc)}: ${names}`,
    ];
    return { step: { step: 'selector-matches', title, result: 'passed', evidence }, matched };
  }
  const inNs = pods.filter((p) => nsOf(p) === nsOf(svc));
  const elsewhere = pods.filter(
    (p) => nsOf(p) !== nsOf(svc) && selectorMatches(selector, p.metadata.labels),
  );
  const evidence = [`selector ${want} matches no pod in namespace ${nsOf(svc)}`];
  if (inNs.length > 0) evidence.push(...nearMisses(selector, inNs));
  else evidence.push(`namespace ${nsOf(svc)} has no pods`);
  if (elsewhere.length > 0) {
    const where = [...new Set(elsewhere.map(nsOf))].join(', ');
    evidence.push(
      `pods with these labels run in namespace ${where}: a Service selects pods of its own namespace only`,
    );
  }
  const step: DebugStep = {
    step: 'selector-matches',
    title,
    result: 'failed',
    evidence,
    hint: "make spec.selector equal the pod template's labels (kubectl get pods --show-labels)",
  };
  return { step, matched };
}

type Condition = { type: string; status: string; reason?: string; message?: string };

/** Why a pod is not Ready, in kubectl's words where it has them (and the kubelet's events'). */
function notReadyReason(pod: Pod, configMaps: ConfigMap[]): string {
  if (pod.metadata.deletionTimestamp) return 'it is terminating';
  const phase = pod.status?.phase ?? 'Pending';
  for (const c of pod.status?.containerStatuses ?? []) {
    const waiting = c.state?.['waiting'] as { reason?: string } | undefined;
    if (waiting?.reason === 'ContainerCreating') {
      // The FailedMount event's words: the reason a pod waits there that a student can fix.
      const trouble = containerTrouble(pod, configMaps);
      if (trouble?.kind === 'mount')
        return `container ${c.name} is waiting: ContainerCreating (${trouble.message})`;
    }
    if (waiting?.reason) return `container ${c.name} is waiting: ${waiting.reason}`;
    const terminated = c.state?.['terminated'] as { reason?: string } | undefined;
    if (terminated?.reason) return `container ${c.name} terminated: ${terminated.reason}`;
  }
  const conditions = (pod.status?.conditions ?? []) as Condition[];
  const unscheduled = conditions.find((c) => c.type === 'PodScheduled' && c.status === 'False');
  if (unscheduled) {
    return `it is not scheduled: ${unscheduled.message ?? unscheduled.reason ?? 'Unschedulable'}`;
  }
  const ready = conditions.find((c) => c.type === 'Ready');
  if (ready?.reason) return `phase ${phase}, Ready=${ready.status} (${ready.reason})`;
  return `phase ${phase}`;
}

export function readyStep(matched: Pod[], configMaps: ConfigMap[]): DebugStep {
  const title = 'Are the pods Ready?';
  if (matched.length === 0) {
    return { step: 'pods-ready', title, result: 'skipped', evidence: ['no pod is selected'] };
  }
  const ready = matched.filter(isPodReady);
  const evidence = [`${ready.length} of ${matched.length} selected pod(s) are Ready`];
  for (const pod of matched.filter((p) => !isPodReady(p))) {
    evidence.push(`pod ${pod.metadata.name} is not Ready: ${notReadyReason(pod, configMaps)}`);
  }
  if (ready.length > 0) return { step: 'pods-ready', title, result: 'passed', evidence };
  return {
    step: 'pods-ready',
    title,
    result: 'failed',
    evidence,
    hint: 'only Ready pods become endpoints: kubectl describe pod shows why they are not',
  };
}
