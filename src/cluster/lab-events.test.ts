// LabEvents: writes wake followers and reads do not; a change between a read and the wait is not
// lost; an outside feed (the Worker's subscription to a lab's object) is open only while followed.
import { describe, expect, it } from 'vitest';
import { ChangeWaiter, LabEvents, notifyingStore } from './lab-events';
import type { ClusterStore } from './store';

/** A store whose every method resolves at once (only the calls' names matter here). */
function fakeStore(): ClusterStore {
  return new Proxy({} as ClusterStore, {
    get: (_target, property) =>
      property === 'then' ? undefined : () => Promise.resolve(undefined),
  });
}

describe('LabEvents', () => {
  it('notifies after calls that may write the lab, not after reads', async () => {
    const events = new LabEvents();
    const seen: string[] = [];
    events.subscribe('a', () => seen.push('a'));
    events.subscribe('b', () => seen.push('b'));
    const store = notifyingStore(fakeStore(), events);
    await store.loadHead('a');
    await store.loadState('a');
    await store.listHits('a');
    expect(seen).toEqual([]);
    await store.commit('a', {
      baseRevision: 1,
      revision: 2,
      upserts: [],
      deletes: [],
      allocate: [],
      release: [],
    });
    await store.resetHits('b');
    expect(seen).toEqual(['a', 'b']);
  });

  it('answers a change made before the wait at once, and times out without one', async () => {
    const events = new LabEvents();
    const waiter = new ChangeWaiter(events, 'a');
    events.notify('a');
    const started = Date.now();
    expect(await waiter.next(5_000)).toBe(true);
    expect(Date.now() - started).toBeLessThan(100);
    expect(await waiter.next(20)).toBe(false);
    const woken = waiter.next(5_000);
    events.notify('a');
    expect(await woken).toBe(true);
    waiter.close();
    expect(await waiter.next(5_000)).toBe(false);
    expect(events.followers('a')).toBe(0);
  });

  it('opens an outside feed for the first follower of a lab and closes it after the last', () => {
    const opened: string[] = [];
    const closed: string[] = [];
    let push: (() => void) | undefined;
    const events = new LabEvents((labId, changed) => {
      opened.push(labId);
      push = changed;
      return () => closed.push(labId);
    });
    let count = 0;
    const stopOne = events.subscribe('a', () => count++);
    const stopTwo = events.subscribe('a', () => count++);
    expect(opened).toEqual(['a']);
    push?.();
    expect(count).toBe(2);
    stopOne();
    expect(closed).toEqual([]);
    stopTwo();
    expect(closed).toEqual(['a']);
  });
});
