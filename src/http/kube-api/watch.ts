// Watches (`?watch=true`, `kubectl get -w`, `kubectl rollout status`): a stream of JSON watch
// events, one per line. Each write to the lab wakes the stream (LabEvents), which re-reads the lab
// and compares each object with what the client saw; events carry the object, or a one-row Table
// when the client asked for Tables. An idle watch reads nothing.
import type { Context } from 'hono';
import { ChangeWaiter } from '../../cluster/lab-events';
import type { ClusterState } from '../../domain/lab/cluster-state';
import type { KubeObject } from '../../domain/apimachinery/objects';
import { nextPodDeadline } from '../../domain/kubelet/pod-deletion';
import type { AppEnv } from '../context';
import { toStatus } from '../status';

type Ctx = Context<AppEnv>;

/**
 * Without change events (an app built without them), and while a terminating pod waits for its
 * grace period on the lab clock (which no write marks), the stream re-reads at this pace.
 */
const POLL_MS = 1000;
/** kube-apiserver's default and longest watch: the client reconnects after it. */
const MAX_TIMEOUT_SECONDS = 1800;

export interface WatchSource {
  /** The objects the watch covers, now (already filtered by namespace and selectors). */
  list(state: ClusterState): KubeObject[];
  /** What one event carries for `obj` (the object itself, or a Table row). */
  render(obj: KubeObject, state: ClusterState): unknown;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

function keyOf(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

/**
 * A boolean query parameter as apimachinery's parameter codec reads it
 * (`Convert_Slice_string_To_bool`): absent is false; otherwise the first value decides, and only
 * `0` and `false` (any case) are false. `True` (the Python client), `yes` and even `` are true.
 */
export function queryFlag(c: Ctx, name: string): boolean {
  const values = c.req.queries(name);
  if (!values?.length) return false;
  const first = values[0] ?? '';
  return first !== '0' && first.toLowerCase() !== 'false';
}

/** True when the request asks for a watch rather than a list. */
export function isWatch(c: Ctx): boolean {
  return queryFlag(c, 'watch');
}

function timeoutSeconds(c: Ctx): number {
  const asked = Number(c.req.query('timeoutSeconds'));
  return asked > 0 ? Math.min(asked, MAX_TIMEOUT_SECONDS) : MAX_TIMEOUT_SECONDS;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits for the lab's next change, or `ms`; polls when the app has no change events. */
export interface ChangeWait {
  next(ms: number): Promise<unknown>;
  close(): void;
  /** The client went away (or the stream ended): stop. */
  readonly closed: boolean;
}

/** Follows the request's lab: by its change events, or by `pollMs` sleeps without them. */
export function followLab(c: Ctx, pollMs = POLL_MS): ChangeWait {
  const events = c.var.events;
  if (!events) {
    const polling = {
      closed: false,
      next: (ms: number) => sleep(Math.min(pollMs, ms)),
      close: () => void (polling.closed = true),
    };
    return polling;
  }
  const waiter = new ChangeWaiter(events, c.var.labId);
  // A client that goes away wakes the stream, which then ends (an idle one would wait on).
  c.req.raw.signal?.addEventListener('abort', () => waiter.close());
  return waiter;
}

/** How long until a terminating pod's grace period ends on the lab clock (Infinity: none). */
function untilPodDeadline(c: Ctx, state: ClusterState): number {
  const deadline = nextPodDeadline(state.objects);
  if (deadline === undefined) return Infinity;
  return Math.min(POLL_MS, deadline - c.var.cluster.labNow(state.settings).getTime());
}

/**
 * The watch stream. Without a resourceVersion (or with "0") it starts with an ADDED event per
 * object, as kube-apiserver does; with one, it reports objects changed since as MODIFIED and then
 * every later change. It ends after `timeoutSeconds` or when the client goes away.
 */
export function watchResponse(c: Ctx, source: WatchSource): Response {
  const encoder = new TextEncoder();
  const since = c.req.query('resourceVersion');
  const deadline = Date.now() + timeoutSeconds(c) * 1000;
  // A TransformStream's writer flushes each event at once, on Node and on Workers alike.
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  const seen = new Map<string, string>();
  const send = (type: WatchEventType | 'ERROR', object: unknown) =>
    writer.write(encoder.encode(`${JSON.stringify({ type, object })}\n`));

  const sync = async (initial: boolean) => {
    const state = await c.var.cluster.state(c.var.labId);
    const now = new Map(source.list(state).map((o) => [keyOf(o), o]));
    for (const [key, obj] of now) {
      const text = JSON.stringify(obj);
      const before = seen.get(key);
      seen.set(key, text);
      if (before === text) continue;
      if (!initial || !since || since === '0') {
        await send(before === undefined ? 'ADDED' : 'MODIFIED', source.render(obj, state));
      } else if (Number(obj.metadata.resourceVersion) > Number(since)) {
        await send('MODIFIED', source.render(obj, state));
      }
    }
    for (const [key, text] of seen) {
      if (now.has(key)) continue;
      seen.delete(key);
      await send('DELETED', source.render(JSON.parse(text) as KubeObject, state));
    }
    return state;
  };

  const run = async () => {
    // Following starts before the first read, so a write between the two is not missed.
    const changes = followLab(c);
    writer.closed.catch(() => changes.close());
    try {
      let state = await sync(true);
      while (Date.now() < deadline && !changes.closed && !c.req.raw.signal?.aborted) {
        const left = Math.max(0, deadline - Date.now());
        await changes.next(Math.max(0, Math.min(left, untilPodDeadline(c, state))));
        state = await sync(false);
      }
      await writer.close();
    } catch (e) {
      // A write fails once the client has gone; anything else is told as an ERROR event.
      await send('ERROR', toStatus(e)).catch(() => undefined);
      await writer.close().catch(() => undefined);
    } finally {
      changes.close();
    }
  };
  void run();
  return new Response(readable, {
    headers: {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache, private',
      // Workers (and wrangler dev) would gzip JSON, holding events back until the stream ends.
      'Content-Encoding': 'identity',
    },
  });
}
