// Service: the object the lessons are about.
import { z } from 'zod';
import { IntOrString, ObjectMeta, stringMap } from './meta';

export const ServicePort = z
  .object({
    name: z.string().optional(),
    protocol: z.string().optional(),
    appProtocol: z.string().optional(),
    port: z.number().int(),
    targetPort: IntOrString.optional(),
    nodePort: z.number().int().optional(),
  })
  .describe('ServicePort');
export type ServicePort = z.infer<typeof ServicePort>;

export const ServiceSpec = z
  .object({
    type: z.string().optional(),
    selector: stringMap.optional(),
    ports: z.array(ServicePort).optional(),
    clusterIP: z.string().optional(),
    clusterIPs: z.array(z.string()).optional(),
    externalIPs: z.array(z.string()).optional(),
    externalName: z.string().optional(),
    loadBalancerIP: z.string().optional(),
    sessionAffinity: z.string().optional(),
    sessionAffinityConfig: z
      .object({
        clientIP: z
          .object({ timeoutSeconds: z.number().int().optional() })
          .describe('ClientIPConfig')
          .optional(),
      })
      .describe('SessionAffinityConfig')
      .optional(),
    externalTrafficPolicy: z.string().optional(),
    healthCheckNodePort: z.number().int().optional(),
    loadBalancerClass: z.string().optional(),
    loadBalancerSourceRanges: z.array(z.string()).optional(),
    internalTrafficPolicy: z.string().optional(),
    ipFamilies: z.array(z.string()).optional(),
    ipFamilyPolicy: z.string().optional(),
    allocateLoadBalancerNodePorts: z.boolean().optional(),
    publishNotReadyAddresses: z.boolean().optional(),
  })
  .describe('ServiceSpec');
export type ServiceSpec = z.infer<typeof ServiceSpec>;

export const ServiceStatus = z
  .object({
    loadBalancer: z
      .object({
        ingress: z
          .array(
            z
              .object({
                ip: z.string().optional(),
                hostname: z.string().optional(),
                ipMode: z.string().optional(),
              })
              .describe('LoadBalancerIngress'),
          )
          .optional(),
      })
      .describe('LoadBalancerStatus')
      .optional(),
  })
  .describe('ServiceStatus');

export const Service = z
  .object({
    apiVersion: z.literal('v1'),
    kind: z.literal('Service'),
    metadata: ObjectMeta,
    spec: ServiceSpec.optional(),
    status: ServiceStatus.optional(),
  })
  .describe('Service');
export type Service = z.infer<typeof Service>;
