// Authentication for every route but the public ones: the admin token, a lab's token, or open mode.
// It decides who is asking (c.var.principal) and which lab cluster routes act in (c.var.labId).
import type { Context, MiddlewareHandler } from 'hono';
import { labNotFound, type LabDirectory } from '../../cluster/labs';
import { hashToken, labIdOfToken, sameDigest } from '../../cluster/lab-tokens';
import { ApiError } from '../../domain/apimachinery/errors';
import type { AppEnv, Principal } from '../context';
import { splitLabSegment } from '../kube-api/lab-path';
import { labIdFromAuthorization } from './lab-token';
import { requestHeader } from './request-headers';
import { statusResponse } from '../status';

/** Paths anyone may read: health, API descriptions and the version (no lab behind them). */
const PUBLIC_PATH = /^\/(healthz|version|docs|openapi)(\/.*|\.[a-z]+)?$/;

export interface AuthOptions {
  /** Unset: open mode. */
  adminToken: string | undefined;
  defaultLabId: string;
  labs: LabDirectory;
}

function unauthorized(detail: string): ApiError {
  return new ApiError(401, 'Unauthorized', `Unauthorized: ${detail}`);
}

/** The bearer token of the request; undefined without an Authorization header. */
function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) throw unauthorized('the Authorization header must read "Bearer <token>"');
  return m[1];
}

interface Caller {
  principal: Principal;
  /** The lab the credential itself names (a lab token, or `lab:<id>` in open mode). */
  tokenLab?: string;
  /** tokenLab was checked to exist (a real lab token), so selecting it needs no second look. */
  verified?: boolean;
}

async function identify(
  token: string | undefined,
  authorization: string | undefined,
  adminHash: Promise<string> | undefined,
  labs: LabDirectory,
): Promise<Caller> {
  const open = adminHash === undefined;
  if (token === undefined) {
    if (open) return { principal: { role: 'admin', open } };
    throw unauthorized('send the admin token or a lab token as "Authorization: Bearer <token>"');
  }
  const alias = labIdFromAuthorization(authorization);
  if (alias !== undefined && open) return { principal: { role: 'admin', open }, tokenLab: alias };
  const hash = await hashToken(token);
  if (adminHash && sameDigest(hash, await adminHash)) return { principal: { role: 'admin', open } };
  const labId = labIdOfToken(token);
  const access = labId === undefined ? undefined : await labs.access(labId);
  if (labId === undefined || !access?.tokenHash || !sameDigest(hash, access.tokenHash)) {
    throw unauthorized('the bearer token is not valid (expired, rotated or mistyped)');
  }
  const principal: Principal = open ? { role: 'admin', open } : { role: 'lab', labId };
  return { principal, tokenLab: labId, verified: true };
}

/** Routes that name their lab in the path or act in none. */
const labFreePath = (path: string) => /^\/(labs|templates)(\/|$)/.test(path);

/** `/k8s/<lab id>/...`: the lab-scoped Kubernetes API names its lab in the path. */
const LAB_PATH = /^\/k8s\/([^/]+)/;

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The lab token a `/k8s/<token>/...` path carries (for kubectl on plain http), if any. */
function tokenInPath(path: string): string | undefined {
  const segment = LAB_PATH.exec(path)?.[1];
  return segment === undefined ? undefined : splitLabSegment(safeDecode(segment)).token;
}

/** The labs a request names itself: in its path and in X-Lab-Id (the path wins). */
function askedLabs(c: Context<AppEnv>): string[] {
  const segment = LAB_PATH.exec(c.req.path)?.[1];
  const fromPath = segment && splitLabSegment(safeDecode(segment)).labId;
  const fromHeader = requestHeader(c, 'x-lab-id') || undefined;
  return [fromPath && safeDecode(fromPath), fromHeader].filter((id): id is string => !!id);
}

/** The lab cluster routes act in; 404 for a lab the caller may not see or that is gone. */
async function selectLab(c: Context<AppEnv>, caller: Caller, options: AuthOptions) {
  const asked = askedLabs(c);
  const { principal } = caller;
  if (principal.role === 'lab') {
    const other = asked.find((id) => id !== principal.labId);
    if (other !== undefined) throw labNotFound(other);
    return principal.labId;
  }
  // The path or X-Lab-Id first, then (open mode) the lab the token names, then the default.
  const labId = asked[0] ?? caller.tokenLab ?? options.defaultLabId;
  const checked = labId === caller.tokenLab && caller.verified === true;
  if (!checked && labId !== options.defaultLabId && !labFreePath(c.req.path)) {
    if (!(await options.labs.access(labId))) throw labNotFound(labId);
  }
  return labId;
}

/** The middleware; mount it before every route. */
export function authenticate(options: AuthOptions): MiddlewareHandler<AppEnv> {
  const adminHash = options.adminToken === undefined ? undefined : hashToken(options.adminToken);
  return async (c, next) => {
    c.set('labs', options.labs);
    if (PUBLIC_PATH.test(c.req.path)) {
      c.set('principal', adminHash ? { role: 'anonymous' } : { role: 'admin', open: true });
      c.set('labId', options.defaultLabId);
      c.set('bearerToken', undefined);
      return next();
    }
    try {
      const authorization = requestHeader(c, 'authorization');
      const token = bearerToken(authorization) ?? tokenInPath(c.req.path);
      const caller = await identify(token, authorization, adminHash, options.labs);
      c.set('principal', caller.principal);
      c.set('bearerToken', token);
      c.set('labId', await selectLab(c, caller, options));
    } catch (e) {
      const res = statusResponse(e, c);
      if (e instanceof ApiError && e.code === 401) {
        res.headers.set('WWW-Authenticate', 'Bearer realm="nodeport-lab"');
      }
      return res;
    }
    return next();
  };
}

/** 403 unless the caller holds the admin token (anyone does in open mode). */
export function requireAdmin(c: Context<AppEnv>, action: string): void {
  if (c.var.principal.role !== 'admin') {
    throw new ApiError(403, 'Forbidden', `forbidden: only the admin token may ${action}`);
  }
}

/** 404, as if it did not exist, unless the caller is the admin or holds this lab's token. */
export function requireLab(c: Context<AppEnv>, labId: string): void {
  const p = c.var.principal;
  if (p.role === 'admin' || (p.role === 'lab' && p.labId === labId)) return;
  throw labNotFound(labId);
}
