/** @jsxImportSource hono/jsx */
// The web page: GET / for browsers (Accept: text/html; API clients keep the Status they got),
// /ui and /ui/labs/<id>, and on Node the hashed client files (the Worker's static assets serve them
// there). Mounted before authentication: the shell holds no data, the client sends the token.
import { Hono, type Context } from 'hono';
import { PAGE_HEADERS } from './csp';
import { UI_ASSET_PREFIX, type UiAssets } from './manifest';
import { Shell } from './page';

const wantsHtml = (c: Context) => /\btext\/html\b/i.test(c.req.header('accept') ?? '');

const CONTENT_TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json',
};

/** `app-<hash>.js` and the like: no slashes, no dots but the extension's. */
const ASSET_NAME = /^[A-Za-z0-9_-]+\.(js|css|json)$/;

export function uiRoutes(assets: UiAssets | undefined) {
  const page = async (c: Context, labId: string | undefined) => {
    const manifest = await assets?.manifest();
    const html = `<!doctype html>${(<Shell manifest={manifest} labId={labId} />).toString()}`;
    return c.html(html, manifest ? 200 : 503, PAGE_HEADERS);
  };
  const routes = new Hono()
    .get('/', (c, next) => (wantsHtml(c) ? page(c, undefined) : next()))
    .get('/ui', (c) => page(c, undefined))
    .get('/ui/labs/:id', (c) => page(c, c.req.param('id')));
  const file = assets?.file?.bind(assets);
  if (file) {
    routes.get(`/${UI_ASSET_PREFIX}/:name`, async (c, next) => {
      const name = c.req.param('name');
      const m = ASSET_NAME.exec(name);
      const body = m ? await file(name) : undefined;
      if (!m || !body) return next();
      const immutable = m[1] !== 'json';
      return c.body(body as Uint8Array<ArrayBuffer>, 200, {
        'content-type': CONTENT_TYPES[m[1]!]!,
        'x-content-type-options': 'nosniff',
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      });
    });
  }
  return routes;
}
