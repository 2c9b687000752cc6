// GET /cluster/changes through the HTTP API: one NDJSON line at once, then one within a second of
// each write and each routed request; a bounded number of open streams per lab.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apply, nodeOnly, startLab, type TestLab } from './support/app';

const example = (name: string) =>
  readFileSync(new URL(`../examples/${name}`, import.meta.url), 'utf8');

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(() => lab.close());

interface Line {
  at: number;
  revision: number;
  hits: number;
  heartbeat?: boolean;
}

/** Opens a change stream; its lines, each stamped with when it arrived, once it ends. */
function stream(seconds: number) {
  return lab.request
    .get(`/cluster/changes?timeoutSeconds=${seconds}`)
    .buffer(true)
    .parse((res, done) => {
      const lines: Line[] = [];
      let text = '';
      res.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        const parts = text.split('\n');
        text = parts.pop() ?? '';
        for (const p of parts)
          lines.push({ ...(JSON.parse(p) as Omit<Line, 'at'>), at: Date.now() });
      });
      res.on('end', () => done(null, lines));
    })
    .then((r) => r);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('GET /cluster/changes', () => {
  it('answers a line at once, then one within a second of a write and of a routed request', async () => {
    await apply(lab, example('nginx-pod.yaml')).expect(201);
    await apply(lab, example('nginx-nodeport-service.yaml')).expect(201);
    const started = Date.now();
    const watching = stream(4);
    await sleep(800);
    const wrote = Date.now();
    await lab.request
      .patch('/api/v1/namespaces/default/pods/nginx-pod')
      .set('Content-Type', 'application/merge-patch+json')
      .send({ metadata: { labels: { seen: 'yes' } } })
      .expect(200);
    await sleep(1200);
    const routed = Date.now();
    await lab.request.get('/nodes/192.168.1.3/31110/request').expect(200);
    const res = await watching;
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-ndjson');
    const lines = res.body as Line[];
    expect(lines.length).toBe(3);
    const [first, afterWrite, afterRequest] = lines as [Line, Line, Line];
    expect(first.at - started).toBeLessThan(1000);
    expect(first.hits).toBe(0);
    expect(afterWrite.revision).toBe(first.revision + 1);
    expect(afterWrite.hits).toBe(0);
    expect(afterWrite.at - wrote).toBeLessThan(1000);
    expect(afterRequest).toMatchObject({ revision: afterWrite.revision, hits: 1 });
    expect(afterRequest.at - routed).toBeLessThan(1000);
  });

  nodeOnly('the bound is per process, and the Worker has many isolates')(
    'refuses a ninth open stream of one lab with 429 TooManyRequests',
    async () => {
      const open = Array.from({ length: 8 }, () => stream(2));
      await sleep(500);
      const refused = await lab.request.get('/cluster/changes').expect(429);
      expect(refused.body).toMatchObject({
        kind: 'Status',
        reason: 'TooManyRequests',
        message:
          'too many open change streams for this lab (at most 8); close a page and try again',
      });
      await Promise.all(open);
      // The slots are free again once the streams ended.
      const again = await stream(1);
      expect(again.status).toBe(200);
    },
  );
});
