// A lab's open streams (exec, attach, port-forward), bounded like a quota: a WebSocket is a
// connection and a handler held for as long as the student keeps it, so one lab cannot hold a
// server's sockets. Counted per process (Node) or per isolate (Worker), in memory: streams live
// no longer than the process that serves them.
import { ApiError } from '../../domain/apimachinery/errors';
import { LAB_QUOTA } from '../../domain/registry/quota';

/** Open streams one lab may hold at once; a lesson needs two or three terminals. */
export const MAX_OPEN_STREAMS_PER_LAB = 8;

export class OpenStreams {
  private readonly open = new Map<string, number>();

  constructor(private readonly limit = MAX_OPEN_STREAMS_PER_LAB) {}

  /**
   * Counts one more stream of `labId` for `what` (`pods "web"`), or refuses it with the 403 a
   * ResourceQuota gives; answers the function that releases it (idempotent).
   */
  take(labId: string, what: string): () => void {
    const used = this.open.get(labId) ?? 0;
    if (used >= this.limit) {
      throw new ApiError(
        403,
        'Forbidden',
        `${what} is forbidden: exceeded quota: ${LAB_QUOTA.name}, requested: streams=1, used: streams=${used}, limited: streams=${this.limit}`,
      );
    }
    this.open.set(labId, used + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(labId) ?? 1) - 1;
      if (left > 0) this.open.set(labId, left);
      else this.open.delete(labId);
    };
  }

  /** Streams `labId` holds now. */
  count(labId: string): number {
    return this.open.get(labId) ?? 0;
  }
}
