// networking.k8s.io/v1 NetworkPolicy, as k8s.io/api/networking/v1 declares it (types.go).
import { z } from 'zod';
import { IntOrString, LabelSelector, ObjectMeta } from './meta';

export const IPBlock = z
  .object({ cidr: z.string(), except: z.array(z.string()).optional() })
  .describe('IPBlock');

export const NetworkPolicyPeer = z
  .object({
    podSelector: LabelSelector.optional(),
    namespaceSelector: LabelSelector.optional(),
    ipBlock: IPBlock.optional(),
  })
  .describe('NetworkPolicyPeer');
export type NetworkPolicyPeer = z.infer<typeof NetworkPolicyPeer>;

export const NetworkPolicyPort = z
  .object({
    protocol: z.string().optional(),
    port: IntOrString.optional(),
    endPort: z.number().int().optional(),
  })
  .describe('NetworkPolicyPort');
export type NetworkPolicyPort = z.infer<typeof NetworkPolicyPort>;

export const NetworkPolicyIngressRule = z
  .object({
    ports: z.array(NetworkPolicyPort).optional(),
    from: z.array(NetworkPolicyPeer).optional(),
  })
  .describe('NetworkPolicyIngressRule');

export const NetworkPolicyEgressRule = z
  .object({
    ports: z.array(NetworkPolicyPort).optional(),
    to: z.array(NetworkPolicyPeer).optional(),
  })
  .describe('NetworkPolicyEgressRule');

export const NetworkPolicy = z
  .object({
    apiVersion: z.literal('networking.k8s.io/v1'),
    kind: z.literal('NetworkPolicy'),
    metadata: ObjectMeta,
    spec: z
      .object({
        podSelector: LabelSelector.optional(),
        ingress: z.array(NetworkPolicyIngressRule).optional(),
        egress: z.array(NetworkPolicyEgressRule).optional(),
        policyTypes: z.array(z.string()).optional(),
      })
      .describe('NetworkPolicySpec')
      .optional(),
  })
  .describe('NetworkPolicy');
export type NetworkPolicy = z.infer<typeof NetworkPolicy>;
export type NetworkPolicySpec = NonNullable<NetworkPolicy['spec']>;
export type NetworkPolicyRule = {
  ports?: NetworkPolicyPort[] | undefined;
  peers?: NetworkPolicyPeer[] | undefined;
};
