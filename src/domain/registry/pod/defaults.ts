// Pod and pod template defaulting, as SetDefaults_PodSpec / SetDefaults_Container apply it, plus
// the empty `resources: {}` and `securityContext: {}` Go's encoding writes: a template read back
// by kubectl (rollout undo) must equal the stored one, or its pod-template-hash would differ.
import { clone } from '../../apimachinery/objects';
import type { Container, Pod, PodSpec, PodTemplateSpec } from '../../../schema/kube/pod';
import { sortKeys } from '../../apimachinery/sorted-keys';

/** The tag an image reference carries: `latest` when it has neither tag nor digest, else "" with a digest only. */
export function imageTag(image: string): string {
  const at = image.indexOf('@');
  const name = at >= 0 ? image.slice(0, at) : image;
  const lastSegment = name.slice(name.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  if (colon >= 0) return lastSegment.slice(colon + 1);
  return at >= 0 || image === '' ? '' : 'latest';
}

/** `Always` for `:latest` or untagged images, `IfNotPresent` otherwise (as kube-apiserver defaults it). */
export function defaultImagePullPolicy(image: string | undefined): string {
  return imageTag(image ?? '') === 'latest' ? 'Always' : 'IfNotPresent';
}

/**
 * A container with imagePullPolicy, termination message path and policy, `resources` and each
 * port's protocol (TCP) filled in.
 */
export function defaultContainer(c: Container): Container {
  const out: Container = {
    ...c,
    imagePullPolicy: c.imagePullPolicy || defaultImagePullPolicy(c.image),
    resources: c.resources ?? {},
    terminationMessagePath: c.terminationMessagePath || '/dev/termination-log',
    terminationMessagePolicy: c.terminationMessagePolicy || 'File',
  };
  if (c.ports) out.ports = c.ports.map((p) => sortKeys({ ...p, protocol: p.protocol || 'TCP' }));
  return sortKeys(out);
}

/**
 * A pod spec with restartPolicy, dnsPolicy, schedulerName, securityContext, grace period and
 * container defaults (templates and pods alike).
 */
export function defaultPodSpec(spec: PodSpec | undefined): PodSpec {
  const s: PodSpec = clone(spec ?? {});
  if (s.containers) s.containers = s.containers.map(defaultContainer);
  s.restartPolicy = s.restartPolicy || 'Always';
  s.dnsPolicy = s.dnsPolicy || 'ClusterFirst';
  s.schedulerName = s.schedulerName || 'default-scheduler';
  s.terminationGracePeriodSeconds ??= 30;
  s.securityContext ??= {};
  return sortKeys(s);
}

/** A new Pod (deep copy) with its spec defaulted, and `enableServiceLinks` (SetDefaults_Pod only). */
export function defaultPod(pod: Pod): Pod {
  const spec = defaultPodSpec(pod.spec);
  spec.enableServiceLinks ??= true;
  // Requests default to the limits a container sets (SetDefaults_Pod).
  if (spec.containers)
    spec.containers = spec.containers.map((c) => {
      const { limits, requests } = c.resources ?? {};
      if (!limits) return c;
      return {
        ...c,
        resources: sortKeys({ ...c.resources, requests: { ...limits, ...requests } }),
      };
    });
  return sortKeys({ ...clone(pod), spec: sortKeys(spec) });
}

/** A new pod template (deep copy) with its spec defaulted; the input is not mutated. */
export function defaultPodTemplate(template: PodTemplateSpec | undefined): PodTemplateSpec {
  const out = sortKeys({
    ...clone(template ?? {}),
    spec: defaultPodSpec(template?.spec),
  });
  // kubectl writes a template's zero creationTimestamp as null (rollout undo sends it back).
  if (out.metadata?.creationTimestamp === null) delete out.metadata.creationTimestamp;
  return out;
}
