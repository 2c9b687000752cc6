// Simulated connections against a stored lab: build the traffic view, draw from the lab's seed,
// route each connection, then record hits and kube-proxy memory in one atomic write.
import { AnswerMemo } from '../domain/kubelet/containers/answers';
import { RoutedAccessLog } from '../domain/kubelet/logs/access-log';
import { LOG_BOUNDS, type ContainerLogWrite } from '../domain/kubelet/logs/container-log';
import { mixSeed, seededRandom } from '../domain/apimachinery/random';
import { connectToPod, type PodConnection } from '../domain/kubelet/pod-connection';
import { programRules } from '../domain/proxy/programmed-rules';
import { routeExternal, routeInCluster } from '../domain/proxy/index';
import type {
  AffinityRecord,
  ExternalRequest,
  HitUpdate,
  InClusterRequest,
  RouteDecision,
  RoutingDraws,
  TrafficView,
} from '../domain/proxy/index';
import { loadRouteInput, type RouteHost, type RouteState } from './route-state';
import type { HitRow } from './store';

/** Salt that keeps connection draws apart from the draws of writes (uids, names, ports). */
export const CONNECTION_SALT = 0x7a11c0de;

/** The read-only picture of the cluster routing works on: kube-proxy's rules for the state. */
export function trafficView(state: RouteState): TrafficView {
  return programRules(state);
}

/** Whether routing in this state reads kube-proxy memory (ipvs cursors, ClientIP affinity). */
const remembers = (state: RouteState): boolean => programRules(state).remembers;

export type TrafficRequest =
  | { scope: 'external'; request: ExternalRequest }
  | { scope: 'cluster'; request: InClusterRequest }
  /** Straight to a pod, past kube-proxy: the proxy subresources and port-forward. */
  | { scope: 'pod'; request: PodConnection };

export interface TrafficResult {
  decisions: RouteDecision[];
  /** The hits the decisions recorded, per service, pod and entry node, in order of first arrival. */
  hits: HitRow[];
}

/** The outcome of a batch before anything is stored. */
interface Batch {
  decisions: RouteDecision[];
  hits: HitRow[];
  /** kube-proxy memory the batch changed: affinity entries and round-robin cursors. */
  changed: Map<string, string>;
  /** Access-log lines of the connections that reached a container. */
  logs: ContainerLogWrite[];
}

/**
 * kube-proxy memory as a batch sees it: what storage held when the batch began, overlaid with what
 * the batch's own connections changed. A class, not closures: this runs once per request.
 */
class BatchDraws implements RoutingDraws {
  random = 0;
  answers: AnswerMemo | undefined;
  readonly counters = new Map<string, number>();
  readonly sticky = new Map<string, AffinityRecord | undefined>();

  constructor(
    readonly now: Date,
    private readonly memory: ReadonlyMap<string, string>,
  ) {}

  rrCounter(key: string): number {
    return this.counters.get(key) ?? Number(this.memory.get(key) ?? 0);
  }

  affinity(key: string): AffinityRecord | undefined {
    return this.sticky.has(key) ? this.sticky.get(key) : parseAffinity(this.memory.get(key));
  }
}

/**
 * Routes `count` identical connections through the lab's state. The i-th connection draws from
 * mixSeed(lab seed, ...salts, first + i), and `memory` is the kube-proxy memory it starts from;
 * nothing is stored. Access-log lines are built only for connections that will be (`logged`).
 */
function routeBatch(
  state: RouteState,
  now: Date,
  traffic: TrafficRequest,
  count: number,
  salts: number[],
  first: number,
  memory: ReadonlyMap<string, string>,
  logged = true,
): Batch {
  const view = trafficView(state);
  const changed = new Map<string, string>();
  const draws = new BatchDraws(now, memory);
  if (count > 1) draws.answers = new AnswerMemo();
  const decisions: RouteDecision[] = [];
  const hits = new HitTally();
  const logs = new RoutedAccessLog(view, receivedRequest(traffic), now.getTime());
  for (let i = 0; i < count; i++) {
    draws.random = seededRandom(mixSeed(state.settings.seed, ...salts, first + i))();
    const d =
      traffic.scope === 'external'
        ? routeExternal(view, traffic.request, draws, { firewall: state.settings.firewall })
        : traffic.scope === 'pod'
          ? connectToPod(view, traffic.request, draws)
          : routeInCluster(view, traffic.request, draws);
    decisions.push(d);
    if (logged) logs.add(d, first + i);
    const { hit, affinity: sticky, rrCounterKey } = d.updates;
    if (rrCounterKey) {
      const next = draws.rrCounter(rrCounterKey) + 1;
      draws.counters.set(rrCounterKey, next);
      changed.set(rrCounterKey, String(next));
    }
    if (sticky) {
      draws.sticky.set(sticky.key, sticky.record);
      changed.set(
        sticky.key,
        JSON.stringify({
          podName: sticky.record.podName,
          lastSeen: sticky.record.lastSeen.toISOString(),
        }),
      );
    }
    if (hit) hits.add(hit, d.pod?.ip ?? '');
  }
  return { decisions, hits: hits.rows(), changed, logs: logs.writes() };
}

/**
 * A batch's hits per (service, pod, node, entry node), in order of first arrival. A connection
 * with the same hit object as the one before (a route plan hands out one per endpoint) counts
 * without a key; keys are built once a second hit object arrives, so a one-connection request
 * reads no more of its hit than the row copies.
 */
class HitTally {
  private readonly list: HitRow[] = [];
  private byKey: Map<string, HitRow> | undefined;
  private last: { hit: HitUpdate; row: HitRow } | undefined;

  add(hit: HitUpdate, podIp: string): void {
    if (this.last?.hit === hit) {
      this.last.row.count++;
      return;
    }
    let row: HitRow | undefined;
    if (this.last) {
      this.byKey ??= new Map(this.list.map((r) => [hitKey(r), r]));
      row = this.byKey.get(hitKey(hit));
    }
    if (!row) {
      const { namespace, service, pod, node, entryNode } = hit;
      row = { namespace, service, pod, node, entryNode, podIp, count: 0 };
      this.list.push(row);
      this.byKey?.set(hitKey(hit), row);
    }
    row.count++;
    this.last = { hit, row };
  }

  rows(): HitRow[] {
    return this.list;
  }
}

const hitKey = (h: HitUpdate): string =>
  `${h.namespace}/${h.service}/${h.pod}/${h.node}/${h.entryNode}`;

/** The request line and headers a container receives from `traffic`. */
function receivedRequest(traffic: TrafficRequest) {
  const { method, path, headers } = traffic.request;
  return { method: method ?? 'GET', path: path ?? '/', headers: headers ?? {} };
}

/**
 * What sending connections needs of LabCluster (structural: lab-cluster.ts reaches this module
 * through the kubelet's runs, src/cluster/pod-runs.ts, so importing it back would be a cycle).
 */
export type ConnectionHost = RouteHost;

/** Routes `count` identical connections; hits and proxy memory are stored before it returns. */
export async function sendConnections(
  cluster: ConnectionHost,
  labId: string,
  traffic: TrafficRequest,
  count: number,
): Promise<TrafficResult> {
  // One read: the route objects (from memory unless stale), the connection numbers and, only
  // where ipvs cursors or ClientIP affinity need it, kube-proxy memory.
  const {
    state,
    firstConnection: first,
    proxyMemory: memory,
  } = await loadRouteInput(cluster, labId, count, remembers);
  const now = cluster.labNow(state.settings);
  const batch = routeBatch(state, now, traffic, count, [CONNECTION_SALT], first, memory);
  await cluster.store.commitTraffic(labId, {
    hits: batch.hits,
    proxyState: [...batch.changed].map(([key, value]) => ({ key, value })),
    connectionsUsed: first + count,
    logs: batch.logs,
    trimLogs:
      Math.floor(first / LOG_BOUNDS.trimEvery) !==
      Math.floor((first + count) / LOG_BOUNDS.trimEvery),
  });
  return { decisions: batch.decisions, hits: batch.hits };
}

/** Salt of the draws of simulated (never recorded) connections, apart from the student's. */
const SIMULATION_SALT = 0x5eed9ade;

/**
 * Routes `count` connections the way sendConnections does but records nothing: no hits, no
 * kube-proxy memory, no connection numbers. Each batch starts from empty kube-proxy memory and
 * draws from the lab's seed and `salt` alone, so the same state and salt give the same decisions.
 */
export function simulateConnections(
  state: RouteState,
  now: Date,
  traffic: TrafficRequest,
  count: number,
  salt: number,
): RouteDecision[] {
  const salts = [SIMULATION_SALT, salt];
  return routeBatch(state, now, traffic, count, salts, 0, new Map(), false).decisions;
}

function parseAffinity(text: string | undefined): AffinityRecord | undefined {
  if (!text) return undefined;
  const raw = JSON.parse(text) as { podName: string; lastSeen: string };
  return { podName: raw.podName, lastSeen: new Date(raw.lastSeen) };
}
