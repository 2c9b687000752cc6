// Response headers that keep the API's origin safe in a browser: no answer is ever sniffed into
// another type, and the HTML pages of our own (the API docs, the lab's web page) run only the
// scripts they were served with, cannot be framed, and leak no URL (lab tokens can be in paths).
import type { MiddlewareHandler } from 'hono';

/** On every answer: browsers take the Content-Type as given (no HTML or script sniffing). */
export const noSniff: MiddlewareHandler = async (c, next) => {
  await next();
  c.res.headers.set('X-Content-Type-Options', 'nosniff');
};

export interface HtmlPageOptions {
  /** Origins scripts may come from besides this one (a CDN), e.g. `https://cdn.jsdelivr.net`. */
  scriptOrigins?: readonly string[];
}

const INLINE_SCRIPT = /<script\b(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script\s*>/gi;

async function sha256Base64(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  let binary = '';
  for (const byte of new Uint8Array(digest)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * The Content-Security-Policy of one of our pages: its inline scripts are allowed by their
 * SHA-256 (so a page may be rendered per request), others only from this origin (and
 * `scriptOrigins`); no plugins, no <base>, forms post here only, no framing by anyone.
 */
export async function htmlPagePolicy(html: string, options: HtmlPageOptions = {}) {
  const hashes: string[] = [];
  for (const m of html.matchAll(INLINE_SCRIPT))
    hashes.push(`'sha256-${await sha256Base64(m[1]!)}'`);
  const scripts = ["'self'", ...(options.scriptOrigins ?? []), ...hashes].join(' ');
  return [
    "default-src 'self'",
    `script-src ${scripts}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * For the routes that serve a page of ours: an HTML answer gets the page policy above,
 * `X-Frame-Options: DENY` (browsers without frame-ancestors) and `Referrer-Policy: no-referrer`.
 */
export function htmlPage(options: HtmlPageOptions = {}): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (!/^text\/html\b/i.test(c.res.headers.get('content-type') ?? '')) return;
    const html = await c.res.text();
    const headers = new Headers(c.res.headers);
    headers.set('Content-Security-Policy', await htmlPagePolicy(html, options));
    headers.set('X-Frame-Options', 'DENY');
    headers.set('Referrer-Policy', 'no-referrer');
    c.res = new Response(html, { status: c.res.status, headers });
  };
}
