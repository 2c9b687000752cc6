// The page's only way to the server: the public API, with the visitor's token as a Bearer header
// (kept in sessionStorage: never in a URL, never in a cookie a simulated pod answer could read).

const TOKEN_KEY = 'nodeport-lab-token';

export function storedToken(): string | undefined {
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

export function storeToken(token: string | undefined): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** A Kubernetes Status cause: the field it is about, and the message. */
export interface Cause {
  reason?: string;
  message?: string;
  field?: string;
}

/** A non-2xx answer, with the Status object's message and causes when it sent one. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly causes: Cause[],
    readonly body: unknown,
  ) {
    super(message);
  }
}

/** The lab the page looks at: `/ui/labs/<id>` names it; '' means the default (or the token's). */
export const pageLab: string = document.getElementById('app')?.dataset['lab'] ?? '';

export function headers(extra: Record<string, string> = {}): Headers {
  const h = new Headers({ Accept: 'application/json', ...extra });
  const token = storedToken();
  if (token) h.set('Authorization', `Bearer ${token}`);
  if (pageLab) h.set('X-Lab-Id', pageLab);
  return h;
}

/** Sends one request; answers the parsed JSON, or throws ApiFailure with the Status it got. */
export async function api<T>(
  method: string,
  path: string,
  body?: { type: string; text: string },
  okStatuses: number[] = [],
): Promise<T> {
  const init: RequestInit = {
    method,
    headers: headers(body ? { 'Content-Type': body.type } : {}),
    credentials: 'omit',
    cache: 'no-store',
  };
  if (body) init.body = body.text;
  const res = await fetch(path, init);
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (res.ok || okStatuses.includes(res.status)) return json as T;
  const status = (json ?? {}) as { message?: unknown; details?: { causes?: Cause[] } };
  const message = typeof status.message === 'string' ? status.message : `HTTP ${res.status}`;
  throw new ApiFailure(res.status, message, status.details?.causes ?? [], json);
}

export const get = <T>(path: string) => api<T>('GET', path);

/** A request whose every status is an answer (the request route: the pod's status, 502, 504). */
export async function answerOf<T>(path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(path, { headers: headers(), credentials: 'omit', cache: 'no-store' });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiFailure(res.status, text || `HTTP ${res.status}`, [], undefined);
  }
  const b = body as { kind?: unknown; message?: unknown; details?: { causes?: Cause[] } };
  if (b.kind === 'Status' && !res.ok) {
    const message = typeof b.message === 'string' ? b.message : `HTTP ${res.status}`;
    throw new ApiFailure(res.status, message, b.details?.causes ?? [], body);
  }
  return { status: res.status, body: body as T };
}
