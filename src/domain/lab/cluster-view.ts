// Read-side views of a cluster state: listing kinds, including the derived Endpoints.
import type { Node } from '../../schema/kube/core';
import type { Pod } from '../../schema/kube/pod';
import type { Service } from '../../schema/kube/service';
import type { ClusterState } from './cluster-state';
import { apiServerEndpoints, endpointsFor, isApiServerService } from '../controllers/endpoints';
import { byNamespaceAndName, type KubeObject } from '../apimachinery/objects';

/** Objects of `kind` (optionally in one namespace), sorted; Endpoints are derived from Services. */
export function listKind(state: ClusterState, kind: string, namespace?: string): KubeObject[] {
  const inNs = (o: KubeObject) =>
    namespace === undefined || (o.metadata.namespace ?? '') === namespace;
  if (kind === 'Endpoints') {
    const pods = state.objects.filter((o) => o.kind === 'Pod') as unknown as Pod[];
    const nodes = state.objects.filter((o) => o.kind === 'Node') as unknown as Node[];
    const derive = (svc: Service & KubeObject) =>
      isApiServerService(svc) && !svc.spec?.selector
        ? apiServerEndpoints(svc, nodes)
        : endpointsFor(svc, pods);
    return state.objects
      .filter((o) => o.kind === 'Service' && inNs(o))
      .map((svc) => derive(svc as Service & KubeObject) as unknown as KubeObject)
      .sort(byNamespaceAndName);
  }
  return state.objects.filter((o) => o.kind === kind && inNs(o)).sort(byNamespaceAndName);
}

/** One object by kind, namespace and name, or undefined. */
export function findObject(
  state: ClusterState,
  kind: string,
  namespace: string,
  name: string,
): KubeObject | undefined {
  return listKind(state, kind, namespace).find((o) => o.metadata.name === name);
}
