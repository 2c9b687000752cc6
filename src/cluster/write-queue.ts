// Per-lab turn-taking for writes inside one process or isolate.

/** How long a write waits for the one before it; past that it runs anyway, guarded by revision. */
const MAX_WAIT_MS = 5_000;

/**
 * Where every read and the commit are awaited round trips (D1), concurrent writes to one lab
 * interleave, lose the revision race and exhaust their retries. Queueing them per lab leaves
 * retries for the rare race between processes; correctness still rests on the revision guard and
 * the UNIQUE allocation keys, so a stuck predecessor only costs MAX_WAIT_MS.
 */
export class WriteQueue {
  private readonly tails = new Map<string, Promise<void>>();

  async inTurn<T>(labId: string, task: () => Promise<T>): Promise<T> {
    const before = this.tails.get(labId);
    let done!: () => void;
    const mine = new Promise<void>((resolve) => (done = resolve));
    this.tails.set(labId, mine);
    try {
      if (before) await waitAtMost(before, MAX_WAIT_MS);
      return await task();
    } finally {
      done();
      if (this.tails.get(labId) === mine) this.tails.delete(labId);
    }
  }
}

function waitAtMost(promise: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
