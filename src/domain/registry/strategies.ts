// Per-kind create/update rules, like kube-apiserver's REST strategies: defaults, allocation, checks.
import type { ConfigMap, Namespace } from '../../schema/kube/core';
import type { Pod } from '../../schema/kube/pod';
import type { Service } from '../../schema/kube/service';
import type { NetworkPolicy } from '../../schema/kube/networking';
import type { Deployment } from '../../schema/kube/workloads';
import type { ClusterDraft } from './draft';
import { REVISION_ANNOTATION } from '../controllers/deployment';
import { internalError, invalidError, unknownError } from '../apimachinery/errors';
import { forbidden, type FieldError } from '../apimachinery/field-errors';
import { jsonEqual, type IncomingObject, type KubeObject } from '../apimachinery/objects';
import type { ResourceType } from '../apimachinery/resources';
import { allocateServiceAddresses, releaseAddresses, serviceAddresses } from './service/allocation';
import { validateConfigMapUpdate, validateBinaryData } from './configmap/validation';
import { defaultOnReadService, defaultService } from './service/defaults';
import { validateService } from './service/validation';
import { defaultNetworkPolicy } from './networking/defaults';
import { validateNetworkPolicy } from './networking/validation';
import { networkPolicyRulesViolation } from './quota';
import {
  defaultDeployment,
  defaultPod,
  validateConfigMap,
  validateDeployment,
  validateNamespace,
  validatePod,
} from './workloads/validation';

export interface Strategy {
  /** Returns the object to store: defaulted, allocated and valid, or throws an ApiError. */
  prepare(draft: ClusterDraft, obj: IncomingObject, old: KubeObject | undefined): IncomingObject;
  /** Frees what the object held (allocations) once it is deleted. */
  released?(draft: ClusterDraft, obj: KubeObject): void;
}

function check(type: ResourceType, obj: IncomingObject, errors: FieldError[]): void {
  if (errors.length) throw invalidError(type, obj.metadata.name ?? '', errors);
}

const serviceStrategy = (type: ResourceType): Strategy => ({
  prepare(draft, obj, old) {
    const svc = defaultService(obj as unknown as Service);
    // Allocation runs before validation, and its error is returned alone (kube-apiserver order).
    const result = allocateServiceAddresses(svc, old as unknown as Service | undefined, {
      ports: draft.ports,
      ips: draft.ips,
    });
    if (!result.ok) {
      if ('internal' in result) throw internalError(result.internal);
      if ('plain' in result) throw unknownError(result.plain);
      throw invalidError(type, obj.metadata.name ?? '', result.errors);
    }
    check(type, obj, validateService(result.service, old as unknown as Service | undefined));
    defaultOnReadService(result.service);
    // Values the update dropped are freed in the same atomic commit as the update itself.
    releaseAddresses({ ports: draft.ports, ips: draft.ips }, result.released);
    return { ...result.service, status: old?.status ?? result.service.status } as IncomingObject;
  },
  released(draft, obj) {
    releaseAddresses(
      { ports: draft.ports, ips: draft.ips },
      serviceAddresses(obj as unknown as Service),
    );
  },
});

const POD_UPDATE_RULE =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

const podStrategy = (type: ResourceType): Strategy => ({
  prepare(_draft, obj, old) {
    const pod = defaultPod(obj as unknown as Pod);
    check(type, obj, validatePod(pod));
    if (!old) return pod as unknown as IncomingObject;
    const before = old as unknown as Pod;
    const spec = { ...pod.spec, nodeName: pod.spec?.nodeName ?? before.spec?.nodeName };
    const images = (p: Pod['spec']) => ({
      ...p,
      containers: (p?.containers ?? []).map((c) => ({ ...c, image: '' })),
    });
    if (!jsonEqual(images(spec), images(before.spec))) {
      throw invalidError(type, obj.metadata.name ?? '', [forbidden('spec', POD_UPDATE_RULE)]);
    }
    return { ...pod, spec, status: before.status } as unknown as IncomingObject;
  },
});

const deploymentStrategy = (type: ResourceType): Strategy => ({
  prepare(_draft, obj, old) {
    const d = defaultDeployment(obj as unknown as Deployment);
    const before = old as unknown as Deployment | undefined;
    keepRevision(d, before);
    check(type, obj, validateDeployment(d, before));
    const generation = before
      ? (before.metadata.generation ?? 1) + (jsonEqual(before.spec, d.spec) ? 0 : 1)
      : 1;
    return {
      ...d,
      metadata: { ...d.metadata, generation },
      ...(before?.status ? { status: before.status } : {}),
    } as unknown as IncomingObject;
  },
});

/** The controller's revision annotation survives a client write that omits it (apply, replace). */
function keepRevision(d: Deployment, before: Deployment | undefined): void {
  const revision = before?.metadata.annotations?.[REVISION_ANNOTATION];
  if (revision === undefined || d.metadata.annotations?.[REVISION_ANNOTATION] !== undefined) return;
  d.metadata = {
    ...d.metadata,
    annotations: { ...d.metadata.annotations, [REVISION_ANNOTATION]: revision },
  };
}

const configMapStrategy = (type: ResourceType): Strategy => ({
  prepare(_draft, obj, old) {
    const cm = obj as unknown as ConfigMap;
    validateBinaryData(cm);
    const before = old as unknown as ConfigMap | undefined;
    const updateErrors = before ? validateConfigMapUpdate(cm, before) : [];
    check(type, obj, [...updateErrors, ...validateConfigMap(cm)]);
    return obj;
  },
});

const networkPolicyStrategy = (type: ResourceType): Strategy => ({
  prepare(_draft, obj, old) {
    const np = defaultNetworkPolicy(obj as unknown as NetworkPolicy);
    const tooMany = networkPolicyRulesViolation(np, old as unknown as NetworkPolicy | undefined);
    if (tooMany) throw tooMany;
    check(type, obj, validateNetworkPolicy(np));
    const before = old as unknown as NetworkPolicy | undefined;
    const generation = before
      ? (before.metadata.generation ?? 1) + (jsonEqual(before.spec, np.spec) ? 0 : 1)
      : 1;
    return { ...np, metadata: { ...np.metadata, generation } } as unknown as IncomingObject;
  },
});

const namespaceStrategy = (type: ResourceType): Strategy => ({
  prepare(_draft, obj) {
    check(type, obj, validateNamespace(obj as unknown as Namespace));
    return {
      ...obj,
      metadata: {
        ...obj.metadata,
        labels: { ...obj.metadata.labels, 'kubernetes.io/metadata.name': obj.metadata.name ?? '' },
      },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    };
  },
});

const STRATEGIES: Record<string, (t: ResourceType) => Strategy> = {
  Service: serviceStrategy,
  Pod: podStrategy,
  Deployment: deploymentStrategy,
  ConfigMap: configMapStrategy,
  NetworkPolicy: networkPolicyStrategy,
  Namespace: namespaceStrategy,
};

/** The strategy for a writable kind; undefined for read-only kinds (Node, Endpoints, ReplicaSet). */
export function strategyFor(type: ResourceType): Strategy | undefined {
  const make = STRATEGIES[type.kind];
  return make?.(type);
}
