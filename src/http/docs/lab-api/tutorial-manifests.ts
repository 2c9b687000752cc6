// The tutorials' manifests (examples/*.yaml) as request body examples, in the tutorials' order.
import type { Examples } from './operations';

/** examples/<file>, the tutorial it belongs to, and what it shows. */
export const TUTORIAL_FILES: { file: string; summary: string }[] = [
  { file: 'nginx-pod.yaml', summary: 'Tutorial 1: the nginx pod' },
  { file: 'nginx-nodeport-service.yaml', summary: 'Tutorial 1: its NodePort service on 31110' },
  { file: 'frontend-backend.yaml', summary: 'Tutorial 2: three pods behind nodePort 30007' },
  { file: 'echo-nodeport.yaml', summary: 'Tutorial 3: the echo deployment, ConfigMap and service' },
  { file: 'myapp-deployment.yaml', summary: 'Tutorial 4: the myapp deployment' },
  { file: 'node-port-service.yaml', summary: 'Tutorial 4: nodePort 30008 with an external IP' },
  { file: 'pitfall-nodeport-80.yaml', summary: 'Tutorial 5, wrong: nodePort 80 (answers 422)' },
  { file: 'pitfall-nodeport-31000.yaml', summary: 'Tutorial 5, right: nodePort 31000' },
];

/** The documents of a YAML stream, split on `---` lines, comments kept. */
export function yamlDocuments(stream: string): string[] {
  return stream
    .split(/^---[ \t]*$/m)
    .map((d) => d.replace(/^\n+/, ''))
    .filter((d) => /^kind:/m.test(d));
}

/** The first tutorial document of `kind`, as YAML; undefined when no tutorial has one. */
export function kindExample(ex: Examples, kind: string): string | undefined {
  for (const { file } of TUTORIAL_FILES) {
    const doc = yamlDocuments(ex.tutorial(file)).find((d) =>
      new RegExp(`^kind: ${kind}$`, 'm').test(d),
    );
    if (doc) return doc.endsWith('\n') ? doc : `${doc}\n`;
  }
  return undefined;
}

/** `{ file: { summary, value } }` for the `examples` of a YAML body. */
export function tutorialExamples(ex: Examples): Record<string, { summary: string; value: string }> {
  return Object.fromEntries(
    TUTORIAL_FILES.map(({ file, summary }) => [
      file.replace(/\.yaml$/, ''),
      { summary, value: ex.tutorial(file) },
    ]),
  );
}
