// Field selector strings (`metadata.name=web,involvedObject.kind=Pod`), as clients send them to
// lists: each term compares the string form of one field, `=`/`==` or `!=`. kubectl describe
// finds an object's events this way, and kubectl delete --wait watches one name.
import { badRequest } from './errors';

export interface FieldRequirement {
  path: string[];
  op: '=' | '!=';
  value: string;
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

/** Parses a field selector; throws a 400 naming a term without an operator. */
export function parseFieldSelector(text: string): FieldRequirement[] {
  if (!text.trim()) return [];
  return splitEscaped(text, ',').map((term) => {
    const m = /^([^=!]+?)\s*(==|=|!=)(.*)$/s.exec(term.trim());
    if (!m) throw badRequest(`invalid selector: '${text}'; can't understand '${term}'`);
    return { path: m[1]!.trim().split('.'), op: m[2] === '!=' ? '!=' : '=', value: m[3]!.trim() };
  });
}

/** True when every requirement holds for `obj` (a missing field reads as the empty string). */
export function matchesFields(reqs: FieldRequirement[], obj: unknown): boolean {
  return reqs.every((r) => {
    let v: unknown = obj;
    for (const p of r.path) {
      v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[p] : undefined;
    }
    const text = v === undefined || v === null ? '' : String(v);
    return r.op === '=' ? text === r.value : text !== r.value;
  });
}
