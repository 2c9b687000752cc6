// Connection numbers on Node (the n-th connection of a lab draws the n-th random number of its
// seed), handed out from memory since one process owns the file, and stored in blocks as a
// database sequence with a cache is: the stored request_seq is a mark below which every number
// handed out lies. Traffic raises it by a block only when its numbers reach it, so a routed
// request writes its lab's row once per SEQ_BLOCK connections, not every time (spread over a class
// of labs, that row write was a third of a request's cost: each lab's row is its own page). A
// clean close stores the exact count; a crash skips at most a block and never reuses a number.

/** Connection numbers a stored mark runs ahead of the ones handed out. */
export const SEQ_BLOCK = 1000;

/** A lab's numbers in this process: the next to hand out, and the mark stored below which they lie. */
interface LabNumbers {
  next: number;
  mark: number;
  /** Whether any was handed out (only those labs have an exact count to store). */
  used: boolean;
}

export class ConnectionNumbers {
  /**
   * One entry a lab: a routed request reserves and its commit reads the mark, and spread over
   * 1,000 labs a second Map for the marks was a second look-up into memory the first had not warmed.
   */
  private readonly labs = new Map<string, LabNumbers>();

  /** @param stored the lab's stored request_seq (undefined: no such lab). */
  constructor(private readonly stored: (labId: string) => number | undefined) {}

  /** Reserves `count` numbers for the lab and answers the first. */
  reserve(labId: string, count: number): number {
    let lab = this.labs.get(labId);
    if (!lab) {
      const first = this.stored(labId) ?? 0;
      this.labs.set(labId, (lab = { next: first, mark: first, used: false }));
    }
    const first = lab.next;
    if (count) {
      lab.next = first + count;
      lab.used = true;
    }
    return first;
  }

  /** The marks to store with traffic that used numbers below `used` (per lab). */
  marksFor(used: ReadonlyMap<string, number>): Map<string, number> {
    const raise = new Map<string, number>();
    for (const [labId, n] of used) {
      if (n > (this.labs.get(labId)?.mark ?? 0)) raise.set(labId, n + SEQ_BLOCK);
    }
    return raise;
  }

  /** The marks `marksFor` gave are stored. */
  markStored(marks: ReadonlyMap<string, number>): void {
    for (const [labId, mark] of marks) {
      const lab = this.labs.get(labId);
      // A lab forgotten meanwhile reads its stored mark again when next reserved.
      if (lab) lab.mark = mark;
    }
  }

  /** The exact count of every lab this process handed numbers out for (what close stores). */
  exact(): [labId: string, next: number][] {
    return [...this.labs].filter(([, lab]) => lab.used).map(([labId, lab]) => [labId, lab.next]);
  }

  /** Forgets the lab (deleted, or reset to zero in storage). */
  forget(labId: string): void {
    this.labs.delete(labId);
  }
}
