// npm run openapi: regenerates openapi.yaml, the JSON module the app serves and the Postman files,
// from the route registry (src/http/docs/lab-api/), the zod schemas, the tutorials and real answers.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { buildOpenApiDocument } from '../src/http/docs/lab-api/document';
import { documentYaml } from '../src/http/docs/lab-api/yaml-text';
import { captureExamples } from './openapi-examples';
import { COLLECTION_PATH, ENVIRONMENT_PATH, generatePostman } from './postman';

const root = new URL('../', import.meta.url);
export const YAML_PATH = fileURLToPath(new URL('openapi.yaml', root));
export const JSON_PATH = fileURLToPath(
  new URL('src/http/docs/lab-api/openapi.generated.json', root),
);

function tutorials(): Record<string, string> {
  const dir = new URL('examples/', root);
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  return Object.fromEntries(files.map((f) => [f, readFileSync(new URL(f, dir), 'utf8')]));
}

/** The document, and the exact text of both generated files. */
export async function generateOpenApi() {
  const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
    version: string;
  };
  const document = buildOpenApiDocument({
    version: pkg.version,
    tutorials: tutorials(),
    examples: await captureExamples(),
  });
  const options = await prettier.resolveConfig(JSON_PATH);
  const json = await prettier.format(JSON.stringify(document), { ...options, parser: 'json' });
  const served = JSON.parse(json) as Record<string, unknown>;
  // The YAML of the JSON, exactly as GET /openapi.yaml renders the served module.
  return { document, yaml: documentYaml(served), json, postman: await generatePostman(served) };
}

async function main() {
  const { yaml, json, postman } = await generateOpenApi();
  mkdirSync(dirname(COLLECTION_PATH), { recursive: true });
  const files: [string, string][] = [
    [YAML_PATH, yaml],
    [JSON_PATH, json],
    [COLLECTION_PATH, postman.collection],
    [ENVIRONMENT_PATH, postman.environment],
  ];
  for (const [path, text] of files) writeFileSync(path, text);
  console.log(`wrote ${files.map(([p]) => relative(process.cwd(), p)).join(', ')}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
