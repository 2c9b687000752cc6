// Pod and pod template validation, the subset of kube-apiserver's ValidatePodSpec that NodePort Lab
// models, in its order: volumes, containers, restartPolicy, dnsPolicy, nodeSelector, nodeName.
import {
  child,
  duplicate,
  index,
  invalid,
  notSupported,
  required,
  forbidden,
  type FieldError,
} from '../../apimachinery/field-errors';
import {
  validateAnnotations,
  validateLabels,
  validateObjectMeta,
  validateObjectName,
} from '../../apimachinery/names';
import { isDNS1123Label, isValidPortName, isValidPortNum } from '../../apimachinery/string-formats';
import type { Container, Pod, PodSpec, PodTemplateSpec } from '../../../schema/kube/pod';

const PORT_PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];

function notFound(field: string, value: string): FieldError {
  return { type: 'FieldValueNotFound', field, body: `Not found: ${JSON.stringify(value)}` };
}

function validateDNS1123LabelField(value: string, path: string): FieldError[] {
  if (!value) return [required(path)];
  return isDNS1123Label(value).map((m) => invalid(path, value, m));
}

function validateVolumes(spec: PodSpec, path: string): { errs: FieldError[]; names: Set<string> } {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (spec.volumes ?? []).forEach((vol, i) => {
    const volPath = index(path, i);
    const el: FieldError[] = [];
    if (!vol.configMap && !vol.emptyDir) el.push(required(volPath, 'must specify a volume type'));
    if (vol.configMap && vol.emptyDir) {
      el.push(forbidden(child(volPath, 'configMap'), 'may not specify more than 1 volume type'));
    }
    if (vol.configMap) {
      const cmPath = child(volPath, 'configMap');
      if (!vol.configMap.name) el.push(required(child(cmPath, 'name')));
      (vol.configMap.items ?? []).forEach((item, j) => {
        const itemPath = index(child(cmPath, 'items'), j);
        if (!item.key) el.push(required(child(itemPath, 'key')));
        if (!item.path) el.push(required(child(itemPath, 'path')));
      });
    }
    el.push(...validateDNS1123LabelField(vol.name, child(volPath, 'name')));
    if (names.has(vol.name)) el.push(duplicate(child(volPath, 'name'), vol.name));
    if (el.length === 0) names.add(vol.name);
    errs.push(...el);
  });
  return { errs, names };
}

function validateContainerPorts(c: Container, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (c.ports ?? []).forEach((p, i) => {
    const portPath = index(path, i);
    if (p.name) {
      const name = p.name;
      const msgs = isValidPortName(name);
      if (msgs.length > 0) errs.push(...msgs.map((m) => invalid(child(portPath, 'name'), name, m)));
      else if (names.has(name)) errs.push(duplicate(child(portPath, 'name'), name));
      else names.add(name);
    }
    const cpPath = child(portPath, 'containerPort');
    if (p.containerPort === 0) errs.push(required(cpPath));
    else
      errs.push(...isValidPortNum(p.containerPort).map((m) => invalid(cpPath, p.containerPort, m)));
    if (p.hostPort) {
      const hp = p.hostPort;
      errs.push(...isValidPortNum(hp).map((m) => invalid(child(portPath, 'hostPort'), hp, m)));
    }
    if (!p.protocol) errs.push(required(child(portPath, 'protocol')));
    else if (!PORT_PROTOCOLS.includes(p.protocol)) {
      errs.push(notSupported(child(portPath, 'protocol'), p.protocol, PORT_PROTOCOLS));
    }
  });
  return errs;
}

function validateVolumeMounts(c: Container, volumes: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const mountPoints = new Set<string>();
  (c.volumeMounts ?? []).forEach((m, i) => {
    const mPath = index(path, i);
    if (!m.name) errs.push(required(child(mPath, 'name')));
    if (!volumes.has(m.name)) errs.push(notFound(child(mPath, 'name'), m.name));
    if (!m.mountPath) errs.push(required(child(mPath, 'mountPath')));
    if (mountPoints.has(m.mountPath)) {
      errs.push(invalid(child(mPath, 'mountPath'), m.mountPath, 'must be unique'));
    }
    mountPoints.add(m.mountPath);
  });
  return errs;
}

function validateContainer(c: Container, volumes: Set<string>, path: string): FieldError[] {
  const errs = validateDNS1123LabelField(c.name, child(path, 'name'));
  if (!c.image) errs.push(required(child(path, 'image')));
  const policy = c.imagePullPolicy;
  if (!policy) errs.push(required(child(path, 'imagePullPolicy')));
  else if (!PULL_POLICIES.includes(policy)) {
    errs.push(notSupported(child(path, 'imagePullPolicy'), policy, PULL_POLICIES));
  }
  errs.push(...validateContainerPorts(c, child(path, 'ports')));
  (c.env ?? []).forEach((e, i) => {
    if (!e.name) errs.push(required(child(index(child(path, 'env'), i), 'name')));
  });
  errs.push(...validateVolumeMounts(c, volumes, child(path, 'volumeMounts')));
  return errs;
}

function validateContainers(spec: PodSpec, volumes: Set<string>, path: string): FieldError[] {
  const containers = spec.containers ?? [];
  if (containers.length === 0) return [required(path)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const cPath = index(path, i);
    errs.push(...validateContainer(c, volumes, cPath));
    if (names.has(c.name)) errs.push(duplicate(child(cPath, 'name'), c.name));
    else names.add(c.name);
  });
  return errs;
}

function validatePolicy(
  value: string | undefined,
  path: string,
  supported: string[],
): FieldError[] {
  if (!value) return [required(path)];
  return supported.includes(value) ? [] : [notSupported(path, value, supported)];
}

/** Every problem ValidatePodSpec (subset) finds in a defaulted `spec`, with paths under `path`. */
export function validatePodSpec(spec: PodSpec | undefined, path = 'spec'): FieldError[] {
  const s = spec ?? {};
  const volumes = validateVolumes(s, child(path, 'volumes'));
  const errs = [
    ...volumes.errs,
    ...validateContainers(s, volumes.names, child(path, 'containers')),
  ];
  errs.push(...validatePolicy(s.restartPolicy, child(path, 'restartPolicy'), RESTART_POLICIES));
  errs.push(...validatePolicy(s.dnsPolicy, child(path, 'dnsPolicy'), DNS_POLICIES));
  errs.push(...validateLabels(s.nodeSelector, child(path, 'nodeSelector')));
  if (s.nodeName)
    errs.push(...validateObjectName(s.nodeName, child(path, 'nodeName'), 'dns1123subdomain'));
  return errs;
}

/** Every field error kube-apiserver would report when creating the (defaulted) Pod. */
export function validatePod(pod: Pod): FieldError[] {
  const errs = [...validateObjectMeta(pod.metadata, 'metadata', 'dns1123subdomain')];
  errs.push(...validatePodSpec(pod.spec, 'spec'));
  (pod.spec?.containers ?? []).forEach((c, i) => {
    const image = c.image ?? '';
    if (image !== image.trim()) {
      const path = `spec.containers[${i}].image`;
      errs.push(invalid(path, image, 'must not have leading or trailing whitespace'));
    }
  });
  return errs;
}

/** ValidatePodTemplateSpec: labels and annotations at `<path>.labels`/`.annotations`, then the spec. */
export function validatePodTemplateSpec(
  template: PodTemplateSpec | undefined,
  path: string,
): FieldError[] {
  const meta = template?.metadata;
  return [
    ...validateLabels(meta?.labels, child(path, 'labels')),
    ...validateAnnotations(meta?.annotations, child(path, 'annotations')),
    ...validatePodSpec(template?.spec, child(path, 'spec')),
  ];
}
