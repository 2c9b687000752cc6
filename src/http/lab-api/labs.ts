// Labs: isolated clusters, each with its token. Creating, listing, deleting labs and rotating
// tokens take the admin token; reading and resetting a lab also its own token. Open mode (no
// ADMIN_TOKEN) lets anyone do all of it.
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { DEFAULT_SETTINGS, type ClusterSettings } from '../../domain/lab/cluster-state';
import { KUBERNETES_MINORS } from '../../domain/lab/kubernetes-versions';
import { badRequest } from '../../domain/apimachinery/errors';
import { fieldErrorText } from '../../domain/apimachinery/field-errors';
import { MAX_LAB_NODES, nodesByCount, validateNodes } from '../../domain/lab/nodes';
import { parsePortRange } from '../../domain/registry/service/port-allocator';
import { findTemplate, LAB_TEMPLATES } from '../../domain/lessons/index';
import { requireAdmin, requireLab } from '../middleware/auth';
import type { AppEnv } from '../context';
import { rawJson, validated } from './json-body';
import { Firewall, LoadBalancerPool } from '../../schema/lab/cloud';

/** Seven days: a lab outlives a week of lessons, then its rows go. */
export const DEFAULT_TTL_SECONDS = 7 * 24 * 3600;
const MAX_TTL_SECONDS = 366 * 24 * 3600;

const NodeSpec = z
  .object({
    name: z.string().min(1),
    ip: z.string().min(1),
    roles: z.array(z.string()).max(8).default([]),
  })
  .strict();

export const CreateLabRequest = z
  .object({
    name: z.string().min(1).max(63).optional(),
    nodes: z
      .union([
        z.number().int().min(1).max(MAX_LAB_NODES),
        z.array(NodeSpec).min(1).max(MAX_LAB_NODES),
      ])
      .optional(),
    seed: z.number().int().min(0).max(0xffffffff).optional().meta({
      description:
        'The seed every random draw of the lab comes from (names, uids, addresses, load balancing). Default: a fresh random seed, stored with the lab so it replays.',
    }),
    proxyMode: z.enum(['iptables', 'ipvs', 'nftables']).optional(),
    nodePortRange: z.string().optional(),
    kubernetesVersion: z.enum(KUBERNETES_MINORS).optional(),
    firewall: Firewall.nullable().optional(),
    loadBalancerPool: LoadBalancerPool.optional(),
    template: z.string().optional(),
    ttlSeconds: z.number().int().min(1).max(MAX_TTL_SECONDS).optional(),
  })
  .strict();

type CreateLab = z.infer<typeof CreateLabRequest>;

/**
 * A fresh seed for a lab that names none, from the platform's CSPRNG (Node and Workers alike), so
 * students do not all get the same pod names and clusterIPs. It is stored with the lab's settings,
 * so the lab still replays (and resets) exactly; the domain only ever sees the number.
 */
function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]!;
}

function lessonCloud(template: string | undefined): Partial<ClusterSettings> {
  const cloud = template === undefined ? undefined : findTemplate(template)?.cloud;
  return {
    ...(cloud?.firewall ? { firewall: cloud.firewall } : {}),
    ...(cloud?.loadBalancerPool ? { loadBalancerPool: cloud.loadBalancerPool } : {}),
  };
}

function settingsOf(body: CreateLab): ClusterSettings {
  if (body.nodePortRange) {
    try {
      parsePortRange(body.nodePortRange);
    } catch (e) {
      throw badRequest(`invalid nodePortRange: ${(e as Error).message}`);
    }
  }
  return {
    ...DEFAULT_SETTINGS,
    seed: body.seed ?? randomSeed(),
    ...(body.proxyMode ? { proxyMode: body.proxyMode } : {}),
    ...(body.nodePortRange ? { nodePortRange: body.nodePortRange.trim() } : {}),
    ...(body.kubernetesVersion ? { kubernetesVersion: body.kubernetesVersion } : {}),
    // The lesson's cloud first; what the instructor sends wins.
    ...lessonCloud(body.template),
    ...(body.firewall !== undefined ? { firewall: body.firewall } : {}),
    ...(body.loadBalancerPool ? { loadBalancerPool: body.loadBalancerPool } : {}),
  };
}

function nodesOf(body: CreateLab) {
  const nodes = typeof body.nodes === 'object' ? body.nodes : nodesByCount(body.nodes ?? 3);
  const errors = validateNodes(nodes);
  if (errors.length > 0) {
    const causes = errors.map((e) => ({ reason: e.type, message: e.body, field: e.field }));
    throw badRequest(`invalid lab request: ${fieldErrorText(errors[0]!)}`, causes);
  }
  return nodes;
}

function templateOf(body: CreateLab): string | undefined {
  if (body.template === undefined || findTemplate(body.template)) return body.template;
  const known = LAB_TEMPLATES.map((t) => `"${t.id}"`).join(', ');
  throw badRequest(`unknown template "${body.template}": known templates are ${known}`);
}

function listLimit(c: Context<AppEnv>): number {
  const text = c.req.query('limit');
  if (text === undefined) return 100;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 500) {
    throw badRequest(`limit must be an integer between 1 and 500, got "${text}"`);
  }
  return n;
}

export const labRoutes = new Hono<AppEnv>()
  .post('/labs', async (c) => {
    requireAdmin(c, 'create labs');
    const body = validated(CreateLabRequest, await rawJson(c), 'invalid lab request');
    const { lab, token } = await c.var.labs.create({
      name: body.name,
      nodes: nodesOf(body),
      settings: settingsOf(body),
      template: templateOf(body),
      ttlSeconds: body.ttlSeconds ?? DEFAULT_TTL_SECONDS,
    });
    return c.json({ ...lab, token }, 201);
  })
  .get('/labs', async (c) => {
    requireAdmin(c, 'list labs');
    return c.json(await c.var.labs.list(listLimit(c), c.req.query('continue') || undefined));
  })
  .get('/labs/:id', async (c) => {
    requireLab(c, c.req.param('id'));
    return c.json(await c.var.labs.get(c.req.param('id')));
  })
  .delete('/labs/:id', async (c) => {
    requireAdmin(c, 'delete labs');
    const id = c.req.param('id');
    await c.var.labs.remove(id);
    return c.json({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name: id, kind: 'labs' },
    });
  })
  .post('/labs/:id/reset', async (c) => {
    requireLab(c, c.req.param('id'));
    return c.json(await c.var.labs.reset(c.req.param('id')));
  })
  .post('/labs/:id/token', async (c) => {
    requireAdmin(c, 'rotate lab tokens');
    const { lab, token } = await c.var.labs.rotateToken(c.req.param('id'));
    return c.json({ id: lab.id, token });
  });
