// Node only: keep-alive stays sound when the app answers before it read the whole request body
// (a 413, 415, 404 or 401 that never looks at it). @hono/node-server drains such a body for at
// most 500 ms after the answer and then destroys the socket, although the answer said
// `Connection: keep-alive`: the client's next request on that connection fails, and the unread
// bytes make the kernel reset the connection, which can eat the answer itself. Instead, as
// Go's net/http (kube-apiserver's server) does: a small rest is read and dropped before the
// answer leaves, so the connection stays usable; otherwise the answer says `Connection: close`
// and the socket closes the way RFC 9112 section 9.6 asks, after a lingering read.
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { MAX_BODY_BYTES } from './http/middleware/body';

/** How long a rest within the limit may take to arrive before the connection is given up. */
export const DRAIN_MS = 5_000;
/** How long a closing connection keeps reading (and dropping) what the client still sends. */
export const LINGER_MS = 2_000;

type Fetch = (
  request: Request,
  env: { incoming?: IncomingMessage },
) => Response | Promise<Response>;

/** `fetch` with the rule above; requests without a body take the direct path. */
export function settleUnreadBody<F extends Fetch>(fetch: F): F {
  return (async (request: Request, env: { incoming?: IncomingMessage }) => {
    const incoming = env?.incoming;
    if (!incoming || !hasBody(incoming)) return fetch(request, env);
    const response = await fetch(request, env);
    if (incoming.complete) return response;
    const length = Number(incoming.headers['content-length']);
    const chunked = incoming.headers['transfer-encoding'] !== undefined;
    if (!chunked && length <= MAX_BODY_BYTES && (await dropRest(incoming, DRAIN_MS))) {
      return response;
    }
    lingerOnClose(incoming);
    return withConnectionClose(response);
  }) as F;
}

function hasBody(incoming: IncomingMessage): boolean {
  const length = incoming.headers['content-length'];
  return length === undefined
    ? incoming.headers['transfer-encoding'] !== undefined
    : length !== '0';
}

/**
 * Lets the body flow and drops it; true once it ended within `ms`. A web stream made from the
 * request (Readable.toWeb) would pause it again when its queue fills: nobody reads that any more.
 */
function dropRest(incoming: IncomingMessage, ms: number): Promise<boolean> {
  flow(incoming);
  return new Promise((resolve) => {
    const done = (ended: boolean) => {
      clearTimeout(timer);
      incoming.off('end', onEnd).off('close', onClose);
      resolve(ended);
    };
    const onEnd = () => done(true);
    const onClose = () => done(incoming.complete);
    const timer = setTimeout(() => done(false), ms);
    incoming.on('end', onEnd).on('close', onClose);
  });
}

function flow(incoming: IncomingMessage): void {
  incoming.removeAllListeners('data');
  incoming.on('data', () => {});
  incoming.resume();
}

/**
 * Node ends a `Connection: close` answer with socket.destroySoon(), and @hono/node-server calls
 * it again when its drain gives up: both close at once, and the client's unread bytes turn that
 * into a reset. Here the socket sends its FIN after the answer, keeps dropping what arrives, and
 * closes when the client does or after LINGER_MS.
 */
function lingerOnClose(incoming: IncomingMessage): void {
  const socket = incoming.socket as Socket & { destroySoon?: () => void };
  let lingering = false;
  socket.destroySoon = () => {
    if (lingering) return;
    lingering = true;
    flow(incoming);
    socket.end();
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  };
}

function withConnectionClose(response: Response): Response {
  try {
    response.headers.set('connection', 'close');
    return response;
  } catch {
    // Immutable headers (a fetched Response): copy them.
    const headers = new Headers(response.headers);
    headers.set('connection', 'close');
    return new Response(response.body, { status: response.status, headers });
  }
}
