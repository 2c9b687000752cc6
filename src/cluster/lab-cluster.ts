// Runs domain operations against a stored lab: load, compute, commit atomically, retry on races.
import { bootstrapCluster } from '../domain/bootstrap';
import {
  DEFAULT_SETTINGS,
  isEmptyPlan,
  type ClusterSettings,
  type ClusterState,
  type NodeSpecSetting,
} from '../domain/cluster-state';
import { ClusterDraft } from '../domain/draft';
import { ApiError } from '../domain/errors';
import { mixSeed, seededRandom } from '../domain/random';
import { reconcile } from '../domain/reconcile';
import { WriteConflict, type ClusterStore } from './store';
import { WriteQueue } from './write-queue';

/** The lab requests act in when they name none. */
export const DEFAULT_LAB_ID = 'default';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

const MAX_ATTEMPTS = 8;
const CACHED_LABS = 256;

function labNotFound(labId: string): ApiError {
  return new ApiError(404, 'NotFound', `lab "${labId}" not found`, { name: labId, kind: 'labs' });
}

export interface MutationOptions {
  dryRun?: boolean;
}

/** A lab's cluster as seen through storage; every write is serialised by the lab's revision. */
export class LabCluster {
  private readonly cache = new Map<string, ClusterState>();
  private readonly writes = new WriteQueue();

  constructor(
    readonly store: ClusterStore,
    readonly clock: Clock = systemClock,
  ) {}

  /** The lab's clock: wall time plus the offset lessons advance it by. */
  labNow(settings: ClusterSettings): Date {
    return new Date(this.clock.now().getTime() + settings.clockOffsetSeconds * 1000);
  }

  /**
   * The lab's current state. Objects are cached per lab and reused while the stored revision is
   * unchanged (one small query instead of parsing every object); callers must not mutate them.
   */
  async state(labId: string): Promise<ClusterState> {
    const head = await this.store.loadHead(labId);
    if (!head) throw labNotFound(labId);
    const cached = this.cache.get(labId);
    if (cached && cached.revision === head.revision) {
      this.cache.delete(labId);
      this.cache.set(labId, cached);
      return { ...cached, settings: head.settings };
    }
    const state = await this.store.loadState(labId);
    if (!state) throw labNotFound(labId);
    this.cache.set(labId, state);
    if (this.cache.size > CACHED_LABS) this.cache.delete(this.cache.keys().next().value!);
    return state;
  }

  /**
   * Runs `operation` on a fresh draft, settles controllers and commits. A lost race reruns it on the
   * new state, so the operation must be a pure function of the draft.
   */
  mutate<R>(
    labId: string,
    operation: (draft: ClusterDraft) => R,
    options: MutationOptions = {},
  ): Promise<{ result: R; draft: ClusterDraft }> {
    return this.writes.inTurn(labId, () => this.attempt(labId, operation, options));
  }

  private async attempt<R>(
    labId: string,
    operation: (draft: ClusterDraft) => R,
    options: MutationOptions,
  ): Promise<{ result: R; draft: ClusterDraft }> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const state = await this.state(labId);
      const draft = this.draftOf(state);
      const result = operation(draft);
      reconcile(draft);
      const plan = draft.plan();
      if (options.dryRun || isEmptyPlan(plan)) return { result, draft };
      try {
        await this.store.commit(labId, plan);
        return { result, draft };
      } catch (e) {
        if (!(e instanceof WriteConflict)) throw e;
      }
    }
    throw new ApiError(
      409,
      'Conflict',
      'Operation cannot be fulfilled: too many concurrent writes to this lab; please try again',
    );
  }

  draftOf(state: ClusterState): ClusterDraft {
    const random = seededRandom(mixSeed(state.settings.seed, state.revision));
    return new ClusterDraft(state, { now: this.labNow(state.settings), random });
  }

  /** Creates the lab with its starting cluster unless it exists already. */
  async ensureLab(
    labId: string,
    name: string,
    settings: ClusterSettings = DEFAULT_SETTINGS,
    nodes?: NodeSpecSetting[],
  ): Promise<void> {
    if (await this.store.loadState(labId)) return;
    const empty: ClusterState = {
      labId,
      revision: 0,
      settings,
      objects: [],
      allocations: { nodePorts: new Set(), clusterIPs: new Set() },
    };
    const draft = this.draftOf(empty);
    bootstrapCluster(draft, nodes);
    reconcile(draft);
    try {
      await this.store.createLab(
        { id: labId, name, settings, createdAt: draft.timestamp() },
        draft.plan(),
      );
    } catch (e) {
      if (!(e instanceof WriteConflict)) throw e;
    }
  }
}
