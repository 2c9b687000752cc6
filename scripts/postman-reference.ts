// The "API reference" folder of the Postman collection, generated from the OpenAPI document: one
// request per operation, grouped by tag, with example parameters and bodies and a test script that
// holds the answer to the statuses the document lists.
export type Json = Record<string, unknown>;

export interface PostmanItem {
  name: string;
  description?: string;
  item?: PostmanItem[];
  request?: Json;
  event?: Json[];
}

/** A `test` event running `lines`. */
export function testEvent(lines: string[]): Json {
  return { listen: 'test', script: { type: 'text/javascript', exec: lines } };
}

/** A Postman URL for a path template, `{x}` becoming the path variable `:x`. */
export function postmanUrl(
  template: string,
  variables: { key: string; value: string; description?: string }[] = [],
  query: Json[] = [],
): Json {
  const path = template
    .replace(/^\//, '')
    .split('/')
    .map((s) => s.replace(/^\{(\w+)\}$/, ':$1'));
  const search = query
    .filter((q) => !q.disabled)
    .map((q) => `${String(q.key)}=${String(q.value)}`)
    .join('&');
  return {
    raw: `{{baseUrl}}/${path.join('/')}${search ? `?${search}` : ''}`,
    host: ['{{baseUrl}}'],
    path,
    ...(query.length ? { query } : {}),
    ...(variables.length ? { variable: variables } : {}),
  };
}

/** `{ $ref: '#/components/examples/x' }` or an inline example, resolved to its value. */
function exampleValue(doc: Json, media: Json | undefined): unknown {
  if (!media) return undefined;
  if (media.example !== undefined) return media.example;
  const first = Object.values((media.examples ?? {}) as Record<string, Json>)[0];
  if (!first) return undefined;
  if (typeof first.$ref !== 'string') return first.value;
  const name = first.$ref.split('/').pop() ?? '';
  const examples = (doc.components as Json).examples as Record<string, Json>;
  return examples[name]?.value;
}

/** The body of the request: the YAML tutorial example if there is one, else JSON. */
function bodyOf(doc: Json, operation: Json): { type: string; raw: string } | undefined {
  const content = ((operation.requestBody as Json | undefined)?.content ?? {}) as Record<
    string,
    Json
  >;
  for (const [type, media] of Object.entries(content)) {
    const value = exampleValue(doc, media);
    if (value === undefined) continue;
    return { type, raw: typeof value === 'string' ? value : JSON.stringify(value, null, 2) };
  }
  return undefined;
}

function statusTest(operation: Json): string[] {
  const codes = Object.keys(operation.responses as Json);
  const lines = [
    'pm.test("an error is a Kubernetes Status with the same code", function () {',
    "  if (pm.response.code < 400 || !/json/.test(pm.response.headers.get('Content-Type') || '')) return;",
    '  const body = pm.response.json();',
    "  if (body.kind !== 'Status') return; // the request routes relay the pod's own errors",
    '  pm.expect(body.code).to.equal(pm.response.code);',
    '});',
  ];
  if (codes.includes('default')) return lines;
  return [
    `pm.test("answers a documented status (${codes.join(', ')})", function () {`,
    `  pm.expect([${codes.join(', ')}]).to.include(pm.response.code);`,
    '});',
    ...lines,
  ];
}

function requestItem(doc: Json, method: string, path: string, operation: Json): PostmanItem {
  const params = (operation.parameters ?? []) as Json[];
  const variables = params
    .filter((p) => p.in === 'path')
    .map((p) => ({
      key: String(p.name),
      value: String(p.example ?? ''),
      description: String(p.description ?? ''),
    }));
  const query = params
    .filter((p) => p.in === 'query')
    // A query parameter with an example is sent with it; the others are listed, switched off.
    .map((p) =>
      p.example === undefined
        ? { key: p.name, value: '', description: p.description, disabled: true }
        : { key: p.name, value: String(p.example), description: p.description },
    );
  const body = bodyOf(doc, operation);
  const header = [
    ...(body ? [{ key: 'Content-Type', value: body.type }] : []),
    // Acts in the tutorial's lab once that ran; the default lab while labId is empty.
    { key: 'X-Lab-Id', value: '{{labId}}' },
  ];
  return {
    name: String(operation.summary),
    request: {
      method: method.toUpperCase(),
      header,
      url: postmanUrl(path, variables, query),
      ...(body
        ? {
            body: {
              mode: 'raw',
              raw: body.raw,
              options: { raw: { language: body.type.includes('json') ? 'json' : 'text' } },
            },
          }
        : {}),
      ...(operation.description ? { description: operation.description } : {}),
    },
    event: [testEvent(statusTest(operation))],
  };
}

/** One folder per tag, in the document's tag order, each request in document order. */
export function referenceFolders(doc: Json): PostmanItem[] {
  const tags = (doc.tags as { name: string; description?: string }[]).map((t) => t.name);
  const folders = new Map<string, PostmanItem[]>(tags.map((t) => [t, []]));
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Json>>)) {
    for (const [method, operation] of Object.entries(item)) {
      const tag = ((operation.tags as string[] | undefined) ?? ['Other'])[0] ?? 'Other';
      if (!folders.has(tag)) folders.set(tag, []);
      folders.get(tag)!.push(requestItem(doc, method, path, operation));
    }
  }
  const descriptions = new Map(
    (doc.tags as { name: string; description?: string }[]).map((t) => [t.name, t.description]),
  );
  return [...folders]
    .filter(([, items]) => items.length > 0)
    .map(([name, item]) => {
      const description = descriptions.get(name);
      return { name, ...(description ? { description } : {}), item };
    });
}
