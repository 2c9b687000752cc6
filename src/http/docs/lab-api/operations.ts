// Building blocks of the route registry: operations, parameters, bodies and responses, with the
// examples the generator captured from a real server (see scripts/openapi-examples.ts).
import { schemaRef, type JsonSchema } from './components';

export const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
export type Method = (typeof METHODS)[number];

/** One documented route: a method on a path template, and its OpenAPI operation object. */
export interface RouteDoc {
  method: Method;
  path: string;
  operation: JsonSchema;
}

/** A real answer of the server, recorded by the generator to serve as an example. */
export interface CapturedExample {
  summary: string;
  status: number;
  contentType: string;
  /** Parsed JSON, or the text itself. */
  body: unknown;
}

/** What the document is built from besides the code: tutorial manifests and real answers. */
export interface DocumentInputs {
  version: string;
  /** examples/*.yaml by file name. */
  tutorials: Record<string, string>;
  examples: Record<string, CapturedExample>;
}

/** Looks up examples by name, failing the build on a name the generator did not capture. */
export class Examples {
  readonly used = new Set<string>();
  constructor(readonly inputs: DocumentInputs) {}

  /** `{ name: { $ref } }` for a media type's `examples`. */
  refs(names: string[]): Record<string, JsonSchema> {
    const out: Record<string, JsonSchema> = {};
    for (const name of names) {
      if (!this.inputs.examples[name]) throw new Error(`no captured example named "${name}"`);
      this.used.add(name);
      out[name] = { $ref: `#/components/examples/${name}` };
    }
    return out;
  }

  /** The YAML of examples/<file>. */
  tutorial(file: string): string {
    const text = this.inputs.tutorials[file];
    if (text === undefined) throw new Error(`no tutorial manifest examples/${file}`);
    return text;
  }

  /** components.examples: the captured answers the document refers to. */
  components(): Record<string, JsonSchema> {
    const out: Record<string, JsonSchema> = {};
    for (const name of [...this.used].sort()) {
      const { summary, body } = this.inputs.examples[name]!;
      out[name] = { summary, value: body };
    }
    return out;
  }
}

export function pathParam(name: string, description: string, example?: string): JsonSchema {
  return {
    name,
    in: 'path',
    required: true,
    description,
    schema: { type: 'string' },
    ...(example !== undefined ? { example } : {}),
  };
}

export function queryParam(name: string, description: string, schema: JsonSchema): JsonSchema {
  return { name, in: 'query', required: false, description, schema };
}

/** A schema given by component name, or inline. */
function schemaOf(schema: string | JsonSchema): JsonSchema {
  return typeof schema === 'string' ? schemaRef(schema) : schema;
}

export interface MediaOptions {
  examples?: string[];
  /** A literal example (tutorial YAML, a patch) instead of captured ones. */
  example?: unknown;
}

export function media(ex: Examples, schema: string | JsonSchema, options: MediaOptions = {}) {
  return {
    schema: schemaOf(schema),
    ...(options.example !== undefined ? { example: options.example } : {}),
    ...(options.examples?.length ? { examples: ex.refs(options.examples) } : {}),
  };
}

/** A required JSON request body of `schema`, showing `example`. */
export function jsonBody(ex: Examples, schema: string, example: unknown): JsonSchema {
  return { required: true, content: { 'application/json': media(ex, schema, { example }) } };
}

export function jsonResponse(
  ex: Examples,
  description: string,
  schema: string | JsonSchema,
  examples: string[] = [],
): JsonSchema {
  return { description, content: { 'application/json': media(ex, schema, { examples }) } };
}

const FAILURES: Record<number, string> = {
  400: 'BadRequest: malformed YAML or JSON, wrong field types, or a bad parameter.',
  401: 'Unauthorized: no or a wrong bearer token.',
  403: 'Forbidden.',
  404: 'NotFound.',
  405: 'MethodNotAllowed: the kind is read-only (the cluster manages it).',
  409: 'AlreadyExists, or Conflict on a stale resourceVersion.',
  413: "RequestEntityTooLarge: the body is over 3 MiB, kube-apiserver's limit.",
  415: 'UnsupportedMediaType: the Content-Type is not one the route accepts.',
  422: 'Invalid: every field error, as kube-apiserver reports them.',
  500: 'InternalError (for example: no free nodePort or clusterIP left).',
  429: 'TooManyRequests: too many open streams of this lab.',
  503: 'ServiceUnavailable.',
};

/** Status answers for `codes`, each with the captured examples whose status matches it. */
export function failures(ex: Examples, codes: number[], examples: string[] = []) {
  const out: Record<string, JsonSchema> = {};
  for (const code of codes) {
    const mine = examples.filter((n) => ex.inputs.examples[n]?.status === code);
    out[String(code)] = jsonResponse(ex, FAILURES[code] ?? 'Failure.', 'Status', mine);
  }
  for (const name of examples) {
    const status = ex.inputs.examples[name]?.status;
    if (status === undefined || !codes.includes(status)) {
      throw new Error(`example "${name}" (${status}) is not one of the codes ${codes.join(', ')}`);
    }
  }
  return out;
}

/** A text/plain answer (kubectl-style table, apply lines, curl output). */
export function textContent(ex: Examples, description: string, examples: string[] = []) {
  return { 'text/plain': { ...media(ex, { type: 'string', description }, { examples }) } };
}
