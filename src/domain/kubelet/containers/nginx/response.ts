// How nginx shapes a response: header order, add_header rules, built-in pages, `return` semantics.
import { setOwn } from '../../../apimachinery/own-property';
import { byteLength, httpDate } from '../http-message';
import { nginxErrorPage, NGINX_VERSION } from './pages';
import type { ReturnAction, Settings } from './servers';
import { interpolate, requestHost, type NginxVariableContext } from './variables';
import type { PodResponse } from '../http-message';

/** Codes for which add_header applies without `always` (ngx_http_headers_filter). */
const ADD_HEADER_CODES = new Set([200, 201, 204, 206, 301, 302, 303, 304, 307, 308]);
const REDIRECT_CODES = new Set([301, 302, 303, 307, 308]);

/** Optional parts of a response nginx is about to send. */
export interface ResponseParts {
  status: number;
  body: string;
  contentType?: string;
  file?: { mtime: Date; size: number };
  location?: string;
}

/** Assembles status, headers (in nginx's order) and body; HEAD gets the headers only. */
export function nginxResponse(
  parts: ResponseParts,
  s: Settings,
  v: NginxVariableContext,
): PodResponse {
  const headers: Record<string, string> = {
    Server: `nginx/${NGINX_VERSION}`,
    Date: httpDate(v.now),
  };
  if (parts.contentType !== undefined) headers['Content-Type'] = parts.contentType;
  headers['Content-Length'] = String(byteLength(parts.body));
  if (parts.file) headers['Last-Modified'] = httpDate(parts.file.mtime);
  headers['Connection'] = 'keep-alive';
  if (parts.location !== undefined) headers['Location'] = parts.location;
  if (parts.file) {
    const secs = Math.floor(parts.file.mtime.getTime() / 1000);
    headers['ETag'] = `"${secs.toString(16)}-${parts.file.size.toString(16)}"`;
    headers['Accept-Ranges'] = 'bytes';
  }
  for (const h of s.addHeaders ?? []) {
    if (h.always || ADD_HEADER_CODES.has(parts.status))
      setOwn(headers, h.name, interpolate(h.value, v));
  }
  const head = v.request.method.toUpperCase() === 'HEAD';
  return { status: parts.status, headers, body: head ? '' : parts.body };
}

/** nginx's own page for `status` (404, 405, 403...), sent as text/html. */
export function errorResponse(
  status: number,
  s: Settings,
  v: NginxVariableContext,
  location?: string,
): PodResponse {
  const body = nginxErrorPage(status);
  const redirect = location === undefined ? {} : { location };
  if (body === undefined) return nginxResponse({ status, body: '', ...redirect }, s, v);
  return nginxResponse({ status, body, contentType: 'text/html', ...redirect }, s, v);
}

/** `http://host[:port]` as nginx builds absolute redirects (the port nginx listens on, not the nodePort). */
export function absoluteBase(v: NginxVariableContext): string {
  return `http://${requestHost(v)}${v.port === 80 ? '' : `:${v.port}`}`;
}

/** Content-Type for a URI: by extension from `types`, else default_type (nginx's built-in is text/plain). */
export function contentTypeFor(uri: string, s: Settings, mimeTypes: Map<string, string>): string {
  const ext = /\.([^./]+)$/.exec(uri)?.[1]?.toLowerCase();
  return (ext === undefined ? undefined : mimeTypes.get(ext)) ?? s.defaultType ?? 'text/plain';
}

/** Executes `return`: text answered exactly (variables interpolated), URLs as redirects, bare codes as pages. */
export function returnResponse(
  ret: ReturnAction,
  uri: string,
  s: Settings,
  v: NginxVariableContext,
  mimeTypes: Map<string, string>,
): PodResponse {
  const { code, text } = ret;
  if (text !== undefined && REDIRECT_CODES.has(code)) {
    const target = interpolate(text, v);
    const location = target.startsWith('/') ? absoluteBase(v) + target : target;
    return nginxResponse(
      { status: code, body: nginxErrorPage(code) ?? '', contentType: 'text/html', location },
      s,
      v,
    );
  }
  if (text !== undefined) {
    return nginxResponse(
      { status: code, body: interpolate(text, v), contentType: contentTypeFor(uri, s, mimeTypes) },
      s,
      v,
    );
  }
  if (code >= 300) return errorResponse(code, s, v);
  return nginxResponse(
    { status: code, body: '', contentType: contentTypeFor(uri, s, mimeTypes) },
    s,
    v,
  );
}
