// Shapes of NodePort Lab's own answers (Status, apply report, routing decision, hits, cluster
// settings, labs): the one declaration the handlers' types and the OpenAPI document read from.
// Strict objects: the document promises these fields and no others, and the tests hold it to that.
import { z } from 'zod';
import { KUBERNETES_MINORS } from '../../domain/lab/kubernetes-versions';
import { ObjectMeta } from '../kube/meta';
import { Scale } from '../kube/workloads';

const int = () => z.number().int();
const dateTime = () => z.string().meta({ format: 'date-time' });

export const StatusCause = z
  .strictObject({
    reason: z.string().optional(),
    message: z.string(),
    field: z.string().optional(),
  })
  .meta({ description: 'One field error of an Invalid Status, as kube-apiserver reports it.' });

export const StatusDetails = z.strictObject({
  name: z.string().optional(),
  group: z.string().optional(),
  kind: z.string().optional(),
  causes: z.array(StatusCause).optional(),
});

export const StatusReason = z.enum([
  'Invalid',
  'AlreadyExists',
  'NotFound',
  'BadRequest',
  'Conflict',
  'Forbidden',
  'Unauthorized',
  'MethodNotAllowed',
  'UnsupportedMediaType',
  'RequestEntityTooLarge',
  'NotAcceptable',
  'InternalError',
  'ServiceUnavailable',
  'Timeout',
  'TooManyRequests',
]);

export const Status = z
  .strictObject({
    kind: z.literal('Status'),
    apiVersion: z.literal('v1'),
    metadata: z.strictObject({}),
    status: z.enum(['Failure', 'Success']),
    message: z.string(),
    reason: StatusReason.optional().meta({
      description: 'Left out when kube-apiserver has no reason (etcd: request is too large).',
    }),
    details: StatusDetails.optional(),
    code: int(),
  })
  .meta({ description: 'Every error, as the Kubernetes Status object kube-apiserver answers.' });
export type Status = z.infer<typeof Status>;

/** A Status that reports success (deleting a lab). */
export const SuccessStatus = z.strictObject({
  kind: z.literal('Status'),
  apiVersion: z.literal('v1'),
  metadata: z.strictObject({}),
  status: z.literal('Success'),
  details: StatusDetails.optional(),
});

export const Health = z.strictObject({ status: z.literal('ok') });

/** Any stored object; the kind schemas (Pod, Service, ...) describe each in full. */
export const KubernetesObject = z
  .object({ apiVersion: z.string(), kind: z.string(), metadata: ObjectMeta })
  .meta({ description: 'A stored Kubernetes object of any kind (Pod, Service, Deployment...).' });

export const AppliedObject = z.strictObject({
  kind: z.string(),
  namespace: z.string().optional(),
  name: z.string(),
  action: z.enum(['created', 'configured', 'unchanged']),
});
export type AppliedObject = z.infer<typeof AppliedObject>;

export const ApplyResult = z
  .strictObject({
    dryRun: z.boolean(),
    results: z.array(AppliedObject),
    objects: z.array(KubernetesObject),
  })
  .meta({ description: 'What `kubectl apply` did to each document, and the objects as stored.' });

export const ScaleResult = Scale.extend({
  status: z.strictObject({ replicas: int(), selector: z.string() }),
}).meta({ description: 'The scale subresource of a Deployment (autoscaling/v1 Scale).' });

export const ProxyMode = z.enum(['iptables', 'ipvs', 'nftables']);

export const NodeInfo = z
  .strictObject({ name: z.string(), ip: z.string() })
  .meta({ description: 'A node and its InternalIP.' });

export const SuccessMessage = z.strictObject({
  status: z.literal('Success'),
  message: z.string(),
});
export type SuccessMessage = z.infer<typeof SuccessMessage>;

export const KubernetesVersion = z.enum(KUBERNETES_MINORS).meta({
  description:
    'The Kubernetes minor the lab says it runs: /version, kubelet and kube-proxy versions of the nodes. Behaviour stays what the lab models.',
});

export const ClusterSettings = z.strictObject({
  proxyMode: ProxyMode,
  seed: int(),
  nodePortRange: z.string(),
  serviceCIDR: z.string(),
  clockOffsetSeconds: int(),
  kubernetesVersion: KubernetesVersion,
});

export const ClusterInfo = z.strictObject({
  lab: z.string(),
  nodes: z.array(NodeInfo),
  proxyMode: ProxyMode,
  seed: int(),
  nodePortRange: z.string(),
  serviceCIDR: z.string(),
  clock: dateTime(),
  clockOffsetSeconds: int(),
  kubernetesVersion: KubernetesVersion,
});
export type ClusterInfo = z.infer<typeof ClusterInfo>;

export const ClusterPatchResult = z.strictObject({
  proxyMode: ProxyMode,
  seed: int(),
  kubernetesVersion: KubernetesVersion,
});
export type ClusterPatchResult = z.infer<typeof ClusterPatchResult>;

export const ClockResult = z.strictObject({ clock: dateTime(), clockOffsetSeconds: int() });
export type ClockResult = z.infer<typeof ClockResult>;
