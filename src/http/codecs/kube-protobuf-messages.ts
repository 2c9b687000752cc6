// The protobuf field numbers of the Kubernetes messages NodePort Lab decodes (k8s.io/api and
// apimachinery generated.proto), for the kinds kubectl's imperative `create` commands send as
// application/vnd.kubernetes.protobuf. Fields not listed are skipped.

export type ScalarType = 'string' | 'int' | 'bool' | 'bytes';

export type FieldType =
  | ScalarType
  /** meta/v1 Time: an RFC 3339 string, left out when zero. */
  | 'time'
  /** util/intstr IntOrString: a number or a string. */
  | 'intOrString'
  | { message: string }
  | { map: 'string' | 'bytes' };

export interface FieldSpec {
  name: string;
  type: FieldType;
  repeated?: boolean;
  /**
   * A Go pointer: a zero value or empty message was sent on purpose and is kept; other fields are
   * left out when zero or empty, as JSON's omitempty would.
   */
  pointer?: boolean;
  /** An embedded Go struct: its fields belong to the parent in JSON (Volume's VolumeSource). */
  inline?: boolean;
}

type Message = Record<number, FieldSpec>;

const s = (name: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  name,
  type: 'string',
  ...extra,
});
const int = (name: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  name,
  type: 'int',
  ...extra,
});
const bool = (name: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  name,
  type: 'bool',
  ...extra,
});
const msg = (name: string, message: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  name,
  type: { message },
  ...extra,
});
const list = (spec: FieldSpec): FieldSpec => ({ ...spec, repeated: true });
const map = (name: string, values: 'string' | 'bytes' = 'string'): FieldSpec => ({
  name,
  type: { map: values },
});

export const MESSAGES: Record<string, Message> = {
  ObjectMeta: {
    1: s('name'),
    2: s('generateName'),
    3: s('namespace'),
    5: s('uid'),
    6: s('resourceVersion'),
    7: int('generation'),
    8: { name: 'creationTimestamp', type: 'time' },
    11: map('labels'),
    12: map('annotations'),
    13: list(msg('ownerReferences', 'OwnerReference')),
    14: list(s('finalizers')),
  },
  OwnerReference: {
    1: s('kind'),
    3: s('name'),
    4: s('uid'),
    5: s('apiVersion'),
    6: bool('controller', { pointer: true }),
    7: bool('blockOwnerDeletion', { pointer: true }),
  },
  LabelSelector: {
    1: map('matchLabels'),
    2: list(msg('matchExpressions', 'LabelSelectorRequirement')),
  },
  LabelSelectorRequirement: { 1: s('key'), 2: s('operator'), 3: list(s('values')) },

  Deployment: { 1: msg('metadata', 'ObjectMeta'), 2: msg('spec', 'DeploymentSpec') },
  DeploymentSpec: {
    1: int('replicas', { pointer: true }),
    2: msg('selector', 'LabelSelector', { pointer: true }),
    3: msg('template', 'PodTemplateSpec'),
    4: msg('strategy', 'DeploymentStrategy'),
    5: int('minReadySeconds'),
    6: int('revisionHistoryLimit', { pointer: true }),
    7: bool('paused'),
    9: int('progressDeadlineSeconds', { pointer: true }),
  },
  DeploymentStrategy: {
    1: s('type'),
    2: msg('rollingUpdate', 'RollingUpdateDeployment', { pointer: true }),
  },
  RollingUpdateDeployment: {
    1: { name: 'maxUnavailable', type: 'intOrString' },
    2: { name: 'maxSurge', type: 'intOrString' },
  },

  Pod: { 1: msg('metadata', 'ObjectMeta'), 2: msg('spec', 'PodSpec') },
  PodTemplateSpec: { 1: msg('metadata', 'ObjectMeta'), 2: msg('spec', 'PodSpec') },
  PodSpec: {
    1: list(msg('volumes', 'Volume')),
    2: list(msg('containers', 'Container')),
    3: s('restartPolicy'),
    4: int('terminationGracePeriodSeconds', { pointer: true }),
    6: s('dnsPolicy'),
    7: map('nodeSelector'),
    8: s('serviceAccountName'),
    10: s('nodeName'),
    19: s('schedulerName'),
    20: list(msg('initContainers', 'Container')),
    22: list(msg('tolerations', 'Toleration')),
  },
  Container: {
    1: s('name'),
    2: s('image'),
    3: list(s('command')),
    4: list(s('args')),
    5: s('workingDir'),
    6: list(msg('ports', 'ContainerPort')),
    7: list(msg('env', 'EnvVar')),
    9: list(msg('volumeMounts', 'VolumeMount')),
    13: s('terminationMessagePath'),
    14: s('imagePullPolicy'),
    16: bool('stdin'),
    17: bool('stdinOnce'),
    18: bool('tty'),
    20: s('terminationMessagePolicy'),
  },
  ContainerPort: {
    1: s('name'),
    2: int('hostPort'),
    3: int('containerPort'),
    4: s('protocol'),
    5: s('hostIP'),
  },
  EnvVar: { 1: s('name'), 2: s('value') },
  VolumeMount: { 1: s('name'), 2: bool('readOnly'), 3: s('mountPath'), 4: s('subPath') },
  Volume: { 1: s('name'), 2: msg('volumeSource', 'VolumeSource', { inline: true }) },
  VolumeSource: {
    2: msg('emptyDir', 'EmptyDirVolumeSource', { pointer: true }),
    19: msg('configMap', 'ConfigMapVolumeSource', { pointer: true }),
  },
  EmptyDirVolumeSource: { 1: s('medium') },
  ConfigMapVolumeSource: {
    1: msg('localObjectReference', 'LocalObjectReference', { inline: true }),
    2: list(msg('items', 'KeyToPath')),
    3: int('defaultMode', { pointer: true }),
    4: bool('optional', { pointer: true }),
  },
  LocalObjectReference: { 1: s('name') },
  KeyToPath: { 1: s('key'), 2: s('path'), 3: int('mode', { pointer: true }) },
  Toleration: {
    1: s('key'),
    2: s('operator'),
    3: s('value'),
    4: s('effect'),
    5: int('tolerationSeconds', { pointer: true }),
  },

  Service: { 1: msg('metadata', 'ObjectMeta'), 2: msg('spec', 'ServiceSpec') },
  ServiceSpec: {
    1: list(msg('ports', 'ServicePort')),
    2: map('selector'),
    3: s('clusterIP'),
    4: s('type'),
    5: list(s('externalIPs')),
    7: s('sessionAffinity'),
    8: s('loadBalancerIP'),
    9: list(s('loadBalancerSourceRanges')),
    10: s('externalName'),
    11: s('externalTrafficPolicy'),
    12: int('healthCheckNodePort'),
    13: bool('publishNotReadyAddresses'),
    14: msg('sessionAffinityConfig', 'SessionAffinityConfig', { pointer: true }),
    17: s('ipFamilyPolicy', { pointer: true }),
    18: list(s('clusterIPs')),
    19: list(s('ipFamilies')),
    20: bool('allocateLoadBalancerNodePorts', { pointer: true }),
    21: s('loadBalancerClass', { pointer: true }),
    22: s('internalTrafficPolicy', { pointer: true }),
  },
  ServicePort: {
    1: s('name'),
    2: s('protocol'),
    3: int('port'),
    4: { name: 'targetPort', type: 'intOrString' },
    5: int('nodePort'),
    6: s('appProtocol', { pointer: true }),
  },
  SessionAffinityConfig: { 1: msg('clientIP', 'ClientIPConfig', { pointer: true }) },
  ClientIPConfig: { 1: int('timeoutSeconds', { pointer: true }) },

  ConfigMap: {
    1: msg('metadata', 'ObjectMeta'),
    2: map('data'),
    3: map('binaryData', 'bytes'),
    4: bool('immutable', { pointer: true }),
  },
  Namespace: { 1: msg('metadata', 'ObjectMeta'), 2: msg('spec', 'NamespaceSpec') },
  NamespaceSpec: { 1: list(s('finalizers')) },
};
