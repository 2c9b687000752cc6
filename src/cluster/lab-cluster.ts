// Runs domain operations against a stored lab: load, compute, commit atomically, retry on races.
import { boundedCache, type BoundedCache } from '../domain/apimachinery/bounded-cache';
import { bootstrapCluster } from '../domain/lab/bootstrap';
import {
  DEFAULT_SETTINGS,
  emptyState,
  isEmptyPlan,
  type ClusterSettings,
  type ClusterState,
  type NodeSpecSetting,
} from '../domain/lab/cluster-state';
import { ClusterDraft } from '../domain/registry/draft';
import type { KubeObject } from '../domain/apimachinery/objects';
import { ApiError } from '../domain/apimachinery/errors';
import { draftLogs } from '../domain/kubelet/logs/container-log';
import { labTime } from '../domain/lab/clock';
import { nextPodDeadline, settleTerminatingPods } from '../domain/kubelet/pod-deletion';
import { containersViolation, quotaViolation } from '../domain/registry/quota';
import { mixSeed, seededRandom } from '../domain/apimachinery/random';
import { reconcile } from '../domain/controllers/reconcile';
import { objectTooLarge, storedBytes } from '../domain/registry/stored-size';
import { committedState } from './committed-state';
import { labNotFound } from './lab-not-found';
import { settleRuns } from './pod-runs';
import { WriteConflict, type ClusterStore, type LabRecord } from './store';
import { WriteQueue } from './write-queue';

/** The lab requests act in when they name none. */
export const DEFAULT_LAB_ID = 'default';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

const MAX_ATTEMPTS = 8;
/** Settling writes one read may make: each carries out the runs due then (pod-runs.ts). */
const SETTLE_ROUNDS = 8;

export type { RouteState } from './route-state';
import type { RouteState } from './route-state';

/** The estimated bytes of a lab state: its objects' stored JSON (each measured once). */
function stateBytes(state: ClusterState): number {
  let bytes = 0;
  for (const o of state.objects) bytes += storedBytes(o);
  return bytes;
}

/** Smaller cache budgets than CACHE_BUDGETS' (tests that evict). */
export interface CacheBudgets {
  labStates?: number | undefined;
  routeStates?: number | undefined;
}

/** The stored version of `o` in `state`, for admission checks that let an object keep its size. */
function storedVersion(state: ClusterState, o: KubeObject): KubeObject | undefined {
  const ns = o.metadata.namespace ?? '';
  return state.objects.find(
    (s) =>
      s.kind === o.kind &&
      (s.metadata.namespace ?? '') === ns &&
      s.metadata.name === o.metadata.name,
  );
}

export interface MutationOptions {
  dryRun?: boolean;
}

/** A lab to create: its row, the nodes it boots with, and what to put in its cluster. */
export interface NewLab extends LabRecord {
  nodes?: NodeSpecSetting[] | undefined;
  /** Adds the lab's starting objects (a template's manifests) to the bootstrapped draft. */
  setup?: ((draft: ClusterDraft) => void) | undefined;
}

/** A lab's cluster as seen through storage; every write is serialised by the lab's revision. */
export class LabCluster {
  /** Whole lab states, what writes plan on and reads answer from. */
  private readonly cache: BoundedCache<string, ClusterState>;
  /** Route objects of labs read on the cold path of a routed request (see route-state.ts). */
  readonly routeStates: BoundedCache<string, { state: RouteState; bytes: number }>;
  private readonly writes = new WriteQueue();
  /** The earliest pod deletion deadline (ms) per loaded object list, so reads check it cheaply. */
  private readonly deadlines = new WeakMap<readonly KubeObject[], number>();

  constructor(
    readonly store: ClusterStore,
    readonly clock: Clock = systemClock,
    budgets: CacheBudgets = {},
  ) {
    this.cache = boundedCache('labStates', budgets.labStates);
    this.routeStates = boundedCache('routeStates', budgets.routeStates);
  }

  /** The lab's clock: wall time plus the offset lessons advance it by (bounded, see lab-clock). */
  labNow(settings: ClusterSettings): Date {
    return labTime(this.clock.now(), settings.clockOffsetSeconds);
  }

  /**
   * The lab's current state, settled on the lab clock (terminating pods past their deadline are
   * removed first). Objects are cached per lab and reused while the stored revision is unchanged
   * (one small query instead of parsing every object); callers must not mutate them.
   */
  async state(labId: string): Promise<ClusterState> {
    let state = await this.storedState(labId);
    // Terminating pods whose grace period ended on the lab clock go before anyone reads them, and
    // commands that ended are carried out (pod-runs.ts), a run and its restart in turn (bounded).
    // A read never fails for it: if that write cannot land now, the next read tries again.
    for (let round = 0; round < SETTLE_ROUNDS && this.podDeadlinePassed(state); round++) {
      try {
        await settleRuns(this, labId, state);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        return state;
      }
      state = await this.storedState(labId);
    }
    return state;
  }

  /** Whether a terminating pod's grace period has ended on the lab clock (state() settles it). */
  podDeadlinePassed(state: RouteState): boolean {
    let next = this.deadlines.get(state.objects);
    if (next === undefined) {
      next = nextPodDeadline(state.objects) ?? Infinity;
      this.deadlines.set(state.objects, next);
    }
    return next <= this.labNow(state.settings).getTime();
  }

  private async storedState(labId: string): Promise<ClusterState> {
    const head = await this.store.loadHead(labId);
    if (!head) throw labNotFound(labId);
    const cached = this.cache.get(labId);
    if (cached && cached.revision === head.revision) {
      // Settings change without a new revision (PATCH /cluster, the clock); a store that keeps
      // its heads returns the same settings object until then, so the state is reused as is.
      if (cached.settings === head.settings) return cached;
      return this.withSettings(labId, cached, head.settings);
    }
    const state = await this.store.loadState(labId);
    if (!state) throw labNotFound(labId);
    this.remember(labId, state);
    return state;
  }

  /** Caches `state` as the lab's latest, most recently used. */
  private remember(labId: string, state: ClusterState): void {
    this.cache.set(labId, state, stateBytes(state));
  }

  /** The whole state kept for the lab (possibly stale, not settled), if any. */
  cachedState(labId: string): ClusterState | undefined {
    return this.cache.get(labId);
  }

  /** `kept` with `settings` (the head's, at the same revision), kept in its place if it still is. */
  withSettings(labId: string, kept: ClusterState, settings: ClusterSettings): ClusterState {
    const current = { ...kept, settings };
    if (this.cache.get(labId) === kept) this.remember(labId, current);
    return current;
  }

  /** Drops the lab's whole state if it is still `stale` (a routed read found it behind the head). */
  forgetStaleState(labId: string, stale: ClusterState): void {
    if (this.cache.get(labId) === stale) this.cache.delete(labId);
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
      const state = await this.storedState(labId);
      const draft = this.draftOf(state);
      // The kubelet removed pods whose grace period is over before this request came: the
      // operation must not find them (a re-create of the name would meet AlreadyExists).
      if (this.podDeadlinePassed(state)) settleTerminatingPods(draft);
      const result = operation(draft);
      // Admission before the controllers run, so an oversized pod costs no simulation.
      const early = containersViolation(draft.written(), (o) => storedVersion(state, o));
      if (early) throw early;
      reconcile(draft);
      const plan = { ...draft.plan(), logs: draftLogs(draft) };
      const refused = quotaViolation(state.objects, plan) ?? objectTooLarge(plan.upserts);
      if (refused) throw refused;
      if (options.dryRun || isEmptyPlan(plan)) return { result, draft };
      try {
        await this.store.commit(labId, plan);
        this.remember(labId, committedState(state, plan));
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
    if (await this.store.loadHead(labId)) return;
    try {
      await this.createLab({ id: labId, name, settings, createdAt: '', nodes });
    } catch (e) {
      if (!(e instanceof WriteConflict)) throw e;
    }
  }

  /**
   * Creates a lab: nodes, system objects and whatever `setup` adds, settled and committed with
   * the lab row. WriteConflict if the id is taken. An empty `createdAt` means the lab's now.
   */
  async createLab(lab: NewLab): Promise<void> {
    const { nodes, setup, ...record } = lab;
    const plan = this.startingPlan(lab.id, 0, lab.settings, nodes, setup);
    const createdAt =
      record.createdAt ||
      this.labNow(lab.settings)
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z');
    await this.store.createLab({ ...record, createdAt }, plan);
    // What loading it would read back: the lab's first write need not load and parse it.
    this.remember(lab.id, committedState(emptyState(lab.id, 0, lab.settings), plan));
  }

  /**
   * Puts the lab back to its starting cluster, drawn from the same seed as at creation (so the
   * same uids, names and addresses), with `settings`; hits and kube-proxy memory are forgotten.
   */
  reset(
    labId: string,
    settings: ClusterSettings,
    nodes: NodeSpecSetting[] | undefined,
    setup?: (draft: ClusterDraft) => void,
  ): Promise<void> {
    return this.writes.inTurn(labId, async () => {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const { revision } = await this.storedState(labId);
        const plan = this.startingPlan(labId, revision, settings, nodes, setup);
        try {
          return await this.store.resetLab(labId, settings, plan);
        } catch (e) {
          if (!(e instanceof WriteConflict)) throw e;
        }
      }
      throw new ApiError(409, 'Conflict', 'Operation cannot be fulfilled: the lab kept changing');
    });
  }

  /** Deletes the lab and all its rows, after any write to it in this process has landed. */
  deleteLab(labId: string): Promise<void> {
    return this.writes.inTurn(labId, async () => {
      await this.store.deleteLab(labId);
      this.cache.delete(labId);
      this.routeStates.delete(labId);
    });
  }

  /** The plan that fills an empty lab at `revision`; its random draws are those of revision 0. */
  private startingPlan(
    labId: string,
    revision: number,
    settings: ClusterSettings,
    nodes: NodeSpecSetting[] | undefined,
    setup: ((draft: ClusterDraft) => void) | undefined,
  ) {
    const empty = emptyState(labId, revision, settings);
    const random = seededRandom(mixSeed(settings.seed, 0));
    const draft = new ClusterDraft(empty, { now: this.labNow(settings), random });
    bootstrapCluster(draft, nodes);
    setup?.(draft);
    reconcile(draft);
    const plan = { ...draft.plan(), logs: draftLogs(draft) };
    const refused = quotaViolation([], plan) ?? objectTooLarge(plan.upserts);
    if (refused) throw refused;
    return plan;
  }
}
