// The YAML form of the document: the committed openapi.yaml and GET /openapi.yaml are this text.
import { stringify } from 'yaml';

const HEADER =
  '# Generated from the code by `npm run openapi` (src/http/docs/lab-api/). Do not edit.\n';

/** The document as YAML; shared objects are repeated, never turned into anchors. */
export function documentYaml(document: unknown): string {
  return HEADER + stringify(document, { aliasDuplicateObjects: false, lineWidth: 100 });
}
