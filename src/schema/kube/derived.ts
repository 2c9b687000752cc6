// The kinds the cluster derives on read (discovery.k8s.io/v1 EndpointSlice, core v1 Event):
// clients only read them, so these schemas feed the OpenAPI document, not decoding.
import { z } from 'zod';
import { ObjectMeta } from './meta';

const ObjectReference = z
  .object({
    kind: z.string().optional(),
    namespace: z.string().optional(),
    name: z.string().optional(),
    uid: z.string().optional(),
    apiVersion: z.string().optional(),
    resourceVersion: z.string().optional(),
    fieldPath: z.string().optional(),
  })
  .describe('ObjectReference');

export const EndpointSlice = z
  .object({
    apiVersion: z.literal('discovery.k8s.io/v1'),
    kind: z.literal('EndpointSlice'),
    metadata: ObjectMeta,
    addressType: z.string(),
    endpoints: z.array(
      z
        .object({
          addresses: z.array(z.string()),
          conditions: z
            .object({
              ready: z.boolean().optional(),
              serving: z.boolean().optional(),
              terminating: z.boolean().optional(),
            })
            .describe('EndpointConditions')
            .optional(),
          nodeName: z.string().optional(),
          targetRef: ObjectReference.optional(),
        })
        .describe('Endpoint'),
    ),
    ports: z
      .array(
        z
          .object({
            name: z.string().optional(),
            port: z.number().int().optional(),
            protocol: z.string().optional(),
          })
          .describe('EndpointPort'),
      )
      .optional(),
  })
  .describe('EndpointSlice');

export const Event = z
  .object({
    apiVersion: z.literal('v1'),
    kind: z.literal('Event'),
    metadata: ObjectMeta,
    involvedObject: ObjectReference,
    reason: z.string().optional(),
    message: z.string().optional(),
    source: z
      .object({ component: z.string().optional(), host: z.string().optional() })
      .describe('EventSource')
      .optional(),
    firstTimestamp: z.string().optional(),
    lastTimestamp: z.string().optional(),
    count: z.number().int().optional(),
    type: z.string().optional(),
    eventTime: z.string().nullable().optional(),
    reportingComponent: z.string().optional(),
    reportingInstance: z.string().optional(),
  })
  .describe('Event');
