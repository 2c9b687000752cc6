// Shared Kubernetes metadata shapes. Each object schema is `.describe()`d with its Go type name so
// that decoding errors can name the struct the way kube-apiserver does.
import { z } from 'zod';

export const stringMap = z.record(z.string(), z.string());

export const OwnerReference = z
  .object({
    apiVersion: z.string(),
    kind: z.string(),
    name: z.string(),
    uid: z.string(),
    controller: z.boolean().optional(),
    blockOwnerDeletion: z.boolean().optional(),
  })
  .describe('OwnerReference');

export const ObjectMeta = z
  .object({
    name: z.string().optional(),
    generateName: z.string().optional(),
    namespace: z.string().optional(),
    uid: z.string().optional(),
    resourceVersion: z.string().optional(),
    generation: z.number().int().optional(),
    creationTimestamp: z.string().nullable().optional(),
    deletionTimestamp: z.string().optional(),
    deletionGracePeriodSeconds: z.number().int().optional(),
    labels: stringMap.optional(),
    annotations: stringMap.optional(),
    ownerReferences: z.array(OwnerReference).optional(),
  })
  .describe('ObjectMeta');
export type ObjectMeta = z.infer<typeof ObjectMeta>;

export const LabelSelector = z
  .object({
    matchLabels: stringMap.optional(),
    matchExpressions: z
      .array(
        z
          .object({
            key: z.string(),
            operator: z.string(),
            values: z.array(z.string()).optional(),
          })
          .describe('LabelSelectorRequirement'),
      )
      .optional(),
  })
  .describe('LabelSelector');
export type LabelSelector = z.infer<typeof LabelSelector>;

/** An int-or-string field (targetPort); Kubernetes accepts either JSON type. */
export const IntOrString = z.union([z.number().int(), z.string()]);
export type IntOrString = z.infer<typeof IntOrString>;

/** Fields every stored object carries. */
export interface TypeMeta {
  apiVersion: string;
  kind: string;
}
