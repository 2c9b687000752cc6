// Which container an exec or attach request reaches, with kube-apiserver's refusals (the
// container checks of pkg/registry/core/pod/strategy.go streamLocation) and the kubelet's
// (a container that is not running is "not found": pkg/kubelet findContainer).
import type { ClusterState } from '../../domain/lab/cluster-state';
import { badRequest, notFound } from '../../domain/apimachinery/errors';
import { typeOf } from '../../domain/apimachinery/resources';
import { findServed } from '../../domain/registry/served-objects';
import type { Pod } from '../../schema/kube/pod';

export interface PodTarget {
  pod: Pod;
  container: string;
}

const names = (list: readonly { name: string }[] | undefined) => (list ?? []).map((c) => c.name);

/** The pod and container a request names, or the 404/400 kube-apiserver answers. */
export function podTarget(
  state: ClusterState,
  namespace: string,
  name: string,
  container: string,
  now: Date,
): PodTarget {
  const pod = findServed(state, 'Pod', namespace, name, now) as unknown as Pod | undefined;
  if (!pod) throw notFound(typeOf('Pod'), name);
  const containers = names(pod.spec?.containers);
  // Init containers are kept as sent (not modelled), so read loosely.
  const init = names(
    (pod.spec as { initContainers?: { name: string }[] } | undefined)?.initContainers,
  );
  if (container === '') {
    if (containers.length === 1) return checkHost(pod, containers[0] as string);
    if (containers.length === 0) {
      throw badRequest(`a container name must be specified for pod ${name}`);
    }
    const initPart = init.length > 0 ? ` or one of the init containers: [${init.join(' ')}]` : '';
    throw badRequest(
      `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]${initPart}`,
    );
  }
  if (!containers.includes(container) && !init.includes(container)) {
    throw badRequest(`container ${container} is not valid for pod ${name}`);
  }
  return checkHost(pod, container);
}

function checkHost(pod: Pod, container: string): PodTarget {
  if (!pod.spec?.nodeName) {
    throw badRequest(`pod ${pod.metadata.name} does not have a host assigned`);
  }
  return { pod, container };
}

/**
 * Undefined when the container runs; otherwise the message kube-apiserver's stream translator
 * writes on the error channel for the kubelet's refusal, which kubectl prints after `error: `.
 */
export function notRunning(target: PodTarget): string | undefined {
  const status = target.pod.status?.containerStatuses?.find((s) => s.name === target.container);
  const running = target.pod.status?.phase === 'Running' && status?.state?.['running'];
  return running
    ? undefined
    : `Internal error occurred: unable to upgrade connection: container not found ("${target.container}")`;
}
