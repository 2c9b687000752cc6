// Node only: Scalar's standalone bundle from node_modules, so /docs works without a network.
// A production install without devDependencies has none, and /docs falls back to the CDN.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { ScalarScript } from './http/docs/lab-api/routes';

/** Reads the bundle once, on the first request for it; undefined when it is not installed. */
export function localScalarScript(): ScalarScript | undefined {
  let path: string;
  try {
    path = createRequire(import.meta.url).resolve('@scalar/api-reference/browser/standalone.js');
  } catch {
    return undefined;
  }
  let text: Promise<string> | undefined;
  return () => (text ??= readFile(path, 'utf8'));
}
