// The lab as the page shows it, kept live by one streamed fetch() of GET /cluster/changes (an
// EventSource cannot send the Authorization header): a line whenever the lab's revision or hit
// total moved, then the full lists. Should the stream fail, a cheap conditional poll every 500 ms
// (one tiny list, whose resourceVersion is the lab's, and the hit totals) until it works again.
// Either way a full reload every few seconds, in case the lab clock did something on its own.
import { useEffect, useState } from 'hono/jsx/dom';
import { ApiFailure, get, headers } from './api';
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

/** Retry the stream this long after it failed (the poll covers the gap). */
const STREAM_RETRY_MS = 10_000;

/**
 * Reads one change stream to its end, calling `changed` with each line's mark. Settles when it
 * ended normally (the server's time bound: reconnect), throws when it could not be read.
 */
async function readChanges(changed: (mark: string) => void, signal: AbortSignal) {
  const res = await fetch('/cluster/changes', {
    headers: headers({ Accept: 'application/x-ndjson' }),
    credentials: 'omit',
    cache: 'no-store',
    signal,
  });
  if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let rest = '';
  let lines = 0;
  for (;;) {
    const { value, done } = await reader.read();
    // A stream that ended before its first line is a failure, not the server's time bound.
    if (done && lines === 0) throw new Error('the change stream ended at once');
    if (done) return;
    const parts = (rest + value).split('\n');
    rest = parts.pop() ?? '';
    for (const line of parts) {
      lines += 1;
      const m = JSON.parse(line) as { revision?: number; hits?: number; error?: unknown };
      if (m.error !== undefined) throw new Error('the change stream failed');
      changed(`${m.revision ?? ''} ${m.hits ?? ''}`);
    }
  }
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

/** Follows the lab while the tab is visible; re-renders only when an answer changed. */
export function useLab(tokenEpoch: number): LiveState {
  const [state, setState] = useState<LiveState>({ kind: 'loading' });
  useEffect(() => {
    let stopped = false;
    let last = '';
    let lastProbe = '';
    let loadedAt = 0;
    let busy = false;
    // A change that arrived during a reload: reload once more when that one is done.
    let again = false;
    // While the stream works the poll only does the slow full reload; else it probes.
    let streaming = false;
    const tick = async (force = false): Promise<void> => {
      if (stopped || document.hidden) return;
      if (busy) {
        again ||= force;
        return;
      }
      busy = true;
      try {
        const moved = streaming ? '' : await probe();
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
      if (again) {
        again = false;
        await tick(true);
      }
    };
    let lastMark = '';
    const abort = new AbortController();
    const follow = async () => {
      while (!stopped) {
        try {
          await readChanges((mark) => {
            streaming = true;
            if (mark === lastMark) return;
            lastMark = mark;
            void tick(true);
          }, abort.signal);
        } catch {
          streaming = false;
          lastMark = '';
          if (!stopped) await new Promise((r) => setTimeout(r, STREAM_RETRY_MS));
        }
      }
    };
    void follow();
    const poll = () => {
      if (!streaming) void tick();
      else if (Date.now() - loadedAt >= FULL_EVERY_MS) void tick(true);
    };
    const timer = setInterval(poll, POLL_MS);
    const now = () => void tick(true);
    listeners.add(now);
    document.addEventListener('visibilitychange', now);
    return () => {
      stopped = true;
      abort.abort();
      clearInterval(timer);
      listeners.delete(now);
      document.removeEventListener('visibilitychange', now);
    };
  }, [tokenEpoch]);
  return state;
}
