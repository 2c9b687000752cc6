// HTTP/1.1 over a forwarded TCP stream: kubectl port-forward carries the raw bytes curl or a
// browser writes to 127.0.0.1:<local port>, and the simulated container answers requests, not
// bytes. So the requests are cut out of the byte stream (request line, headers, a Content-Length
// body) and each answer written back as the server would write it. Bounded: a head of 64 KiB and
// a body of 1 MiB at most; anything else is answered 400 and the connection closed, as nginx does.

export const MAX_HEAD_BYTES = 64 * 1024;
export const MAX_BODY_BYTES = 1024 * 1024;

export interface Http1Request {
  method: string;
  /** The request target as sent (path and query). */
  target: string;
  version: 'HTTP/1.0' | 'HTTP/1.1';
  headers: Record<string, string>;
  body: Uint8Array;
  /** The client asked to close after this answer (HTTP/1.0 without keep-alive, or `close`). */
  close: boolean;
}

export type ParseResult = { requests: Http1Request[]; error?: string };

const latin1 = new TextDecoder('latin1');
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function indexOfHeadEnd(buffer: Uint8Array): number {
  for (let i = 3; i < buffer.length; i++) {
    if (buffer[i] === 10 && buffer[i - 1] === 13 && buffer[i - 2] === 10 && buffer[i - 3] === 13) {
      return i + 1;
    }
  }
  return -1;
}

/** Requests cut from a byte stream that arrives in arbitrary pieces. */
export class Http1RequestParser {
  private buffer = new Uint8Array(0);
  private failed = false;

  push(bytes: Uint8Array): ParseResult {
    if (this.failed) return { requests: [] };
    const joined = new Uint8Array(this.buffer.length + bytes.length);
    joined.set(this.buffer);
    joined.set(bytes, this.buffer.length);
    this.buffer = joined;
    const requests: Http1Request[] = [];
    for (;;) {
      const end = indexOfHeadEnd(this.buffer);
      if (end < 0) {
        if (this.buffer.length > MAX_HEAD_BYTES) return this.fail(requests, 'head too large');
        return { requests };
      }
      const head = parseHead(latin1.decode(this.buffer.subarray(0, end - 4)));
      if (typeof head === 'string') return this.fail(requests, head);
      const length = head.headers['content-length'];
      if (head.headers['transfer-encoding'] !== undefined) {
        return this.fail(requests, 'chunked request bodies are not simulated');
      }
      const size = length === undefined ? 0 : Number(length);
      if (!/^\d+$/.test(length ?? '0') || size > MAX_BODY_BYTES) {
        return this.fail(requests, 'bad Content-Length');
      }
      if (this.buffer.length < end + size) return { requests };
      requests.push({ ...head, body: this.buffer.slice(end, end + size) });
      this.buffer = this.buffer.slice(end + size);
    }
  }

  private fail(requests: Http1Request[], error: string): ParseResult {
    this.failed = true;
    this.buffer = new Uint8Array(0);
    return { requests, error };
  }
}

function parseHead(text: string): Omit<Http1Request, 'body'> | string {
  const lines = text.split('\r\n');
  const [method = '', target = '', version = '', ...extra] = (lines[0] ?? '').split(' ');
  if (!TOKEN.test(method) || !target.startsWith('/') || extra.length > 0) {
    return 'bad request line';
  }
  if (version !== 'HTTP/1.1' && version !== 'HTTP/1.0') return 'bad HTTP version';
  const headers: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    if (colon <= 0 || !TOKEN.test(name)) return 'bad header line';
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  if (version === 'HTTP/1.1' && headers.host === undefined) return 'no Host header';
  const connection = (headers.connection ?? '').toLowerCase();
  const close =
    connection.includes('close') || (version === 'HTTP/1.0' && !connection.includes('keep-alive'));
  // A plain object again: the container code reads headers as own properties.
  return { method, target, version, headers: { ...headers }, close };
}

const REASONS: Readonly<Record<number, string>> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Not Allowed',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
};

const utf8 = new TextEncoder();

/**
 * The answer's bytes: status line, the server's headers (Content-Length recomputed from the
 * body's bytes), then the body unless the request was HEAD or the status has none.
 */
export function serializeResponse(
  status: number,
  headers: Record<string, string>,
  body: string,
  method: string,
): Uint8Array {
  const bytes = utf8.encode(body);
  const bodyless = method === 'HEAD' || status === 204 || status === 304 || status < 200;
  const lines = [`HTTP/1.1 ${status} ${REASONS[status] ?? 'Unknown'}`];
  let declared: string | undefined;
  for (const name of Object.keys(headers)) {
    if (!TOKEN.test(name)) continue;
    const value = (headers[name] ?? '').replace(/[\r\n]/g, ' ');
    if (name.toLowerCase() === 'content-length') declared = value;
    else lines.push(`${name}: ${value}`);
  }
  // HEAD: the length the GET would have (the server's); otherwise the body's own bytes.
  const length = method === 'HEAD' && declared !== undefined ? declared : String(bytes.length);
  if (status !== 204 && status !== 304) lines.push(`Content-Length: ${length}`);
  const head = utf8.encode(`${lines.join('\r\n')}\r\n\r\n`);
  if (bodyless) return head;
  const out = new Uint8Array(head.length + bytes.length);
  out.set(head);
  out.set(bytes, head.length);
  return out;
}

/** What nginx answers a request it cannot read, before it closes the connection. */
export function badRequestAnswer(): Uint8Array {
  const body =
    '<html>\r\n<head><title>400 Bad Request</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n</body>\r\n</html>\r\n';
  return serializeResponse(
    400,
    { Server: 'nginx', 'Content-Type': 'text/html', Connection: 'close' },
    body,
    'GET',
  );
}
