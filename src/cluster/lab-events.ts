// Push for watches: a lab's writes wake the streams that follow it (`kubectl get -w`, the clients'
// watches, GET /cluster/changes) instead of each stream re-reading the lab on a timer.
import type { ClusterStore } from './store';

type Listener = () => void;

/** Opens an outside feed of a lab's changes (the Worker's subscription to the lab's object). */
export type LabFeed = (labId: string, changed: Listener) => () => void;

/**
 * Store methods that only read. Every other method may have changed the lab, so it notifies: a
 * method added to the store later wakes watches too (one spare re-read at worst), never none.
 */
const READS = new Set([
  'ping',
  'loadHead',
  'loadState',
  'loadLab',
  'loadAccess',
  'listLabs',
  'listHits',
  'readContainerLog',
  // A routed request's read (it reserves connection numbers; what watchers see moves at its commit).
  'loadForRoute',
]);

/** One lab's followers and, while it has any, the feed that tells of changes made elsewhere. */
interface Followers {
  listeners: Set<Listener>;
  closeFeed: (() => void) | undefined;
}

/** Per-lab change signals inside one process (Node) or isolate and object (Workers). */
export class LabEvents {
  private readonly labs = new Map<string, Followers>();

  /** `feed` brings changes this process did not make (on Node there are none: no feed). */
  constructor(private readonly feed?: LabFeed) {}

  /** Calls `listener` after each change to the lab; answers the unsubscribe function. */
  subscribe(labId: string, listener: Listener): () => void {
    let followers = this.labs.get(labId);
    if (!followers) {
      followers = { listeners: new Set(), closeFeed: undefined };
      this.labs.set(labId, followers);
      followers.closeFeed = this.feed?.(labId, () => this.notify(labId));
    }
    followers.listeners.add(listener);
    return () => {
      const current = this.labs.get(labId);
      if (!current?.listeners.delete(listener) || current.listeners.size > 0) return;
      this.labs.delete(labId);
      current.closeFeed?.();
    };
  }

  /** Tells every follower of the lab that it changed. */
  notify(labId: string): void {
    for (const listener of this.labs.get(labId)?.listeners ?? []) listener();
  }

  /** Followers of `labId` in this process, for tests and limits. */
  followers(labId: string): number {
    return this.labs.get(labId)?.listeners.size ?? 0;
  }
}

/**
 * A follower that can wait: `next(ms)` settles at the first change since the previous `next`
 * (at once if one came meanwhile, so none is lost between a read and the wait), or after `ms`.
 */
export class ChangeWaiter {
  private pending = false;
  /** Set by close(): no more waiting, the stream that owned it ends. */
  closed = false;
  private wake: Listener | undefined;
  private readonly stop: () => void;

  constructor(events: LabEvents, labId: string) {
    this.stop = events.subscribe(labId, () => {
      this.pending = true;
      this.wake?.();
    });
  }

  /** True when a change woke it, false when the time ran out. */
  next(ms: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    if (this.pending) {
      this.pending = false;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(false), Math.max(0, ms));
      const finish = (changed: boolean) => {
        clearTimeout(timer);
        this.wake = undefined;
        this.pending = false;
        resolve(changed);
      };
      this.wake = () => finish(true);
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.wake?.();
    this.stop();
  }
}

/** The store, telling `events` after every call that may have written the lab it names. */
export function notifyingStore<S extends ClusterStore>(
  store: S,
  events: Pick<LabEvents, 'notify'>,
): S {
  type Method = (...a: unknown[]) => unknown;
  // One wrapper per method, made at its first use: the request route reaches the store several
  // times a request, and a new closure each time is garbage.
  const wrappers = new Map<string, { of: Method; wrapper: Method }>();
  const wrap = (target: S, property: string, method: Method): Method => {
    // Bound to the store itself: a read that calls the store's own helpers must not reach
    // them through this proxy (each would become an async, notifying call).
    if (READS.has(property)) return method.bind(target);
    return async (...args: unknown[]) => {
      const result: unknown = await method.apply(target, args);
      if (typeof args[0] === 'string') events.notify(args[0]);
      return result;
    };
  };
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      const known = wrappers.get(property);
      if (known?.of === value) return known.wrapper;
      const wrapper = wrap(target, property, value as Method);
      wrappers.set(property, { of: value as Method, wrapper });
      return wrapper;
    },
  });
}
