// What the resource paths list: stored objects, plus the kinds derived on read (Endpoints,
// EndpointSlices, Events), so every reader sees them in step with the objects they come from.
import type { Endpoints } from '../schema/core';
import type { Pod } from '../schema/pod';
import type { Service } from '../schema/service';
import type { ClusterState } from './cluster-state';
import { findObject, listKind } from './cluster-view';
import { endpointSlicesFor } from './endpoint-slices';
import { terminatingEndpoints } from './endpoints';
import { deriveEvents } from './events';
import { byNamespaceAndName, type KubeObject } from './objects';

/** Objects of `kind` (optionally in one namespace), sorted by namespace and name. */
export function listServed(state: ClusterState, kind: string, namespace?: string): KubeObject[] {
  if (kind === 'EndpointSlice') {
    const endpoints = new Map(
      listKind(state, 'Endpoints', namespace).map((e) => [
        `${e.metadata.namespace}/${e.metadata.name}`,
        e,
      ]),
    );
    const pods = state.objects.filter((o) => o.kind === 'Pod') as unknown as Pod[];
    return listKind(state, 'Service', namespace)
      .flatMap((svc) => {
        const ep = endpoints.get(`${svc.metadata.namespace}/${svc.metadata.name}`);
        if (!ep) return [];
        const terminating = terminatingEndpoints(svc as unknown as Service, pods);
        return endpointSlicesFor(svc, ep as unknown as Endpoints, terminating);
      })
      .sort(byNamespaceAndName);
  }
  if (kind === 'Event') return deriveEvents(state.objects, namespace);
  return listKind(state, kind, namespace);
}

/** One object by kind, namespace and name, or undefined. */
export function findServed(
  state: ClusterState,
  kind: string,
  namespace: string,
  name: string,
): KubeObject | undefined {
  if (kind !== 'EndpointSlice' && kind !== 'Event') return findObject(state, kind, namespace, name);
  return listServed(state, kind, namespace).find((o) => o.metadata.name === name);
}
