// Checks the Worker bundle that `wrangler deploy --dry-run --outdir` wrote: gzip size under the
// budget, and nothing Node-only inside (better-sqlite3, the Node entry, node: built-ins, polyfills).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const GZIP_BUDGET = 1024 * 1024;

/** Inputs that mean Node-only code reached the bundle, each with why it must not. */
const FORBIDDEN_INPUTS: [RegExp, string][] = [
  [/node_modules\/better-sqlite3\//, 'better-sqlite3 is a native Node addon'],
  [/node_modules\/(bindings|file-uri-to-path|prebuild-install)\//, 'native addon loader'],
  [/node_modules\/@hono\/node-server\//, 'the Node HTTP adapter'],
  [/node_modules\/(unenv|@cloudflare\/unenv-preset)\//, 'a Node.js polyfill (nodejs_compat)'],
  [/(^|\/)src\/node\.ts$/, 'the Node entry point'],
  [/(^|\/)src\/node-[\w-]+\.ts$/, 'a Node-only module of the Node entry point'],
  [/(^|\/)src\/db\/sqlite\.ts$/, 'the better-sqlite3 store'],
  [/(^|\/)src\/env\.ts$/, 'the Node settings (process.env)'],
];

interface Metafile {
  inputs: Record<string, unknown>;
  outputs: Record<string, { imports: { path: string; external?: boolean }[] }>;
}

function problemsIn(meta: Metafile): string[] {
  const problems: string[] = [];
  const inputs = Object.keys(meta.inputs);
  for (const [pattern, why] of FORBIDDEN_INPUTS) {
    const hits = inputs.filter((i) => pattern.test(i));
    if (hits.length > 0)
      problems.push(`bundle contains ${hits[0]} and ${hits.length - 1} more (${why})`);
  }
  const external = new Set<string>();
  for (const { imports } of Object.values(meta.outputs)) {
    for (const i of imports)
      // `.sql` files are text modules wrangler uploads with the Worker (wrangler.toml [[rules]]).
      if (i.external && !i.path.startsWith('cloudflare:') && !i.path.endsWith('.sql')) {
        external.add(i.path);
      }
  }
  if (external.size > 0) {
    problems.push(`bundle imports ${[...external].join(', ')} at run time (Node built-ins?)`);
  }
  return problems;
}

function main(outdir: string): number {
  const meta = JSON.parse(readFileSync(join(outdir, 'bundle-meta.json'), 'utf8')) as Metafile;
  // The metafile names this build's modules (paths from the project root); older files are ignored.
  const modules = Object.keys(meta.outputs).filter((f) => /\.(m?js|wasm)$/.test(f));
  if (modules.length === 0) {
    console.error(`no Worker modules in ${outdir}; run wrangler deploy --dry-run --outdir first`);
    return 1;
  }
  let raw = 0;
  let gzip = 0;
  for (const file of modules) {
    const bytes = readFileSync(file);
    raw += bytes.length;
    gzip += gzipSync(bytes).length;
  }
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(
    `Worker bundle: ${modules.join(', ')}: ${kib(raw)}, gzip ${kib(gzip)} (budget ${kib(GZIP_BUDGET)})`,
  );
  const problems = problemsIn(meta);
  if (gzip > GZIP_BUDGET)
    problems.push(`gzip size ${kib(gzip)} is over the ${kib(GZIP_BUDGET)} budget`);
  for (const p of problems) console.error(`FAIL: ${p}`);
  if (problems.length === 0) console.log('Worker bundle: no Node-only modules');
  return problems.length === 0 ? 0 : 1;
}

process.exitCode = main(process.argv[2] ?? 'dist/worker');
