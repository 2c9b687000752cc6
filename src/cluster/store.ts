// What the cluster service needs from storage; SQLite (Node) and D1 (Workers) implement it.
import type {
  ClusterSettings,
  ClusterState,
  NodeSpecSetting,
  WritePlan,
} from '../domain/lab/cluster-state';
import type { ContainerLogWrite, LogRun } from '../domain/kubelet/logs/container-log';
import type { KubeObject } from '../domain/apimachinery/objects';

/** What a lab was created with, and so what a reset brings back. */
export interface LabCreation {
  settings: ClusterSettings;
  nodes: NodeSpecSetting[];
}

/** The lab's latest lesson grade; gradedAt is wall-clock RFC 3339, like createdAt. */
export interface LatestScore {
  points: number;
  maxPoints: number;
  gradedAt: string;
}

export interface LabRecord {
  id: string;
  name: string;
  settings: ClusterSettings;
  createdAt: string;
  /** SHA-256 (hex) of the lab's bearer token; undefined for a lab without one. */
  tokenHash?: string | undefined;
  template?: string | undefined;
  creation?: LabCreation | undefined;
  /** RFC 3339 (toISOString); undefined: the lab never expires. */
  expiresAt?: string | undefined;
  latestScore?: LatestScore | undefined;
}

/** What authentication needs to know about a lab, read on every request. */
export interface LabAccess {
  tokenHash: string | undefined;
  expiresAt: string | undefined;
}

/** A commit lost a race (stale revision or an allocation taken meanwhile); reload and retry. */
export class WriteConflict extends Error {
  constructor(cause: string) {
    super(`write conflict: ${cause}`);
    this.name = 'WriteConflict';
  }
}

/** Hits counted for one (service, pod, pod's node, node the connections entered). */
export interface HitRow {
  namespace: string;
  service: string;
  pod: string;
  node: string;
  entryNode: string;
  podIp: string;
  count: number;
}

/**
 * What a batch of simulated connections leaves behind, committed atomically as one record. A new
 * kind of row a request leaves (container log lines, say) is a new field here, stored in the same
 * transaction, so a routed request stays one write.
 */
export interface TrafficWrite {
  hits: HitRow[];
  /** kube-proxy memory (affinity entries, round-robin cursors) to upsert. */
  proxyState: { key: string; value: string }[];
  /** The lab's connection counter after this batch (stores that reserve in memory persist it). */
  connectionsUsed: number;
  /** Access-log lines of the connections that reached a container. */
  logs?: ContainerLogWrite[];
  /** Trim the touched log rings and the lab's to their bounds (every LOG_BOUNDS.trimEvery connections). */
  trimLogs?: boolean;
}

/** A stored container log line, with the id that orders it (a follower reads after the last). */
export interface StoredLogLine {
  id: number;
  time: number;
  text: string;
}

/** The kinds a routed request reads: kube-proxy's view (nodes, services, pods), pods' mounts and the network policies (with the namespaces their selectors match). */
export const ROUTE_KINDS = [
  'ConfigMap',
  'Namespace',
  'NetworkPolicy',
  'Node',
  'Pod',
  'Service',
] as const;

export interface RouteReadOptions {
  /** The revision of the caller's copy of the lab's route objects; they are read only if stale. */
  knownRevision?: number | undefined;
  /** Connection numbers to reserve for this request (0: none). */
  connections: number;
  /** Whether to read kube-proxy memory (only ipvs cursors and ClientIP affinity need it). */
  proxyMemory: boolean;
}

/** What a routed request needs of a lab, read in one call (one round trip on a remote store). */
export interface RouteRead {
  head: LabHead;
  /**
   * The lab's objects of ROUTE_KINDS at head.revision, in stored-key order, and the length of
   * their stored JSON; undefined when the lab is still at `knownRevision`.
   */
  routeObjects?: { objects: KubeObject[]; bytes: number } | undefined;
  /** The first of the connection numbers reserved. */
  firstConnection: number;
  /** kube-proxy memory, when asked for. */
  proxyMemory?: Map<string, string> | undefined;
}

/** The small, always-fresh part of a lab: which revision it is at and its settings. */
export interface LabHead {
  revision: number;
  settings: ClusterSettings;
}

/**
 * A lab's storage, shaped by use: a routed request (the hot path) is one loadForRoute and one
 * commitTraffic; a write is loadHead (loadState when the caller's copy is stale) and one commit.
 */
export interface ClusterStore {
  /** Answers once the database can serve queries. */
  ping(): Promise<void>;
  loadHead(labId: string): Promise<LabHead | undefined>;
  /** The whole lab: every object and allocation (what a write plans on). */
  loadState(labId: string): Promise<ClusterState | undefined>;
  /**
   * A routed request's read: the head, the route objects if the caller's are stale (one indexed
   * read of ROUTE_KINDS, not the whole lab), connection numbers reserved and, if asked, kube-proxy
   * memory; undefined for a lab that does not exist.
   */
  loadForRoute(labId: string, options: RouteReadOptions): Promise<RouteRead | undefined>;
  /** Adds hits (count += n, never lost under concurrency) and upserts proxy state, atomically. */
  commitTraffic(labId: string, write: TrafficWrite): Promise<void>;
  /** Creates the lab row and commits its bootstrap plan atomically. */
  createLab(lab: LabRecord, plan: WritePlan): Promise<void>;
  loadLab(labId: string): Promise<LabRecord | undefined>;
  loadAccess(labId: string): Promise<LabAccess | undefined>;
  /** Labs ordered by id, the first `limit` after `afterId`. */
  listLabs(afterId: string | undefined, limit: number): Promise<LabRecord[]>;
  setTokenHash(labId: string, tokenHash: string): Promise<void>;
  /** Keeps `score` as the lab's latest grade, replacing the one before. */
  recordScore(labId: string, score: LatestScore): Promise<void>;
  /** Deletes the lab and every row of it in every table, atomically. */
  deleteLab(labId: string): Promise<void>;
  /** Deletes every lab whose expiresAt is at or before `now` (RFC 3339); answers their ids. */
  purgeExpired(now: string): Promise<string[]>;
  /**
   * Replaces the lab's whole cluster with `plan` (a plan from an empty state at the lab's current
   * revision) and `settings`, and forgets its hits, kube-proxy memory, connection counter and
   * latest score;
   * WriteConflict when the lab moved past `plan.baseRevision`.
   */
  resetLab(labId: string, settings: ClusterSettings, plan: WritePlan): Promise<void>;
  /** Applies `plan` atomically iff the lab is still at `plan.baseRevision`; else WriteConflict. */
  commit(labId: string, plan: WritePlan): Promise<void>;
  updateSettings(labId: string, settings: ClusterSettings): Promise<void>;
  listHits(labId: string): Promise<HitRow[]>;
  /** One container run's log lines after line `afterId` (0: from the start), oldest first, at most `limit`. */
  readContainerLog(
    labId: string,
    run: LogRun,
    afterId: number,
    limit: number,
  ): Promise<StoredLogLine[]>;
  /** Deletes hits, all of the lab's or one service's. */
  resetHits(labId: string, service?: { namespace: string; name: string }): Promise<void>;
}
