// The access-line formats: nginx's `main` (`combined` plus "$http_x_forwarded_for"), httpd's
// `common`, http-echo's own; and the last line a logging server made, which a line made of the
// same inputs reuses.
import type { LoggingServer } from '../../proxy/endpoint-plans';
import { header, splitPath } from '../containers/http-message';
import type { ImageKind } from '../containers/images';
import { clipLine } from './container-log';
import { commonLogTime, slashTime } from './log-time';

/** The request as the container received it. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
}

/**
 * nginx's escaping of logged variables (escape=default): `"`, `\` and bytes outside printable
 * ASCII become `\xHH`, so a header cannot forge a line or a field.
 */
function nginxEscape(value: string): string {
  if (PLAIN.test(value)) return value;
  let out = '';
  for (const byte of encoder.encode(value)) {
    out +=
      byte === 0x22 || byte === 0x5c || byte < 0x20 || byte > 0x7e
        ? `\\x${byte.toString(16).toUpperCase().padStart(2, '0')}`
        : String.fromCharCode(byte);
  }
  return out;
}

/** Printable ASCII but `"` and `\`: what needs no escaping (nearly every value). */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const encoder = new TextEncoder();

const orDash = (v: string | undefined) => (v === undefined || v === '' ? '-' : v);

/** An ephemeral source port for connection `n` (Linux's 32768-60999), as the client picked it. */
function sourcePort(n: number): number {
  return 32768 + ((n * 7919) % 28232);
}

/** A logged header as nginx writes it. */
const field = (value: string | undefined) => nginxEscape(orDash(value));

export interface Served {
  kind: ImageKind;
  request: ReceivedRequest;
  remoteAddr: string;
  status: number;
  bodyBytes: number;
  time: number;
  connection: number;
  /** The headers nginx logs, as the request had them (undefined for other servers). */
  referer: string | undefined;
  userAgent: string | undefined;
  forwardedFor: string | undefined;
}

function lineFor(s: Served): string | undefined {
  const { request: r } = s;
  const requestLine = `${r.method} ${r.path} HTTP/1.1`;
  switch (s.kind) {
    case 'nginx':
      return `${s.remoteAddr} - - [${commonLogTime(s.time)}] "${nginxEscape(requestLine)}" ${s.status} ${s.bodyBytes} "${field(s.referer)}" "${field(s.userAgent)}" "${field(s.forwardedFor)}"`;
    case 'httpd':
      return `${s.remoteAddr} - - [${commonLogTime(s.time)}] "${nginxEscape(requestLine)}" ${s.status} ${s.bodyBytes || '-'}`;
    case 'http-echo': {
      // http-echo logs every path but /health (its own handler), with the URL path only.
      const { uri } = splitPath(r.path);
      if (uri === '/health') return undefined;
      const micros = 20 + (s.connection % 60) + (s.connection % 10) / 10;
      return `${slashTime(s.time)} ${header(r.headers, 'host') ?? ''} ${s.remoteAddr}:${sourcePort(s.connection)} "${r.method} ${uri} HTTP/1.1" ${s.status} ${s.bodyBytes} "${header(r.headers, 'user-agent') ?? ''}" ${micros.toFixed(1)}µs`;
    }
    default:
      return undefined;
  }
}

/**
 * A server's last nginx or httpd line and what made it (LoggingServer's `lastLine`): a line made
 * of the same (second, client, request line, status, size, logged headers) is that line's string.
 * Spread over many labs each endpoint's lines would otherwise be fresh strings, formatted and
 * then held in the old generation until the buffer's flush. http-echo's lines name the
 * connection (its source port and time taken), so they are never the same.
 */
interface LastLine {
  second: number;
  remoteAddr: string;
  method: string;
  path: string;
  status: number;
  bodyBytes: number;
  referer: string | undefined;
  userAgent: string | undefined;
  forwardedFor: string | undefined;
  text: string;
}

function sameLine(m: LastLine, s: Served, second: number): boolean {
  return (
    m.second === second &&
    m.remoteAddr === s.remoteAddr &&
    m.method === s.request.method &&
    m.path === s.request.path &&
    m.status === s.status &&
    m.bodyBytes === s.bodyBytes &&
    m.referer === s.referer &&
    m.userAgent === s.userAgent &&
    m.forwardedFor === s.forwardedFor
  );
}

/** `s`'s line, clipped: the server's last one when `s` makes the same. */
export function rememberedLine(logging: LoggingServer, s: Served): string | undefined {
  const second = Math.floor(s.time / 1000);
  const remembers = s.kind === 'nginx' || s.kind === 'httpd';
  const last = logging.lastLine as LastLine | undefined;
  if (remembers && last && sameLine(last, s, second)) return last.text;
  const line = lineFor(s);
  if (line === undefined) return undefined;
  const text = clipLine(line);
  if (remembers) {
    const { remoteAddr, status, bodyBytes, referer, userAgent, forwardedFor, request: r } = s;
    const made: LastLine = {
      second,
      remoteAddr,
      method: r.method,
      path: r.path,
      status,
      bodyBytes,
      referer,
      userAgent,
      forwardedFor,
      text,
    };
    logging.lastLine = made;
  }
  return text;
}
