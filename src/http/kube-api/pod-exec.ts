// `kubectl exec`: GET (WebSocket, kubectl 1.30+) or POST (SPDY, older kubectl: refused with the
// reason) /api/v1/namespaces/{ns}/pods/{name}/exec?command=...&container=&stdin=&stdout=&stderr=&tty=.
import { Hono } from 'hono';
import type { AppEnv } from '../context';
import {
  serveRemoteCommand,
  type StartPodProcess,
  type StreamRouteDeps,
} from '../streams/remote-command-route';

export const POD_EXEC_PATH = '/api/v1/namespaces/:ns/pods/:name/exec';

export function podExecRoutes(deps: StreamRouteDeps, start: StartPodProcess) {
  return new Hono<AppEnv>().on(['GET', 'POST'], POD_EXEC_PATH, (c) =>
    serveRemoteCommand(c, 'exec', deps, start),
  );
}
