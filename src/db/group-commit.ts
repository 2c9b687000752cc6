// Group commit: writes queued during one turn of the event loop are committed in one transaction
// after it, and each caller's promise settles only once its write is stored. A SQLite commit costs
// about as much as the rest of a routed request, so concurrent requests share one.

export class GroupCommit<T> {
  private queue: { item: T; resolve: () => void; reject: (e: unknown) => void }[] = [];

  /**
   * @param commitAll stores every item atomically (throws to store none).
   * @param schedule runs the flush once the current turn's I/O callbacks are done.
   */
  constructor(
    private readonly commitAll: (items: T[]) => void,
    private readonly schedule: (flush: () => void) => void = (flush) => setImmediate(flush),
  ) {}

  add(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.queue.length === 1) this.schedule(() => this.flush());
    });
  }

  /** Commits what is queued now; writes that must be ordered after queued ones call it first. */
  flush(): void {
    const batch = this.queue;
    if (!batch.length) return;
    this.queue = [];
    try {
      this.commitAll(batch.map((w) => w.item));
      for (const w of batch) w.resolve();
    } catch {
      // One bad write must not fail its neighbours: retry each alone and fail only its own caller.
      for (const w of batch) {
        try {
          this.commitAll([w.item]);
          w.resolve();
        } catch (e) {
          w.reject(e);
        }
      }
    }
  }
}
