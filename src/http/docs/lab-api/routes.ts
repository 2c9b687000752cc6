// GET /openapi.json, /openapi.yaml and /docs (Scalar's API reference). The document is the
// generated JSON module, so the Worker serves it without a file system.
import { Scalar } from '@scalar/hono-api-reference';
import { Hono } from 'hono';
import { htmlPage } from '../../middleware/security-headers';
import document from './openapi.generated.json';
import { documentYaml } from './yaml-text';

/** The Scalar bundle the page loads when the runtime cannot serve it itself (the Worker). */
export const SCALAR_VERSION = '1.46.4';
export const SCALAR_CDN = `https://cdn.jsdelivr.net/npm/@scalar/api-reference@${SCALAR_VERSION}/dist/browser/standalone.js`;
export const SCALAR_SCRIPT_PATH = '/docs/scalar.js';

/** Reads the Scalar standalone bundle; supplied by an entry point that has it locally (Node). */
export type ScalarScript = () => Promise<string>;

let yamlText: string | undefined;

/** The routes; with `scalarScript`, /docs works offline from a locally served bundle. */
export function apiDocsRoutes(scalarScript?: ScalarScript) {
  const routes = new Hono()
    .get('/openapi.json', (c) => c.json(document))
    .get('/openapi.yaml', (c) => {
      yamlText ??= documentYaml(document);
      return c.body(yamlText, 200, { 'content-type': 'application/yaml; charset=utf-8' });
    })
    .get(
      '/docs',
      // The page's one inline script is allowed by its hash; the bundle comes from here or the CDN.
      htmlPage({ scriptOrigins: scalarScript ? [] : [new URL(SCALAR_CDN).origin] }),
      Scalar((c) => ({
        url: '/openapi.json',
        cdn: scalarScript ? SCALAR_SCRIPT_PATH : SCALAR_CDN,
        pageTitle: 'NodePort Lab API',
        // Try-it requests go to the server that served the page.
        servers: [{ url: new URL(c.req.url).origin, description: 'This server' }],
        withDefaultFonts: false,
        telemetry: false,
        agent: { disabled: true },
      })),
    );
  if (scalarScript) {
    routes.get(SCALAR_SCRIPT_PATH, async (c) =>
      c.body(await scalarScript(), 200, {
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'public, max-age=86400',
      }),
    );
  }
  return routes;
}
