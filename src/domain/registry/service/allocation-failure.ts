// How a Service's address allocation fails, shared by the allocation step and its nodePort part.
import type { FieldError } from '../../apimachinery/field-errors';

/**
 * 422 field errors for the Service; the text of a 500 InternalError (`failed to allocate a
 * nodePort: ...`); or the text of a bare Go error, which kube-apiserver answers as a 500 without
 * a reason.
 */
export type AllocationFailure =
  | { ok: false; errors: FieldError[] }
  | { ok: false; internal: string }
  | { ok: false; plain: string };
