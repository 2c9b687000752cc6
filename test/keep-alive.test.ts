// Early answers (a 413, 415, 405 or 404 given before the request body was read) leave the
// connection sound: a rest within the body limit is read and dropped so the connection stays
// open; past it the answer says `Connection: close` and the server closes after a lingering
// read. Either way the answer arrives whole and the next request works.
import { createAdaptorServer, type ServerType } from '@hono/node-server';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../src/http/middleware/body';
import { baseUrl, spaces } from './support/body-stream';
import { buildNodeApp } from '../src/node';
import { nodeOnly, startLab, type TestLab } from './support/app';

const LIMIT = MAX_BODY_BYTES;
const HALF_MB = 500_000;

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(() => lab.close());

interface EarlyAnswer {
  name: string;
  method: string;
  path: string;
  type: string;
  body: () => string | ReadableStream<Uint8Array>;
  status: number;
}

const EARLY: EarlyAnswer[] = [
  {
    name: '413, Content-Length over the limit',
    method: 'POST',
    path: '/manifests',
    type: 'application/yaml',
    body: () => ' '.repeat(LIMIT + 1),
    status: 413,
  },
  {
    name: '413, chunked over the limit',
    method: 'POST',
    path: '/labs',
    type: 'application/json',
    body: () => spaces(LIMIT + 64 * 1024),
    status: 413,
  },
  {
    name: '415 with an unread body',
    method: 'POST',
    path: '/manifests',
    type: 'text/html',
    body: () => ' '.repeat(HALF_MB),
    status: 415,
  },
  {
    name: '405 with an unread body',
    method: 'POST',
    path: '/api/v1/namespaces/default/endpoints',
    type: 'application/json',
    body: () => ' '.repeat(HALF_MB),
    status: 405,
  },
  {
    name: '404 with an unread body',
    method: 'POST',
    path: '/no/such/route',
    type: 'text/plain',
    body: () => ' '.repeat(HALF_MB),
    status: 404,
  },
  {
    name: '404 with an unread chunked body over the limit',
    method: 'PUT',
    path: '/no/such/route',
    type: 'text/plain',
    body: () => spaces(LIMIT * 2),
    status: 404,
  },
];

/** A chunked body over the limit (see body-limit.test.ts for why the Worker run skips these). */
const overLimitChunked = (early: EarlyAnswer) => early.name.includes('chunked');
const nodeOnlyChunked = nodeOnly("wrangler dev's proxy breaks on a chunked body left unread");

describe("Node's fetch, one pooled connection at a time", () => {
  for (const early of EARLY) {
    const test = overLimitChunked(early) ? nodeOnlyChunked : it;
    test(`${early.name}: 20 times the answer, then the next request works`, async () => {
      const url = await baseUrl(lab);
      for (let i = 0; i < 20; i++) {
        const init = {
          method: early.method,
          headers: { 'content-type': early.type },
          body: early.body(),
          duplex: 'half',
        };
        const res = await fetch(`${url}${early.path}`, init as RequestInit);
        expect(res.status, `try ${i}`).toBe(early.status);
        expect(await res.json(), `try ${i}`).toMatchObject({ kind: 'Status', code: early.status });
        const next = await fetch(`${url}/healthz`);
        expect(next.status, `try ${i}`).toBe(200);
        await next.text();
      }
    });
  }
});

/** A raw HTTP/1.1 connection that collects what the server sends and how it ends. */
async function rawConnection(server: ServerType = lab.server!) {
  if (!server.listening) await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const socket: Socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
  await new Promise((r) => socket.once('connect', r));
  const seen = { text: '', ended: false, error: undefined as string | undefined };
  socket.on('data', (d: Buffer) => (seen.text += d.toString('latin1')));
  socket.on('end', () => (seen.ended = true));
  socket.on('error', (e: NodeJS.ErrnoException) => (seen.error = e.code));
  const heads = () =>
    [...seen.text.matchAll(/HTTP\/1\.1 (\d{3})[^\r]*\r\n((?:[^\r]+\r\n)*)/g)].map((m) => ({
      status: Number(m[1]),
      connection: /^connection: *(.*)$/im.exec(m[2] ?? '')?.[1],
    }));
  return { socket, seen, heads };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rawNodeOnly = nodeOnly('raw sockets to the Node server');

describe('raw sockets', () => {
  rawNodeOnly('a 415 body within the limit is dropped: the connection stays open', async () => {
    const { socket, seen, heads } = await rawConnection();
    socket.write(
      `POST /manifests HTTP/1.1\r\nHost: x\r\nContent-Type: text/html\r\nContent-Length: ${HALF_MB}\r\n\r\n`,
    );
    // The body arrives in three parts, well after the answer was decided.
    for (let i = 0; i < 3; i++) {
      await sleep(300);
      socket.write(' '.repeat(HALF_MB / 5));
    }
    socket.write(' '.repeat(HALF_MB - (3 * HALF_MB) / 5));
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    await expect.poll(() => heads().length, { timeout: 5_000 }).toBe(2);
    expect(heads()).toEqual([
      { status: 415, connection: 'keep-alive' },
      { status: 200, connection: 'keep-alive' },
    ]);
    expect(seen.ended).toBe(false);
    socket.destroy();
  });

  rawNodeOnly('a 401 (ADMIN_TOKEN set, no token) leaves a sound connection too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nodeport-lab-keepalive-'));
    const { app, store } = await buildNodeApp(join(dir, 'lab.db'), undefined, {
      adminToken: 'keep-alive-admin-token',
    });
    const server = createAdaptorServer({ fetch: app.fetch });
    try {
      const { socket, heads } = await rawConnection(server);
      socket.write(
        `POST /manifests HTTP/1.1\r\nHost: x\r\nContent-Type: application/yaml\r\nContent-Length: ${HALF_MB}\r\n\r\n`,
      );
      await sleep(300);
      socket.write(' '.repeat(HALF_MB));
      socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
      await expect.poll(() => heads().length, { timeout: 5_000 }).toBe(2);
      expect(heads().map((h) => h.status)).toEqual([401, 200]);
      socket.destroy();
    } finally {
      server.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  rawNodeOnly(
    'a Content-Length over the limit: 413 at once, unread, then a clean close while the client still sends',
    async () => {
      const { socket, seen, heads } = await rawConnection();
      socket.write(
        'POST /manifests HTTP/1.1\r\nHost: x\r\nContent-Type: application/yaml\r\nContent-Length: 300000000\r\n\r\n',
      );
      await expect.poll(() => heads().length, { timeout: 2_000 }).toBe(1);
      expect(heads()).toEqual([{ status: 413, connection: 'close' }]);
      expect(seen.text).toContain('Request entity too large: limit is 3145728');
      // The client goes on sending for a while: the server reads and drops it, then its FIN.
      for (let i = 0; i < 10 && !seen.error; i++) {
        socket.write(' '.repeat(256 * 1024));
        await sleep(50);
      }
      expect(seen.error).toBeUndefined();
      await expect.poll(() => seen.ended, { timeout: 3_000 }).toBe(true);
      socket.destroy();
    },
  );
});
