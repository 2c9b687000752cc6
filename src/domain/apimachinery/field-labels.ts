// The fields each kind may be selected by (`?fieldSelector=`), as kube-apiserver registers them
// (pkg/apis/core/v1/conversion.go, AddFieldLabelConversionFunc). A kind without a registration
// (ConfigMap, Endpoints, the apps group...) takes metadata.name and metadata.namespace only,
// runtime.DefaultMetaV1FieldSelectorConversion's rule. Any other field is a 400.
import { badRequest } from './errors';

interface FieldLabels {
  accepted: readonly string[];
  /** Legacy spellings, rewritten before matching. */
  aliases?: Readonly<Record<string, string>>;
}

const META = ['metadata.name', 'metadata.namespace'];

/** Registered core/v1 kinds. Cluster-scoped ones do not take metadata.namespace. */
const CORE_FIELD_LABELS: Readonly<Record<string, FieldLabels>> = {
  Pod: {
    accepted: [
      ...META,
      'spec.nodeName',
      'spec.restartPolicy',
      'spec.schedulerName',
      'spec.serviceAccountName',
      'spec.hostNetwork',
      'status.phase',
      'status.podIP',
      'status.podIPs',
      'status.nominatedNodeName',
    ],
    aliases: { 'spec.host': 'spec.nodeName' },
  },
  Node: { accepted: ['metadata.name', 'spec.unschedulable'] },
  Namespace: { accepted: ['status.phase', 'metadata.name'] },
  Service: { accepted: [...META, 'spec.clusterIP', 'spec.type'] },
  Secret: { accepted: [...META, 'type'] },
  Event: {
    accepted: [
      ...META,
      'involvedObject.kind',
      'involvedObject.namespace',
      'involvedObject.name',
      'involvedObject.uid',
      'involvedObject.apiVersion',
      'involvedObject.resourceVersion',
      'involvedObject.fieldPath',
      'reason',
      'reportingComponent',
      'source',
      'type',
    ],
  },
};

/** Boolean fields read as "false" when absent, as the registries' selectable field sets do. */
export const FALSE_WHEN_ABSENT: ReadonlySet<string> = new Set([
  'spec.hostNetwork',
  'spec.unschedulable',
]);

/**
 * The field `label` names for `kind` of `group` (an alias rewritten); a 400 with kube-apiserver's
 * words when the kind cannot be selected by it.
 */
export function fieldLabel(label: string, kind: string, group: string): string {
  const registered = group === '' ? CORE_FIELD_LABELS[kind] : undefined;
  if (!registered) {
    if (META.includes(label)) return label;
    throw badRequest(
      `"${label}" is not a known field selector: only "metadata.name", "metadata.namespace"`,
    );
  }
  const alias = registered.aliases?.[label];
  if (alias !== undefined && Object.hasOwn(registered.aliases!, label)) return alias;
  if (registered.accepted.includes(label)) return label;
  throw badRequest(`field label not supported: ${label}`);
}
