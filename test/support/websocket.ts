// A WebSocket client (the `ws` package) on a test lab: on Node the lab's own server, listening on
// a random port; on the Worker the `wrangler dev` under test, with the lab in X-Lab-Id.
import type { AddressInfo } from 'node:net';
import { inject } from 'vitest';
import WebSocket from 'ws';
import type { TestLab } from './app';

export interface Opened {
  ws: WebSocket;
  protocol: string;
  /** Every message received, in order. */
  messages: Buffer[];
  /** Settles with the close code once the server closed. */
  closed: Promise<number>;
}

export interface Refused {
  status: number;
  body: string;
}

async function baseUrl(lab: TestLab): Promise<{ url: string; headers: Record<string, string> }> {
  const workerUrl = inject('workerUrl');
  if (workerUrl)
    return { url: workerUrl.replace(/^http/, 'ws'), headers: { 'X-Lab-Id': lab.labId ?? '' } };
  const server = lab.server!;
  if (!server.listening) await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`, headers: {} };
}

/** Opens `path` offering `protocols`; answers the open socket, or the refusal's status and body. */
export async function openWebSocket(
  lab: TestLab,
  path: string,
  protocols: string[],
): Promise<Opened | Refused> {
  const { url, headers } = await baseUrl(lab);
  const ws = new WebSocket(`${url}${path}`, protocols, { headers });
  const messages: Buffer[] = [];
  ws.on('message', (data: Buffer) => messages.push(Buffer.from(data)));
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    ws.on('open', () => resolve({ ws, protocol: ws.protocol, messages, closed }));
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('error', reject);
  });
}

/** Channel-protocol messages as [channel, text]. */
export function channels(messages: Buffer[]): [number, string][] {
  return messages.map((m) => [m[0] ?? -1, m.subarray(1).toString()]);
}
