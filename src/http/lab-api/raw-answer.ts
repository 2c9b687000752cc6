// A simulated pod's answer sent as the real answer (`?raw=1`, or Accept: text/html or text/plain).
// The pod is the student's: its body and headers are written by whoever holds a lab token, yet
// the answer leaves from the API's origin. So it is shown, never obeyed: the status, a viewable
// Content-Type and the body go out as they are, under a sandboxing policy (no script, no
// plugin, no form, no fetch of anything, a unique origin without our cookies); every other
// simulated header travels renamed `X-Simulated-<name>`, so Set-Cookie, Location, Refresh,
// Clear-Site-Data, CORS, CSP, HSTS, WWW-Authenticate or a hop-by-hop header (Content-Length,
// Connection) can neither act in a browser nor break the connection's framing. The JSON answer
// (the default) carries every simulated header unchanged.

/** The policy of every raw answer: inline styles only, so a student's page still looks right. */
export const RAW_ANSWER_CSP =
  "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** The prefix a simulated header other than Content-Type travels under. */
export const SIMULATED_HEADER_PREFIX = 'X-Simulated-';

/** Types a browser only displays; any other (script, CSS, SVG, XML...) is sent as text/plain. */
const VIEWABLE_TYPE =
  /^(text\/(plain|html|csv)|application\/(json|octet-stream)|image\/(png|jpeg|gif|webp))$/;

/** Statuses whose answer has no body (Fetch refuses one); outside 200-599 Fetch has none. */
const NO_BODY = new Set([204, 205, 304]);

/**
 * The HTTP status of the JSON answer (which describes the simulated one in its body): the
 * simulated status, but 200 for one that may carry no body, 502 for one Fetch cannot send.
 */
export function jsonAnswerStatus(status: number): number {
  if (status < 200 || status > 599) return 502;
  return NO_BODY.has(status) ? 200 : status;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** A header value Fetch accepts: Latin-1 without control characters (others percent-encoded). */
function headerValue(value: string): string {
  return value.replace(/[^\t\x20-\x7e\x80-\xff]/g, (ch) => encodeURIComponent(ch));
}

function essence(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

/** The real answer for a simulated one (status, headers as the simulation wrote them, body). */
export function rawAnswer(status: number, simulated: Record<string, string>, body: string) {
  const headers = new Headers({
    'Content-Security-Policy': RAW_ANSWER_CSP,
    'Referrer-Policy': 'no-referrer',
  });
  let contentType: string | undefined;
  for (const name of Object.keys(simulated)) {
    if (!TOKEN.test(name)) continue;
    const value = headerValue(simulated[name] ?? '');
    if (name.toLowerCase() === 'content-type' && contentType === undefined) contentType = value;
    else headers.append(`${SIMULATED_HEADER_PREFIX}${name}`, value);
  }
  if (contentType !== undefined && VIEWABLE_TYPE.test(essence(contentType))) {
    headers.set('Content-Type', contentType);
  } else {
    if (contentType !== undefined)
      headers.set(`${SIMULATED_HEADER_PREFIX}Content-Type`, contentType);
    headers.set('Content-Type', 'text/plain; charset=utf-8');
  }
  if (status < 200 || status > 599) {
    headers.set(`${SIMULATED_HEADER_PREFIX}Status`, String(status));
    return new Response(body, { status: 502, headers });
  }
  return new Response(NO_BODY.has(status) ? null : body, { status, headers });
}
