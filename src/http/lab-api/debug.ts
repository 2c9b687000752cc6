// GET /debug/services/:namespace/:name and GET /debug/connections/:ip/:port: the Service debugger
// (Kubernetes' "Debug Services" checklist) on the lab's state, for a Service or a connection.
import { Hono, type Context } from 'hono';
import { badRequest } from '../../domain/apimachinery/errors';
import { debugConnection, debugService } from '../../domain/debug/checklist';
import type { DebugContext, DebugInput } from '../../domain/debug/types';
import { trafficView } from '../../cluster/connections';
import type { DebugReport } from '../../schema/lab/debug';
import type { AppEnv } from '../context';
import { DEFAULT_CLIENT_IP, IPV4 } from './request-routes';

function ipQuery(c: Context<AppEnv>, name: string, fallback?: string): string | undefined {
  const value = c.req.query(name) ?? fallback;
  if (value !== undefined && !IPV4.test(value)) {
    throw badRequest(`${name} must be an IPv4 address, got "${value}"`);
  }
  return value;
}

function portOf(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port < 1 || port > 65535) {
    throw badRequest(`${name} must be a port number (1-65535), got "${text}"`);
  }
  return port;
}

async function inputOf(c: Context<AppEnv>): Promise<DebugInput> {
  const state = await c.var.cluster.state(c.var.labId);
  const { firewall, nodePortRange } = state.settings;
  return { view: trafficView(state), firewall, nodePortRange };
}

export const debugRoutes = new Hono<AppEnv>()
  .get('/debug/services/:namespace/:name', async (c) => {
    const ctx: DebugContext = { clientIp: ipQuery(c, 'clientIp', DEFAULT_CLIENT_IP)! };
    const ip = ipQuery(c, 'ip');
    const port = portOf(c.req.query('port'), 'port');
    if (ip !== undefined) ctx.ip = ip;
    if (port !== undefined) ctx.port = port;
    const report = debugService(
      await inputOf(c),
      c.req.param('namespace'),
      c.req.param('name'),
      ctx,
    );
    return c.json(report satisfies DebugReport);
  })
  .get('/debug/connections/:ip/:port', async (c) => {
    const ip = c.req.param('ip');
    if (!IPV4.test(ip)) throw badRequest(`ip must be an IPv4 address, got "${ip}"`);
    const port = portOf(c.req.param('port'), 'port')!;
    const clientIp = ipQuery(c, 'clientIp', DEFAULT_CLIENT_IP)!;
    const report = debugConnection(await inputOf(c), { ip, port, clientIp });
    return c.json(report satisfies DebugReport);
  });
