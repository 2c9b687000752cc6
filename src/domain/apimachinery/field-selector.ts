// Field selector strings (`metadata.name=web,involvedObject.kind=Pod`), as clients send them to
// lists: each term compares the string form of one field, `=`/`==` or `!=`. kubectl describe
// finds an object's events this way, and kubectl delete --wait watches one name.
import { badRequest } from './errors';
import { FALSE_WHEN_ABSENT, fieldLabel } from './field-labels';
import { ownValue } from './own-property';

export interface FieldRequirement {
  path: string[];
  op: '=' | '!=';
  value: string;
  /** What an absent field reads as: '' ('false' for the boolean fields Kubernetes selects by). */
  absent?: string;
}

/** Splits on unescaped `sep` and unescapes `\,` `\=` `\\` as apimachinery's fields.ParseSelector. */
function splitEscaped(text: string, sep: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length) {
      cur += text[++i];
    } else if (ch === sep) {
      parts.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  parts.push(cur);
  return parts;
}

/**
 * Parses a field selector; throws a 400 naming a term without an operator. With `type`, each
 * field must be one that kind is selectable by (field-labels.ts), else a 400 as kube-apiserver's.
 */
export function parseFieldSelector(
  text: string,
  type?: { kind: string; group: string },
): FieldRequirement[] {
  if (!text.trim()) return [];
  return splitEscaped(text, ',').map((term) => {
    const m = /^([^=!]+?)\s*(==|=|!=)(.*)$/s.exec(term.trim());
    if (!m) throw badRequest(`invalid selector: '${text}'; can't understand '${term}'`);
    const label = type ? fieldLabel(m[1]!.trim(), type.kind, type.group) : m[1]!.trim();
    return {
      path: label.split('.'),
      op: m[2] === '!=' ? '!=' : '=',
      value: m[3]!.trim(),
      ...(FALSE_WHEN_ABSENT.has(label) ? { absent: 'false' } : {}),
    };
  });
}

/**
 * True when every requirement holds for `obj`. A missing field reads as the empty string; path
 * segments are own properties only (`metadata.constructor` is missing, not Object's constructor),
 * and a field holding an object or list is no field to compare either.
 */
export function matchesFields(reqs: FieldRequirement[], obj: unknown): boolean {
  return reqs.every((r) => {
    let v: unknown = obj;
    for (const p of r.path) v = ownValue(v, p);
    const scalar = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
    const text = scalar ? String(v) : v === undefined ? (r.absent ?? '') : '';
    return r.op === '=' ? text === r.value : text !== r.value;
  });
}
