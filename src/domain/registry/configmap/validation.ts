// ConfigMap rules beyond ValidateConfigMap (in ../workloads/validation.ts): binaryData
// decoded as kube-apiserver's JSON decoder decodes []byte (Go's base64.StdEncoding), and
// ValidateConfigMapUpdate's immutability.
import { badRequest } from '../../apimachinery/errors';
import { forbidden, type FieldError } from '../../apimachinery/field-errors';
import type { ConfigMap } from '../../../schema/kube/core';
import { hasOwn } from '../../apimachinery/own-property';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const PAD = 0x3d; // '='
const isNewline = (b: number | undefined): boolean => b === 0x0a || b === 0x0d;
const IMMUTABLE = 'field is immutable when `immutable` is set';

const DECODE = (() => {
  const map = new Int16Array(256).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) map[ALPHABET.charCodeAt(i)] = i;
  return map;
})();

/** One 4-character quantum from `si`: [next index, bytes decoded, error offset or -1]. */
function decodeQuantum(src: Uint8Array, start: number): [number, number, number] {
  let si = start;
  for (let j = 0; j < 4; j++) {
    if (si === src.length) return j === 0 ? [si, 0, -1] : [si, 0, si - j];
    const c = src[si++] ?? 0;
    if ((DECODE[c] ?? -1) >= 0) continue;
    if (isNewline(c)) {
      j--;
      continue;
    }
    if (c !== PAD || j < 2) return [si, 0, si - 1];
    if (j === 2) {
      while (isNewline(src[si])) si++;
      if (si === src.length) return [si, 0, src.length];
      if (src[si] !== PAD) return [si, 0, si - 1];
      si++;
    }
    while (isNewline(src[si])) si++;
    return [si, j - 1, si < src.length ? si : -1];
  }
  return [si, 3, -1];
}

/**
 * Go's `base64.StdEncoding.Decode` on the string's UTF-8 bytes: the decoded size, or the byte
 * offset its CorruptInputError names (`illegal base64 data at input byte N`).
 */
export function decodeBase64Size(text: string): { size: number } | { corruptAt: number } {
  const src = new TextEncoder().encode(text);
  let si = 0;
  let size = 0;
  while (si < src.length) {
    const [next, n, corruptAt] = decodeQuantum(src, si);
    if (corruptAt >= 0) return { corruptAt };
    size += n;
    si = next;
  }
  return { size };
}

/** Throws kube-apiserver's decode error (400) for a binaryData value that is not base64. */
export function validateBinaryData(cm: ConfigMap): void {
  for (const value of Object.values(cm.binaryData ?? {})) {
    const decoded = decodeBase64Size(value);
    if ('corruptAt' in decoded) {
      throw badRequest(
        `ConfigMap in version "v1" cannot be handled as a ConfigMap: illegal base64 data at input byte ${decoded.corruptAt}`,
      );
    }
  }
}

function sameMap(a: Record<string, string> | undefined, b: Record<string, string> | undefined) {
  const x = a ?? {};
  const y = b ?? {};
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  return keys.every((k) => hasOwn(y, k) && x[k] === y[k]);
}

/** ValidateConfigMapUpdate: once `immutable: true`, data, binaryData and immutable stay. */
export function validateConfigMapUpdate(cm: ConfigMap, old: ConfigMap): FieldError[] {
  if (old.immutable !== true) return [];
  const errs: FieldError[] = [];
  if (cm.immutable !== true) errs.push(forbidden('immutable', IMMUTABLE));
  if (!sameMap(cm.data, old.data)) errs.push(forbidden('data', IMMUTABLE));
  if (!sameMap(cm.binaryData, old.binaryData)) errs.push(forbidden('binaryData', IMMUTABLE));
  return errs;
}
