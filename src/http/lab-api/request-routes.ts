// The request routes: a client "curls" a node (or, from a pod, a Service) and sees what happened.
import { Hono, type Context } from 'hono';
import {
  sendConnections,
  type TrafficRequest,
  type TrafficResult,
} from '../../cluster/connections';
import { badRequest } from '../../domain/apimachinery/errors';
import { setOwn } from '../../domain/apimachinery/own-property';
import { distribution } from '../../domain/stats/hit-stats';
import type { RouteDecision } from '../../domain/proxy/index';
import type { AppEnv } from '../context';
import { objectJson } from '../codecs/json';
import { jsonAnswerStatus, rawAnswer } from './raw-answer';
import { requestHeader, requestHeaders } from '../middleware/request-headers';

type Ctx = Context<AppEnv>;

export const DEFAULT_CLIENT_IP = '192.168.1.10';
export const MAX_BATCH = 10_000;
/** A dotted IPv4 address without leading zeros, as the request routes accept it. */
export const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
/** Headers that describe the call to NodePort Lab, not the simulated request. */
const OWN_HEADERS = new Set([
  'x-client-ip',
  'x-lab-id',
  'authorization',
  'content-length',
  'host',
  'connection',
]);

function portParam(c: Ctx): number {
  const text = c.req.param('port') ?? '';
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) {
    throw badRequest(`port must be an integer between 1 and 65535, got "${text}"`);
  }
  return port;
}

function countParam(c: Ctx): number {
  const text = c.req.query('count');
  if (text === undefined) return 1;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > MAX_BATCH) {
    throw badRequest(`count must be an integer between 1 and ${MAX_BATCH}, got "${text}"`);
  }
  return n;
}

/** The path the pod sees: whatever follows `/request`, or `/`. */
function podPath(c: Ctx): string {
  const marker = c.req.path.indexOf('/request');
  const rest = c.req.path.slice(marker + '/request'.length);
  return rest.startsWith('/') ? rest : '/';
}

function forwardedHeaders(c: Ctx, host: string): Record<string, string> {
  const out: Record<string, string> = { host };
  // setOwn: a header named `__proto__` is a header like any other, not the object's prototype.
  for (const [key, value] of requestHeaders(c)) if (!OWN_HEADERS.has(key)) setOwn(out, key, value);
  if (!out['user-agent']) out['user-agent'] = 'curl/8.5.0';
  if (!out.accept) out.accept = '*/*';
  return out;
}

function wantsRaw(c: Ctx): boolean {
  if (c.req.query('raw') === '1' || c.req.query('raw') === 'true') return true;
  const accept = requestHeader(c, 'accept') ?? '';
  return /text\/(plain|html)/.test(accept) && !/application\/json/.test(accept);
}

function httpStatus(d: RouteDecision): number {
  if (d.outcome === 'ok') return d.response?.status ?? 200;
  return d.outcome === 'timeout' ? 504 : 502;
}

function answer(c: Ctx, { decisions, hits }: TrafficResult, request: object): Response {
  const first = decisions[0]!;
  if (decisions.length > 1) {
    const outcomes: Record<string, number> = {};
    for (const d of decisions) outcomes[d.outcome] = (outcomes[d.outcome] ?? 0) + 1;
    const counts = hits.map((h) => ({
      pod: h.pod,
      node: h.node,
      entryNode: h.entryNode,
      podIP: h.podIp,
      hits: h.count,
    }));
    return c.json({
      request,
      count: decisions.length,
      outcomes,
      distribution: distribution(counts),
      first,
    });
  }
  const status = httpStatus(first);
  if (wantsRaw(c)) {
    if (first.outcome !== 'ok' || !first.response) {
      const text = `${first.curlError ?? first.message}\n`;
      return rawAnswer(status, { 'Content-Type': 'text/plain; charset=utf-8' }, text);
    }
    return rawAnswer(status, first.response.headers, first.response.body);
  }
  // The fields around kube-proxy's decision repeat for every answer through the same rule.
  return new Response(objectJson(first, `{"request":${JSON.stringify(request)},`, 'proxy'), {
    status: jsonAnswerStatus(status),
    headers: { 'content-type': 'application/json' },
  });
}

async function external(c: Ctx): Promise<Response> {
  const ip = c.req.param('ip') ?? '';
  if (!IPV4.test(ip)) throw badRequest(`ip must be an IPv4 address, got "${ip}"`);
  const port = portParam(c);
  const clientIp = c.req.query('clientIp') ?? requestHeader(c, 'x-client-ip') ?? DEFAULT_CLIENT_IP;
  if (!IPV4.test(clientIp)) throw badRequest(`clientIp must be an IPv4 address, got "${clientIp}"`);
  const request = {
    ip,
    port,
    clientIp,
    method: c.req.method,
    path: podPath(c),
    headers: forwardedHeaders(c, `${ip}:${port}`),
  };
  const traffic: TrafficRequest = { scope: 'external', request };
  const result = await sendConnections(c.get('cluster'), c.get('labId'), traffic, countParam(c));
  return answer(c, result, { ip, port, clientIp, method: request.method, path: request.path });
}

async function inCluster(c: Ctx): Promise<Response> {
  const host = c.req.param('host') ?? '';
  const port = portParam(c);
  const request = {
    host,
    port,
    method: c.req.method,
    path: podPath(c),
    headers: forwardedHeaders(c, port === 80 ? host : `${host}:${port}`),
    ...optional('clientPodIp', c.req.query('clientPodIp')),
    ...optional('sourceNamespace', c.req.query('namespace')),
    ...optional('sourceNode', c.req.query('sourceNode')),
  };
  const traffic: TrafficRequest = { scope: 'cluster', request };
  const result = await sendConnections(c.get('cluster'), c.get('labId'), traffic, countParam(c));
  return answer(c, result, { host, port, method: request.method, path: request.path });
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Record<K, string>) : {};
}

export const trafficRoutes = new Hono<AppEnv>()
  .all('/nodes/:ip/:port/request', external)
  .all('/nodes/:ip/:port/request/*', external)
  .all('/cluster/:host/:port/request', inCluster)
  .all('/cluster/:host/:port/request/*', inCluster);
