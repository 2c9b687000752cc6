// EndpointSlices (discovery.k8s.io/v1), derived like Endpoints: one slice per distinct port set of
// a Service's selected pods, as the endpointslice controller keeps them. Read-only.
import type { Endpoints } from '../../schema/kube/core';
import type { TerminatingEndpoint } from './endpoints';
import type { KubeObject } from '../apimachinery/objects';
import { mixSeed, randomSafeString, randomUuid, seededRandom } from '../apimachinery/random';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
const CONTROLLER = 'endpointslice-controller.k8s.io';

type Subset = NonNullable<Endpoints['subsets']>[number];
type EndpointAddress = NonNullable<NonNullable<Endpoints['subsets']>[number]['addresses']>[number];

/** A stable random source per (service uid, slice index): the same slice keeps its name and uid. */
function sliceRandom(uid: string, index: number) {
  return seededRandom(mixSeed(...Array.from(uid, (ch) => ch.charCodeAt(0)), index));
}

function sliceEndpoint(
  address: EndpointAddress,
  ready: boolean,
  terminating?: { serving: boolean },
) {
  const conditions = terminating
    ? { ready: false, serving: terminating.serving, terminating: true }
    : { ready, serving: ready, terminating: false };
  return {
    addresses: [address.ip],
    conditions,
    ...(address.nodeName ? { nodeName: address.nodeName } : {}),
    ...(address.targetRef ? { targetRef: address.targetRef } : {}),
  };
}

/**
 * The slices for one Service, from the Endpoints derived for it: each subset becomes a slice
 * (ready and not-ready addresses with their conditions); a Service whose selector matches nothing
 * keeps one empty slice, as the controller does. `endpoints` must be the Service's own Endpoints.
 */
export function endpointSlicesFor(
  svc: KubeObject,
  endpoints: Endpoints,
  terminating: readonly TerminatingEndpoint[] = [],
): KubeObject[] {
  const name = svc.metadata.name;
  const spec = (svc.spec ?? {}) as { selector?: Record<string, string> };
  const subsets: Subset[] = [...(endpoints.subsets ?? [])];
  // Terminating pods join the slice of their port set, or one of their own.
  for (const t of terminating) {
    if (!subsets.some((x) => JSON.stringify(x.ports ?? []) === t.portsKey)) {
      subsets.push({ ports: t.ports });
    }
  }
  const isApiServer = endpoints.metadata.labels?.['endpointslice.kubernetes.io/skip-mirror'];
  if (!isApiServer && Object.keys(spec.selector ?? {}).length === 0) return [];
  const groups = subsets.length > 0 ? subsets : [{ addresses: [], ports: [] }];
  return groups.map((subset, index) => {
    const random = sliceRandom(svc.metadata.uid, index);
    const suffix = randomSafeString(random, 5);
    return {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: isApiServer ? name : `${name}-${suffix}`,
        ...(isApiServer ? {} : { generateName: `${name}-` }),
        namespace: svc.metadata.namespace ?? 'default',
        uid: randomUuid(random),
        resourceVersion: svc.metadata.resourceVersion,
        creationTimestamp: svc.metadata.creationTimestamp,
        labels: {
          ...(isApiServer ? {} : (svc.metadata.labels ?? {})),
          [MANAGED_BY_LABEL]: isApiServer ? 'endpoint-reconciler.kubernetes.io' : CONTROLLER,
          [SERVICE_NAME_LABEL]: name,
        },
        ...(isApiServer
          ? {}
          : {
              ownerReferences: [
                {
                  apiVersion: 'v1',
                  kind: 'Service',
                  name,
                  uid: svc.metadata.uid,
                  controller: true,
                  blockOwnerDeletion: true,
                },
              ],
            }),
      },
      addressType: 'IPv4',
      endpoints: [
        ...(subset.addresses ?? []).map((a) => sliceEndpoint(a, true)),
        ...(('notReadyAddresses' in subset ? subset.notReadyAddresses : undefined) ?? []).map((a) =>
          sliceEndpoint(a, false),
        ),
        ...terminating
          .filter((t) => t.portsKey === JSON.stringify(subset.ports ?? []))
          .map((t) => sliceEndpoint(t.address, false, t)),
      ],
      ports: (subset.ports ?? []).map((p) => ({
        name: p.name ?? '',
        port: p.port,
        protocol: p.protocol,
      })),
    };
  });
}
