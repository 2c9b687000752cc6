// The port-forward protocol server side, driven the way client-go drives it: an error stream
// and a data stream per connection (same requestID), HTTP bytes in pieces, answers out.
import { describe, expect, it } from 'vitest';
import type { StreamSocket } from '../channel-stream';
import {
  FLAG_FIN,
  FrameReader,
  FrameType,
  controlFrame,
  dataFrame,
  type Frame,
} from '../spdy/frames';
import { HeaderEncoder } from '../spdy/header-block';
import { Http1RequestParser, MAX_HEAD_BYTES, serializeResponse } from './http1';
import { portForwardHandler, type ForwardTarget } from './port-forward-handler';

const utf8 = new TextEncoder();
const text = new TextDecoder();

function synStream(
  client: HeaderEncoder,
  id: number,
  type: string,
  requestId: string,
  port = '80',
) {
  const block = client.encode([
    ['streamtype', type],
    ['port', port],
    ['requestid', requestId],
  ]);
  const payload = new Uint8Array(10 + block.length);
  new DataView(payload.buffer).setUint32(0, id);
  payload.set(block, 10);
  return controlFrame(FrameType.SynStream, 0, payload);
}

function harness(target: ForwardTarget) {
  const frames: Frame[] = [];
  const reader = new FrameReader();
  let released = 0;
  const handler = portForwardHandler(target, () => released++);
  const socket: StreamSocket = { send: (b) => frames.push(...reader.push(b)), close: () => {} };
  handler.open(socket);
  const client = new HeaderEncoder();
  const onStream = (id: number) =>
    frames.filter((f) => f.kind === 'data' && f.streamId === id) as Extract<
      Frame,
      { kind: 'data' }
    >[];
  return { handler, client, frames, onStream, released: () => released };
}

const settle = () => new Promise((r) => setTimeout(r, 10));

describe('portForwardHandler', () => {
  it('answers HTTP requests on the data stream once both streams of a request are open', async () => {
    const seen: string[] = [];
    const h = harness({
      dial: async () => undefined,
      exchange: async (port, request) => {
        seen.push(`${port} ${request.method} ${request.target}`);
        return { ok: true, status: 200, headers: { Server: 'nginx' }, body: 'hi\n' };
      },
    });
    h.handler.message(synStream(h.client, 1, 'error', '0'));
    h.handler.message(synStream(h.client, 3, 'data', '0'));
    const request = utf8.encode(
      'GET /a?b=1 HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    h.handler.message(dataFrame(3, 0, request.subarray(0, 7)));
    h.handler.message(dataFrame(3, 0, request.subarray(7)));
    await settle();
    expect(seen).toEqual(['80 GET /a?b=1', '80 GET /']);
    const out = h.onStream(3);
    expect(text.decode(out[0]!.data)).toBe(
      'HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Length: 3\r\n\r\nhi\n',
    );
    // After `Connection: close`: FIN on the data stream and an empty, finished error stream.
    expect(out.at(-1)).toMatchObject({ flags: FLAG_FIN, data: new Uint8Array(0) });
    expect(h.onStream(1)).toEqual([
      { kind: 'data', streamId: 1, flags: FLAG_FIN, data: new Uint8Array(0) },
    ]);
  });

  it("writes the kubelet's refusal on the error stream when the dial fails", async () => {
    const h = harness({
      dial: async (port) => `refused ${port}`,
      exchange: async () => ({ ok: false, error: '' }),
    });
    h.handler.message(synStream(h.client, 1, 'error', '7', '81'));
    h.handler.message(synStream(h.client, 3, 'data', '7', '81'));
    await settle();
    const error = h.onStream(1);
    expect(text.decode(error[0]!.data)).toBe('refused 81');
    expect(error.at(-1)!.flags).toBe(FLAG_FIN);
    expect(h.onStream(3).at(-1)!.flags).toBe(FLAG_FIN);
  });

  it('ends when the client ends its data stream, and releases the quota once', async () => {
    const h = harness({
      dial: async () => undefined,
      exchange: async () => ({ ok: true, status: 200, headers: {}, body: '' }),
    });
    h.handler.message(synStream(h.client, 1, 'error', '0'));
    h.handler.message(synStream(h.client, 3, 'data', '0'));
    await settle();
    h.handler.message(dataFrame(3, FLAG_FIN, new Uint8Array(0)));
    await settle();
    expect(h.onStream(3).at(-1)!.flags).toBe(FLAG_FIN);
    h.handler.message(utf8.encode('not spdy at all, version bits wrong'));
    h.handler.closed();
    expect(h.released()).toBe(1);
  });

  it('resets a stream without requestID or with an unknown type', () => {
    const h = harness({
      dial: async () => undefined,
      exchange: async () => ({ ok: false, error: '' }),
    });
    const block = h.client.encode([['streamtype', 'data']]);
    const payload = new Uint8Array(10 + block.length);
    new DataView(payload.buffer).setUint32(0, 1);
    payload.set(block, 10);
    h.handler.message(controlFrame(FrameType.SynStream, 0, payload));
    expect(h.frames.some((f) => f.kind === 'control' && f.type === FrameType.RstStream)).toBe(true);
  });
});

describe('HTTP/1.1 over the forwarded stream', () => {
  it('refuses a head past the bound, a bad request line, and chunked bodies', () => {
    expect(new Http1RequestParser().push(new Uint8Array(MAX_HEAD_BYTES + 1)).error).toBe(
      'head too large',
    );
    expect(new Http1RequestParser().push(utf8.encode('\x16\x03\x01 TLS\r\n\r\n')).error).toBe(
      'bad request line',
    );
    const chunked = 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n';
    expect(new Http1RequestParser().push(utf8.encode(chunked)).error).toMatch(/chunked/);
  });

  it('waits for a Content-Length body and keeps a header named __proto__ as a header', () => {
    const p = new Http1RequestParser();
    expect(
      p.push(utf8.encode('POST /x HTTP/1.0\r\n__proto__: 1\r\nContent-Length: 4\r\n\r\nab'))
        .requests,
    ).toEqual([]);
    const [req] = p.push(utf8.encode('cd')).requests;
    expect(text.decode(req!.body)).toBe('abcd');
    expect(req!.close).toBe(true);
    expect(Object.hasOwn(req!.headers, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(req!.headers)).toBe(Object.prototype);
  });

  it('writes HEAD with the length the server declared and no body', () => {
    const head = serializeResponse(200, { 'Content-Length': '28' }, '', 'HEAD');
    expect(text.decode(head)).toBe('HTTP/1.1 200 OK\r\nContent-Length: 28\r\n\r\n');
    const bad = serializeResponse(200, { 'X-A': 'b\r\nSet-Cookie: x' }, 'é', 'GET');
    expect(text.decode(bad)).toBe(
      'HTTP/1.1 200 OK\r\nX-A: b  Set-Cookie: x\r\nContent-Length: 2\r\n\r\né',
    );
  });
});
