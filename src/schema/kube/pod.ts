// Pod and the pod template shared with Deployments and ReplicaSets.
import { z } from 'zod';
import { ObjectMeta, stringMap } from './meta';

export const ContainerPort = z
  .object({
    name: z.string().optional(),
    containerPort: z.number().int(),
    protocol: z.string().optional(),
    hostPort: z.number().int().optional(),
  })
  .describe('ContainerPort');

/** Quantities are kept as written ("500m", "128Mi"); the lab schedules without them. */
const quantities = z.record(z.string(), z.union([z.string(), z.number()]));

export const ResourceRequirements = z
  .object({
    limits: quantities.optional(),
    requests: quantities.optional(),
    claims: z
      .array(
        z.object({ name: z.string(), request: z.string().optional() }).describe('ResourceClaim'),
      )
      .optional(),
  })
  .describe('ResourceRequirements');

export const Container = z
  .object({
    name: z.string(),
    image: z.string().optional(),
    command: z.array(z.string()).optional(),
    args: z.array(z.string()).optional(),
    ports: z.array(ContainerPort).optional(),
    env: z
      .array(z.object({ name: z.string(), value: z.string().optional() }).describe('EnvVar'))
      .optional(),
    volumeMounts: z
      .array(
        z
          .object({
            name: z.string(),
            mountPath: z.string(),
            readOnly: z.boolean().optional(),
            subPath: z.string().optional(),
          })
          .describe('VolumeMount'),
      )
      .optional(),
    imagePullPolicy: z.string().optional(),
    resources: ResourceRequirements.optional(),
    terminationMessagePath: z.string().optional(),
    terminationMessagePolicy: z.string().optional(),
  })
  .describe('Container');
export type Container = z.infer<typeof Container>;

export const Volume = z
  .object({
    name: z.string(),
    configMap: z
      .object({
        name: z.string().optional(),
        items: z
          .array(z.object({ key: z.string(), path: z.string() }).describe('KeyToPath'))
          .optional(),
      })
      .describe('ConfigMapVolumeSource')
      .optional(),
    emptyDir: z.object({}).describe('EmptyDirVolumeSource').optional(),
  })
  .describe('Volume');

export const Toleration = z
  .object({
    key: z.string().optional(),
    operator: z.string().optional(),
    value: z.string().optional(),
    effect: z.string().optional(),
  })
  .describe('Toleration');

export const PodSpec = z
  .object({
    containers: z.array(Container).optional(),
    volumes: z.array(Volume).optional(),
    nodeName: z.string().optional(),
    nodeSelector: stringMap.optional(),
    tolerations: z.array(Toleration).optional(),
    restartPolicy: z.string().optional(),
    terminationGracePeriodSeconds: z.number().int().optional(),
    dnsPolicy: z.string().optional(),
    schedulerName: z.string().optional(),
    enableServiceLinks: z.boolean().optional(),
    /** PodSecurityContext: kept as sent (the lab runs no processes to apply it to). */
    securityContext: z.record(z.string(), z.unknown()).optional(),
  })
  .describe('PodSpec');
export type PodSpec = z.infer<typeof PodSpec>;

export const PodCondition = z
  .object({
    type: z.string(),
    status: z.string(),
    lastTransitionTime: z.string().optional(),
  })
  .describe('PodCondition');

export const PodStatus = z
  .object({
    phase: z.string().optional(),
    conditions: z.array(PodCondition).optional(),
    hostIP: z.string().optional(),
    podIP: z.string().optional(),
    podIPs: z.array(z.object({ ip: z.string() })).optional(),
    startTime: z.string().optional(),
    containerStatuses: z
      .array(
        z
          .object({
            name: z.string(),
            ready: z.boolean(),
            restartCount: z.number().int(),
            image: z.string().optional(),
            started: z.boolean().optional(),
            state: z.record(z.string(), z.unknown()).optional(),
          })
          .describe('ContainerStatus'),
      )
      .optional(),
  })
  .describe('PodStatus');

export const PodTemplateSpec = z
  .object({ metadata: ObjectMeta.optional(), spec: PodSpec.optional() })
  .describe('PodTemplateSpec');
export type PodTemplateSpec = z.infer<typeof PodTemplateSpec>;

export const Pod = z
  .object({
    apiVersion: z.literal('v1'),
    kind: z.literal('Pod'),
    metadata: ObjectMeta,
    spec: PodSpec.optional(),
    status: PodStatus.optional(),
  })
  .describe('Pod');
export type Pod = z.infer<typeof Pod>;
