// Node only: WebSocket upgrades next to @hono/node-server, with the `ws` package doing the
// handshake and framing. Node hands every request that carries `Upgrade:` to the server's
// 'upgrade' listener, so this listener serves them all through the app: a route that accepts a
// WebSocket marks the request (NODE_UPGRADE in the env) and `ws` completes the handshake with the
// protocol the route picked; any other answer (a Status for a missing pod, a refused SPDY
// upgrade, a 401) is written to the socket as a plain HTTP response, body included, which
// kubectl decodes.
import type { ServerType } from '@hono/node-server';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Context } from 'hono';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { StreamHandler, WebSocketUpgrader } from './http/streams/channel-stream';

/** The env key under which an upgrade request carries its slot (kept by /k8s/<lab> forwarding). */
const NODE_UPGRADE = 'nodeWebSocketUpgrade';
/** The largest message a peer may send: kubectl's own buffers are 32 KiB plus the channel byte. */
const MAX_MESSAGE_BYTES = 64 * 1024;
/** The largest error body written back on a refused upgrade. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

interface Slot {
  accepted?: { protocol: string; handler: StreamHandler };
}

type Fetch = (request: Request, env: Record<string, unknown>) => Response | Promise<Response>;

/** The upgrader the shared routes call on Node: it records the acceptance for the listener. */
export const nodeUpgrader: WebSocketUpgrader = {
  accept(c: Context, protocol: string, handler: StreamHandler): Response {
    const slot = (c.env as Record<string, unknown> | undefined)?.[NODE_UPGRADE] as Slot | undefined;
    if (!slot) throw new Error('a WebSocket upgrade outside the upgrade listener');
    slot.accepted = { protocol, handler };
    // Never sent: the listener answers the handshake itself.
    return new Response(null, { status: 200 });
  },
};

function requestOf(req: IncomingMessage): Request {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
  } catch {
    url = new URL('http://localhost/');
  }
  const headers = new Headers();
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    for (const value of values ?? []) headers.append(name, value);
  }
  return new Request(url, { method: req.method ?? 'GET', headers });
}

/** The answer's first bytes: a streaming answer (a watch asked with `Upgrade:`) is cut off. */
async function boundedBody(response: Response): Promise<Buffer> {
  const reader = response.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (reader && size < MAX_ERROR_BODY_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  void reader?.cancel().catch(() => {});
  return Buffer.concat(chunks).subarray(0, MAX_ERROR_BODY_BYTES);
}

/** Writes a refused upgrade's answer (status, headers, a bounded body) and closes the socket. */
async function writeAnswer(socket: Duplex, response: Response): Promise<void> {
  const body = await boundedBody(response);
  const lines = [`HTTP/1.1 ${response.status} ${response.statusText || 'Error'}`];
  response.headers.forEach((value, name) => {
    if (name !== 'content-length' && name !== 'transfer-encoding' && name !== 'connection') {
      lines.push(`${name}: ${value}`);
    }
  });
  lines.push(`content-length: ${body.byteLength}`, 'connection: close', '', '');
  socket.end(Buffer.concat([Buffer.from(lines.join('\r\n')), body]));
}

function bytesOf(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}

function run(ws: WebSocket, handler: StreamHandler): void {
  let open = true;
  ws.on('message', (data) => handler.message(bytesOf(data)));
  ws.on('close', () => {
    if (open) handler.closed();
    open = false;
  });
  ws.on('error', () => ws.terminate());
  handler.open({
    send: (data) => {
      if (ws.readyState === ws.OPEN) ws.send(data, { binary: true });
    },
    close: (code, reason) => ws.close(code, reason),
  });
}

/** Serves upgrade requests of `server` through `fetch` (the app's). */
export function attachWebSockets(server: ServerType, fetch: Fetch): void {
  const slots = new WeakMap<IncomingMessage, Slot>();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    perMessageDeflate: false,
    handleProtocols: (_offered, req) => slots.get(req)?.accepted?.protocol ?? false,
  });
  const handle = async (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const slot: Slot = {};
    slots.set(req, slot);
    let response: Response;
    try {
      response = await fetch(requestOf(req), { [NODE_UPGRADE]: slot });
    } catch (e) {
      console.error(e);
      response = new Response(null, { status: 500 });
    }
    const accepted = slot.accepted;
    if (!accepted) return writeAnswer(socket, response);
    // A handshake `ws` refuses (a bad key or version) never opens: the handler still ends.
    let upgraded = false;
    socket.once('close', () => {
      if (!upgraded) accepted.handler.closed();
    });
    // `ws` parses the offer as RFC 7230 tokens and refuses `SPDY/3.1+portforward.k8s.io` (a `/`),
    // which client-go offers as it is; the route has picked already, so `ws` sees a token instead.
    req.headers['sec-websocket-protocol'] = 'picked-by-route';
    wss.handleUpgrade(req, socket, head, (ws) => {
      upgraded = true;
      run(ws, accepted.handler);
    });
  };
  // @hono/node-server serves HTTP/1.1 here (an http.Server), where upgrades exist.
  (server as Server).on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    handle(req, socket, head).catch(() => socket.destroy());
  });
}
