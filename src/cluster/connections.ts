// Simulated connections against a stored lab: build the traffic view, draw from the lab's seed,
// route each connection, then record hits and kube-proxy memory in one atomic write.
import type { ClusterState } from '../domain/lab/cluster-state';
import { endpointTargets, type EndpointTarget } from '../domain/controllers/endpoints';
import { RoutedAccessLog } from '../domain/kubelet/logs/access-log';
import { LOG_BOUNDS, type ContainerLogWrite } from '../domain/kubelet/logs/container-log';
import { mixSeed, seededRandom } from '../domain/apimachinery/random';
import type { ConfigMap, Node } from '../schema/kube/core';
import type { Pod } from '../schema/kube/pod';
import type { Service } from '../schema/kube/service';
import { routeExternal, routeInCluster } from '../domain/proxy/index';
import type {
  AffinityRecord,
  ExternalRequest,
  InClusterRequest,
  RouteDecision,
  RoutingDraws,
  TrafficView,
} from '../domain/proxy/index';
import type { ClusterStore, HitRow } from './store';

/** Salt that keeps connection draws apart from the draws of writes (uids, names, ports). */
export const CONNECTION_SALT = 0x7a11c0de;

const views = new WeakMap<ClusterState['objects'], Map<string, TrafficView>>();

/** The read-only picture of the cluster that routing works on, built once per revision and mode. */
export function trafficView(state: ClusterState): TrafficView {
  let byMode = views.get(state.objects);
  if (!byMode) views.set(state.objects, (byMode = new Map()));
  let view = byMode.get(state.settings.proxyMode);
  if (!view) byMode.set(state.settings.proxyMode, (view = buildView(state)));
  return view;
}

function buildView(state: ClusterState): TrafficView {
  const of = <T>(kind: string) => state.objects.filter((o) => o.kind === kind) as unknown as T[];
  const pods = of<Pod>('Pod');
  // Frozen: routing shares these read-only across connections, and answers serialise them once.
  const nodes = of<Node>('Node').map((n) =>
    Object.freeze({
      name: n.metadata.name ?? '',
      ip: n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '',
    }),
  );
  const cache = new Map<Service, EndpointTarget[][]>();
  return {
    nodes,
    services: of<Service>('Service'),
    pods,
    configMaps: of<ConfigMap>('ConfigMap'),
    proxyMode: state.settings.proxyMode,
    endpoints(svc, portIndex) {
      let perPort = cache.get(svc);
      if (!perPort) cache.set(svc, (perPort = []));
      return (perPort[portIndex] ??= Object.freeze(
        endpointTargets(svc, portIndex, pods).map((ep) => Object.freeze(ep)),
      ) as EndpointTarget[]);
    },
  };
}

const NO_MEMORY: ReadonlyMap<string, string> = new Map();
const remembering = new WeakMap<TrafficView, boolean>();

/** Whether routing in this state reads kube-proxy memory (ipvs cursors, ClientIP affinity). */
function remembers(state: ClusterState): boolean {
  const view = trafficView(state);
  let answer = remembering.get(view);
  if (answer === undefined) {
    answer =
      view.proxyMode === 'ipvs' ||
      view.services.some((s) => s.spec?.sessionAffinity === 'ClientIP');
    remembering.set(view, answer);
  }
  return answer;
}

export type TrafficRequest =
  { scope: 'external'; request: ExternalRequest } | { scope: 'cluster'; request: InClusterRequest };

export interface TrafficResult {
  decisions: RouteDecision[];
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
  state: ClusterState,
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
  const decisions: RouteDecision[] = [];
  const hits = new Map<string, HitRow>();
  const logs = new RoutedAccessLog(view, receivedRequest(traffic), now.getTime());
  for (let i = 0; i < count; i++) {
    draws.random = seededRandom(mixSeed(state.settings.seed, ...salts, first + i))();
    const d =
      traffic.scope === 'external'
        ? routeExternal(view, traffic.request, draws, { firewall: state.settings.firewall })
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
    if (hit) {
      const key = `${hit.namespace}/${hit.service}/${hit.pod}/${hit.node}/${hit.entryNode}`;
      const row = hits.get(key) ?? { ...hit, podIp: d.pod?.ip ?? '', count: 0 };
      row.count++;
      hits.set(key, row);
    }
  }
  return { decisions, hits: [...hits.values()], changed, logs: logs.writes() };
}

/** The request line and headers a container receives from `traffic`. */
function receivedRequest(traffic: TrafficRequest) {
  const { method, path, headers } = traffic.request;
  return { method: method ?? 'GET', path: path ?? '/', headers: headers ?? {} };
}

/**
 * What sending connections needs of LabCluster (structural: lab-cluster.ts reaches this module
 * through the kubelet's runs, src/cluster/pod-runs.ts, so importing it back would be a cycle).
 */
export interface ConnectionHost {
  readonly store: ClusterStore;
  state(labId: string): Promise<ClusterState>;
  labNow(settings: ClusterState['settings']): Date;
}

/** Routes `count` identical connections; hits and proxy memory are stored before it returns. */
export async function sendConnections(
  cluster: ConnectionHost,
  labId: string,
  traffic: TrafficRequest,
  count: number,
): Promise<TrafficResult> {
  const state = await cluster.state(labId);
  const now = cluster.labNow(state.settings);
  const reserved = cluster.store.reserveConnections(labId, count);
  // kube-proxy memory matters only to ipvs cursors and ClientIP affinity; skip the read otherwise.
  const [first, memory] = remembers(state)
    ? await Promise.all([reserved, cluster.store.readProxyState(labId)])
    : [await reserved, NO_MEMORY];
  const batch = routeBatch(state, now, traffic, count, [CONNECTION_SALT], first, memory);
  await cluster.store.recordTraffic(labId, {
    hits: batch.hits,
    proxyState: [...batch.changed].map(([key, value]) => ({ key, value })),
    connectionsUsed: first + count,
    logs: batch.logs,
    trimLogs:
      Math.floor(first / LOG_BOUNDS.trimEvery) !==
      Math.floor((first + count) / LOG_BOUNDS.trimEvery),
  });
  return { decisions: batch.decisions };
}

/** Salt of the draws of simulated (never recorded) connections, apart from the student's. */
const SIMULATION_SALT = 0x5eed9ade;

/**
 * Routes `count` connections the way sendConnections does but records nothing: no hits, no
 * kube-proxy memory, no connection numbers. Each batch starts from empty kube-proxy memory and
 * draws from the lab's seed and `salt` alone, so the same state and salt give the same decisions.
 */
export function simulateConnections(
  state: ClusterState,
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
