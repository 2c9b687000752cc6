// Small HTTP helpers the simulated servers share: byte lengths, dates, header lookup, requests.

/** What a container receives: the request line and headers, and the peer address it sees. */
export interface ContainerRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  remoteAddr: string;
}

const encoder = new TextEncoder();

/** Length in bytes of `text` encoded as UTF-8 (what Content-Length counts). */
export function byteLength(text: string): number {
  return encoder.encode(text).length;
}

/** RFC 9110 IMF-fixdate, e.g. `Tue, 28 Oct 2025 12:05:10 GMT`. */
export function httpDate(date: Date): string {
  return date.toUTCString();
}

/** Case-insensitive header lookup. */
export function header(headers: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers))
    if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/** Splits `/a/b?x=1` into path and query (query without `?`, empty when absent). */
export function splitPath(path: string): { uri: string; args: string } {
  const q = path.indexOf('?');
  return q < 0 ? { uri: path, args: '' } : { uri: path.slice(0, q), args: path.slice(q + 1) };
}

/** Percent-decodes and normalises a request path (`.`/`..` segments, duplicate slashes) like nginx's $uri. */
export function normalizeUri(raw: string): string {
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
