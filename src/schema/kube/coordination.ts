// coordination.k8s.io/v1 Lease, as the lab serves node Leases (read-only, derived from the nodes).
import { z } from 'zod';
import { ObjectMeta } from './meta';

export const Lease = z
  .object({
    apiVersion: z.literal('coordination.k8s.io/v1'),
    kind: z.literal('Lease'),
    metadata: ObjectMeta,
    spec: z
      .object({
        holderIdentity: z.string().optional(),
        leaseDurationSeconds: z.number().int().optional(),
        acquireTime: z.string().optional(),
        renewTime: z.string().optional(),
        leaseTransitions: z.number().int().optional(),
      })
      .describe('LeaseSpec')
      .optional(),
  })
  .describe('Lease');
export type Lease = z.infer<typeof Lease>;
