// The lab caches are bounded by bytes (src/domain/apimachinery/bounded-cache.ts). A lab evicted
// from them answers from the store exactly as one kept in memory: a routed request on the cold path
// (src/cluster/route-state.ts) reads only its route objects, and must route, count and remember
// (ipvs cursors, ClientIP affinity) the same.
import { createAdaptorServer } from '@hono/node-server';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import { afterEach, describe, expect } from 'vitest';
import type { CacheBudgets } from '../src/cluster/lab-cluster';
import { buildNodeApp } from '../src/node';
import { nodeOnly, testClock } from './support/app';

const echo = readFileSync(new URL('../examples/echo-nodeport.yaml', import.meta.url), 'utf8');
const affinity = `apiVersion: v1
kind: Service
metadata:
  name: sticky
spec:
  type: NodePort
  sessionAffinity: ClientIP
  selector:
    app: echo-nodeport
  ports:
    - port: 80
      nodePort: 30008
`;

interface Server {
  request: ReturnType<typeof supertest>;
  close(): void;
}
const open: Server[] = [];
afterEach(() => open.splice(0).forEach((s) => s.close()));

/** A Node server on a fresh database with the same clock as every other one here. */
async function serve(cacheBudgets?: CacheBudgets): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'nodeport-cache-'));
  const { app, store } = await buildNodeApp(join(dir, 'lab.db'), testClock(), { cacheBudgets });
  const server = createAdaptorServer({ fetch: app.fetch });
  const s = {
    request: supertest(server),
    close() {
      server.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  open.push(s);
  return s;
}

/** Nothing fits: every read is a cold one. */
const NOTHING_CACHED: CacheBudgets = { labStates: 1, routeStates: 1 };

async function applyTo(s: Server, yaml: string, lab?: string) {
  const req = s.request.post('/manifests').set('Content-Type', 'application/yaml');
  const res = await (lab ? req.set('X-Lab-Id', lab) : req).send(yaml);
  expect(res.status).toBe(201);
}

/** What a student sees of a series of requests: every answer, then the lab's hit table. */
async function session(s: Server, paths: string[], lab?: string): Promise<unknown[]> {
  const out: unknown[] = [];
  const get = (path: string) =>
    lab ? s.request.get(path).set('X-Lab-Id', lab) : s.request.get(path);
  for (const path of paths) {
    const res = await get(path);
    out.push([res.status, res.body]);
  }
  out.push((await get('/hits')).body);
  return out;
}

const routed = [
  '/nodes/192.168.1.3/30007/request',
  '/nodes/192.168.1.2/30007/request/hello',
  '/nodes/192.168.1.3/30007/request?count=100',
  '/nodes/192.168.1.4/30008/request?clientIp=192.168.1.20',
  '/nodes/192.168.1.4/30008/request?clientIp=192.168.1.20',
  '/nodes/192.168.1.3/30007/request',
];

describe('a lab not in memory', () => {
  nodeOnly('builds servers with small cache budgets')(
    'answers routed requests with the same result and hits as one kept warm',
    async () => {
      const warm = await serve();
      const cold = await serve(NOTHING_CACHED);
      for (const s of [warm, cold]) {
        await applyTo(s, echo);
        await applyTo(s, affinity);
      }
      const expected = await session(warm, routed);
      expect(await session(cold, routed)).toEqual(expected);
      expect((expected.at(-1) as { total: number }).total).toBe(105);
    },
  );

  nodeOnly('builds servers with small cache budgets')(
    'keeps ipvs round-robin cursors and affinity across cold reads',
    async () => {
      const warm = await serve();
      const cold = await serve(NOTHING_CACHED);
      for (const s of [warm, cold]) {
        await applyTo(s, echo);
        await applyTo(s, affinity);
        const patched = await s.request.patch('/cluster').send({ proxyMode: 'ipvs' });
        expect(patched.status).toBe(200);
      }
      const expected = await session(warm, [...routed, ...routed]);
      expect(await session(cold, [...routed, ...routed])).toEqual(expected);
      // Round-robin over three pods: the six single requests to 30007 met every pod.
      const pods = new Set(
        expected
          .slice(0, routed.length)
          .map((a) => (a as [number, { pod?: { name: string } }])[1].pod?.name),
      );
      expect(pods.size).toBeGreaterThan(1);
    },
  );

  nodeOnly('builds servers with small cache budgets')(
    'two labs that evict each other from a one-lab budget answer as if both stayed',
    async () => {
      const warm = await serve();
      // About one echo lab (19 KB of stored JSON) fits, never two.
      const tight = await serve({ labStates: 30_000, routeStates: 30_000 });
      const labs: Record<string, string[]> = {};
      for (const [name, s] of [
        ['warm', warm],
        ['tight', tight],
      ] as const) {
        const created = await s.request.post('/labs').send({ seed: 7 });
        expect(created.status).toBe(201);
        const other = (created.body as { id: string }).id;
        await applyTo(s, echo);
        await applyTo(s, echo, other);
        labs[name] = [other];
      }
      const answers = async (s: Server, other: string) => {
        const out: unknown[] = [];
        for (const path of routed.slice(0, 3)) {
          out.push(await session(s, [path]));
          out.push(await session(s, [path], other));
        }
        // A write after the evictions plans on a reloaded state, and routing follows it.
        const scaled = await s.request
          .patch('/apis/apps/v1/namespaces/default/deployments/nginx-echo-nodeport/scale')
          .set('Content-Type', 'application/merge-patch+json')
          .send({ spec: { replicas: 1 } });
        out.push(scaled.status);
        out.push(await session(s, [routed[0]!, routed[2]!], other));
        out.push(await session(s, [routed[0]!, routed[2]!]));
        return out;
      };
      expect(await answers(tight, labs.tight![0]!)).toEqual(await answers(warm, labs.warm![0]!));
    },
  );
});
