// Shared parts: frozen values that many answers hand out by reference (kube-proxy's programmed
// rules and decisions, endpoint lists, nodes; a container's last answer), so their JSON is written
// once (src/http/codecs/json.ts) and their identity stands for their content. A part carries the
// slot of that JSON itself, under a non-enumerable symbol (JSON, spreads and equality never see
// it): a process-wide weak table of parts was a cache miss per lookup once 1,000 labs' parts were
// in it.
const SHARED = Symbol('shared part');

/** A shared part's JSON, and what a codec keeps with it (src/http/codecs/json.ts's runs). */
export interface JsonSlot {
  text?: string;
  run?: unknown;
}

type Slotted = { [SHARED]?: JsonSlot };

/** Freezes `part` and marks it shared: read-only, reused by every answer that holds it. */
export function sharePart<T extends object>(part: T): Readonly<T> {
  if (Object.isExtensible(part)) Object.defineProperty(part, SHARED, { value: {} });
  return Object.freeze(part);
}

/** The JSON slot of a shared part; undefined for anything else. */
export function sharedSlot(value: object): JsonSlot | undefined {
  return (value as Slotted)[SHARED];
}

/** JSON.stringify of a shared part, written once; undefined for anything else. */
export function sharedJson(value: object): string | undefined {
  const slot = (value as Slotted)[SHARED];
  return slot && (slot.text ??= JSON.stringify(value));
}
