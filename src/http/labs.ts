// Labs: isolated clusters. Open mode (no ADMIN_TOKEN) lets anyone create one and pick it with
// the X-Lab-Id header; tokens and grading arrive with the labs issue.
import { Hono } from 'hono';
import { z } from 'zod';
import { DEFAULT_SETTINGS, type ClusterSettings } from '../domain/cluster-state';
import { badRequest } from '../domain/errors';
import { parsePortRange } from '../domain/port-allocator';
import type { AppEnv } from './context';

export const CreateLabRequest = z
  .object({
    name: z.string().min(1).max(63).optional(),
    seed: z.number().int().min(0).max(0xffffffff).optional(),
    proxyMode: z.enum(['iptables', 'ipvs', 'nftables']).optional(),
    nodePortRange: z.string().optional(),
  })
  .strict();

function randomLabId(): string {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return `lab-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export const labRoutes = new Hono<AppEnv>().post('/labs', async (c) => {
  const text = await c.req.text();
  let raw: unknown = {};
  try {
    raw = text.trim() ? JSON.parse(text) : {};
  } catch (e) {
    throw badRequest(`error parsing JSON: ${(e as Error).message}`);
  }
  const parsed = CreateLabRequest.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badRequest(
      `invalid lab request: ${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const body = parsed.data;
  if (body.nodePortRange) {
    try {
      parsePortRange(body.nodePortRange);
    } catch (e) {
      throw badRequest(`invalid nodePortRange: ${(e as Error).message}`);
    }
  }
  const id = randomLabId();
  const settings: ClusterSettings = {
    ...DEFAULT_SETTINGS,
    ...(body.seed !== undefined ? { seed: body.seed } : {}),
    ...(body.proxyMode ? { proxyMode: body.proxyMode } : {}),
    ...(body.nodePortRange ? { nodePortRange: body.nodePortRange } : {}),
  };
  await c.var.cluster.ensureLab(id, body.name ?? id, settings);
  const state = await c.var.cluster.state(id);
  const nodes = state.objects
    .filter((o) => o.kind === 'Node')
    .map((n) => ({
      name: n.metadata.name,
      ip: (n.status as { addresses?: { type: string; address: string }[] }).addresses?.find(
        (a) => a.type === 'InternalIP',
      )?.address,
    }));
  return c.json({ id, name: body.name ?? id, settings, nodes }, 201);
});
