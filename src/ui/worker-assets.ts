// The Worker's view of the built client: the static assets binding (wrangler.toml [assets]) serves
// the hashed files itself; the page only needs the manifest, read through the binding once.
import type { Fetcher } from '@cloudflare/workers-types';
import { parseManifest, UI_ASSET_PREFIX, type UiAssets, type UiManifest } from './manifest';

export function workerUiAssets(binding: Fetcher | undefined): UiAssets | undefined {
  if (!binding) return undefined;
  let cached: UiManifest | undefined;
  return {
    async manifest() {
      if (cached) return cached;
      const res = await binding.fetch(`https://assets.invalid/${UI_ASSET_PREFIX}/manifest.json`);
      cached = res.ok ? parseManifest(await res.text()) : undefined;
      return cached;
    },
  };
}
