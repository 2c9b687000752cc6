// Connections a pod makes itself (curl and wget in `kubectl exec`, a pod's command that runs to
// completion): routed by the same kube-proxy simulation as `/cluster/:host/:port/request`, with the
// pod as the client, drawing from the lab's connection sequence; hits and kube-proxy memory are
// recorded the same way afterwards. The shell is synchronous, so a command's budget of connection
// numbers (SHELL_LIMITS.connections) is reserved before it runs; unused numbers are skipped.
import { mixSeed, seededRandom } from '../domain/apimachinery/random';
import { routeInCluster } from '../domain/proxy/index';
import type {
  AffinityRecord,
  InClusterRequest,
  RouteDecision,
  RoutingDraws,
} from '../domain/proxy/index';
import { SHELL_LIMITS } from '../domain/kubelet/shell/index';
import { AccessLogBatch, accessLine } from '../domain/kubelet/logs/access-log';
import { LOG_BOUNDS } from '../domain/kubelet/logs/container-log';
import type { ClusterSettings, ClusterState } from '../domain/lab/cluster-state';
import type { ClusterStore, HitRow } from './store';
import { CONNECTION_SALT, trafficView } from './connections';

/** What connections need of LabCluster: the store and the lab clock. */
export interface TrafficHost {
  readonly store: ClusterStore;
  labNow(settings: ClusterSettings): Date;
}

/** Whether routing in `state` reads kube-proxy memory (ipvs cursors, ClientIP affinity). */
function remembers(state: ClusterState): boolean {
  if (state.settings.proxyMode === 'ipvs') return true;
  return state.objects.some(
    (o) =>
      o.kind === 'Service' &&
      (o as { spec?: { sessionAffinity?: string } }).spec?.sessionAffinity === 'ClientIP',
  );
}

function parseAffinity(text: string | undefined): AffinityRecord | undefined {
  if (!text) return undefined;
  const raw = JSON.parse(text) as { podName: string; lastSeen: string };
  return { podName: raw.podName, lastSeen: new Date(raw.lastSeen) };
}

/** One command's connections: routed on demand, recorded once the command is done. */
export class PodTraffic implements RoutingDraws {
  random = 0;
  private used = 0;
  private readonly counters = new Map<string, number>();
  private readonly sticky = new Map<string, AffinityRecord | undefined>();
  private readonly changed = new Map<string, string>();
  private readonly hits = new Map<string, HitRow>();
  private readonly logs = new AccessLogBatch();

  constructor(
    private readonly state: ClusterState,
    readonly now: Date,
    private readonly first: number,
    private readonly budget: number,
    private readonly memory: ReadonlyMap<string, string>,
  ) {}

  rrCounter(key: string): number {
    return this.counters.get(key) ?? Number(this.memory.get(key) ?? 0);
  }

  affinity(key: string): AffinityRecord | undefined {
    return this.sticky.has(key) ? this.sticky.get(key) : parseAffinity(this.memory.get(key));
  }

  /** Routes one request from the pod (the shell bounds how many; past the budget: refused). */
  readonly connect = (request: InClusterRequest): RouteDecision => {
    if (this.used >= this.budget) throw new Error('connection budget exceeded');
    this.random = seededRandom(
      mixSeed(this.state.settings.seed, CONNECTION_SALT, this.first + this.used++),
    )();
    const view = trafficView(this.state);
    const d = routeInCluster(view, request, this);
    // The answering container logs the request, as with any connection (nginx's access log).
    const received = {
      method: request.method ?? 'GET',
      path: request.path ?? '/',
      headers: request.headers ?? {},
    };
    const time = this.now.getTime();
    this.logs.add(accessLine(view, d, received, this.first + this.used - 1, time), time);
    const { hit, affinity, rrCounterKey } = d.updates;
    if (rrCounterKey) {
      const next = this.rrCounter(rrCounterKey) + 1;
      this.counters.set(rrCounterKey, next);
      this.changed.set(rrCounterKey, String(next));
    }
    if (affinity) {
      this.sticky.set(affinity.key, affinity.record);
      const { podName, lastSeen } = affinity.record;
      this.changed.set(affinity.key, JSON.stringify({ podName, lastSeen: lastSeen.toISOString() }));
    }
    if (hit) {
      const key = `${hit.namespace}/${hit.service}/${hit.pod}/${hit.node}/${hit.entryNode}`;
      const row = this.hits.get(key) ?? { ...hit, podIp: d.pod?.ip ?? '', count: 0 };
      row.count++;
      this.hits.set(key, row);
    }
    return d;
  };

  /** Stores the hits and kube-proxy memory of the connections made (nothing when there were none). */
  async record(cluster: TrafficHost, labId: string): Promise<void> {
    if (this.used === 0) return;
    await cluster.store.recordTraffic(labId, {
      hits: [...this.hits.values()],
      proxyState: [...this.changed].map(([key, value]) => ({ key, value })),
      connectionsUsed: this.first + this.used,
      logs: this.logs.writes(),
      trimLogs:
        Math.floor(this.first / LOG_BOUNDS.trimEvery) !==
        Math.floor((this.first + this.used) / LOG_BOUNDS.trimEvery),
    });
  }
}

/**
 * Connections for one command of a pod whose image has a network tool; an image without one
 * (httpd, http-echo) reserves nothing.
 */
export async function podTraffic(
  cluster: TrafficHost,
  labId: string,
  state: ClusterState,
  mayConnect: boolean,
): Promise<PodTraffic> {
  const now = cluster.labNow(state.settings);
  if (!mayConnect) return new PodTraffic(state, now, 0, 0, new Map());
  const budget = SHELL_LIMITS.connections;
  const reserved = cluster.store.reserveConnections(labId, budget);
  const [first, memory] = remembers(state)
    ? await Promise.all([reserved, cluster.store.readProxyState(labId)])
    : [await reserved, new Map<string, string>()];
  return new PodTraffic(state, now, first, budget, memory);
}
