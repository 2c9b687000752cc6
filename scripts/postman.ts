// The Postman collection (v2.1) and environment in postman/: the curated "NodePort tutorial"
// folder, then an "API reference" folder generated from the OpenAPI document. Written by
// `npm run openapi` together with the document, so the three never drift apart.
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { referenceFolders, type Json } from './postman-reference';
import { tutorialFolder } from './postman-tutorial';

const dir = new URL('../postman/', import.meta.url);
export const COLLECTION_PATH = fileURLToPath(new URL('nodeport-lab.postman_collection.json', dir));
export const ENVIRONMENT_PATH = fileURLToPath(
  new URL('nodeport-lab.postman_environment.json', dir),
);

/** Fixed ids, so regenerating changes nothing unless the content does. */
const COLLECTION_ID = '6f1d2c3b-7a4e-4b8f-9c1d-2e3f4a5b6c7d';
const ENVIRONMENT_ID = '0c9b8a7f-6e5d-4c3b-8a1f-2e3d4c5b6a79';

export function collection(doc: Json): Json {
  const info = doc.info as { title: string; version: string };
  return {
    info: {
      _postman_id: COLLECTION_ID,
      name: info.title,
      description:
        'NodePort Lab, a Kubernetes Service simulator. Start with the "NodePort tutorial" folder: it ' +
        'creates a lab, keeps its id and token in the collection variables, and walks the tutorials. ' +
        '"API reference" has one request per route of openapi.yaml (version ' +
        `${info.version}).`,
      schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
    },
    auth: { type: 'bearer', bearer: [{ key: 'token', value: '{{token}}', type: 'string' }] },
    variable: [
      { key: 'baseUrl', value: 'http://127.0.0.1:8787' },
      { key: 'labId', value: '' },
      { key: 'token', value: '' },
    ],
    item: [tutorialFolder(), { name: 'API reference', item: referenceFolders(doc) }],
  };
}

export function environment(): Json {
  return {
    id: ENVIRONMENT_ID,
    name: 'NodePort Lab (local)',
    values: [
      { key: 'baseUrl', value: 'http://127.0.0.1:8787', type: 'default', enabled: true },
      { key: 'adminToken', value: '', type: 'secret', enabled: true },
    ],
    _postman_variable_scope: 'environment',
  };
}

async function format(value: unknown, path: string): Promise<string> {
  const options = await prettier.resolveConfig(path);
  return prettier.format(JSON.stringify(value), { ...options, parser: 'json' });
}

/** The exact text of both files. */
export async function generatePostman(doc: Json) {
  return {
    collection: await format(collection(doc), COLLECTION_PATH),
    environment: await format(environment(), ENVIRONMENT_PATH),
  };
}
