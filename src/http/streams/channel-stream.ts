// A WebSocket as the stream handlers see it, the same on Node (ws) and on the Worker
// (WebSocketPair): a handler is written once against these interfaces, and each runtime's
// upgrader (src/node-websocket.ts, src/http/streams/worker-upgrader.ts) carries the bytes.
import type { Context } from 'hono';

/** The accepted socket, as a handler writes to it. */
export interface StreamSocket {
  /** Sends one binary message. */
  send(data: Uint8Array): void;
  /** Closes the WebSocket with `code` (1000: normal) and a short reason. */
  close(code: number, reason: string): void;
}

/** What runs on an accepted WebSocket. */
export interface StreamHandler {
  /** The upgrade completed: the socket may be written. */
  open(socket: StreamSocket): void;
  /** One message from the peer (text messages arrive as their UTF-8 bytes). */
  message(data: Uint8Array): void;
  /** The peer closed or the connection dropped (or the handshake failed before open); once. */
  closed(): void;
}

/**
 * The runtime's half of an upgrade. `accept` answers the route's Response: the Worker's 101 with
 * the client end of a WebSocketPair, or (Node) a marker the upgrade listener turns into the
 * handshake. Either way `protocol` is the Sec-WebSocket-Protocol the server picked.
 */
export interface WebSocketUpgrader {
  accept(c: Context, protocol: string, handler: StreamHandler): Response;
}

/** Whether the request asks for a WebSocket (GET with `Upgrade: websocket`). */
export function wantsWebSocket(c: Context): boolean {
  return c.req.method === 'GET' && /^websocket$/i.test(c.req.header('upgrade')?.trim() ?? '');
}

/** The subprotocols the client offers, in its order of preference (at most 16). */
export function offeredProtocols(c: Context): string[] {
  const header = c.req.header('sec-websocket-protocol') ?? '';
  return header
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .slice(0, 16);
}

/** The first protocol of the client's list that the server speaks, as Kubernetes picks it. */
export function pickProtocol(offered: readonly string[], served: readonly string[]) {
  return offered.find((p) => served.includes(p));
}
