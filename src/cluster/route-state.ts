// What a routed request reads of its lab, and the cold path: a lab whose state is not in memory
// costs one indexed read of its route objects (nodes, services, pods, ConfigMaps), not a load
// and parse of the whole lab, so a request's cost does not grow with the number of labs. A request
// looks into one of the two caches, never both: spread over 1,000 labs, every distinct cache a
// request looks into costs cache misses (its entry is cold), as much as the look-up itself.
import type { BoundedCache } from '../domain/apimachinery/bounded-cache';
import type { ClusterState } from '../domain/lab/cluster-state';
import type { ClusterStore } from './store';
import { labNotFound } from './lab-not-found';

/** What routing reads of a lab: a whole ClusterState qualifies, and so do its route objects alone. */
export type RouteState = Pick<ClusterState, 'labId' | 'revision' | 'settings' | 'objects'>;

/**
 * What a routed read needs of LabCluster, structurally (lab-cluster.ts reaches the connection code
 * through the kubelet's runs, so importing it here would close a cycle).
 */
export interface RouteHost {
  readonly store: ClusterStore;
  readonly routeStates: BoundedCache<string, { state: RouteState; bytes: number }>;
  cachedState(labId: string): ClusterState | undefined;
  /** Drops the whole state `stale` if still kept, so the lab's next requests use routeStates. */
  forgetStaleState(labId: string, stale: ClusterState): void;
  /** The whole state `kept` with the head's settings, kept in its place if it still is. */
  withSettings(labId: string, kept: ClusterState, settings: ClusterState['settings']): ClusterState;
  podDeadlinePassed(state: RouteState): boolean;
  state(labId: string): Promise<ClusterState>;
  labNow(settings: ClusterState['settings']): Date;
}

export interface RouteInput {
  state: RouteState;
  /** The first of the connection numbers reserved for this request. */
  firstConnection: number;
  /** kube-proxy memory, read only where `remembers(state)` (empty otherwise). */
  proxyMemory: ReadonlyMap<string, string>;
}

const NO_MEMORY: ReadonlyMap<string, string> = new Map();

/**
 * The lab's route state at its current revision, `connections` connection numbers and kube-proxy
 * memory where `remembers` says its rules read it: one store call on the warm and the cold path.
 */
export async function loadRouteInput(
  cluster: RouteHost,
  labId: string,
  connections: number,
  remembers: (state: RouteState) => boolean,
): Promise<RouteInput> {
  // A whole state kept answers alone; route objects are kept for labs without one.
  const whole = cluster.cachedState(labId);
  const routed = whole ? undefined : cluster.routeStates.get(labId);
  const cached = whole ?? routed?.state;
  // Without a cached copy, whether the rules read kube-proxy memory is known only after the read.
  const memory = cached ? remembers(cached) : true;
  const read = await cluster.store.loadForRoute(labId, {
    knownRevision: cached?.revision,
    connections,
    proxyMemory: memory,
  });
  if (!read) throw labNotFound(labId);
  const { head, routeObjects } = read;
  let state: RouteState;
  if (!routeObjects && cached) {
    // Still at the cached revision; settings move without one (PATCH /cluster, the clock).
    // The copy with the head's settings is kept, or every request until the next write (the head
    // is read again after each, with new settings) would make one.
    if (cached.settings === head.settings) state = cached;
    else if (whole) state = cluster.withSettings(labId, whole, head.settings);
    else {
      state = { ...cached, settings: head.settings };
      if (routed) cluster.routeStates.set(labId, { state, bytes: routed.bytes }, routed.bytes);
    }
  } else {
    // The copy was behind the head (or none was kept): the fresh route objects are routed on and
    // kept, and a stale whole state goes, or every request would read them again until a write.
    if (whole) cluster.forgetStaleState(labId, whole);
    const { objects, bytes } = routeObjects ?? { objects: [], bytes: 0 };
    state = { labId, revision: head.revision, settings: head.settings, objects };
    cluster.routeStates.set(labId, { state, bytes }, bytes);
  }
  // A terminating pod past its grace period goes first, as for every read (state() settles it).
  if (cluster.podDeadlinePassed(state)) state = await cluster.state(labId);
  let proxyMemory = read.proxyMemory;
  if (!proxyMemory && remembers(state)) {
    const again = await cluster.store.loadForRoute(labId, {
      knownRevision: state.revision,
      connections: 0,
      proxyMemory: true,
    });
    proxyMemory = again?.proxyMemory;
  }
  return { state, firstConnection: read.firstConnection, proxyMemory: proxyMemory ?? NO_MEMORY };
}
