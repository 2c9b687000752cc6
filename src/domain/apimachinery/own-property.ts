// Own-property access for keys a student chose (label keys, ConfigMap keys, patch paths, field
// selectors). Kubernetes treats `__proto__`, `constructor` and `prototype` as ordinary keys; on a
// plain JavaScript object `obj[key]` would read the prototype chain and `obj[key] = v` with
// `__proto__` would replace the object's prototype. Everything here touches own properties only.

/** True when `obj` has `key` as an own property. */
export function hasOwn(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** `obj[key]` when `key` is an own property, else undefined (never an inherited value). */
export function ownValue(obj: unknown, key: string): unknown {
  if (typeof obj !== 'object' || obj === null || !hasOwn(obj, key)) return undefined;
  return (obj as Record<string, unknown>)[key];
}

/** Sets `obj[key] = value` as an own data property, even for `__proto__`. */
export function setOwn(obj: object, key: string, value: unknown): void {
  // `__proto__` is Object.prototype's only accessor; any other key assigns as an own property
  // (and assignment is several times faster than defineProperty on the decode path).
  if (key === '__proto__') {
    Object.defineProperty(obj, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  } else {
    (obj as Record<string, unknown>)[key] = value;
  }
}
