// The HTTP API, runtime-agnostic: the Node and Workers entry points both serve this app.
import { Hono } from 'hono';
import type { LabCluster } from '../cluster/lab-cluster';
import { ApiError } from '../domain/errors';
import type { AppEnv } from './context';
import { clusterSettingsRoutes } from './cluster-settings';
import { hitRoutes } from './hits';
import { labRoutes } from './labs';
import { manifestRoutes } from './manifests';
import { resourceRoutes } from './resources';
import { statusResponse } from './status';
import { trafficRoutes } from './traffic';

export interface AppDeps {
  cluster: LabCluster;
  /** The lab every request acts in until labs with tokens exist. */
  defaultLabId: string;
}

export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.onError(statusResponse);
  app.notFound((c) =>
    statusResponse(
      new ApiError(
        404,
        'NotFound',
        `the server could not find the requested resource (${c.req.method} ${c.req.path})`,
        {},
      ),
      c,
    ),
  );
  app.get('/healthz', async (c) => {
    await deps.cluster.store.ping();
    return c.json({ status: 'ok' });
  });
  app.use('*', async (c, next) => {
    c.set('cluster', deps.cluster);
    // Until tokens exist (labs issue), a client picks its lab with X-Lab-Id; default otherwise.
    c.set('labId', c.req.header('x-lab-id') || deps.defaultLabId);
    await next();
  });
  app.route('/', labRoutes);
  app.route('/', manifestRoutes);
  app.route('/', resourceRoutes);
  app.route('/', trafficRoutes);
  app.route('/', hitRoutes);
  app.route('/', clusterSettingsRoutes);
  return app;
}

export type App = ReturnType<typeof createApp>;
