// Workers entry point: the lab directory in D1, each lab's cluster in its own Durable Object
// (src/worker/lab-object.ts). The Worker authenticates every request, then forwards what acts in
// one lab to that lab's object; settings come only from the Worker env.
import { DEFAULT_LAB_ID } from './cluster/lab-cluster';
import { LabEvents } from './cluster/lab-events';
import { D1Store } from './db/d1';
import { createApp, type App } from './http/app';
import { workerUiAssets } from './ui/worker-assets';
import { forwardToLabObjects } from './worker/forward';
import { labObjectFeed, labObjectsStore, LabObjectsCluster } from './worker/lab-objects';
import { clockOf, parseWorkerEnv, type WorkerBindings } from './worker-env';

export { LabObject } from './worker/lab-object';

interface Isolate {
  cluster: LabObjectsCluster;
  app: App;
  /** Settles once the default lab exists; reset on failure so the next request retries. */
  ready: Promise<void> | undefined;
}

let isolate: Isolate | undefined;

/** Built on the first request: an isolate's env is fixed (a new secret or var means new isolates). */
function isolateFor(env: WorkerBindings): Isolate {
  if (isolate) return isolate;
  const settings = parseWorkerEnv(env);
  const store = labObjectsStore(D1Store.over(settings.db), settings.labs);
  const cluster = new LabObjectsCluster(store, clockOf(settings), settings.labs);
  console.log(
    settings.adminToken
      ? 'NodePort Lab (Worker): ADMIN_TOKEN set, every route but /healthz, /version, /openapi* and /docs needs a token'
      : 'NodePort Lab (Worker): no ADMIN_TOKEN set, running in open mode (anyone may create labs; default lab)',
  );
  if (settings.clockFrozenAt) {
    console.log(`NodePort Lab (Worker): clock frozen at ${settings.clockFrozenAt.toISOString()}`);
  }
  const app = createApp({
    cluster,
    defaultLabId: DEFAULT_LAB_ID,
    adminToken: settings.adminToken,
    uiAssets: workerUiAssets(env.ASSETS),
    // Watches held here wake on their lab object's messages, not on a timer.
    events: new LabEvents(labObjectFeed(settings.labs)),
    forward: forwardToLabObjects(settings.labs),
  });
  isolate = { cluster, app, ready: undefined };
  return isolate;
}

/** Makes sure the default lab exists, once per isolate (one call to its object when it does). */
function ensureDefaultLab(current: Isolate): Promise<void> {
  current.ready ??= current.cluster.ensureLab(DEFAULT_LAB_ID, 'default').catch((e: unknown) => {
    current.ready = undefined;
    console.error(
      `NodePort Lab (Worker): cannot create the default lab; are the D1 migrations applied (wrangler d1 migrations apply DB)? ${String(e)}`,
    );
    throw e;
  });
  return current.ready;
}

export default {
  async fetch(request: Request, env: WorkerBindings): Promise<Response> {
    const current = isolateFor(env);
    await ensureDefaultLab(current);
    return current.app.fetch(request);
  },
};
