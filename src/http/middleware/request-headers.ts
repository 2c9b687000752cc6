// Request header reads for the hot routes. On Node, @hono/node-server hands the parsed
// IncomingMessage over as c.env.incoming; reading its headers there skips building a Fetch
// Headers object per request (a measurable share of the request route). Elsewhere (Workers),
// the Fetch headers are read as usual. Repeated headers come out as Node's Fetch Headers gives
// them: joined with ", " (Cookie with "; "), and Set-Cookie lines one by one in forEach.
// Whoever re-dispatches a changed request through the app must drop `incoming` from its env.
import type { Context } from 'hono';

interface NodeIncoming {
  headersDistinct: Record<string, string[] | undefined>;
}

function nodeIncoming(c: Context): NodeIncoming | undefined {
  const env = c.env as { incoming?: NodeIncoming } | undefined;
  return env?.incoming?.headersDistinct ? env.incoming : undefined;
}

const joined = (name: string, values: string[]): string =>
  values.join(name === 'cookie' ? '; ' : ', ');

/** The value of header `name` (lower-case), as Fetch's Headers.get gives it. */
export function requestHeader(c: Context, name: string): string | undefined {
  const incoming = nodeIncoming(c);
  if (!incoming) return c.req.header(name);
  const values = incoming.headersDistinct[name];
  return values && joined(name, values);
}

/** Every header, names lower-cased and in sorted order, as Fetch's Headers.forEach visits them. */
export function requestHeaders(c: Context): [string, string][] {
  const incoming = nodeIncoming(c);
  if (!incoming) {
    const out: [string, string][] = [];
    c.req.raw.headers.forEach((value, key) => out.push([key, value]));
    return out;
  }
  const distinct = incoming.headersDistinct;
  const out: [string, string][] = [];
  for (const key of Object.keys(distinct).sort()) {
    const values = distinct[key] as string[];
    if (key === 'set-cookie') for (const v of values) out.push([key, v]);
    else out.push([key, joined(key, values)]);
  }
  return out;
}
