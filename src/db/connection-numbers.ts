// Connection numbers on Node (the n-th connection of a lab draws the n-th random number of its
// seed), handed out from memory since one process owns the file, and stored in blocks as a
// database sequence with a cache is: the stored request_seq is a mark below which every number
// handed out lies. Traffic raises it by a block only when its numbers reach it, so a routed
// request writes its lab's row once per SEQ_BLOCK connections, not every time (spread over a class
// of labs, that row write was a third of a request's cost: each lab's row is its own page). A
// clean close stores the exact count; a crash skips at most a block and never reuses a number.

/** Connection numbers a stored mark runs ahead of the ones handed out. */
export const SEQ_BLOCK = 1000;

export class ConnectionNumbers {
  private readonly next = new Map<string, number>();
  /** The mark stored for each lab, as far as this process knows. */
  private readonly marks = new Map<string, number>();

  /** @param stored the lab's stored request_seq (undefined: no such lab). */
  constructor(private readonly stored: (labId: string) => number | undefined) {}

  /** Reserves `count` numbers for the lab and answers the first. */
  reserve(labId: string, count: number): number {
    let first = this.next.get(labId);
    if (first === undefined) {
      first = this.stored(labId) ?? 0;
      this.marks.set(labId, first);
    }
    if (count) this.next.set(labId, first + count);
    return first;
  }

  /** The marks to store with traffic that used numbers below `used` (per lab). */
  marksFor(used: ReadonlyMap<string, number>): Map<string, number> {
    const raise = new Map<string, number>();
    for (const [labId, n] of used) {
      if (n > (this.marks.get(labId) ?? 0)) raise.set(labId, n + SEQ_BLOCK);
    }
    return raise;
  }

  /** The marks `marksFor` gave are stored. */
  markStored(marks: ReadonlyMap<string, number>): void {
    for (const [labId, mark] of marks) this.marks.set(labId, mark);
  }

  /** The exact count of every lab this process handed numbers out for (what close stores). */
  exact(): [labId: string, next: number][] {
    return [...this.next];
  }

  /** Forgets the lab (deleted, or reset to zero in storage). */
  forget(labId: string): void {
    this.next.delete(labId);
    this.marks.delete(labId);
  }
}
