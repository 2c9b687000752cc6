// Domain errors that map one-to-one onto Kubernetes Status objects (see status.ts in http/).
import { fieldErrorText, type FieldError } from './field-errors';

export type StatusReason =
  | 'Invalid'
  | 'AlreadyExists'
  | 'NotFound'
  | 'BadRequest'
  | 'Conflict'
  | 'Forbidden'
  | 'Unauthorized'
  | 'MethodNotAllowed'
  | 'UnsupportedMediaType'
  | 'RequestEntityTooLarge'
  | 'NotAcceptable'
  | 'InternalError'
  | 'ServiceUnavailable'
  | 'TooManyRequests'
  | 'Timeout';

export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
}

/** An error the API answers as a `Status` with `code`. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    /** '' is StatusReasonUnknown: kube-apiserver's answer to an error that is not a Status. */
    readonly reason: StatusReason | '',
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Identifies an object kind in messages: `Service`, or `Deployment.apps` for grouped kinds. */
export interface KindRef {
  kind: string;
  group: string;
}

/** 422 with every field error; duplicates dropped, one error printed bare, several as `[a, b]`. */
export function invalidError(ref: KindRef, name: string, errors: FieldError[]): ApiError {
  const seen = new Set<string>();
  const unique = errors.filter((e) => {
    const key = fieldErrorText(e);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const texts = unique.map(fieldErrorText);
  const list = texts.length === 1 ? texts[0] : `[${texts.join(', ')}]`;
  const qualified = ref.group ? `${ref.kind}.${ref.group}` : ref.kind;
  return new ApiError(422, 'Invalid', `${qualified} "${name}" is invalid: ${list}`, {
    name,
    ...(ref.group ? { group: ref.group } : {}),
    kind: ref.kind,
    causes: unique.map((e) => ({ reason: e.type, message: e.body, field: e.field })),
  });
}

/** Identifies a resource collection in messages: `services`, `deployments.apps`. */
export interface ResourceRef {
  resource: string;
  group: string;
}

function qualifiedResource(ref: ResourceRef): string {
  return ref.group ? `${ref.resource}.${ref.group}` : ref.resource;
}

function resourceDetails(ref: ResourceRef, name: string): StatusDetails {
  return { name, ...(ref.group ? { group: ref.group } : {}), kind: ref.resource };
}

export function alreadyExists(ref: ResourceRef, name: string): ApiError {
  return new ApiError(
    409,
    'AlreadyExists',
    `${qualifiedResource(ref)} "${name}" already exists`,
    resourceDetails(ref, name),
  );
}

export function notFound(ref: ResourceRef, name: string): ApiError {
  return new ApiError(
    404,
    'NotFound',
    `${qualifiedResource(ref)} "${name}" not found`,
    resourceDetails(ref, name),
  );
}

export function conflict(ref: ResourceRef, name: string): ApiError {
  return new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(ref)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    resourceDetails(ref, name),
  );
}

export function badRequest(message: string, causes?: StatusCause[]): ApiError {
  return new ApiError(400, 'BadRequest', message, causes ? { causes } : undefined);
}

/** A bare Go error from a registry: kube-apiserver answers its text as a 500 with no reason. */
export function unknownError(message: string): ApiError {
  return new ApiError(500, '', message);
}

export function internalError(message: string): ApiError {
  return new ApiError(500, 'InternalError', `Internal error occurred: ${message}`, {
    causes: [{ reason: '', message }],
  });
}
