// The Worker's settings, parsed once from its `env` (bindings, vars and secrets); nothing else reads it.
import type { D1Database, DurableObjectNamespace, Fetcher } from '@cloudflare/workers-types';
import { z } from 'zod';
import { systemClock, type Clock } from './cluster/lab-cluster';

/** What wrangler.toml, `wrangler secret put` and `wrangler dev --var` give the Worker. */
export interface WorkerBindings {
  DB: D1Database;
  /** One Durable Object per lab (wrangler.toml [[durable_objects.bindings]], class LabObject). */
  LABS: DurableObjectNamespace;
  /** The web page's static assets (wrangler.toml [assets]). */
  ASSETS?: Fetcher;
  ADMIN_TOKEN?: string;
  CLOCK_FROZEN_AT?: string;
}

const SettingsSchema = z.object({
  ADMIN_TOKEN: z.string().min(1).optional(),
  CLOCK_FROZEN_AT: z.iso.datetime({ offset: true }).optional(),
});

export interface WorkerSettings {
  db: D1Database;
  labs: DurableObjectNamespace;
  /** Unset means open mode: anyone may create labs, requests without X-Lab-Id use the default. */
  adminToken: string | undefined;
  /**
   * Stops wall time at this instant (labs still move with POST /cluster/clock): for tests and
   * replays that must print the same timestamps and ages on every run. Unset in production.
   */
  clockFrozenAt: Date | undefined;
}

/** Checks the bindings; on a missing DB or a bad value throws an Error that names each problem. */
export function parseWorkerEnv(env: WorkerBindings): WorkerSettings {
  if (!env.DB) throw new Error('invalid Worker env: DB: the D1 binding is missing (wrangler.toml)');
  if (!env.LABS) {
    throw new Error(
      'invalid Worker env: LABS: the Durable Object binding is missing (wrangler.toml)',
    );
  }
  const result = SettingsSchema.safeParse({
    ADMIN_TOKEN: env.ADMIN_TOKEN || undefined,
    CLOCK_FROZEN_AT: env.CLOCK_FROZEN_AT || undefined,
  });
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid Worker env: ${problems}`);
  }
  const { ADMIN_TOKEN, CLOCK_FROZEN_AT } = result.data;
  return {
    db: env.DB,
    labs: env.LABS,
    adminToken: ADMIN_TOKEN,
    clockFrozenAt: CLOCK_FROZEN_AT ? new Date(CLOCK_FROZEN_AT) : undefined,
  };
}

/** Wall time, or the frozen instant CLOCK_FROZEN_AT names. */
export function clockOf(settings: WorkerSettings): Clock {
  const frozen = settings.clockFrozenAt;
  return frozen ? { now: () => new Date(frozen) } : systemClock;
}
