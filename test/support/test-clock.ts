// The clock tests drive: fixed until told to move. The Worker under test is frozen at the same start.
import type { Clock } from '../../src/cluster/lab-cluster';

export const TEST_CLOCK_START = '2026-11-22T10:00:00Z';

export interface TestClock extends Clock {
  advance(seconds: number): void;
}

/** A clock that starts at a fixed instant and moves only when told. */
export function testClock(start = TEST_CLOCK_START): TestClock {
  let t = Date.parse(start);
  return { now: () => new Date(t), advance: (s) => (t += s * 1000) };
}
