// The patch strategies of the fields NodePort Lab serves, as k8s.io/api declares them in the
// `patchStrategy`/`patchMergeKey` struct tags, keyed `<Go struct>.<json field>` (the names the
// object schemas are `.describe()`d with). The strategic merge patch and the OpenAPI document
// (x-kubernetes-patch-strategy, x-kubernetes-patch-merge-key) both read this table.

export interface PatchStrategy {
  /** `merge`, `retainKeys` or `merge,retainKeys`. */
  strategy: string;
  /** The field identifying a list item, for lists of objects merged by key. */
  mergeKey?: string;
}

export const PATCH_STRATEGIES: Readonly<Record<string, PatchStrategy>> = {
  'ObjectMeta.finalizers': { strategy: 'merge' },
  'ObjectMeta.ownerReferences': { strategy: 'merge', mergeKey: 'uid' },
  'PodSpec.containers': { strategy: 'merge', mergeKey: 'name' },
  'PodSpec.initContainers': { strategy: 'merge', mergeKey: 'name' },
  'PodSpec.volumes': { strategy: 'merge,retainKeys', mergeKey: 'name' },
  'PodSpec.imagePullSecrets': { strategy: 'merge', mergeKey: 'name' },
  'Container.ports': { strategy: 'merge', mergeKey: 'containerPort' },
  'Container.env': { strategy: 'merge', mergeKey: 'name' },
  'Container.volumeMounts': { strategy: 'merge', mergeKey: 'mountPath' },
  'PodStatus.conditions': { strategy: 'merge', mergeKey: 'type' },
  'PodStatus.podIPs': { strategy: 'merge', mergeKey: 'ip' },
  'ServiceSpec.ports': { strategy: 'merge', mergeKey: 'port' },
  'DeploymentSpec.strategy': { strategy: 'retainKeys' },
  'DeploymentStatus.conditions': { strategy: 'merge', mergeKey: 'type' },
  'NodeSpec.podCIDRs': { strategy: 'merge' },
  'NodeStatus.addresses': { strategy: 'merge', mergeKey: 'type' },
  'NodeStatus.conditions': { strategy: 'merge', mergeKey: 'type' },
};
