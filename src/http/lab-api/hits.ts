// Hit distribution: which pods answered, per service, with a chi-square test against an even split.
import { Hono, type Context } from 'hono';
import type { HitRow } from '../../cluster/store';
import { trafficView } from '../../cluster/connections';
import type { ClusterState } from '../../domain/lab/cluster-state';
import { notFound } from '../../domain/apimachinery/errors';
import { typeOf } from '../../domain/apimachinery/resources';
import { renderHitTable } from '../../domain/stats/hit-table';
import { distribution, evenSplitTest } from '../../domain/stats/hit-stats';
import type { SuccessMessage } from '../../schema/lab/answers';
import type { HitsOverview, ServiceHits } from '../../schema/lab/connections';
import { wantsText } from '../middleware/body';
import type { AppEnv } from '../context';

type Ctx = Context<AppEnv>;

function serviceSummary(state: ClusterState, namespace: string, name: string, rows: HitRow[]) {
  const view = trafficView(state);
  const svc = view.services.find(
    (s) => s.metadata.namespace === namespace && s.metadata.name === name,
  );
  const counts = rows.map((r) => ({
    pod: r.pod,
    node: r.node,
    entryNode: r.entryNode,
    podIP: r.podIp,
    hits: r.count,
  }));
  const endpointPods = svc
    ? [
        ...new Set(
          (svc.spec?.ports ?? []).flatMap((_, i) => view.endpoints(svc, i).map((e) => e.podName)),
        ),
      ]
    : [];
  return {
    namespace,
    service: name,
    ...distribution(counts),
    endpoints: endpointPods,
    evenSplit: evenSplitTest(counts, endpointPods),
  };
}

function groupByService(rows: HitRow[]): Map<string, HitRow[]> {
  const groups = new Map<string, HitRow[]>();
  for (const r of rows) {
    const key = `${r.namespace}/${r.service}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return groups;
}

/** The hits as kubectl-style text, for `Accept: text/plain` (curl -H, a terminal). */
function textAnswer(c: Ctx, rows: HitRow[]): Response {
  return c.text(renderHitTable(rows), 200, { 'Content-Type': 'text/plain; charset=utf-8' });
}

async function listAll(c: Ctx) {
  const [state, rows] = await Promise.all([
    c.var.cluster.state(c.var.labId),
    c.var.cluster.store.listHits(c.var.labId),
  ]);
  if (wantsText(c)) return textAnswer(c, rows);
  const services = [...groupByService(rows)]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, group]) => {
      const [namespace = '', name = ''] = key.split('/');
      const {
        evenSplit: _e,
        endpoints: _p,
        ...summary
      } = serviceSummary(state, namespace, name, group);
      return summary;
    });
  return c.json({
    total: rows.reduce((n, r) => n + r.count, 0),
    services,
  } satisfies HitsOverview);
}

async function listOne(c: Ctx) {
  const namespace = c.req.param('namespace') ?? '';
  const name = c.req.param('service') ?? '';
  const [state, rows] = await Promise.all([
    c.var.cluster.state(c.var.labId),
    c.var.cluster.store.listHits(c.var.labId),
  ]);
  const mine = rows.filter((r) => r.namespace === namespace && r.service === name);
  const exists = state.objects.some(
    (o) => o.kind === 'Service' && o.metadata.namespace === namespace && o.metadata.name === name,
  );
  if (!exists && mine.length === 0) throw notFound(typeOf('Service'), name);
  if (wantsText(c)) return textAnswer(c, mine);
  return c.json(serviceSummary(state, namespace, name, mine) satisfies ServiceHits);
}

export const hitRoutes = new Hono<AppEnv>()
  .get('/hits', listAll)
  .delete('/hits', async (c) => {
    await c.var.cluster.state(c.var.labId);
    await c.var.cluster.store.resetHits(c.var.labId);
    return c.json({ status: 'Success', message: 'all hits deleted' } satisfies SuccessMessage);
  })
  .get('/hits/:namespace/:service', listOne)
  .delete('/hits/:namespace/:service', async (c) => {
    await c.var.cluster.state(c.var.labId);
    const service = { namespace: c.req.param('namespace'), name: c.req.param('service') };
    await c.var.cluster.store.resetHits(c.var.labId, service);
    return c.json({
      status: 'Success',
      message: `hits of ${service.namespace}/${service.name} deleted`,
    } satisfies SuccessMessage);
  });
