// Workers entry point: D1 through drizzle, the shared app; settings come only from the Worker env.
import { DEFAULT_LAB_ID, LabCluster, systemClock, type Clock } from './cluster/lab-cluster';
import { D1Store } from './db/d1';
import { createApp, type App } from './http/app';
import { workerUpgrader } from './http/streams/worker-upgrader';
import { workerUiAssets } from './ui/worker-assets';
import { parseWorkerEnv, type WorkerBindings, type WorkerSettings } from './worker-env';

interface Isolate {
  cluster: LabCluster;
  app: App;
  /** Settles once the default lab exists; reset on failure so the next request retries. */
  ready: Promise<void> | undefined;
}

let isolate: Isolate | undefined;

function clockOf(settings: WorkerSettings): Clock {
  const frozen = settings.clockFrozenAt;
  return frozen ? { now: () => new Date(frozen) } : systemClock;
}

/** Built on the first request: an isolate's env is fixed (a new secret or var means new isolates). */
function isolateFor(env: WorkerBindings): Isolate {
  if (isolate) return isolate;
  const settings = parseWorkerEnv(env);
  const cluster = new LabCluster(D1Store.over(settings.db), clockOf(settings));
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
    webSockets: workerUpgrader,
  });
  isolate = { cluster, app, ready: undefined };
  return isolate;
}

/** Makes sure the default lab exists, once per isolate (one read when it already does). */
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
