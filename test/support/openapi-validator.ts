// Checks real answers against the OpenAPI document: finds the operation a request matched, the
// response its status documents and the media type's schema, and validates the body with ajv.
import { Ajv2020 } from 'ajv/dist/2020';
import document from '../../src/http/docs/lab-api/openapi.generated.json';

type Json = Record<string, unknown>;

const DOC_ID = 'https://nodeport-lab.local/openapi.json';
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema({ ...(document as Json), $id: DOC_ID });

const paths = document.paths as Record<string, Record<string, Json>>;

/** JSON Pointer escaping of one token. */
const token = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

function templateRegex(template: string): RegExp {
  const source = template
    .split('/')
    .map((seg) => {
      if (seg === '{path}') return '.+';
      return seg.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
    })
    .join('/');
  return new RegExp(`^${source}$`);
}

/** The documented path template a concrete path matches; the most literal one wins. */
export function matchTemplate(path: string): string | undefined {
  const literal = (t: string) => t.split('/').filter((s) => s && !s.startsWith('{')).length;
  return Object.keys(paths)
    .filter((t) => templateRegex(t).test(path))
    .sort((a, b) => literal(b) - literal(a))[0];
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** Every way `answer` (to `method path`) departs from the document; empty when it conforms. */
export function departures(method: string, pathWithQuery: string, answer: Answer): string[] {
  const path = pathWithQuery.split('?')[0] ?? '';
  const template = matchTemplate(path);
  if (!template) return [`no documented path matches ${path}`];
  const m = method.toLowerCase();
  const operation = paths[template]?.[m];
  if (!operation) return [`${method} ${template} is not documented`];
  const responses = operation.responses as Record<string, Json>;
  const code = String(answer.status);
  const key = code in responses ? code : 'default' in responses ? 'default' : undefined;
  if (!key) return [`${method} ${template} documents no ${code} answer`];
  const content = (responses[key]!.content ?? {}) as Record<string, Json>;
  // A media type with parameters (aggregated discovery's) is documented whole; others bare.
  const full = String(answer.headers['content-type'] ?? '')
    .replace(/\s+/g, '')
    .toLowerCase();
  const documented = Object.keys(content).find((k) => k.replace(/\s+/g, '').toLowerCase() === full);
  const type = documented ?? full.split(';')[0] ?? '';
  if (!(type in content)) {
    return [`${method} ${template} ${code} documents no ${type} (only ${Object.keys(content)})`];
  }
  const pointer = ['paths', template, m, 'responses', key, 'content', type, 'schema']
    .map(token)
    .join('/');
  const validate = ajv.getSchema(`${DOC_ID}#/${pointer}`);
  if (!validate) return [`no schema at ${pointer}`];
  const body: unknown = type.includes('json') ? JSON.parse(answer.text) : answer.text;
  if (validate(body)) return [];
  return (validate.errors ?? []).map(
    (e) =>
      `${method} ${template} ${code}: ${e.instancePath || '(body)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
  );
}
