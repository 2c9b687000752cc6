// Where the page's built client lives, and how an entry point hands it to the page routes.

/** URL path (and folder under dist/public) of the hashed client files. */
export const UI_ASSET_PREFIX = 'ui/assets';

/** What scripts/build-ui.ts writes: the URL paths of the hashed script and style sheet. */
export interface UiManifest {
  script: string;
  style: string;
}

/**
 * The built client, as each runtime reaches it: the manifest (undefined when the client was not
 * built), and on Node the files themselves (the Worker's static assets serve them there).
 */
export interface UiAssets {
  manifest(): Promise<UiManifest | undefined>;
  file?(name: string): Promise<Uint8Array | undefined>;
}

/** Parses a manifest read from disk or from the assets binding; undefined unless well formed. */
export function parseManifest(text: string): UiManifest | undefined {
  try {
    const raw: unknown = JSON.parse(text);
    if (typeof raw !== 'object' || raw === null) return undefined;
    const { script, style } = raw as Record<string, unknown>;
    const ok = (v: unknown): v is string =>
      typeof v === 'string' && v.startsWith(`/${UI_ASSET_PREFIX}/`);
    return ok(script) && ok(style) ? { script, style } : undefined;
  } catch {
    return undefined;
  }
}
