// The case table of test/validation.test.ts (test/golden/cases/validation.yaml): objects
// kube-apiserver refuses, with their exact field errors, and objects it accepts. Each object is
// built by a builder of ./manifests from the arguments the case lists, or given whole.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { deployment, DEPLOYMENTS, pod, PODS, service, SERVICES } from './manifests';

export interface InvalidCase {
  name: string;
  path: string;
  object: Record<string, unknown>;
  /** Field errors as `<field>: <body>`, in the order kube-apiserver reports them. */
  errors: string[];
  kind: string;
  group?: string;
}

/** test/golden/cases/validation.yaml, its objects built and its placeholders filled in. */
export function validationCases() {
  type Raw = { name: string; errors?: string[]; object?: Json } & Partial<
    Record<keyof typeof BUILDERS, unknown[]>
  >;
  const url = new URL('../golden/cases/validation.yaml', import.meta.url);
  const raw = parse(readFileSync(url, 'utf8')) as {
    messages: Record<string, string>;
    invalid: Raw[];
    accepted: Raw[];
  };
  const fill = (v: unknown): unknown => {
    if (typeof v === 'string') {
      return v
        .replace(/\$\{(\w)\*(\d+)\}/g, (_, c: string, n: string) => c.repeat(Number(n)))
        .replace(/\$\{([A-Z0-9_]+)\}/g, (_, name: string) => {
          if (!Object.hasOwn(raw.messages, name)) throw new Error(`no message ${name}`);
          return raw.messages[name]!;
        });
    }
    if (Array.isArray(v)) return v.map(fill);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [fill(k), fill(x)]));
    }
    return v;
  };
  const build = (c: Raw): InvalidCase => {
    const builder = (Object.keys(BUILDERS) as (keyof typeof BUILDERS)[]).find((b) => c[b]);
    const object = (
      builder ? BUILDERS[builder](...(fill(c[builder]) as unknown[])) : fill(c.object)
    ) as Json;
    const [group, version] = String(object.apiVersion).split('/');
    const kind = String(object.kind);
    return {
      name: c.name,
      path: COLLECTIONS[kind]!,
      object,
      errors: fill(c.errors ?? []) as string[],
      kind,
      ...(version ? { group } : {}),
    };
  };
  const messages = fill(raw.messages) as Record<string, string>;
  return { messages, invalid: raw.invalid.map(build), accepted: raw.accepted.map(build) };
}

type Json = Record<string, unknown>;
/** The builders a case names, with the arguments it lists. */
const BUILDERS = {
  service: (...a: unknown[]) => service(...(a as Parameters<typeof service>)),
  pod: (...a: unknown[]) => pod(...(a as Parameters<typeof pod>)),
  deployment: (...a: unknown[]) => deployment(...(a as Parameters<typeof deployment>)),
};
const COLLECTIONS: Record<string, string> = {
  Service: SERVICES,
  Pod: PODS,
  Deployment: DEPLOYMENTS,
};
