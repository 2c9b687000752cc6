// Field errors in apimachinery's vocabulary: validation accumulates these instead of stopping at
// the first, and they render exactly as kube-apiserver prints them.

export type FieldErrorType =
  | 'FieldValueInvalid'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueNotFound';

export interface FieldError {
  type: FieldErrorType;
  /** Dotted path with indexes, e.g. `spec.ports[0].nodePort`. */
  field: string;
  /** The text after `<field>: `. */
  body: string;
}

/** Renders a value the way apimachinery does: numbers/booleans plain, strings quoted, else JSON. */
export function formatValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined || value === null) return 'null';
  return JSON.stringify(value);
}

/** The JSON type Go's decoder names in `json: cannot unmarshal <type> into ...`. */
export function goJsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return 'bool';
  return typeof value === 'object' ? 'object' : typeof value;
}

export function invalid(field: string, value: unknown, detail: string): FieldError {
  return {
    type: 'FieldValueInvalid',
    field,
    body: `Invalid value: ${formatValue(value)}: ${detail}`,
  };
}

export function required(field: string, detail?: string): FieldError {
  return {
    type: 'FieldValueRequired',
    field,
    body: detail ? `Required value: ${detail}` : 'Required value',
  };
}

export function duplicate(field: string, value: unknown): FieldError {
  return { type: 'FieldValueDuplicate', field, body: `Duplicate value: ${formatValue(value)}` };
}

/** `supported` is sorted and quoted as Kubernetes prints it. */
export function notSupported(
  field: string,
  value: unknown,
  supported: readonly string[],
): FieldError {
  const list = [...supported]
    .sort()
    .map((s) => JSON.stringify(s))
    .join(', ');
  return {
    type: 'FieldValueNotSupported',
    field,
    body: `Unsupported value: ${formatValue(value)}: supported values: ${list}`,
  };
}

export function forbidden(field: string, detail: string): FieldError {
  return { type: 'FieldValueForbidden', field, body: `Forbidden: ${detail}` };
}

export function tooLong(field: string, value: unknown, max: number): FieldError {
  return {
    type: 'FieldValueTooLong',
    field,
    body: `Too long: may not be more than ${max} bytes`,
  };
}

/** `<field>: <body>`, the one-line form used in Status messages. */
export function fieldErrorText(e: FieldError): string {
  return `${e.field}: ${e.body}`;
}

/** Joins a path and a child: `child(‘spec’, ‘ports’)`, `index(‘spec.ports’, 0)`. */
export function child(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

export function index(path: string, i: number): string {
  return `${path}[${i}]`;
}
