// `kubectl attach` and `kubectl run -it`: GET (WebSocket) or POST (SPDY, refused with the reason)
// /api/v1/namespaces/{ns}/pods/{name}/attach?container=&stdin=&stdout=&stderr=&tty=, joined to
// the container's own process.
import { Hono } from 'hono';
import type { AppEnv } from '../context';
import {
  serveRemoteCommand,
  type StartPodProcess,
  type StreamRouteDeps,
} from '../streams/remote-command-route';

export const POD_ATTACH_PATH = '/api/v1/namespaces/:ns/pods/:name/attach';

export function podAttachRoutes(deps: StreamRouteDeps, start: StartPodProcess) {
  return new Hono<AppEnv>().on(['GET', 'POST'], POD_ATTACH_PATH, (c) =>
    serveRemoteCommand(c, 'attach', deps, start),
  );
}
