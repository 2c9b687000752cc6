// Manifest streams for POST /manifests: many documents of mutated objects, and YAML's own
// hazards (aliases and merge keys, self-reference, tags, YAML 1.1 scalars, empty documents,
// broken indentation, truncation), plus JSON bodies (one object, an array, a List, broken).
import fc from 'fast-check';
import { deepText, objectJson, objectYaml } from './hostile-values';

/** Billion laughs, bounded: `width` aliases per level, `depth` levels. */
const aliasBomb = fc
  .record({ width: fc.integer({ min: 2, max: 10 }), depth: fc.integer({ min: 1, max: 8 }) })
  .map(({ width, depth }) => {
    const lines = ['a0: &a0 [x]'];
    for (let d = 1; d <= depth; d++) {
      lines.push(`a${d}: &a${d} [${Array.from({ length: width }, () => `*a${d - 1}`).join(',')}]`);
    }
    return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
  });

const yamlHazard = fc.oneof(
  fc.constantFrom(
    'a: &a [*a]\n',
    'a: &a\n  <<: *a\n',
    'x: *undefined\n',
    'apiVersion: v1\nkind: ConfigMap\nmetadata: &m {name: m}\ndata: {<<: *m, b: "1"}\n',
    'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: !!python/object:os.system [ls]\n',
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: t}\ndata: !!set {a, b}\n',
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: t}\nbinaryData: {a: !!binary "////"}\n',
    'apiVersion: v1\nkind: Deployment\nmetadata: {name: o}\nspec: {replicas: 0120}\n',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: y}\nspec: {replicas: yes, paused: on}\n',
    'apiVersion: v1\nkind: Service\nmetadata: {name: n}\nspec: {ports: [{port: 0x50, nodePort: 3_0080}]}\n',
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: k}\ndata: {? [a, b] : c}\n',
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d}\ndata: {a: 1, a: 2}\n',
    'apiVersion: v1\n\tkind: ConfigMap\n',
    'apiVersion: "v1\nkind: ConfigMap\n',
    '{',
    ':::\n- - -\n',
    '\ufeffapiVersion: v1\r\nkind: Namespace\r\nmetadata:\r\n  name: bom\r\n',
    '%YAML 1.1\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: directive}\n',
    '...\n',
    '# only a comment\n',
  ),
  aliasBomb,
  fc.constantFrom(1, 100, 20_000).map((n) => '---\n'.repeat(n)),
  deepText.map((d) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: ${d}\n`),
);

/** A truncated or re-indented copy of a valid document. */
const brokenYaml = fc
  .tuple(objectYaml, fc.nat(), fc.constantFrom('cut', 'indent', 'tab'))
  .map(([text, at, how]) => {
    const i = at % Math.max(1, text.length);
    if (how === 'cut') return text.slice(0, i);
    const lines = text.split('\n');
    const n = at % Math.max(1, lines.length);
    lines[n] = `${how === 'tab' ? '\t' : '   '}${lines[n] ?? ''}`;
    return lines.join('\n');
  });

const yamlDocument = fc.oneof(
  { weight: 8, arbitrary: objectYaml },
  { weight: 2, arbitrary: objectJson },
  { weight: 2, arbitrary: yamlHazard },
  { weight: 1, arbitrary: brokenYaml },
);

/** A YAML stream of 1-5 documents (mostly one or two: one bad document fails them all). */
export const yamlStream = fc
  .oneof(
    { weight: 3, arbitrary: fc.array(yamlDocument, { minLength: 1, maxLength: 2 }) },
    { weight: 1, arbitrary: fc.array(yamlDocument, { minLength: 3, maxLength: 5 }) },
  )
  .map((docs) => docs.join('\n---\n'));

/** A JSON body: one object, an array of them, a List, or broken JSON. */
export const jsonManifests = fc.oneof(
  { weight: 4, arbitrary: objectJson },
  {
    weight: 2,
    arbitrary: fc.array(objectJson, { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
  },
  {
    weight: 2,
    arbitrary: fc
      .array(objectJson, { maxLength: 4 })
      .map((items) => `{"apiVersion":"v1","kind":"List","items":[${items.join(',')}]}`),
  },
  { weight: 1, arbitrary: deepText },
  { weight: 1, arbitrary: objectJson.map((t) => t.slice(0, Math.floor(t.length / 2))) },
);

const NGINX_VARIABLES = [
  '$request_uri',
  '$host',
  '$http___proto__',
  '$arg_constructor',
  '$cookie_x',
];
const nginxText = fc
  .array(
    fc.oneof(
      fc.constantFrom(...NGINX_VARIABLES, '\\"', '\\n', '\\\\', '<b>', '}'),
      fc.string({ maxLength: 6 }),
    ),
    {
      maxLength: 6,
    },
  )
  .map((parts) => parts.join(''));
const nginxServer = fc
  .record({
    location: fc.constantFrom('/', '/a', '= /', '~ ^/(.*)$', '/__proto__'),
    type: fc.constantFrom('text/html', 'text/plain', 'application/json'),
    header: fc.constantFrom('Set-Cookie', 'X-Frame-Options', 'Content-Type', '__proto__'),
    code: fc.constantFrom('200', '404', '500', '302', '999', '-1'),
    text: nginxText,
  })
  .map(
    (s) =>
      `server {\n  listen 80;\n  location ${s.location} {\n    default_type ${s.type};\n    add_header ${s.header} "${s.text}";\n    return ${s.code} "${s.text}";\n  }\n}\n`,
  );

/**
 * `files` conf files, each including the next `width` times: the fan-out of issue 11 item 2,
 * kept to at most 4^8 (65,536) includes so today's unbounded code spends well under a second.
 */
const includeFanOut = fc
  .record({ width: fc.integer({ min: 1, max: 4 }), files: fc.integer({ min: 2, max: 9 }) })
  .map(({ width, files }) => {
    const data: Record<string, string> = {};
    for (let i = 0; i < files; i++) {
      data[`f${i}.conf`] =
        i + 1 < files ? `include /etc/nginx/conf.d/f${i + 1}.conf;\n`.repeat(width) : '';
    }
    return data;
  });

/** The ConfigMap the seeded pod fuzz-nginx mounts at /etc/nginx/conf.d, rewritten. */
export const nginxConfigMap = fc
  .oneof(
    nginxServer.map((conf) => ({ 'default.conf': conf })),
    includeFanOut,
    nginxText.map((t) => ({ 'default.conf': t })),
  )
  .map((data) =>
    JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fuzz-conf' }, data }),
  );
