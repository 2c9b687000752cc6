// Node only: request headers read off the IncomingMessage that @hono/node-server hands over as
// c.env.incoming, without building a Fetch Headers object (injected into the shared app by
// src/node.ts through AppDeps.requestReader). A request without one (app.request in tests, a
// request re-dispatched by /k8s/<lab>/) is read through Fetch as everywhere else.
import type { Context } from 'hono';
import { fetchRequestReader, type RequestReader } from './http/middleware/request-headers';

interface NodeIncoming {
  headersDistinct: Record<string, string[] | undefined>;
}

function nodeIncoming(c: Context): NodeIncoming | undefined {
  const env = c.env as { incoming?: NodeIncoming } | undefined;
  return env?.incoming?.headersDistinct ? env.incoming : undefined;
}

const joined = (name: string, values: string[]): string =>
  values.join(name === 'cookie' ? '; ' : ', ');

export const nodeRequestReader: RequestReader = {
  header(c, name) {
    const incoming = nodeIncoming(c);
    if (!incoming) return fetchRequestReader.header(c, name);
    const values = incoming.headersDistinct[name];
    return values && joined(name, values);
  },
  headers(c) {
    const incoming = nodeIncoming(c);
    if (!incoming) return fetchRequestReader.headers(c);
    const distinct = incoming.headersDistinct;
    const out: [string, string][] = [];
    for (const key of Object.keys(distinct).sort()) {
      const values = distinct[key] as string[];
      if (key === 'set-cookie') for (const v of values) out.push([key, v]);
      else out.push([key, joined(key, values)]);
    }
    return out;
  },
  // The IncomingMessage describes the request Node parsed, not a copy made from it.
  envForNewRequest(env) {
    const { incoming: _original, ...rest } = (env ?? {}) as Record<string, unknown>;
    return rest;
  },
};
