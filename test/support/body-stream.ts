// Shared by the body-limit and keep-alive suites: the server's base URL for real-socket clients,
// and a body sent chunked (no Content-Length).
import type { AddressInfo } from 'node:net';
import { inject } from 'vitest';
import type { TestLab } from './app';

/** The server's base URL: the Worker's, or the Node test server listening on a free port. */
export async function baseUrl(lab: TestLab): Promise<string> {
  const workerUrl = inject('workerUrl');
  if (workerUrl) return workerUrl;
  const server = lab.server!;
  if (!server.listening) await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** `total` bytes of spaces in 64 KiB chunks, as a stream: sent chunked, with no Content-Length. */
export function spaces(total: number): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= total) return controller.close();
      const n = Math.min(chunk.length, total - sent);
      sent += n;
      controller.enqueue(n === chunk.length ? chunk : chunk.subarray(0, n));
    },
  });
}
