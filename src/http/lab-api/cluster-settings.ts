// GET/PATCH /cluster and POST /cluster/clock: kube-proxy mode, seed and the lab's clock.
import { Hono } from 'hono';
import { z } from 'zod';
import { badRequest } from '../../domain/apimachinery/errors';
import { advancedOffset, clockOffset, MAX_CLOCK_ADVANCE_SECONDS } from '../../domain/lab/clock';
import { KUBERNETES_MINORS, kubernetesMinorOf } from '../../domain/lab/kubernetes-versions';
import { trafficView } from '../../cluster/connections';
import type { ClockResult, ClusterInfo, ClusterPatchResult } from '../../schema/lab/answers';
import type { AppEnv } from '../context';

export const ClusterPatch = z
  .object({
    proxyMode: z.enum(['iptables', 'ipvs', 'nftables']).optional(),
    seed: z.number().int().min(0).max(0xffffffff).optional(),
    kubernetesVersion: z.enum(KUBERNETES_MINORS).optional(),
  })
  .strict();

export const ClockAdvance = z
  .object({
    advanceSeconds: z.number().int().min(0).max(MAX_CLOCK_ADVANCE_SECONDS),
  })
  .strict();

async function jsonBody<T>(schema: z.ZodType<T>, text: string): Promise<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(text || '{}');
  } catch (e) {
    throw badRequest(`error parsing JSON: ${(e as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badRequest(`${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

export const clusterSettingsRoutes = new Hono<AppEnv>()
  .get('/cluster', async (c) => {
    const state = await c.var.cluster.state(c.var.labId);
    const { proxyMode, seed, nodePortRange, serviceCIDR } = state.settings;
    return c.json({
      lab: c.var.labId,
      nodes: trafficView(state).nodes,
      proxyMode,
      seed,
      nodePortRange,
      serviceCIDR,
      clock: c.var.cluster.labNow(state.settings).toISOString(),
      clockOffsetSeconds: clockOffset(state.settings.clockOffsetSeconds),
      kubernetesVersion: kubernetesMinorOf(state.settings),
    } satisfies ClusterInfo);
  })
  .patch('/cluster', async (c) => {
    const patch = await jsonBody(ClusterPatch, await c.req.text());
    const state = await c.var.cluster.state(c.var.labId);
    const settings = {
      ...state.settings,
      ...(patch.proxyMode ? { proxyMode: patch.proxyMode } : {}),
      ...(patch.seed !== undefined ? { seed: patch.seed } : {}),
      ...(patch.kubernetesVersion ? { kubernetesVersion: patch.kubernetesVersion } : {}),
    };
    await c.var.cluster.store.updateSettings(c.var.labId, settings);
    return c.json({
      proxyMode: settings.proxyMode,
      seed: settings.seed,
      kubernetesVersion: kubernetesMinorOf(settings),
    } satisfies ClusterPatchResult);
  })
  .post('/cluster/clock', async (c) => {
    const { advanceSeconds } = await jsonBody(ClockAdvance, await c.req.text());
    const state = await c.var.cluster.state(c.var.labId);
    const settings = {
      ...state.settings,
      clockOffsetSeconds: advancedOffset(state.settings.clockOffsetSeconds, advanceSeconds),
    };
    await c.var.cluster.store.updateSettings(c.var.labId, settings);
    return c.json({
      clock: c.var.cluster.labNow(settings).toISOString(),
      clockOffsetSeconds: settings.clockOffsetSeconds,
    } satisfies ClockResult);
  });
