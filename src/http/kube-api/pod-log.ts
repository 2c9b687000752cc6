// GET /api/v1/namespaces/{ns}/pods/{name}/log: `kubectl logs`, answered from the lab's stored
// container logs as kube-apiserver answers it through the kubelet (text/plain, the kubelet's
// errors as 400 BadRequest, an unscheduled pod's empty 204), `follow` as a chunked stream.
import { Hono, type Context } from 'hono';
import type { LabCluster } from '../../cluster/lab-cluster';
import { findObject } from '../../domain/lab/cluster-view';
import { notFound } from '../../domain/apimachinery/errors';
import {
  LOG_BOUNDS,
  RING_READ_LIMIT,
  isRunning,
  type LogRun,
} from '../../domain/kubelet/logs/container-log';
import {
  limitText,
  logContainer,
  logRun,
  parseLogOptions,
  renderLine,
  selectLines,
} from '../../domain/kubelet/logs/log-request';
import type { Pod } from '../../schema/kube/pod';
import type { AppEnv } from '../context';
import { followStream, type LogSource } from './log-follow';

type Ctx = Context<AppEnv>;

async function findPod(cluster: LabCluster, labId: string, ns: string, name: string) {
  const state = await cluster.state(labId);
  const pod = findObject(state, 'Pod', ns, name) as unknown as Pod | undefined;
  return { state, pod };
}

/** Polls the store for the run's new lines; 'ended' once the pod no longer runs that run. */
function pollingSource(c: Ctx, key: LogRun): LogSource {
  const { cluster, labId } = c.var;
  const { namespace: ns, pod: name, container, run } = key;
  return {
    async next(afterId) {
      const { pod } = await findPod(cluster, labId, ns, name);
      const lines = await cluster.store.readContainerLog(labId, key, afterId, RING_READ_LIMIT);
      if (lines.length) return lines;
      return pod && isRunning(pod, container, run) ? [] : 'ended';
    },
  };
}

async function podLog(c: Ctx): Promise<Response> {
  const ns = c.req.param('ns') ?? '';
  const name = c.req.param('name') ?? '';
  const { cluster, labId } = c.var;
  const { state, pod } = await findPod(cluster, labId, ns, name);
  if (!pod) throw notFound({ resource: 'pods', group: '' }, name);
  const options = parseLogOptions(name, (key) => c.req.query(key));
  const container = logContainer(pod, options.container);
  if (!pod.spec?.nodeName) return c.body(null, 204);
  const run = logRun(pod, container, options.previous);
  const key = { namespace: ns, pod: name, container, run };
  const stored = await cluster.store.readContainerLog(labId, key, 0, RING_READ_LIMIT);
  const now = cluster.labNow(state.settings).getTime();
  const lines = selectLines(stored.slice(-LOG_BOUNDS.linesPerRun), options, now);
  const rendered = lines.map((l) => renderLine(l, options.timestamps)).join('');
  const headers = { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' };
  const { text, full } = limitText(rendered, options.limitBytes);
  if (!options.follow || full) return new Response(text, { headers });
  const spent = new TextEncoder().encode(text).length;
  const body = followStream({
    labId,
    first: text,
    afterId: stored.at(-1)?.id ?? 0,
    source: pollingSource(c, key),
    render: (line) => renderLine(line, options.timestamps),
    budget: options.limitBytes === undefined ? undefined : options.limitBytes - spent,
    signal: c.req.raw.signal,
  });
  // Workers (and wrangler dev) would compress, holding lines back until the stream ends.
  return new Response(body, { headers: { ...headers, 'Content-Encoding': 'identity' } });
}

export const podLogRoutes = new Hono<AppEnv>().get('/api/v1/namespaces/:ns/pods/:name/log', podLog);
