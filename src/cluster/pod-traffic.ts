// Connections a pod makes itself (curl and wget in `kubectl exec`, a pod's command that runs to
// completion): routed by the same kube-proxy simulation as `/cluster/:host/:port/request`, with the
// pod as the client, drawing from the lab's connection sequence; hits and kube-proxy memory are
// recorded the same way afterwards. The shell is synchronous, so a command's budget of connection
// numbers (SHELL_LIMITS.connections) is reserved before it runs; unused numbers are skipped.
import type { ClusterState } from '../domain/lab/cluster-state';
import { mixSeed, seededRandom } from '../domain/lab/random';
import { routeInCluster } from '../domain/proxy/index';
import type {
  AffinityRecord,
  InClusterRequest,
  RouteDecision,
  RoutingDraws,
} from '../domain/proxy/index';
import { SHELL_LIMITS } from '../domain/kubelet/shell/index';
import type { LabCluster } from './lab-cluster';
import type { HitRow } from './store';
import { CONNECTION_SALT, trafficView } from './connections';

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
    const d = routeInCluster(trafficView(this.state), request, this);
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
  async record(cluster: LabCluster, labId: string): Promise<void> {
    if (this.used === 0) return;
    await cluster.store.recordTraffic(labId, {
      hits: [...this.hits.values()],
      proxyState: [...this.changed].map(([key, value]) => ({ key, value })),
      connectionsUsed: this.first + this.used,
    });
  }
}

/**
 * Connections for one command of a pod whose image has a network tool; an image without one
 * (httpd, http-echo) reserves nothing.
 */
export async function podTraffic(
  cluster: LabCluster,
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
