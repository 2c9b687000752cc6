// The Worker run's harness sends a request again when wrangler's proxy lost it (proxy-drops.ts):
// held here against a server that answers as wrangler does, then as the Worker would.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import supertest from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { droppedByProxy, resendingDrops } from './support/proxy-drops';

const WRANGLER_DROP =
  'Your worker restarted mid-request. Please try sending the request again. Only GET or HEAD requests are retried automatically.';

let server: Server | undefined;
afterEach(() => server?.close());

/** A server whose first `drops` answers are wrangler's 503; it records each body it received. */
async function dropping(drops: number, answer = { status: 201, text: 'made' }) {
  const bodies: string[] = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      bodies.push(body);
      const dropped = bodies.length <= drops;
      res.writeHead(dropped ? 503 : answer.status, { 'content-type': 'text/plain' });
      res.end(dropped ? WRANGLER_DROP : answer.text);
    });
  });
  await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  return { request: resendingDrops(supertest(url)), bodies };
}

describe("requests wrangler's proxy lost", () => {
  it('are sent again, body and all, until answered (at most twice)', async () => {
    const { request, bodies } = await dropping(2);
    const res = await request.post('/labs').send({ seed: 1 });
    expect(res.status).toBe(201);
    expect(bodies).toEqual(Array(3).fill('{"seed":1}'));
  });

  it('answer the third drop as it is', async () => {
    const { request, bodies } = await dropping(3);
    expect((await request.post('/labs').send({})).status).toBe(503);
    expect(bodies).toHaveLength(3);
  });

  it("are told apart from the Worker's own 503s, which are never sent again", async () => {
    const { request, bodies } = await dropping(0, { status: 503, text: 'service unavailable' });
    expect((await request.get('/healthz')).status).toBe(503);
    expect(bodies).toHaveLength(1);
    expect(droppedByProxy({ status: 503, text: WRANGLER_DROP })).toBe(true);
    expect(droppedByProxy({ status: 502, text: WRANGLER_DROP })).toBe(false);
  });
});
