// GET / of the API server: the control plane URL `kubectl cluster-info` prints. kube-apiserver
// answers the paths it serves (metav1.RootPaths) to a caller allowed to read them, as every lab
// caller is; a browser without credentials on a real cluster gets a 403 instead.
import { Hono } from 'hono';
import { RESOURCE_TYPES, apiVersionOf } from '../../domain/apimachinery/resources';
import type { AppEnv } from '../context';

/** The paths this server answers, sorted as kube-apiserver sorts them. */
function rootPaths(): string[] {
  const groups = RESOURCE_TYPES.filter((t) => t.group !== '');
  const paths = new Set([
    '/api',
    '/api/v1',
    '/apis',
    '/apis/',
    ...groups.map((t) => `/apis/${t.group}`),
    ...groups.map((t) => `/apis/${apiVersionOf(t)}`),
    '/healthz',
    '/openapi/v2',
    '/openapi/v3',
    '/openapi/v3/',
    '/version',
  ]);
  return [...paths].sort();
}

export const rootPathRoutes = new Hono<AppEnv>().get('/', (c) => c.json({ paths: rootPaths() }));
