// The server's own routes: health, this OpenAPI document and its reference page, and the web page.
import type { JsonSchema } from './components';
import { type Examples, jsonResponse, pathParam, type RouteDoc } from './operations';

export function serviceRoutes(ex: Examples): RouteDoc[] {
  const text = (type: string, description: string) => ({
    description,
    content: { [type]: { schema: { type: 'string' } } },
  });
  const docs = (path: string, id: string, summary: string, response: JsonSchema): RouteDoc => ({
    method: 'get',
    path,
    operation: {
      tags: ['API docs'],
      operationId: id,
      summary,
      security: [],
      responses: { '200': response },
    },
  });
  return [
    {
      method: 'get',
      path: '/healthz',
      operation: {
        tags: ['Health'],
        operationId: 'health',
        summary: 'Ready once the database answers',
        security: [],
        responses: { '200': jsonResponse(ex, 'Healthy.', 'Health', ['health']) },
      },
    },
    docs('/openapi.json', 'openApiJson', 'This OpenAPI document, as JSON', {
      description: 'OpenAPI 3.1.',
      content: { 'application/json': { schema: { type: 'object' } } },
    }),
    docs(
      '/openapi.yaml',
      'openApiYaml',
      'This OpenAPI document, as YAML',
      text('application/yaml', 'OpenAPI 3.1.'),
    ),
    docs(
      '/docs',
      'apiReference',
      'Interactive API reference (Scalar)',
      text('text/html', 'The page.'),
    ),
    docs(
      '/docs/scalar.js',
      'apiReferenceScript',
      "Scalar's script for /docs, served locally (Node with devDependencies installed)",
      text('text/javascript', "@scalar/api-reference's standalone bundle."),
    ),
    ...pageRoutes(),
  ];
}

/** The web page's shell (GET / answers it too when the client asks for text/html). */
function pageRoutes(): RouteDoc[] {
  const html = (description: string) => ({
    description,
    content: { 'text/html': { schema: { type: 'string' } } },
  });
  const page = (path: string, id: string, summary: string, parameters: JsonSchema[] = []) => ({
    method: 'get' as const,
    path,
    operation: {
      tags: ['Web page'],
      operationId: id,
      summary,
      security: [],
      ...(parameters.length ? { parameters } : {}),
      responses: {
        '200': html('The page; its script reads the lab through this API.'),
        '503': html('The client is not built (`npm run build:ui`).'),
      },
    },
  });
  return [
    page('/ui', 'webPage', "The lab's web page (the default lab, or the token's)"),
    page('/ui/labs/{id}', 'webPageOfLab', 'The web page of lab `id`', [
      pathParam('id', 'The lab the page shows (sent as X-Lab-Id).', 'default'),
    ]),
  ];
}
