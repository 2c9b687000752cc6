// The web page over plain HTTP: who gets it at `/`, its security headers, the hashed client files
// and the size budget. The browser tests are in ui-browser.test.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUi, UI_PUBLIC_DIR } from '../scripts/build-ui';
import type { UiManifest } from '../src/ui/manifest';
import { startLab, target, type TestLab } from './support/app';

/** The page's JavaScript and CSS together, gzipped (issue 14's budget). */
const BUDGET_GZIP_BYTES = 150 * 1024;

let lab: TestLab;
let manifest: UiManifest;
beforeAll(async () => {
  // On the Worker run globalSetup built it, and wrangler dev serves that build.
  manifest =
    target === 'node'
      ? await buildUi()
      : (JSON.parse(
          readFileSync(join(UI_PUBLIC_DIR, 'ui/assets/manifest.json'), 'utf8'),
        ) as UiManifest);
  lab = await startLab();
});
afterAll(() => lab.close());

describe('GET / and the page routes', () => {
  it('answers a browser (Accept: text/html) with the page, under a strict CSP', async () => {
    const res = await lab.request
      .get('/')
      .set('Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.text).toContain(`<script type="module" src="${manifest.script}">`);
    expect(res.text).toContain(`<link rel="stylesheet" href="${manifest.style}"/>`);
    // No inline script: the only <script> element is the external one.
    expect(res.text.match(/<script/g)).toHaveLength(1);
  });

  it('answers API clients at / as kube-apiserver does (its root paths), never with the page', async () => {
    for (const accept of ['application/json', '*/*']) {
      const res = await lab.request.get('/').set('Accept', accept);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body.paths).toEqual(expect.arrayContaining(['/api', '/api/v1', '/version']));
    }
  });

  it('serves /ui/labs/<id> with the lab named for the client, escaped', async () => {
    const res = await lab.request.get('/ui/labs/a%22b').set('Accept', 'text/html');
    expect(res.status).toBe(200);
    expect(res.text).toContain('data-lab="a&quot;b"');
  });

  it('serves the hashed script and style sheet, cacheable for good', async () => {
    const js = await lab.request.get(manifest.script);
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    const css = await lab.request.get(manifest.style);
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect((await lab.request.get('/ui/assets/app-NOTBUILT.js')).status).toBe(404);
  });

  it('keeps the client under 150 KB of gzipped JavaScript and CSS', () => {
    const size = [manifest.script, manifest.style]
      .map((p) => gzipSync(readFileSync(join(UI_PUBLIC_DIR, p))).length)
      .reduce((a, b) => a + b, 0);
    expect(size).toBeGreaterThan(1000);
    expect(size).toBeLessThan(BUDGET_GZIP_BYTES);
  });
});
