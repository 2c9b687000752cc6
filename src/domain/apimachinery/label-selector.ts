// Label selector strings (`app=web,tier!=db,env`) parsed and matched like apimachinery's.
import { badRequest } from './errors';

export interface Requirement {
  key: string;
  op: '=' | '!=' | 'exists' | '!exists';
  value: string;
}

/** Parses an equality-based selector; throws a 400 naming the bad term. */
export function parseLabelSelector(text: string): Requirement[] {
  if (!text.trim()) return [];
  return text.split(',').map((raw) => {
    const term = raw.trim();
    const m = /^([^=!\s]+)\s*(==|=|!=)\s*([^=!\s]*)$/.exec(term);
    if (m) return { key: m[1]!, op: m[2] === '!=' ? '!=' : '=', value: m[3]! };
    if (/^![^=!\s]+$/.test(term)) return { key: term.slice(1), op: '!exists', value: '' };
    if (/^[^=!\s]+$/.test(term)) return { key: term, op: 'exists', value: '' };
    throw badRequest(
      `unable to parse requirement: "${term}": found unexpected token in label selector`,
    );
  });
}

/** True when `labels` satisfy every requirement. */
export function matchesSelector(reqs: Requirement[], labels: Record<string, string> = {}): boolean {
  return reqs.every((r) => {
    const has = Object.hasOwn(labels, r.key);
    switch (r.op) {
      case '=':
        return has && labels[r.key] === r.value;
      case '!=':
        return !has || labels[r.key] !== r.value;
      case 'exists':
        return has;
      case '!exists':
        return !has;
    }
  });
}
