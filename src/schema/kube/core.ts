// Core v1 kinds other than Pod and Service: ConfigMap, Namespace, Node, Endpoints.
import { z } from 'zod';
import { ObjectMeta, stringMap } from './meta';

export const ConfigMap = z
  .object({
    apiVersion: z.literal('v1'),
    kind: z.literal('ConfigMap'),
    metadata: ObjectMeta,
    data: stringMap.optional(),
    binaryData: stringMap.optional(),
    immutable: z.boolean().optional(),
  })
  .describe('ConfigMap');
export type ConfigMap = z.infer<typeof ConfigMap>;

export const Namespace = z
  .object({
    apiVersion: z.literal('v1'),
    kind: z.literal('Namespace'),
    metadata: ObjectMeta,
    spec: z
      .object({ finalizers: z.array(z.string()).optional() })
      .describe('NamespaceSpec')
      .optional(),
    status: z.object({ phase: z.string().optional() }).describe('NamespaceStatus').optional(),
  })
  .describe('Namespace');
export type Namespace = z.infer<typeof Namespace>;

export const Taint = z
  .object({ key: z.string(), value: z.string().optional(), effect: z.string() })
  .describe('Taint');

export const Node = z
  .object({
    apiVersion: z.literal('v1'),
    kind: z.literal('Node'),
    metadata: ObjectMeta,
    spec: z
      .object({
        podCIDR: z.string().optional(),
        podCIDRs: z.array(z.string()).optional(),
        taints: z.array(Taint).optional(),
        unschedulable: z.boolean().optional(),
      })
      .describe('NodeSpec')
      .optional(),
    status: z
      .object({
        addresses: z.array(z.object({ type: z.string(), address: z.string() })).optional(),
        conditions: z
          .array(
            z.object({
              type: z.string(),
              status: z.string(),
              reason: z.string().optional(),
              message: z.string().optional(),
              lastHeartbeatTime: z.string().optional(),
              lastTransitionTime: z.string().optional(),
            }),
          )
          .optional(),
        nodeInfo: z.record(z.string(), z.string()).optional(),
        capacity: stringMap.optional(),
        allocatable: stringMap.optional(),
      })
      .describe('NodeStatus')
      .optional(),
  })
  .describe('Node');
export type Node = z.infer<typeof Node>;

const EndpointAddress = z.object({
  ip: z.string(),
  nodeName: z.string().optional(),
  targetRef: z
    .object({
      kind: z.string(),
      namespace: z.string(),
      name: z.string(),
      uid: z.string(),
    })
    .optional(),
});

export const Endpoints = z
  .object({
    apiVersion: z.literal('v1'),
    kind: z.literal('Endpoints'),
    metadata: ObjectMeta,
    subsets: z
      .array(
        z.object({
          addresses: z.array(EndpointAddress).optional(),
          notReadyAddresses: z.array(EndpointAddress).optional(),
          ports: z
            .array(
              z.object({
                name: z.string().optional(),
                port: z.number().int(),
                protocol: z.string(),
              }),
            )
            .optional(),
        }),
      )
      .optional(),
  })
  .describe('Endpoints');
export type Endpoints = z.infer<typeof Endpoints>;
