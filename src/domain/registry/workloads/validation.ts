// Defaulting and validation for Deployments, ConfigMaps and Namespaces (kube-apiserver's texts and
// order); the Pod rules live in registry/pod/ (defaults.ts, validation.ts) and are re-exported here.
import { clone } from '../../apimachinery/objects';
import {
  child,
  forbidden,
  invalid,
  notSupported,
  required,
  tooLong,
  type FieldError,
} from '../../apimachinery/field-errors';
import { validateObjectMeta } from '../../apimachinery/names';
import { defaultPodTemplate } from '../pod/defaults';
import { validatePodTemplateSpec } from '../pod/validation';
import {
  isEmptySelector,
  isUsableSelector,
  selectorMatches,
  selectorsEqual,
  selectorValue,
  sortedLabels,
  validateLabelSelector,
} from '../../apimachinery/selector-validation';
import { sortKeys } from '../../apimachinery/sorted-keys';
import { byteLength, isConfigMapKey, isValidPercent } from '../../apimachinery/string-formats';
import type { ConfigMap, Namespace } from '../../../schema/kube/core';
import type { LabelSelector } from '../../../schema/kube/meta';
import type { PodTemplateSpec } from '../../../schema/kube/pod';
import type { Deployment, DeploymentSpec } from '../../../schema/kube/workloads';
import { hasOwn } from '../../apimachinery/own-property';

export { defaultPod, defaultPodSpec, defaultPodTemplate } from '../pod/defaults';
export { validatePod, validatePodSpec, validatePodTemplateSpec } from '../pod/validation';

type Strategy = NonNullable<DeploymentSpec['strategy']>;
type IntOrPercent = number | string;

const NONNEGATIVE = 'must be greater than or equal to 0';
/** ConfigMaps share Secrets' size limit, 1 MiB of data. */
const MAX_CONFIG_MAP_SIZE = 1024 * 1024;

function defaultStrategy(input: Strategy | undefined): Strategy {
  const strategy: Strategy = { ...input, type: input?.type || 'RollingUpdate' };
  if (strategy.type === 'RollingUpdate') {
    const ru = input?.rollingUpdate;
    strategy.rollingUpdate = sortKeys({
      maxSurge: ru?.maxSurge ?? '25%',
      maxUnavailable: ru?.maxUnavailable ?? '25%',
    });
  }
  return sortKeys(strategy);
}

/** A new Deployment (deep copy) with apps/v1 defaults and a defaulted pod template. */
export function defaultDeployment(input: Deployment): Deployment {
  const d = clone(input);
  const spec: DeploymentSpec = d.spec ?? {};
  const out: DeploymentSpec = {
    ...spec,
    replicas: spec.replicas ?? 1,
    strategy: defaultStrategy(spec.strategy),
    revisionHistoryLimit: spec.revisionHistoryLimit ?? 10,
    progressDeadlineSeconds: spec.progressDeadlineSeconds ?? 600,
    template: defaultPodTemplate(spec.template),
  };
  return sortKeys({ ...d, spec: sortKeys(out) });
}

function nonnegative(value: number | undefined, path: string): FieldError[] {
  return value !== undefined && value < 0 ? [invalid(path, value, NONNEGATIVE)] : [];
}

function validateIntOrPercent(value: IntOrPercent | undefined, path: string): FieldError[] {
  if (typeof value === 'string') return isValidPercent(value).map((m) => invalid(path, value, m));
  return nonnegative(value, path);
}

/** getIntOrPercentValue: the number a valid percent or an int stands for (0 otherwise). */
function intOrPercentValue(value: IntOrPercent | undefined): number {
  if (typeof value === 'number') return value;
  const s = value ?? '';
  const digits = isValidPercent(s).length === 0 ? s.slice(0, -1) : s;
  return /^[+-]?\d+$/.test(digits) ? parseInt(digits, 10) : 0;
}

function validateStrategy(strategy: Strategy | undefined, path: string): FieldError[] {
  const s = strategy ?? {};
  const ruPath = child(path, 'rollingUpdate');
  if (s.type === 'Recreate') {
    return s.rollingUpdate
      ? [forbidden(ruPath, "may not be specified when strategy `type` is 'Recreate'")]
      : [];
  }
  if (s.type !== 'RollingUpdate') {
    // kube-apiserver prints its internal DeploymentStrategy struct here.
    const value = { Type: s.type ?? '', RollingUpdate: s.rollingUpdate ?? null };
    return [notSupported(path, value, ['Recreate', 'RollingUpdate'])];
  }
  const ru = s.rollingUpdate;
  if (!ru) return [required(ruPath, 'this should be defaulted and never be nil')];
  const unavailablePath = child(ruPath, 'maxUnavailable');
  const errs = [
    ...validateIntOrPercent(ru.maxUnavailable, unavailablePath),
    ...validateIntOrPercent(ru.maxSurge, child(ruPath, 'maxSurge')),
  ];
  if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
    errs.push(
      invalid(unavailablePath, ru.maxUnavailable ?? 0, 'may not be 0 when `maxSurge` is 0'),
    );
  }
  const mu = ru.maxUnavailable;
  if (typeof mu === 'string' && isValidPercent(mu).length === 0 && parseInt(mu, 10) > 100) {
    errs.push(invalid(unavailablePath, mu, 'must not be greater than 100%'));
  }
  return errs;
}

/** ValidatePodTemplateSpecForReplicaSet: labels match the selector (an absent one matches nothing). */
function validateTemplateForSelector(
  template: PodTemplateSpec | undefined,
  selector: LabelSelector | undefined,
  path: string,
): FieldError[] {
  if (!template) return [required(path)];
  const errs: FieldError[] = [];
  const labels = template.metadata?.labels;
  if (!selector || (!isEmptySelector(selector) && !selectorMatches(selector, labels))) {
    const detail = '`selector` does not match template `labels`';
    errs.push(invalid(`${path}.metadata.labels`, sortedLabels(labels), detail));
  }
  errs.push(...validatePodTemplateSpec(template, path));
  const restartPolicy = template.spec?.restartPolicy ?? '';
  if (restartPolicy !== 'Always') {
    errs.push(notSupported(`${path}.spec.restartPolicy`, restartPolicy, ['Always']));
  }
  return errs;
}

function validateDeploymentSpec(spec: DeploymentSpec): FieldError[] {
  const errs = nonnegative(spec.replicas, 'spec.replicas');
  const sel = spec.selector;
  if (!sel) {
    errs.push(required('spec.selector'));
  } else {
    errs.push(...validateLabelSelector(sel, 'spec.selector'));
    if (isEmptySelector(sel)) {
      errs.push(
        invalid('spec.selector', selectorValue(sel), 'empty selector is invalid for deployment'),
      );
    }
  }
  if (sel && !isUsableSelector(sel)) {
    errs.push(invalid('spec.selector', selectorValue(sel), 'invalid label selector'));
  } else {
    errs.push(...validateTemplateForSelector(spec.template, sel, 'spec.template'));
  }
  errs.push(...validateStrategy(spec.strategy, 'spec.strategy'));
  errs.push(...nonnegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...nonnegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  const pds = spec.progressDeadlineSeconds;
  if (pds !== undefined) {
    if (pds <= 0)
      errs.push(invalid('spec.progressDeadlineSeconds', pds, 'must be greater than zero'));
    if (pds <= (spec.minReadySeconds ?? 0)) {
      errs.push(
        invalid('spec.progressDeadlineSeconds', pds, 'must be greater than minReadySeconds'),
      );
    }
  }
  return errs;
}

/** Every field error for a (defaulted) Deployment; with `old`, the selector is immutable (checked last). */
export function validateDeployment(d: Deployment, old?: Deployment): FieldError[] {
  const errs = validateObjectMeta(d.metadata, 'metadata', 'dns1123subdomain');
  errs.push(...validateDeploymentSpec(d.spec ?? {}));
  if (old && !selectorsEqual(d.spec?.selector, old.spec?.selector)) {
    const sel = d.spec?.selector;
    errs.push(invalid('spec.selector', sel ? selectorValue(sel) : null, 'field is immutable'));
  }
  return errs;
}

/** base64 text's decoded size in bytes. */
function decodedSize(base64: string): number {
  const clean = base64.replace(/\s/g, '');
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.floor((clean.length * 3) / 4) - padding;
}

/** ConfigMap: DNS-1123 subdomain name, valid config keys, no key in both maps, at most 1 MiB. */
export function validateConfigMap(cm: ConfigMap): FieldError[] {
  const errs = validateObjectMeta(cm.metadata, 'metadata', 'dns1123subdomain');
  const binary = cm.binaryData ?? {};
  let size = 0;
  for (const [key, value] of Object.entries(cm.data ?? {})) {
    const path = `data[${key}]`;
    errs.push(...isConfigMapKey(key).map((m) => invalid(path, key, m)));
    if (hasOwn(binary, key)) {
      errs.push(invalid(path, key, 'duplicate of key present in binaryData'));
    }
    size += byteLength(value);
  }
  for (const [key, value] of Object.entries(binary)) {
    errs.push(...isConfigMapKey(key).map((m) => invalid(`binaryData[${key}]`, key, m)));
    size += decodedSize(value);
  }
  if (size > MAX_CONFIG_MAP_SIZE) errs.push(tooLong('', '', MAX_CONFIG_MAP_SIZE));
  return errs;
}

/** Namespace: the name is a DNS-1123 label; being cluster-scoped, its own namespace is ignored. */
export function validateNamespace(ns: Namespace): FieldError[] {
  return validateObjectMeta(ns.metadata, 'metadata', 'dns1123label', false);
}
