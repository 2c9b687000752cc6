// Names, labels and object metadata checked the way apimachinery's ValidateObjectMeta does. The
// string rules themselves live in string-formats.ts and are re-exported here.
import { child, invalid, required, tooLong, type FieldError } from './field-errors';
import {
  byteLength,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
} from './string-formats';
import type { ObjectMeta } from '../../schema/kube/meta';

export {
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPercent,
  isValidPortName,
  isValidPortNum,
} from './string-formats';

/** Which rule an object's name follows: Services DNS-1035, Namespaces DNS-1123 label, most others subdomain. */
export type NameKind = 'dns1035' | 'dns1123label' | 'dns1123subdomain';

const nameRules: Record<NameKind, (value: string) => string[]> = {
  dns1035: isDNS1035Label,
  dns1123label: isDNS1123Label,
  dns1123subdomain: isDNS1123Subdomain,
};

/** Kubernetes' total annotation size limit, 256 KiB of keys and values. */
const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** One Invalid error at `path` per problem `kind`'s rule finds in `name`; none when it is valid. */
export function validateObjectName(name: string, path: string, kind: NameKind): FieldError[] {
  return nameRules[kind](name).map((msg) => invalid(path, name, msg));
}

/** Label problems, all reported on the map's own `path`: the key (or value) is the bad value. */
export function validateLabels(
  labels: Record<string, string> | undefined,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  for (const [key, value] of Object.entries(labels ?? {})) {
    for (const msg of isQualifiedName(key)) errs.push(invalid(path, key, msg));
    for (const msg of isValidLabelValue(value)) errs.push(invalid(path, value, msg));
  }
  return errs;
}

/** Annotation key problems (qualified names, case-insensitive) and the 256 KiB total size limit. */
export function validateAnnotations(
  annotations: Record<string, string> | undefined,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [key, value] of Object.entries(annotations ?? {})) {
    for (const msg of isQualifiedName(key.toLowerCase())) errs.push(invalid(path, key, msg));
    size += byteLength(key) + byteLength(value);
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push(tooLong(path, '', TOTAL_ANNOTATION_SIZE_LIMIT));
  return errs;
}

/** apimachinery's maskTrailingDash: a generateName prefix may end in `-`. */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name;
}

/**
 * Metadata problems in apimachinery's order: generateName, name (required unless generated),
 * namespace (checked only when set and `namespaced`; the store fills it in), generation, labels,
 * annotations.
 */
export function validateObjectMeta(
  meta: ObjectMeta | undefined,
  path = 'metadata',
  nameKind: NameKind = 'dns1123subdomain',
  namespaced = true,
): FieldError[] {
  const errs: FieldError[] = [];
  const m = meta ?? {};
  if (m.generateName) {
    const prefix = m.generateName;
    for (const msg of nameRules[nameKind](maskTrailingDash(prefix))) {
      errs.push(invalid(child(path, 'generateName'), prefix, msg));
    }
  }
  if (!m.name) {
    errs.push(required(child(path, 'name'), 'name or generateName is required'));
  } else {
    errs.push(...validateObjectName(m.name, child(path, 'name'), nameKind));
  }
  if (namespaced && m.namespace) {
    errs.push(...validateObjectName(m.namespace, child(path, 'namespace'), 'dns1123label'));
  }
  if (m.generation !== undefined && m.generation < 0) {
    errs.push(
      invalid(child(path, 'generation'), m.generation, 'must be greater than or equal to 0'),
    );
  }
  errs.push(...validateLabels(m.labels, child(path, 'labels')));
  errs.push(...validateAnnotations(m.annotations, child(path, 'annotations')));
  return errs;
}
