// What the cluster service needs from storage; SQLite (Node) and D1 (Workers) implement it.
import type {
  ClusterSettings,
  ClusterState,
  NodeSpecSetting,
  WritePlan,
} from '../domain/lab/cluster-state';
import type { ContainerLogWrite, LogRun } from '../domain/kubelet/logs/container-log';

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

/** What a batch of simulated connections leaves behind, committed atomically. */
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

/** The small, always-fresh part of a lab: which revision it is at and its settings. */
export interface LabHead {
  revision: number;
  settings: ClusterSettings;
}

export interface ClusterStore {
  /** Answers once the database can serve queries. */
  ping(): Promise<void>;
  loadHead(labId: string): Promise<LabHead | undefined>;
  loadState(labId: string): Promise<ClusterState | undefined>;
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
  /** Reserves `count` connection numbers atomically and returns the first one. */
  reserveConnections(labId: string, count: number): Promise<number>;
  readProxyState(labId: string): Promise<Map<string, string>>;
  /** Adds hits (count += n, never lost under concurrency) and upserts proxy state, atomically. */
  recordTraffic(labId: string, write: TrafficWrite): Promise<void>;
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
