// Request header reads for the hot routes, through a reader the entry point injects
// (AppDeps.requestReader). The shared layer knows only Fetch's Request; a runtime whose server
// hands over its own parsed request (Node: src/node-request-headers.ts) can read headers there and
// skip building a Fetch Headers object per request (a measurable share of the request route).
// Every reader answers as Fetch's Headers would: repeated headers joined with ", " (Cookie with
// "; "), names lower-cased and sorted, Set-Cookie lines one by one.
import type { Context, MiddlewareHandler } from 'hono';

/** How one runtime reads a request's headers. */
export interface RequestReader {
  /** The value of header `name` (lower-case), as Fetch's Headers.get gives it. */
  header(c: Context, name: string): string | undefined;
  /** Every header, names lower-cased and in sorted order, as Fetch's Headers.forEach visits them. */
  headers(c: Context): [string, string][];
  /**
   * The env to serve a request made anew from this one with (a changed copy dispatched through
   * the app again): what described the original request must not describe the copy.
   */
  envForNewRequest(env: unknown): unknown;
}

/** Reads Fetch's Request: Workers, tests calling app.request, re-dispatched requests. */
export const fetchRequestReader: RequestReader = {
  header: (c, name) => c.req.header(name),
  headers: (c) => {
    const out: [string, string][] = [];
    c.req.raw.headers.forEach((value, key) => out.push([key, value]));
    return out;
  },
  envForNewRequest: (env) => env,
};

const KEY = 'requestReader';

/** The first middleware of an app: later reads in this request go through `reader`. */
export function useRequestReader(reader: RequestReader): MiddlewareHandler {
  return (c, next) => {
    c.set(KEY, reader);
    return next();
  };
}

/** The reader the app was given (Fetch's when none was). */
export function requestReader(c: Context): RequestReader {
  return (c.get(KEY) as RequestReader | undefined) ?? fetchRequestReader;
}

/** The value of header `name` (lower-case), as Fetch's Headers.get gives it. */
export function requestHeader(c: Context, name: string): string | undefined {
  return requestReader(c).header(c, name);
}

/** Every header, names lower-cased and in sorted order, as Fetch's Headers.forEach visits them. */
export function requestHeaders(c: Context): [string, string][] {
  return requestReader(c).headers(c);
}
