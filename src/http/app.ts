// The HTTP API, runtime-agnostic: the Node and Workers entry points both serve this app.
import { Hono } from 'hono';
import type { LabCluster } from '../cluster/lab-cluster';
import { LabDirectory } from '../cluster/labs';
import { ApiError } from '../domain/errors';
import { authenticate } from './auth';
import type { AppEnv } from './context';
import { clusterSettingsRoutes } from './cluster-settings';
import { discoveryRoutes } from './discovery';
import { gradingRoutes } from './grading';
import { hitRoutes } from './hits';
import { kubeconfigRoutes } from './kubeconfig';
import { forwardToLab } from './lab-path';
import { labRoutes } from './labs';
import { manifestRoutes } from './manifests';
import { apiDocsRoutes, type ScalarScript } from './openapi/routes';
import { openApiRoutes } from './openapi-k8s';
import { resourceRoutes } from './resources';
import { statusResponse } from './status';
import { templateRoutes } from './templates';
import { trafficRoutes } from './traffic';

export interface AppDeps {
  cluster: LabCluster;
  /** The lab requests act in when they name none (open mode, or the admin). */
  defaultLabId: string;
  /** Guards every route but the public ones; unset: open mode. */
  adminToken?: string | undefined;
  /** Serves Scalar's bundle locally so /docs works offline (Node); the CDN's otherwise. */
  scalarScript?: ScalarScript | undefined;
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
  app.route('/', apiDocsRoutes(deps.scalarScript));
  // Who is asking and which lab they act in, for every route registered below (see auth.ts).
  const labs = new LabDirectory(deps.cluster);
  const { adminToken, defaultLabId } = deps;
  const auth = authenticate({ adminToken, defaultLabId, labs });
  app.use('*', (c, next) => {
    c.set('cluster', deps.cluster);
    return auth(c, next);
  });
  app.route('/', labRoutes);
  app.route('/', gradingRoutes);
  app.route('/', templateRoutes);
  app.route('/', manifestRoutes);
  app.route('/', resourceRoutes);
  app.route('/', trafficRoutes);
  app.route('/', hitRoutes);
  app.route('/', clusterSettingsRoutes);
  app.route('/', discoveryRoutes);
  app.route('/', openApiRoutes);
  app.route('/', kubeconfigRoutes);
  app.all('/k8s/:labId/*', forwardToLab(app));
  return app;
}

export type App = ReturnType<typeof createApp>;
