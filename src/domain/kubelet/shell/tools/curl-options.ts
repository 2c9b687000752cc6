// curl's command line: the options the lab simulates, combined short flags (-sS, -sI, -so FILE),
// and curl's own words for what it refuses (exit 2: usage; 3: bad URL; 1: unsupported protocol).

export interface CurlOptions {
  url?: string;
  silent: boolean;
  showError: boolean;
  verbose: boolean;
  include: boolean;
  head: boolean;
  fail: boolean;
  output?: string;
  writeOut?: string;
  maxTime?: number;
  method?: string;
  headers: [string, string][];
  data?: string;
  userAgent?: string;
}

export type CurlParse =
  { ok: true; options: CurlOptions } | { ok: false; stderr: string; exitCode: number };

const TRY = "curl: try 'curl --help' or 'curl --manual' for more information\n";

/** Options that take a value, by their short and long names. */
const VALUED: Record<string, keyof CurlOptions | 'header' | 'ignore'> = {
  o: 'output',
  '--output': 'output',
  w: 'writeOut',
  '--write-out': 'writeOut',
  m: 'maxTime',
  '--max-time': 'maxTime',
  '--connect-timeout': 'maxTime',
  X: 'method',
  '--request': 'method',
  H: 'header',
  '--header': 'header',
  d: 'data',
  '--data': 'data',
  '--data-raw': 'data',
  '--data-binary': 'data',
  A: 'userAgent',
  '--user-agent': 'userAgent',
  '--retry': 'ignore',
  '--resolve': 'ignore',
  u: 'ignore',
  '--user': 'ignore',
};

/** Flags without a value. */
const FLAGS: Record<string, keyof CurlOptions | 'ignore'> = {
  s: 'silent',
  '--silent': 'silent',
  S: 'showError',
  '--show-error': 'showError',
  v: 'verbose',
  '--verbose': 'verbose',
  i: 'include',
  '--include': 'include',
  I: 'head',
  '--head': 'head',
  f: 'fail',
  '--fail': 'fail',
  L: 'ignore',
  '--location': 'ignore',
  k: 'ignore',
  '--insecure': 'ignore',
  '4': 'ignore',
  '--ipv4': 'ignore',
  '--http1.1': 'ignore',
  N: 'ignore',
  '--no-buffer': 'ignore',
};

function setValue(o: CurlOptions, key: string, value: string): string | undefined {
  if (key === 'ignore') return undefined;
  if (key === 'header') {
    const colon = value.indexOf(':');
    if (colon > 0) o.headers.push([value.slice(0, colon).trim(), value.slice(colon + 1).trim()]);
    return undefined;
  }
  if (key === 'maxTime') {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0)
      return `curl: option --max-time: expected a proper numerical parameter\n${TRY}`;
    o.maxTime = n;
    return undefined;
  }
  if (key === 'data') o.data = o.data === undefined ? value : `${o.data}&${value}`;
  else (o as unknown as Record<string, string>)[key] = value;
  return undefined;
}

/** Parses curl's arguments; the last URL given wins (curl fetches each; the lab fetches one). */
export function parseCurlArgs(args: readonly string[]): CurlParse {
  const o: CurlOptions = {
    silent: false,
    showError: false,
    verbose: false,
    include: false,
    head: false,
    fail: false,
    headers: [],
  };
  if (args.length === 0) return { ok: false, stderr: TRY, exitCode: 2 };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('--')) {
      const [name, inline] = a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
      if (Object.hasOwn(FLAGS, name!)) {
        const key = FLAGS[name!]!;
        if (key !== 'ignore') (o as unknown as Record<string, boolean>)[key] = true;
        continue;
      }
      if (!Object.hasOwn(VALUED, name!))
        return { ok: false, stderr: `curl: option ${a}: is unknown\n${TRY}`, exitCode: 2 };
      const value = inline ?? args[++i];
      if (value === undefined)
        return {
          ok: false,
          stderr: `curl: option ${name}: requires parameter\n${TRY}`,
          exitCode: 2,
        };
      const err = setValue(o, VALUED[name!]!, value);
      if (err) return { ok: false, stderr: err, exitCode: 2 };
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const f = a[j]!;
        if (Object.hasOwn(FLAGS, f)) {
          const key = FLAGS[f]!;
          if (key !== 'ignore') (o as unknown as Record<string, boolean>)[key] = true;
          continue;
        }
        if (!Object.hasOwn(VALUED, f))
          return { ok: false, stderr: `curl: option -${f}: is unknown\n${TRY}`, exitCode: 2 };
        const value = a.slice(j + 1) || args[++i];
        if (value === undefined)
          return {
            ok: false,
            stderr: `curl: option -${f}: requires parameter\n${TRY}`,
            exitCode: 2,
          };
        const err = setValue(o, VALUED[f]!, value);
        if (err) return { ok: false, stderr: err, exitCode: 2 };
        break;
      }
      continue;
    }
    o.url = a;
  }
  if (o.url === undefined)
    return { ok: false, stderr: `curl: no URL specified\n${TRY}`, exitCode: 2 };
  return { ok: true, options: o };
}

export interface ParsedUrl {
  scheme: string;
  host: string;
  port: number;
  path: string;
}

/** A URL as curl reads it: scheme optional (http), port by scheme, path `/` when absent. */
export function parseUrl(url: string): ParsedUrl | { error: string; exitCode: number } {
  const m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?([^/:?#]*)(?::([^/?#]*))?([^#]*)/.exec(url);
  const scheme = (m?.[1] ?? 'http').toLowerCase();
  if (scheme !== 'http' && scheme !== 'https')
    return { error: `curl: (1) Protocol "${scheme}" not supported\n`, exitCode: 1 };
  const host = m?.[2] ?? '';
  if (host === '')
    return { error: 'curl: (3) URL rejected: No host part in the URL\n', exitCode: 3 };
  const portText = m?.[3];
  const port =
    portText === undefined || portText === '' ? (scheme === 'https' ? 443 : 80) : Number(portText);
  if (!/^\d*$/.test(portText ?? '') || port > 65535)
    return {
      error: 'curl: (3) URL rejected: Port number was not a decimal number between 0 and 65535\n',
      exitCode: 3,
    };
  const rest = m?.[4] ?? '';
  return { scheme, host, port, path: rest.startsWith('/') ? rest : `/${rest}` };
}
