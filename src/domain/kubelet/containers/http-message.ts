// Small HTTP helpers the simulated servers share: byte lengths, dates, header lookup, requests
// and responses. The container side owns these shapes; kube-proxy's decision only carries them.

/** What a container receives: the request line and headers, and the peer address it sees. */
export interface ContainerRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  remoteAddr: string;
}

/** What the container sent back. */
export interface PodResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const encoder = new TextEncoder();

const NON_ASCII = /[^\t\n\r\x20-\x7e]/;

/** Length in bytes of `text` encoded as UTF-8 (what Content-Length counts). */
export function byteLength(text: string): number {
  return NON_ASCII.test(text) ? encoder.encode(text).length : text.length;
}

// Every simulated response carries a Date header, and most of a burst falls in the same second.
let lastDate = { second: NaN, text: '' };

/** RFC 9110 IMF-fixdate, e.g. `Tue, 28 Oct 2025 12:05:10 GMT`. */
export function httpDate(date: Date): string {
  const second = Math.floor(date.getTime() / 1000);
  if (second !== lastDate.second) lastDate = { second, text: date.toUTCString() };
  return lastDate.text;
}

/** Case-insensitive header lookup. */
export function header(headers: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  const exact = headers[wanted];
  if (exact !== undefined && Object.hasOwn(headers, wanted)) return exact;
  // Only a key of the same length can match: nginx and the access log ask for several headers a
  // request lacks, and lower-casing every key for each costs more than the rest of the lookup.
  for (const key in headers) {
    if (key.length === wanted.length && Object.hasOwn(headers, key) && key.toLowerCase() === wanted)
      return headers[key];
  }
  return undefined;
}

/** Splits `/a/b?x=1` into path and query (query without `?`, empty when absent). */
export function splitPath(path: string): { uri: string; args: string } {
  const q = path.indexOf('?');
  return q < 0 ? { uri: path, args: '' } : { uri: path.slice(0, q), args: path.slice(q + 1) };
}

/** Percent-decodes and normalises a request path (`.`/`..` segments, duplicate slashes) like nginx's $uri. */
export function normalizeUri(raw: string): string {
  if (raw === '/') return raw;
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // nginx keeps undecodable sequences as they are
  }
  const out: string[] = [];
  for (const seg of decoded.split('/').slice(1)) {
    if (seg === '..') out.pop();
    else if (seg !== '.' && seg !== '') out.push(seg);
  }
  const trailing = decoded.endsWith('/') || decoded.endsWith('/.') || decoded.endsWith('/..');
  return `/${out.join('/')}${trailing && out.length > 0 ? '/' : ''}`;
}
