import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit';

/** A GroupCommit whose flushes the test runs by hand. */
function manual(commitAll: (items: number[]) => void) {
  const flushes: (() => void)[] = [];
  const group = new GroupCommit(commitAll, (flush) => flushes.push(flush));
  return { group, runScheduled: () => flushes.splice(0).forEach((f) => f()) };
}

describe('GroupCommit', () => {
  it('commits the writes queued in one turn together and settles them after', async () => {
    const commits: number[][] = [];
    const { group, runScheduled } = manual((items) => commits.push(items));
    let settled = 0;
    const writes = [1, 2, 3].map((n) => group.add(n).then(() => settled++));
    await Promise.resolve();
    expect(settled).toBe(0);
    runScheduled();
    await Promise.all(writes);
    expect(commits).toEqual([[1, 2, 3]]);
    expect(settled).toBe(3);
  });

  it('flush() commits what is queued at once, so later writes are ordered after it', async () => {
    const commits: number[][] = [];
    const { group, runScheduled } = manual((items) => commits.push(items));
    const first = group.add(1);
    group.flush();
    await first;
    const second = group.add(2);
    runScheduled();
    await second;
    expect(commits).toEqual([[1], [2]]);
  });

  it('fails only the write that cannot be stored', async () => {
    const stored: number[] = [];
    const { group, runScheduled } = manual((items) => {
      if (items.includes(2)) throw new Error('constraint failed');
      stored.push(...items);
    });
    const results = [1, 2, 3].map((n) => group.add(n));
    runScheduled();
    const outcomes = await Promise.allSettled(results);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(stored).toEqual([1, 3]);
  });
});
