// Checks that send simulated requests: through a simulator the caller hands in, which routes like
// kube-proxy but records nothing, so grading never changes the lab or the student's hit counts.
import type { Service } from '../../schema/kube/service';
import type { ClusterState } from '../lab/cluster-state';
import { findObject } from '../lab/cluster-view';
import type { ExternalRequest, InClusterRequest, RouteDecision } from '../proxy/index';
import { chiSquare } from '../stats/hit-stats';
import { ownValue } from '../apimachinery/own-property';
import type {
  AddressSource,
  DistinctPodsCheck,
  EvenDistributionCheck,
  ReachableCheck,
  UnreachableCheck,
} from './checks';
import { objectRef, type Verdict } from './state-checks';

export type SimulatedTraffic =
  { scope: 'external'; request: ExternalRequest } | { scope: 'cluster'; request: InClusterRequest };

/**
 * Routes `count` connections as kube-proxy would and answers each decision, recording nothing;
 * `salt` keeps the random draws of different checks apart. Same state, same salt: same decisions.
 */
export type Simulate = (traffic: SimulatedTraffic, count: number, salt: number) => RouteDecision[];

/** The tutorials' laptop, the client outside the cluster. */
export const DEFAULT_CLIENT_IP = '192.168.1.10';
const CURL_HEADERS = { 'user-agent': 'curl/8.5.0', accept: '*/*' };
/** Requests an evenDistribution check sends unless it says. */
export const DEFAULT_EVEN_REQUESTS = 600;

interface Target {
  address: string;
  port: number;
  path?: string;
  from?: 'outside' | 'cluster';
  clientIp?: string;
  fromPod?: string;
  fromNamespace?: string;
}

/** The IP of the pod `ref` names (`name` or `namespace/name`), '' when it has none. */
function podIp(state: ClusterState, ref: string): string {
  const [ns, name] = ref.includes('/') ? ref.split('/', 2) : ['default', ref];
  const pod = findObject(state, 'Pod', ns ?? 'default', name ?? '') as
    { status?: { podIP?: string } } | undefined;
  return pod?.status?.podIP ?? '';
}

function trafficTo(t: Target, state?: ClusterState): SimulatedTraffic {
  const path = t.path ?? '/';
  const host = t.port === 80 ? t.address : `${t.address}:${t.port}`;
  const headers = { host, ...CURL_HEADERS };
  if (t.from === 'cluster' || t.fromPod !== undefined) {
    const ip = t.fromPod !== undefined && state ? podIp(state, t.fromPod) : '';
    return {
      scope: 'cluster',
      request: {
        host: t.address,
        port: t.port,
        method: 'GET',
        path,
        headers,
        ...(ip ? { clientPodIp: ip } : {}),
        ...(t.fromNamespace !== undefined ? { sourceNamespace: t.fromNamespace } : {}),
      },
    };
  }
  const clientIp = t.clientIp ?? DEFAULT_CLIENT_IP;
  return {
    scope: 'external',
    request: { ip: t.address, port: t.port, clientIp, method: 'GET', path, headers },
  };
}

const origin = (t: Target) =>
  t.fromPod !== undefined
    ? ` from pod ${t.fromPod}`
    : t.from === 'cluster'
      ? ' from inside the cluster'
      : '';
const where = (t: Target) =>
  `${t.address}:${t.port}${t.path && t.path !== '/' ? t.path : ''}${origin(t)}`;

function excerpt(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}

const MAX_HOST_LENGTH = 253;
const sourceRef = (a: AddressSource) =>
  `key ${a.key} of ConfigMap ${a.namespace ?? 'default'}/${a.configMap}`;

/** The address a client configured by the ConfigMap would dial, or why there is none. */
function configuredAddress(
  state: ClusterState,
  a: AddressSource,
): { address: string } | { missing: string } {
  const cm = findObject(state, 'ConfigMap', a.namespace ?? 'default', a.configMap) as
    { data?: Record<string, string> } | undefined;
  if (!cm) return { missing: `no ConfigMap ${a.namespace ?? 'default'}/${a.configMap}` };
  const value = cm.data ? ownValue(cm.data, a.key) : undefined;
  if (typeof value !== 'string' || value.trim() === '') return { missing: `no ${sourceRef(a)}` };
  // A host name or an IP, not a document: a longer value is no address any client dials.
  if (value.trim().length > MAX_HOST_LENGTH) {
    return { missing: `a value of ${value.length} characters, longer than a host name` };
  }
  return { address: value.trim() };
}

export function reachable(
  state: ClusterState,
  check: ReachableCheck,
  simulate: Simulate,
  salt: number,
): Verdict {
  if (!check.addressFrom) {
    const target = { ...check, address: check.address ?? '' };
    return reachableAt(state, target, where(target), simulate, salt);
  }
  const from = `the address in ${sourceRef(check.addressFrom)}`;
  const found = configuredAddress(state, check.addressFrom);
  if ('missing' in found) {
    return { passed: false, message: `expected ${from} to answer, found ${found.missing}` };
  }
  const target = { ...check, address: found.address };
  return reachableAt(state, target, `${where(target)} (${from})`, simulate, salt);
}

function reachableAt(
  state: ClusterState,
  check: ReachableCheck & { address: string },
  label: string,
  simulate: Simulate,
  salt: number,
): Verdict {
  const decisions = simulate(trafficTo(check, state), check.requests ?? 1, salt);
  // Every request must answer: the first that did not is the one reported.
  const d = decisions.find((x) => x.outcome !== 'ok' || !x.response) ?? decisions[0];
  const wants = [
    check.status !== undefined && `status ${check.status}`,
    check.bodyContains !== undefined && `a body containing ${JSON.stringify(check.bodyContains)}`,
  ].filter(Boolean);
  const expected = `expected ${label} to answer${wants.length ? ` with ${wants.join(' and ')}` : ''}`;
  if (!d || d.outcome !== 'ok' || !d.response) {
    const why = d ? `${d.outcome}: ${d.message}` : 'no answer';
    return { passed: false, message: `${expected}, found ${why}` };
  }
  const { status, body } = d.response;
  const statusOk = check.status === undefined || status === check.status;
  const bodyOk = check.bodyContains === undefined || body.includes(check.bodyContains);
  const found = `status ${status} from pod ${d.pod?.name ?? '?'}: ${JSON.stringify(excerpt(body))}`;
  if (statusOk && bodyOk) return { passed: true, message: `${label} answered ${found}` };
  return { passed: false, message: `${expected}, found ${found}` };
}

/** Answers per pod, in first-answered order. */
function countByPod(decisions: RouteDecision[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const d of decisions) {
    if (d.outcome === 'ok' && d.pod) counts.set(d.pod.name, (counts.get(d.pod.name) ?? 0) + 1);
  }
  return counts;
}

function failures(decisions: RouteDecision[]): string {
  const failed = decisions.filter((d) => d.outcome !== 'ok');
  if (failed.length === 0) return '';
  return `; ${failed.length} failed (${failed[0]!.outcome}: ${failed[0]!.message})`;
}

const countsText = (counts: Map<string, number>) =>
  [...counts].map(([pod, n]) => `${pod}: ${n}`).join(', ');

/**
 * Every simulated request is dropped on the way (it times out: a firewall rule or a NetworkPolicy),
 * not refused or unresolved: a Service that is not there does not pass.
 */
export function unreachable(
  state: ClusterState,
  check: UnreachableCheck,
  simulate: Simulate,
  salt: number,
): Verdict {
  const requests = check.requests ?? 1;
  const decisions = simulate(trafficTo(check, state), requests, salt);
  const expected = `expected ${where(check)} to be dropped (a timeout)`;
  const through = decisions.find((d) => d.outcome !== 'timeout');
  if (through?.outcome === 'ok') {
    const status = through.response?.status ?? '?';
    return {
      passed: false,
      message: `${expected}, found status ${status} from pod ${through.pod?.name ?? '?'}`,
    };
  }
  if (through)
    return { passed: false, message: `${expected}, found ${through.outcome}: ${through.message}` };
  const first = decisions[0];
  return {
    passed: true,
    message: `${requests} requests to ${where(check)} timed out (${first?.message ?? 'no request'})`,
  };
}

export function distinctPods(
  state: ClusterState,
  check: DistinctPodsCheck,
  simulate: Simulate,
  salt: number,
): Verdict {
  const decisions = simulate(trafficTo(check, state), check.requests, salt);
  const counts = countByPod(decisions);
  const passed = counts.size >= check.min;
  const found = `${counts.size} (${countsText(counts) || 'no pod answered'})${failures(decisions)}`;
  return {
    passed,
    message: passed
      ? `${counts.size} pods answered ${check.requests} requests to ${where(check)} (${countsText(counts)})`
      : `expected at least ${check.min} different pods to answer ${check.requests} requests to ${where(check)}, found ${found}`,
  };
}

/** Pods behind the Service's port, as its Endpoints list them. */
function endpointPods(state: ClusterState, namespace: string, name: string): string[] {
  const ep = findObject(state, 'Endpoints', namespace, name) as
    { subsets?: { addresses?: { targetRef?: { name?: string } }[] }[] } | undefined;
  const pods = (ep?.subsets ?? []).flatMap((s) =>
    (s.addresses ?? []).map((a) => a.targetRef?.name ?? ''),
  );
  return [...new Set(pods)].filter(Boolean).sort();
}

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

export function evenDistribution(
  state: ClusterState,
  check: EvenDistributionCheck,
  simulate: Simulate,
  salt: number,
): Verdict {
  const ns = check.namespace ?? 'default';
  const ref = objectRef('Service', ns, check.service);
  const requests = check.requests ?? DEFAULT_EVEN_REQUESTS;
  const expected = `expected ${requests} requests to ${ref} to split evenly (each pod within ${percent(check.tolerance)} of an even share)`;
  const svc = findObject(state, 'Service', ns, check.service) as Service | undefined;
  if (!svc) return { passed: false, message: `${expected}, found no such Service` };
  const port = check.port ?? svc.spec?.ports?.[0]?.port;
  const pods = endpointPods(state, ns, check.service);
  if (port === undefined || pods.length === 0) {
    return { passed: false, message: `${expected}, found no ready endpoints` };
  }
  const decisions = simulate(
    trafficTo({ address: `${check.service}.${ns}`, port, from: 'cluster' }),
    requests,
    salt,
  );
  const counts = countByPod(decisions);
  const even = requests / pods.length;
  const observed = pods.map((p) => counts.get(p) ?? 0);
  const within = observed.every((n) => Math.abs(n - even) <= even * check.tolerance);
  const allOk = decisions.every((d) => d.outcome === 'ok');
  const shares = pods.map((p, i) => `${p} ${percent(observed[i]! / requests)}`).join(', ');
  const { pValue } = chiSquare(observed);
  const found = `${shares} (chi-square p = ${pValue.toFixed(3)})${failures(decisions)}`;
  const passed = within && allOk;
  return {
    passed,
    message: passed
      ? `${requests} requests to ${ref} split ${shares} over ${pods.length} pods (even: ${percent(1 / pods.length)} each)`
      : `${expected}, found ${found}`,
  };
}
