// The zod schemas of grading checks: what POST /labs/:id/checks accepts, one schema per type.
import { z } from 'zod';
import type { Check, CheckType } from '../../domain/grading/index';
import { DEFAULT_EVEN_REQUESTS, parseFieldPath } from '../../domain/grading/index';
import { LAB_QUOTA } from '../../domain/registry/quota';
import { RESOURCE_TYPES } from '../../domain/apimachinery/resources';
import { issuePath } from './json-body';
import { DebugStep } from '../../schema/lab/debug';

/** At most this many checks per call, and simulated requests over all of them. */
export const MAX_CHECKS = 100;
export const MAX_SIMULATED_REQUESTS = 20_000;

/** A strict object: a misspelt parameter is an error, not a silently ignored field. */
const strictObject = <T extends z.ZodRawShape>(shape: T) => z.object(shape).strict();

const KINDS = [...new Set(RESOURCE_TYPES.map((t) => t.kind))].sort();

const common = {
  id: z
    .string()
    .regex(/^[A-Za-z0-9][-A-Za-z0-9_.]{0,62}$/, 'must be 1-63 letters, digits, "-", "_" or "."'),
  points: z.number().min(0).max(1000),
  hint: z.string().max(1000).optional(),
};
const kind = z.enum(KINDS as [string, ...string[]]);
const name = z.string().min(1).max(253);
const namespace = z.string().min(1).max(63).optional();
const port = z.number().int().min(1).max(65535);
const target = {
  address: z.string().min(1).max(253),
  port,
  path: z.string().startsWith('/').max(2048).optional(),
  from: z.enum(['outside', 'cluster']).optional(),
  clientIp: z.ipv4().optional(),
  fromPod: z.string().min(1).max(317).optional(),
};

/** Every check type's schema, strict: a misspelt parameter is an error, not a silent default. */
export const CHECK_SCHEMAS: Record<CheckType, z.ZodType> = {
  objectExists: strictObject({ ...common, type: z.literal('objectExists'), kind, namespace, name }),
  fieldEquals: strictObject({
    ...common,
    type: z.literal('fieldEquals'),
    kind,
    namespace,
    name,
    path: z.string().refine((p) => parseFieldPath(p) !== undefined, {
      message: 'must be a field path like spec.ports[0].nodePort',
    }),
    value: z.unknown().refine((v) => v !== undefined, { message: 'Required' }),
  }),
  serviceExposes: strictObject({
    ...common,
    type: z.literal('serviceExposes'),
    service: name,
    namespace,
    serviceType: z.enum(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']).optional(),
    port: port.optional(),
    targetPort: z.union([port, z.string().min(1).max(15)]).optional(),
    nodePort: port.optional(),
  }),
  readyEndpoints: strictObject({
    ...common,
    type: z.literal('readyEndpoints'),
    service: name,
    namespace,
    min: z.number().int().min(0).max(LAB_QUOTA.pods),
  }),
  reachable: strictObject({
    ...common,
    ...target,
    address: target.address.optional(),
    addressFrom: strictObject({
      configMap: name,
      namespace,
      key: z.string().regex(/^[-._a-zA-Z0-9]{1,253}$/, 'must be a ConfigMap key'),
    }).optional(),
    fromNamespace: namespace,
    type: z.literal('reachable'),
    bodyContains: z.string().max(1000).optional(),
    status: z.number().int().min(100).max(599).optional(),
    requests: z.number().int().min(1).max(LAB_QUOTA.requestsPerBatch).optional(),
  })
    .refine((c) => (c.address === undefined) !== (c.addressFrom === undefined), {
      message: 'give exactly one of address and addressFrom',
      path: ['address'],
    })
    .refine((c) => c.fromNamespace === undefined || c.from === 'cluster', {
      message: 'fromNamespace needs from: cluster (the namespace of the calling pod)',
      path: ['fromNamespace'],
    }),
  unreachable: strictObject({
    ...common,
    ...target,
    type: z.literal('unreachable'),
    requests: z.number().int().min(1).max(LAB_QUOTA.requestsPerBatch).optional(),
  }),
  distinctPods: strictObject({
    ...common,
    ...target,
    type: z.literal('distinctPods'),
    requests: z.number().int().min(1).max(LAB_QUOTA.requestsPerBatch),
    min: z.number().int().min(1).max(LAB_QUOTA.pods),
  }),
  evenDistribution: strictObject({
    ...common,
    type: z.literal('evenDistribution'),
    service: name,
    namespace,
    port: port.optional(),
    requests: z.number().int().min(10).max(LAB_QUOTA.requestsPerBatch).optional(),
    tolerance: z.number().min(0).max(1),
  }),
  firewallAllows: strictObject({
    ...common,
    type: z.literal('firewallAllows'),
    port,
    protocol: z.enum(['TCP', 'UDP']).optional(),
    clientIp: z.ipv4().optional(),
    allowed: z.boolean(),
  }),
  serviceDebug: strictObject({
    ...common,
    type: z.literal('serviceDebug'),
    service: name,
    namespace,
    address: z.ipv4().optional(),
    port: port.optional(),
    clientIp: z.ipv4().optional(),
    step: DebugStep.shape.step.optional(),
  }),
};

export interface CheckProblem {
  field: string;
  message: string;
}

function checkProblems(raw: unknown, i: number): CheckProblem[] {
  const at = `checks[${i}]`;
  const record = raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : undefined;
  const fields = (record ?? {}) as Record<string, unknown>;
  const label = typeof fields.id === 'string' ? `${at} (id "${fields.id}")` : at;
  if (!record) return [{ field: at, message: `${label}: must be an object` }];
  const type = fields.type;
  const schema =
    typeof type === 'string' && Object.hasOwn(CHECK_SCHEMAS, type)
      ? CHECK_SCHEMAS[type as CheckType]
      : undefined;
  if (!schema) {
    const known = Object.keys(CHECK_SCHEMAS).join(', ');
    const message = `${label}: type: unsupported check type ${JSON.stringify(fields.type ?? null)}: supported types: ${known}`;
    return [{ field: `${at}.type`, message }];
  }
  const parsed = schema.safeParse(record);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => {
    const path = issuePath(issue.path) || 'check';
    return { field: `${at}.${path}`, message: `${label}: ${path}: ${issue.message}` };
  });
}

/** The checks in a body (`{"checks": [...]}` or a bare list), or every problem with them. */
export function parseChecks(body: unknown): { checks: Check[] } | { problems: CheckProblem[] } {
  const list = Array.isArray(body) ? body : (body as { checks?: unknown } | null)?.checks;
  if (!Array.isArray(list) || list.length === 0) {
    return {
      problems: [{ field: 'checks', message: 'checks: must be a non-empty list of checks' }],
    };
  }
  if (list.length > MAX_CHECKS) {
    return {
      problems: [
        {
          field: 'checks',
          message: `checks: at most ${MAX_CHECKS} checks per call, got ${list.length}`,
        },
      ],
    };
  }
  const problems = list.flatMap(checkProblems);
  const seen = new Set<string>();
  list.forEach((c: { id?: unknown }, i) => {
    if (typeof c?.id !== 'string') return;
    if (seen.has(c.id))
      problems.push({
        field: `checks[${i}].id`,
        message: `checks[${i}] (id "${c.id}"): id: Duplicate value: "${c.id}"`,
      });
    seen.add(c.id);
  });
  if (problems.length > 0) return { problems };
  const checks = list as Check[];
  const requests = checks.reduce((n, c) => n + simulatedRequests(c), 0);
  if (requests > MAX_SIMULATED_REQUESTS) {
    const message = `checks: they would simulate ${requests} requests, at most ${MAX_SIMULATED_REQUESTS} per call`;
    return { problems: [{ field: 'checks', message }] };
  }
  return { checks };
}

function simulatedRequests(c: Check): number {
  if (c.type === 'reachable' || c.type === 'unreachable') return c.requests ?? 1;
  if (c.type === 'distinctPods') return c.requests;
  if (c.type === 'evenDistribution') return c.requests ?? DEFAULT_EVEN_REQUESTS;
  return 0;
}
