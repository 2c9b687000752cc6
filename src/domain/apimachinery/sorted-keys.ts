// Key order for the objects the defaulters build: alphabetical, as `kubectl get -o yaml` prints.

/** A shallow copy of `obj` with its keys sorted and undefined entries dropped; values are shared. */
export function sortKeys<T extends object>(obj: T): T {
  const entries = Object.entries(obj).filter(([, v]) => v !== undefined);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries) as T;
}
