// kubectl port-forward's protocol, server side, on one WebSocket that tunnels SPDY/3.1
// (`SPDY/3.1+portforward.k8s.io`, client-go tools/portforward): per forwarded TCP connection
// kubectl opens an error stream and a data stream with the same `requestID` and the remote
// `port`; once both are there the kubelet dials the port inside the pod. A failed dial is told
// on the error stream (kubectl prints it and gives up); otherwise the data stream carries the
// connection's bytes both ways until kubectl ends it, and the error stream closes empty.
import type { StreamHandler, StreamSocket } from '../channel-stream';
import { headerValue } from '../spdy/header-block';
import { SpdyServerSession, type SpdyStream } from '../spdy/session';
import {
  badRequestAnswer,
  Http1RequestParser,
  MAX_BODY_BYTES,
  MAX_HEAD_BYTES,
  serializeResponse,
  type Http1Request,
} from './http1';

export const PORT_FORWARD_PROTOCOL = 'SPDY/3.1+portforward.k8s.io';

/** What the pod says to one request: the container's answer, or the dial's failure. */
export type Exchange =
  | { ok: true; status: number; headers: Record<string, string>; body: string }
  | { ok: false; error: string };

/** The pod end, supplied by the route: where connections go and what they answer. */
export interface ForwardTarget {
  /** Undefined when `port` accepts a connection now, else the error the kubelet reports. */
  dial(port: number): Promise<string | undefined>;
  /** Sends one request to `port` (counted as a hit of the pod's Service). */
  exchange(port: number, request: Http1Request): Promise<Exchange>;
}

interface Pair {
  error?: SpdyStream;
  data?: SpdyStream;
  /** What the data stream brought before the dial completed (kubectl does not wait). */
  early: Uint8Array[];
  earlyEnd: boolean;
}

const utf8 = new TextEncoder();

/** Bytes held for a connection whose dial is still under way: one request's worth. */
const MAX_EARLY_BYTES = MAX_HEAD_BYTES + MAX_BODY_BYTES;

/** One forwarded TCP connection: requests answered in order, the streams ended once. */
function forward(target: ForwardTarget, port: number, pair: Required<Pair>): void {
  const parser = new Http1RequestParser();
  let chain = Promise.resolve();
  let done = false;
  const finish = (error?: string) => {
    if (done) return;
    done = true;
    if (error) pair.error.write(utf8.encode(error));
    pair.error.end();
    pair.data.end();
  };
  const answer = async (request: Http1Request) => {
    if (done) return;
    const result = await target.exchange(port, request);
    if (done) return;
    if (!result.ok) return finish(result.error);
    pair.data.write(serializeResponse(result.status, result.headers, result.body, request.method));
    if (request.close) finish();
  };
  const queue = (step: () => Promise<void> | void) => {
    chain = chain.then(step).catch(() => finish('error forwarding: the simulation failed'));
  };
  pair.data.onData = (bytes) => {
    const { requests, error } = parser.push(bytes);
    for (const request of requests) queue(() => answer(request));
    if (error) {
      queue(() => {
        if (!done) pair.data.write(badRequestAnswer());
        finish();
      });
    }
  };
  pair.data.onEnd = () => queue(() => finish());
  pair.data.onReset = () => (done = true);
  for (const bytes of pair.early.splice(0)) pair.data.onData(bytes);
  if (pair.earlyEnd) pair.data.onEnd();
}

async function start(target: ForwardTarget, pair: Required<Pair>): Promise<void> {
  const text = headerValue(pair.data.headers, 'port') ?? '';
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65535)) {
    pair.error.write(utf8.encode(`unable to parse "${text.slice(0, 20)}" as a port`));
    pair.error.end();
    pair.data.end();
    return;
  }
  const refused = await target.dial(port);
  if (refused !== undefined) {
    pair.error.write(utf8.encode(refused));
    pair.error.end();
    pair.data.end();
    return;
  }
  forward(target, port, pair);
}

/** The StreamHandler of one port-forward WebSocket; `release` runs once when it ends. */
export function portForwardHandler(target: ForwardTarget, release: () => void): StreamHandler {
  let socket: StreamSocket | undefined;
  const pairs = new Map<string, Pair>();
  const session = new SpdyServerSession(
    (bytes) => socket?.send(bytes),
    (stream) => {
      const id = headerValue(stream.headers, 'requestid');
      const type = headerValue(stream.headers, 'streamtype');
      if (id === undefined || (type !== 'error' && type !== 'data')) return stream.reset();
      const pair = pairs.get(id) ?? { early: [], earlyEnd: false };
      if (pair[type]) return stream.reset();
      pair[type] = stream;
      if (type === 'data') {
        stream.onData = (bytes) => {
          pair.early.push(bytes);
          if (pair.early.reduce((n, b) => n + b.length, 0) > MAX_EARLY_BYTES) stream.reset();
        };
        stream.onEnd = () => (pair.earlyEnd = true);
      }
      pairs.set(id, pair);
      if (pair.error && pair.data) {
        pairs.delete(id);
        void start(target, pair as Required<Pair>).catch(() => pair.data?.reset());
      }
    },
    () => socket?.close(1000, ''),
  );
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    session.close();
    release();
  };
  return {
    open(s) {
      socket = s;
    },
    message(data) {
      try {
        session.receive(data);
      } catch {
        socket?.close(1002, 'SPDY protocol error');
        end();
      }
    },
    closed: end,
  };
}
