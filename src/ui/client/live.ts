// The lab as the page shows it, kept live by a cheap conditional poll over the public API: every
// 500 ms one tiny list (its resourceVersion is the lab's, moved by every write) and the hit
// totals; the full lists only when either moved, or every few seconds in case the lab clock did
// something on its own. A streamed watch per kind would hold six of the browser's six connections.
import { useEffect, useState } from 'hono/jsx/dom';
import { ApiFailure, get } from './api';
import type {
  ClusterInfo,
  HitsOverview,
  List,
  Meta,
  NodeObject,
  Pod,
  Service,
  Workload,
} from './types';

export const POLL_MS = 500;
/** Full reload at least this often, even when nothing seemed to move. */
const FULL_EVERY_MS = 5_000;

export interface LabData {
  cluster: ClusterInfo;
  nodes: NodeObject[];
  pods: Pod[];
  services: Service[];
  deployments: Workload[];
  replicaSets: Workload[];
  hits: HitsOverview;
  /** "namespace/name" of every ConfigMap (why a pod is stuck in ContainerCreating). */
  configMaps: string[];
}

export type LiveState =
  | { kind: 'loading' }
  | { kind: 'needToken'; message: string }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; data: LabData };

/** What tells whether anything moved: the lab's resourceVersion and the hit totals. */
async function probe(): Promise<string> {
  const [list, hits] = await Promise.all([
    get<List<unknown>>('/api/v1/namespaces?limit=1'),
    get<HitsOverview>('/hits'),
  ]);
  return `${list.metadata?.resourceVersion ?? ''} ${JSON.stringify(hits)}`;
}

async function load(): Promise<LabData> {
  const [cluster, nodes, pods, services, deployments, replicaSets, hits, configMaps] =
    await Promise.all([
      get<ClusterInfo>('/cluster'),
      get<List<NodeObject>>('/api/v1/nodes'),
      get<List<Pod>>('/api/v1/pods'),
      get<List<Service>>('/api/v1/services'),
      get<List<Workload>>('/apis/apps/v1/deployments'),
      get<List<Workload>>('/apis/apps/v1/replicasets'),
      get<HitsOverview>('/hits'),
      get<List<{ metadata: Meta }>>('/api/v1/configmaps'),
    ]);
  return {
    cluster,
    nodes: nodes.items,
    pods: pods.items,
    services: services.items,
    deployments: deployments.items,
    replicaSets: replicaSets.items,
    hits,
    configMaps: configMaps.items.map(
      (c) => `${c.metadata.namespace ?? 'default'}/${c.metadata.name}`,
    ),
  };
}

const listeners = new Set<() => void>();
/** Asks every live view to reload now (after the page itself changed something). */
export function refreshNow(): void {
  for (const l of listeners) l();
}

/** Polls while the tab is visible; re-renders only when an answer changed. */
export function useLab(tokenEpoch: number): LiveState {
  const [state, setState] = useState<LiveState>({ kind: 'loading' });
  useEffect(() => {
    let stopped = false;
    let last = '';
    let lastProbe = '';
    let loadedAt = 0;
    let busy = false;
    const tick = async (force = false) => {
      if (busy || stopped || document.hidden) return;
      busy = true;
      try {
        const moved = await probe();
        if (!force && moved === lastProbe && Date.now() - loadedAt < FULL_EVERY_MS) return;
        const data = await load();
        lastProbe = moved;
        loadedAt = Date.now();
        // The lab clock ticks on every answer; it alone is no reason to draw again.
        const text = JSON.stringify({ ...data, cluster: { ...data.cluster, clock: '' } });
        if (!stopped && text !== last) {
          last = text;
          setState({ kind: 'ready', data });
        }
      } catch (e) {
        last = '';
        lastProbe = '';
        if (stopped) return;
        if (e instanceof ApiFailure && e.status === 401) {
          setState({ kind: 'needToken', message: e.message });
        } else setState({ kind: 'error', message: (e as Error).message });
      } finally {
        busy = false;
      }
    };
    void tick();
    const timer = setInterval(() => void tick(), POLL_MS);
    const now = () => void tick(true);
    listeners.add(now);
    document.addEventListener('visibilitychange', now);
    return () => {
      stopped = true;
      clearInterval(timer);
      listeners.delete(now);
      document.removeEventListener('visibilitychange', now);
    };
  }, [tokenEpoch]);
  return state;
}
