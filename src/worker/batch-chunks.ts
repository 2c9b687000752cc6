// A routed request with a large `count` on the Worker: sent to the lab's object in chunks of at
// most WORKER_BATCH connections, one after another, and the answers merged into the one answer
// Node gives. Each chunk is its own request to the object, so each stays well within a request's
// CPU budget (see docs/cloudflare.md); the lab's connection counter makes the chunks draw the
// same connections, in the same order, as one batch would.
import { distribution, type Distribution, type HitCount } from '../domain/stats/hit-stats';

/** Connections per request to a lab's object (Node routes up to 10,000 in one request). */
export const WORKER_BATCH = 500;

const BATCH_PATH = /^\/(nodes|cluster)\/[^/]+\/[^/]+\/request(\/|$)/;

export function isBatchPath(path: string): boolean {
  return BATCH_PATH.test(path);
}

interface BatchAnswer {
  request: unknown;
  count: number;
  outcomes: Record<string, number>;
  distribution: Distribution;
  first: unknown;
}

/** The chunks' answers as one: counts summed, pods in first-hit order, shares recomputed. */
export function mergeBatches(parts: BatchAnswer[]): BatchAnswer {
  const outcomes: Record<string, number> = {};
  const pods: HitCount[] = [];
  const entries: HitCount[] = [];
  for (const part of parts) {
    for (const [outcome, n] of Object.entries(part.outcomes)) {
      outcomes[outcome] = (outcomes[outcome] ?? 0) + n;
    }
    for (const { share: _share, ...pod } of part.distribution.pods) pods.push(pod);
    for (const e of part.distribution.entryNodes) {
      entries.push({ pod: e.node, node: e.node, entryNode: e.node, hits: e.hits });
    }
  }
  const merged = distribution(pods);
  return {
    request: parts[0]!.request,
    count: parts.reduce((n, p) => n + p.count, 0),
    outcomes,
    distribution: { ...merged, entryNodes: distribution(entries).entryNodes },
    first: parts[0]!.first,
  };
}

/** Sends `request` whole when its count fits, else in chunks; a chunk that fails is the answer. */
export async function chunkedBatch(
  request: Request,
  send: (r: Request) => Promise<Response>,
): Promise<Response> {
  const url = new URL(request.url);
  const text = url.searchParams.get('count');
  const count = text !== null && /^\d+$/.test(text) ? Number(text) : 1;
  // Out of range is the object's 400 to give, with the same message as Node's.
  if (count <= WORKER_BATCH || count > 10_000) return send(request);
  const body = ['GET', 'HEAD'].includes(request.method) ? undefined : await request.arrayBuffer();
  const parts: BatchAnswer[] = [];
  for (let left = count; left > 0; left -= WORKER_BATCH) {
    url.searchParams.set('count', String(Math.min(left, WORKER_BATCH)));
    const init = { method: request.method, headers: request.headers, ...(body ? { body } : {}) };
    const answer = await send(new Request(url.toString(), init));
    if (!answer.ok) return answer;
    parts.push((await answer.json()) as BatchAnswer);
  }
  return Response.json(mergeBatches(parts));
}
