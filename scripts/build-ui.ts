// Builds the web page's client (src/ui/client) into hashed files under dist/public/ui/assets, and
// writes manifest.json there naming them. `npm start`, the Worker build and the test setups run it.
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UI_ASSET_PREFIX, type UiManifest } from '../src/ui/manifest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The Worker's static assets directory (wrangler.toml [assets]) and the Node server's. */
export const UI_PUBLIC_DIR = join(ROOT, 'dist/public');
export const UI_ASSET_DIR = join(UI_PUBLIC_DIR, UI_ASSET_PREFIX);

/**
 * Bundles and minifies the client; answers the manifest it wrote. Files are written beside the
 * folder and renamed into it, so a server (or a second build) never sees a half-written file.
 */
export async function buildUi(): Promise<UiManifest> {
  mkdirSync(UI_ASSET_DIR, { recursive: true });
  const staging = mkdtempSync(join(ROOT, 'dist/.ui-build-'));
  try {
    return await buildInto(staging);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

async function buildInto(staging: string): Promise<UiManifest> {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { app: 'src/ui/client/main.tsx', style: 'src/ui/client/style.css' },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    outdir: staging,
    entryNames: '[name]-[hash]',
    jsx: 'automatic',
    jsxImportSource: 'hono/jsx/dom',
    tsconfig: 'src/ui/client/tsconfig.json',
    loader: { '.yaml': 'text' },
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs).map((o) => basename(o));
  const pick = (re: RegExp) => {
    const name = outputs.find((o) => re.test(o));
    if (!name) throw new Error(`build-ui: no output matches ${re}`);
    return `/${UI_ASSET_PREFIX}/${name}`;
  };
  const manifest: UiManifest = { script: pick(/^app-.*\.js$/), style: pick(/^style-.*\.css$/) };
  writeFileSync(join(staging, 'manifest.json'), `${JSON.stringify(manifest)}\n`);
  const fresh = new Set([...outputs, 'manifest.json']);
  for (const name of fresh) renameSync(join(staging, name), join(UI_ASSET_DIR, name));
  // Earlier builds' files go: only the hashes this manifest names are served.
  for (const name of readdirSync(UI_ASSET_DIR)) {
    if (!fresh.has(name)) rmSync(join(UI_ASSET_DIR, name), { force: true });
  }
  return manifest;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const manifest = await buildUi();
  console.log(`web page built: ${manifest.script}, ${manifest.style}`);
}
