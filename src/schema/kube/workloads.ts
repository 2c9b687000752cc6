// apps/v1 workloads: Deployment and ReplicaSet, plus the scale subresource.
import { z } from 'zod';
import { LabelSelector, ObjectMeta } from './meta';
import { PodTemplateSpec } from './pod';

const IntOrPercent = z.union([z.number().int(), z.string()]);

export const DeploymentSpec = z
  .object({
    replicas: z.number().int().optional(),
    selector: LabelSelector.optional(),
    template: PodTemplateSpec.optional(),
    strategy: z
      .object({
        type: z.string().optional(),
        rollingUpdate: z
          .object({ maxUnavailable: IntOrPercent.optional(), maxSurge: IntOrPercent.optional() })
          .describe('RollingUpdateDeployment')
          .optional(),
      })
      .describe('DeploymentStrategy')
      .optional(),
    minReadySeconds: z.number().int().optional(),
    revisionHistoryLimit: z.number().int().optional(),
    progressDeadlineSeconds: z.number().int().optional(),
    paused: z.boolean().optional(),
  })
  .describe('DeploymentSpec');
export type DeploymentSpec = z.infer<typeof DeploymentSpec>;

const WorkloadStatus = z
  .object({
    observedGeneration: z.number().int().optional(),
    replicas: z.number().int().optional(),
    updatedReplicas: z.number().int().optional(),
    readyReplicas: z.number().int().optional(),
    availableReplicas: z.number().int().optional(),
    fullyLabeledReplicas: z.number().int().optional(),
    conditions: z
      .array(
        z
          .object({
            type: z.string(),
            status: z.string(),
            reason: z.string().optional(),
            message: z.string().optional(),
            lastUpdateTime: z.string().optional(),
            lastTransitionTime: z.string().optional(),
          })
          .describe('DeploymentCondition'),
      )
      .optional(),
  })
  .describe('DeploymentStatus');

export const Deployment = z
  .object({
    apiVersion: z.literal('apps/v1'),
    kind: z.literal('Deployment'),
    metadata: ObjectMeta,
    spec: DeploymentSpec.optional(),
    status: WorkloadStatus.optional(),
  })
  .describe('Deployment');
export type Deployment = z.infer<typeof Deployment>;

export const ReplicaSet = z
  .object({
    apiVersion: z.literal('apps/v1'),
    kind: z.literal('ReplicaSet'),
    metadata: ObjectMeta,
    spec: z
      .object({
        replicas: z.number().int().optional(),
        selector: LabelSelector.optional(),
        template: PodTemplateSpec.optional(),
        minReadySeconds: z.number().int().optional(),
      })
      .describe('ReplicaSetSpec')
      .optional(),
    status: WorkloadStatus.optional(),
  })
  .describe('ReplicaSet');
export type ReplicaSet = z.infer<typeof ReplicaSet>;

export const Scale = z
  .object({
    apiVersion: z.literal('autoscaling/v1').optional(),
    kind: z.literal('Scale').optional(),
    metadata: ObjectMeta.optional(),
    spec: z.object({ replicas: z.number().int().optional() }).describe('ScaleSpec').optional(),
  })
  .describe('Scale');
export type Scale = z.infer<typeof Scale>;
