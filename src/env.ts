// The Node server's settings, parsed once from the environment; nothing else reads process.env.
import { z } from 'zod';

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  /**
   * The https listener kubectl is pointed at (so it sends the lab token); `off` disables it.
   * Its self-signed certificate is made at first start beside DATABASE_PATH.
   */
  HTTPS_PORT: z
    .string()
    .default('8443')
    .pipe(
      z.union([
        z.literal('off').transform(() => undefined),
        z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(0).max(65535)),
      ]),
    ),
  DATABASE_PATH: z.string().min(1).default('./data/nodeport-lab.db'),
  /** Guards the admin routes and every lab; unset (or empty): open mode, as on a laptop. */
  ADMIN_TOKEN: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(1).optional()),
});

export type Env = z.infer<typeof EnvSchema>;

/** Parses `source`; on a bad value throws an Error that names each offending variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  throw new Error(`invalid environment: ${problems}`);
}
