// What the cluster service needs from storage; SQLite (Node) and D1 (Workers) implement it.
import type { ClusterSettings, ClusterState, WritePlan } from '../domain/cluster-state';

export interface LabRecord {
  id: string;
  name: string;
  settings: ClusterSettings;
  createdAt: string;
}

/** A commit lost a race (stale revision or an allocation taken meanwhile); reload and retry. */
export class WriteConflict extends Error {
  constructor(cause: string) {
    super(`write conflict: ${cause}`);
    this.name = 'WriteConflict';
  }
}

export interface ClusterStore {
  loadState(labId: string): Promise<ClusterState | undefined>;
  /** Creates the lab row and commits its bootstrap plan atomically. */
  createLab(lab: LabRecord, plan: WritePlan): Promise<void>;
  /** Applies `plan` atomically iff the lab is still at `plan.baseRevision`; else WriteConflict. */
  commit(labId: string, plan: WritePlan): Promise<void>;
  updateSettings(labId: string, settings: ClusterSettings): Promise<void>;
}
