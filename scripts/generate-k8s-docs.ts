// Writes src/http/docs/kube-api/field-docs.generated.ts: `npx tsx scripts/generate-k8s-docs.ts` after a
// kubernetes-models upgrade or when the lab serves a new struct (test/openapi-k8s-docs.test.ts says so).
import { writeFileSync } from 'node:fs';
import { generatedModule, OUTPUT } from './k8s-docs';

writeFileSync(OUTPUT, await generatedModule());
console.log(`wrote ${OUTPUT}`);
