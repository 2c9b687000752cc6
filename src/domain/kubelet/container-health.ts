// Why a scheduled pod's containers would not come up: a ConfigMap volume that does not exist
// (the kubelet cannot mount it) or an nginx configuration nginx itself rejects (CrashLoopBackOff).
import type { ConfigMap } from '../../schema/kube/core';
import type { Pod } from '../../schema/kube/pod';
import { containerServers } from './containers/answers';

export type ContainerTrouble =
  { kind: 'mount'; message: string } | { kind: 'crash'; containers: Map<string, string> };

/** The first reason the pod's containers cannot run, or undefined when they all can. */
export function containerTrouble(pod: Pod, configMaps: ConfigMap[]): ContainerTrouble | undefined {
  const ns = pod.metadata.namespace ?? 'default';
  const present = new Set(
    configMaps
      .filter((c) => (c.metadata.namespace ?? 'default') === ns)
      .map((c) => c.metadata.name),
  );
  for (const v of pod.spec?.volumes ?? []) {
    const name = v.configMap?.name;
    if (name !== undefined && !present.has(name)) {
      return {
        kind: 'mount',
        message: `MountVolume.SetUp failed for volume "${v.name}" : configmap "${name}" not found`,
      };
    }
  }
  const failing = new Map<string, string>();
  for (const server of containerServers(pod, configMaps)) {
    if (server.failure) failing.set(server.container, server.failure);
  }
  return failing.size ? { kind: 'crash', containers: failing } : undefined;
}
