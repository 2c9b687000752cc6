// metav1.LabelSelector: validation (ValidateLabelSelector), matching, and the JSON form
// kube-apiserver prints selectors and label maps in (Go marshals map keys sorted).
import { child, forbidden, index, invalid, required, type FieldError } from './field-errors';
import { validateLabels } from './names';
import { hasOwn } from './own-property';
import { isQualifiedName, isValidLabelValue } from './string-formats';
import type { LabelSelector } from '../../schema/kube/meta';

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** A copy of `labels` with keys sorted, as Go's JSON prints a map; undefined stays undefined. */
export function sortedLabels(
  labels: Record<string, string> | undefined,
): Record<string, string> | undefined {
  if (labels === undefined) return undefined;
  return Object.fromEntries(
    Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

/** The selector as Go's JSON encodes it (empty fields omitted, map keys sorted), for error values. */
export function selectorValue(sel: LabelSelector): object {
  const out: Record<string, unknown> = {};
  if (sel.matchLabels && Object.keys(sel.matchLabels).length > 0) {
    out.matchLabels = sortedLabels(sel.matchLabels);
  }
  if (sel.matchExpressions && sel.matchExpressions.length > 0) {
    out.matchExpressions = sel.matchExpressions.map((e) => ({
      key: e.key,
      operator: e.operator,
      ...(e.values && e.values.length > 0 ? { values: e.values } : {}),
    }));
  }
  return out;
}

/** True when both selectors say the same thing; nil and empty maps/lists count as equal. */
export function selectorsEqual(
  a: LabelSelector | undefined,
  b: LabelSelector | undefined,
): boolean {
  const norm = (s: LabelSelector | undefined): string =>
    s ? JSON.stringify(selectorValue(s)) : 'nil';
  return norm(a) === norm(b);
}

/** True when the selector has neither matchLabels nor matchExpressions (it selects everything). */
export function isEmptySelector(sel: LabelSelector): boolean {
  return Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length === 0;
}

/** ValidateLabelSelector with label values checked strictly, paths under `path`. */
export function validateLabelSelector(sel: LabelSelector | undefined, path: string): FieldError[] {
  if (!sel) return [];
  const errs = validateLabels(sel.matchLabels, child(path, 'matchLabels'));
  (sel.matchExpressions ?? []).forEach((expr, i) => {
    const exprPath = index(child(path, 'matchExpressions'), i);
    const values = expr.values ?? [];
    if (expr.operator === 'In' || expr.operator === 'NotIn') {
      if (values.length === 0) {
        const detail = "must be specified when `operator` is 'In' or 'NotIn'";
        errs.push(required(child(exprPath, 'values'), detail));
      }
    } else if (expr.operator === 'Exists' || expr.operator === 'DoesNotExist') {
      if (values.length > 0) {
        const detail = "may not be specified when `operator` is 'Exists' or 'DoesNotExist'";
        errs.push(forbidden(child(exprPath, 'values'), detail));
      }
    } else {
      errs.push(
        invalid(child(exprPath, 'operator'), expr.operator, 'not a valid selector operator'),
      );
    }
    errs.push(
      ...isQualifiedName(expr.key).map((m) => invalid(child(exprPath, 'key'), expr.key, m)),
    );
    values.forEach((v, j) => {
      const valuePath = index(child(exprPath, 'values'), j);
      errs.push(...isValidLabelValue(v).map((m) => invalid(valuePath, v, m)));
    });
  });
  return errs;
}

/** True when the selector can be turned into a label selector (LabelSelectorAsSelector succeeds). */
export function isUsableSelector(sel: LabelSelector): boolean {
  return (
    validateLabelSelector(sel, '').length === 0 &&
    (sel.matchExpressions ?? []).every((e) => OPERATORS.includes(e.operator))
  );
}

/**
 * True when `labels` satisfy every matchLabels entry and matchExpressions requirement; an empty
 * selector matches everything (callers treat an absent selector as matching nothing).
 */
export function selectorMatches(
  sel: LabelSelector,
  labels: Record<string, string> | undefined,
): boolean {
  const l = labels ?? {};
  const has = (k: string): boolean => hasOwn(l, k);
  const labelsOk = Object.entries(sel.matchLabels ?? {}).every(([k, v]) => has(k) && l[k] === v);
  return (
    labelsOk &&
    (sel.matchExpressions ?? []).every((e) => {
      const values = e.values ?? [];
      switch (e.operator) {
        case 'In':
          return has(e.key) && values.includes(l[e.key] ?? '');
        case 'NotIn':
          return !has(e.key) || !values.includes(l[e.key] ?? '');
        case 'Exists':
          return has(e.key);
        case 'DoesNotExist':
          return !has(e.key);
        default:
          return false;
      }
    })
  );
}
