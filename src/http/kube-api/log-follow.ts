// `kubectl logs -f`: after the lines so far, new lines as the container writes them, until the
// container's run ends (it restarted, or its pod went), the client leaves, or 30 minutes pass.
// New lines come from a LogSource; today it polls the store every 200 ms while a follower is
// open. A push source (lab events) can replace it without touching the route.
import { ApiError } from '../../domain/apimachinery/errors';
import type { StoredLogLine } from '../../cluster/store';

export const FOLLOW_POLL_MS = 200;
/** How long one follow may stay open; kubectl exits 0 when it ends, as when a container stops. */
export const MAX_FOLLOW_SECONDS = 1800;
/** Open follows per lab in this process (or Worker isolate): `kubectl logs -l -f` opens up to 5. */
export const MAX_LOG_FOLLOWS = 10;

/** Where a follower's new lines come from. */
export interface LogSource {
  /** Lines after `afterId`, or 'ended' once the run has ended and nothing more will come. */
  next(afterId: number): Promise<StoredLogLine[] | 'ended'>;
}

const open = new Map<string, number>();

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Takes one of the lab's follow slots, or 429 when they are all taken. */
function takeSlot(labId: string): () => void {
  const count = open.get(labId) ?? 0;
  if (count >= MAX_LOG_FOLLOWS) {
    throw new ApiError(
      429,
      'TooManyRequests',
      `too many open log follows for this lab (at most ${MAX_LOG_FOLLOWS}); stop a "kubectl logs -f" and try again`,
    );
  }
  open.set(labId, count + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (open.get(labId) ?? 1) - 1;
    if (left > 0) open.set(labId, left);
    else open.delete(labId);
  };
}

export interface FollowInput {
  labId: string;
  /** What the log holds so far, already rendered and cut. */
  first: string;
  /** The id of the last line already in `first`. */
  afterId: number;
  source: LogSource;
  render: (line: StoredLogLine) => string;
  /** Bytes the stream may still send (limitBytes); undefined: no limit. */
  budget: number | undefined;
  signal: AbortSignal | undefined;
}

/** A chunked text stream of the log, flushed line by line. */
export function followStream(input: FollowInput): ReadableStream<Uint8Array> {
  const release = takeSlot(input.labId);
  const encoder = new TextEncoder();
  const deadline = Date.now() + MAX_FOLLOW_SECONDS * 1000;
  let budget = input.budget;
  let afterId = input.afterId;
  let gone = false;
  /** Encodes `text` within the byte budget; false once the budget is spent. */
  const take = (text: string): [Uint8Array, boolean] => {
    const bytes = encoder.encode(text);
    if (budget === undefined) return [bytes, true];
    const part = bytes.slice(0, budget);
    budget -= part.length;
    return [part, budget > 0];
  };
  const run = async (controller: ReadableStreamDefaultController<Uint8Array>) => {
    try {
      let [chunk, more] = take(input.first);
      if (chunk.length) controller.enqueue(chunk);
      while (more && !gone && !input.signal?.aborted && Date.now() < deadline) {
        await sleep(FOLLOW_POLL_MS);
        if (gone) break;
        const lines = await input.source.next(afterId);
        if (lines === 'ended') break;
        for (const line of lines) {
          afterId = line.id;
          [chunk, more] = take(input.render(line));
          if (chunk.length) controller.enqueue(chunk);
          if (!more) break;
        }
      }
      if (!gone) controller.close();
    } catch (e) {
      if (!gone) controller.error(e);
    } finally {
      release();
    }
  };
  return new ReadableStream<Uint8Array>({
    // The loop runs beside the stream, so the response starts flowing at once.
    start(controller) {
      void run(controller);
    },
    cancel() {
      gone = true;
      release();
    },
  });
}
