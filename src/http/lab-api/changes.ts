// GET /cluster/changes: one stream that tells the page when to reload, instead of a watch per kind
// (which would hold most of the browser's six HTTP/1.1 connections) and a poll of /hits. A line
// `{"revision":…,"hits":…}` at once, then whenever the lab's revision, settings or hit total
// moved, and a heartbeat line every 15 s. The lab head and hit total are re-read when a write to
// the lab wakes the stream (LabEvents; every 200 ms in an app without them); the stream ends after
// at most 5 minutes and the client reconnects.
import { Hono, type Context } from 'hono';
import { ApiError } from '../../domain/apimachinery/errors';
import type { AppEnv } from '../context';
import { toStatus } from '../status';
import { followLab } from '../kube-api/watch';

type Ctx = Context<AppEnv>;

export const CHANGES_POLL_MS = 200;
export const HEARTBEAT_MS = 15_000;
export const MAX_CHANGES_SECONDS = 300;
/** Open change streams per lab in this process (or Worker isolate): a page needs one. */
export const MAX_CHANGE_STREAMS = 8;

const open = new Map<string, number>();

function timeoutSeconds(c: Ctx): number {
  const asked = Number(c.req.query('timeoutSeconds'));
  return asked > 0 ? Math.min(asked, MAX_CHANGES_SECONDS) : MAX_CHANGES_SECONDS;
}

interface Mark {
  revision: number;
  hits: number;
  settings: string;
}

async function mark(c: Ctx, labId: string): Promise<Mark> {
  const [head, rows] = await Promise.all([
    c.var.cluster.store.loadHead(labId),
    c.var.cluster.store.listHits(labId),
  ]);
  if (!head) throw new ApiError(404, 'NotFound', `lab "${labId}" not found`);
  const hits = rows.reduce((n, r) => n + r.count, 0);
  return { revision: head.revision, hits, settings: JSON.stringify(head.settings) };
}

function changes(c: Ctx): Response {
  const labId = c.var.labId;
  const count = open.get(labId) ?? 0;
  if (count >= MAX_CHANGE_STREAMS) {
    throw new ApiError(
      429,
      'TooManyRequests',
      `too many open change streams for this lab (at most ${MAX_CHANGE_STREAMS}); close a page and try again`,
    );
  }
  open.set(labId, count + 1);
  const encoder = new TextEncoder();
  const deadline = Date.now() + timeoutSeconds(c) * 1000;
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  const line = (value: unknown) => writer.write(encoder.encode(`${JSON.stringify(value)}\n`));
  // Following starts before the first read, so a write between the two is not missed; a client
  // that cancelled the stream wakes it, so a quiet stream frees its slot at once.
  const changes = followLab(c, CHANGES_POLL_MS);
  writer.closed.catch(() => changes.close());

  const run = async () => {
    try {
      let last = await mark(c, labId);
      await line({ revision: last.revision, hits: last.hits });
      let beatAt = Date.now() + HEARTBEAT_MS;
      while (Date.now() < deadline && !changes.closed && !c.req.raw.signal?.aborted) {
        await changes.next(Math.max(0, Math.min(deadline, beatAt) - Date.now()));
        const now = await mark(c, labId);
        const moved =
          now.revision !== last.revision ||
          now.hits !== last.hits ||
          now.settings !== last.settings;
        last = now;
        if (moved || Date.now() >= beatAt) {
          await line({
            revision: now.revision,
            hits: now.hits,
            ...(moved ? {} : { heartbeat: true }),
          });
          beatAt = Date.now() + HEARTBEAT_MS;
        }
      }
      await writer.close();
    } catch (e) {
      // A write fails once the client has gone; anything else ends the stream with its Status.
      await line({ error: toStatus(e) }).catch(() => undefined);
      await writer.close().catch(() => undefined);
    } finally {
      changes.close();
      const left = (open.get(labId) ?? 1) - 1;
      if (left > 0) open.set(labId, left);
      else open.delete(labId);
    }
  };
  void run();
  return new Response(readable, {
    headers: {
      'Content-Type': 'application/x-ndjson',
      'Cache-Control': 'no-cache, private',
      // Workers (and wrangler dev) would compress, holding lines back until the stream ends.
      'Content-Encoding': 'identity',
    },
  });
}

export const changeRoutes = new Hono<AppEnv>().get('/cluster/changes', changes);
