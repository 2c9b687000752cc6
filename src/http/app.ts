// The HTTP API, runtime-agnostic: the Node and Workers entry points both serve this app.
import { Hono, type MiddlewareHandler } from 'hono';
import type { LabCluster } from '../cluster/lab-cluster';
import type { LabEvents } from '../cluster/lab-events';
import { LabDirectory } from '../cluster/labs';
import { ApiError } from '../domain/apimachinery/errors';
import { authenticate } from './middleware/auth';
import { limitBody } from './middleware/body';
import {
  fetchRequestReader,
  useRequestReader,
  type RequestReader,
} from './middleware/request-headers';
import { dispatch } from './dispatch';
import type { AppEnv } from './context';
import { changeRoutes } from './lab-api/changes';
import { clusterSettingsRoutes } from './lab-api/cluster-settings';
import { debugRoutes } from './lab-api/debug';
import { discoveryRoutes } from './kube-api/discovery';
import { gradingRoutes } from './lab-api/grading';
import { hitRoutes } from './lab-api/hits';
import { kubeconfigRoutes } from './lab-api/kubeconfig';
import { forwardToLab } from './kube-api/lab-path';
import { labRoutes } from './lab-api/labs';
import { manifestRoutes } from './lab-api/manifests';
import { apiDocsRoutes, type ScalarScript } from './docs/lab-api/routes';
import { podLogRoutes } from './kube-api/pod-log';
import { rootPathRoutes } from './kube-api/root-paths';
import { serviceProxyRoutes } from './kube-api/service-proxy';
import { openApiRoutes } from './docs/kube-api/openapi-v3';
import { resourceRoutes } from './kube-api/resources';
import { noSniff } from './middleware/security-headers';
import { statusResponse } from './status';
import { templateRoutes } from './lab-api/templates';
import { trafficRoutes } from './lab-api/request-routes';
import type { UiAssets } from '../ui/manifest';
import { uiRoutes } from '../ui/routes';

export interface AppDeps {
  cluster: LabCluster;
  /** The lab requests act in when they name none (open mode, or the admin). */
  defaultLabId: string;
  /** Guards every route but the public ones; unset: open mode. */
  adminToken?: string | undefined;
  /** Serves Scalar's bundle locally so /docs works offline (Node); the CDN's otherwise. */
  scalarScript?: ScalarScript | undefined;
  /** The web page's built client (src/ui); unset: the page says it is not built. */
  uiAssets?: UiAssets | undefined;
  /** Change signals for watches (push); unset: watches poll. */
  events?: LabEvents | undefined;
  /** Replaces token authentication (a lab's Durable Object trusts the Worker that forwards). */
  authenticate?: ((labs: LabDirectory) => MiddlewareHandler<AppEnv>) | undefined;
  /** Runs after authentication, before the routes: the Worker hands requests to a lab's object. */
  forward?: MiddlewareHandler<AppEnv> | undefined;
  /** How this runtime reads request headers (Node: its parsed request); unset: Fetch's. */
  requestReader?: RequestReader | undefined;
}

/**
 * HEAD answers the GET answer's status and headers, no body. Hono copies the GET answer with
 * `new Response(null, answer)`, which @hono/node-server's Response cannot do for an answer built
 * without options (c.text() alone): every `Accept: text/plain` table answered HEAD with a 500.
 */
const headWithoutBody: MiddlewareHandler = async (c, next) => {
  await next();
  if (c.req.method !== 'HEAD') return;
  const { status, headers } = c.res;
  // A watch under HEAD would stream on unread.
  void c.res.body?.cancel().catch(() => {});
  c.res = new Response(null, { status, headers });
};

/** A Hono app that answers errors and unknown paths with Kubernetes Status objects. */
function statusApp(reader: RequestReader) {
  const app = new Hono<AppEnv>();
  app.use('*', useRequestReader(reader), noSniff, headWithoutBody, limitBody);
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
  return app;
}

export function createApp(deps: AppDeps) {
  const reader = deps.requestReader ?? fetchRequestReader;
  const app = statusApp(reader);
  app.get('/healthz', async (c) => {
    await deps.cluster.store.ping();
    return c.json({ status: 'ok' });
  });
  app.route('/', apiDocsRoutes(deps.scalarScript));
  app.route('/', uiRoutes(deps.uiAssets));
  // Who is asking and which lab they act in, for every route registered below (see auth.ts).
  const labs = new LabDirectory(deps.cluster);
  const { adminToken, defaultLabId } = deps;
  const auth = deps.authenticate?.(labs) ?? authenticate({ adminToken, defaultLabId, labs });
  const { forward } = deps;
  const scoped: MiddlewareHandler<AppEnv> = (c, next) => {
    c.set('cluster', deps.cluster);
    c.set('events', deps.events);
    if (!forward) return auth(c, next);
    return auth(c, async () => {
      const answered = await forward(c, next);
      if (answered instanceof Response) c.res = answered;
    });
  };
  app.use('*', scoped);
  app.route('/', labRoutes);
  app.route('/', gradingRoutes);
  app.route('/', templateRoutes);
  app.route('/', manifestRoutes);
  app.route('/', podLogRoutes);
  app.route('/', resourceRoutes);
  app.route('/', serviceProxyRoutes);
  app.route('/', rootPathRoutes);
  app.route('/', trafficRoutes);
  app.route('/', hitRoutes);
  app.route('/', changeRoutes);
  app.route('/', clusterSettingsRoutes);
  app.route('/', debugRoutes);
  app.route('/', discoveryRoutes);
  app.route('/', openApiRoutes);
  app.route('/', kubeconfigRoutes);
  app.all('/k8s/:labId/*', forwardToLab(app));

  // The hot request routes again, in an app of their own (see dispatch.ts).
  const requests = statusApp(reader);
  requests.use('*', scoped);
  requests.route('/', trafficRoutes);
  app.fetch = dispatch({ full: app, requests });
  return app;
}

export type App = ReturnType<typeof createApp>;
