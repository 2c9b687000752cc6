// Workers only: WebSocket upgrades with a WebSocketPair. The route's Response is the 101 itself,
// carrying the client end and the Sec-WebSocket-Protocol the route picked (kubectl refuses a
// handshake without it; hono's cloudflare-workers helper sends none).
import type { WebSocket as WorkerWebSocket } from '@cloudflare/workers-types';
import type { Context } from 'hono';
import type { StreamHandler, WebSocketUpgrader } from './channel-stream';

type Pair = new () => { 0: WorkerWebSocket; 1: WorkerWebSocket };

const encoder = new TextEncoder();

function bytesOf(data: unknown): Uint8Array {
  if (typeof data === 'string') return encoder.encode(data);
  if (ArrayBuffer.isView(data))
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  // workerd hands binary messages over as an ArrayBuffer `instanceof ArrayBuffer` does not
  // recognise (another realm's): every message read as empty. Its byteLength tells.
  if (
    data !== null &&
    typeof data === 'object' &&
    typeof Reflect.get(data, 'byteLength') === 'number'
  ) {
    return new Uint8Array(data as ArrayBuffer);
  }
  return new Uint8Array(0);
}

export const workerUpgrader: WebSocketUpgrader = {
  accept(_c: Context, protocol: string, handler: StreamHandler): Response {
    const WebSocketPair = (globalThis as unknown as { WebSocketPair: Pair }).WebSocketPair;
    const { 0: client, 1: server } = new WebSocketPair();
    server.accept();
    let open = true;
    const closed = () => {
      if (open) handler.closed();
      open = false;
    };
    // Binary messages as ArrayBuffers; where the runtime still hands Blobs, read them in order.
    (server as unknown as { binaryType: string }).binaryType = 'arraybuffer';
    let reading: Promise<void> = Promise.resolve();
    server.addEventListener('message', (event) => {
      const data: unknown = event.data;
      if (!(data instanceof Blob)) return handler.message(bytesOf(data));
      reading = reading.then(async () => handler.message(new Uint8Array(await data.arrayBuffer())));
    });
    server.addEventListener('close', () => {
      // workerd leaves the reply to the peer's close frame to us; without it the peer waits.
      if (open) {
        try {
          server.close(1000, '');
        } catch {
          // already closing
        }
      }
      closed();
    });
    server.addEventListener('error', closed);
    handler.open({
      send: (data) => {
        if (open) server.send(data);
      },
      close: (code, reason) => {
        if (!open) return;
        server.close(code, reason);
        closed();
      },
    });
    const init = {
      status: 101,
      webSocket: client,
      headers: { 'Sec-WebSocket-Protocol': protocol },
    };
    return new Response(null, init as ResponseInit);
  },
};
