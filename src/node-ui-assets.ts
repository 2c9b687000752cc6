// Node only: the web page's built client from dist/public (scripts/build-ui.ts writes it).
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseManifest, UI_ASSET_PREFIX, type UiAssets } from './ui/manifest';

const DEFAULT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/public');

async function read(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch {
    return undefined;
  }
}

/** Reads the files on each request (small, and a rebuild shows up without a restart). */
export function nodeUiAssets(publicDir: string = DEFAULT_DIR): UiAssets {
  const dir = join(publicDir, UI_ASSET_PREFIX);
  return {
    async manifest() {
      const text = await read(join(dir, 'manifest.json'));
      return text && parseManifest(text.toString('utf8'));
    },
    file: (name) => read(join(dir, name)),
  };
}
