// `kubectl get networkpolicies`: NAME POD-SELECTOR AGE (pkg/printers/internalversion's
// printNetworkPolicy), the selector as metav1.FormatLabelSelector prints it.
import type { LabelSelector } from '../../schema/kube/meta';
import type { NetworkPolicy } from '../../schema/kube/networking';
import { ageCell, ageColumn, column, nameColumn, row, type Table } from './table';
import { selectorString } from './workload-tables';

/** `<none>` for an empty selector (every pod of the namespace), `<error>` for one that cannot parse. */
export function formatLabelSelector(selector: LabelSelector | undefined): string {
  const text = selectorString(selector);
  if (text === undefined) return '<error>';
  return text === '' ? '<none>' : text;
}

export function networkPolicyTable(policies: readonly NetworkPolicy[], now: Date): Table {
  return {
    columns: [
      nameColumn,
      column(
        'Pod-Selector',
        'string',
        'Selects the pods to which this NetworkPolicy object applies. An empty podSelector matches all pods in this namespace.',
      ),
      ageColumn,
    ],
    rows: policies.map((np) =>
      row(np, [
        np.metadata.name ?? '',
        formatLabelSelector(np.spec?.podSelector),
        ageCell(np, now),
      ]),
    ),
  };
}
