/** @jsxImportSource hono/jsx */
// The page's server-rendered shell: the hashed style sheet and script, and the lab it opens. All
// data comes later from the public API, fetched by the client with the visitor's token.
import type { UiManifest } from './manifest';

export interface ShellProps {
  manifest: UiManifest | undefined;
  /** The lab `/ui/labs/<id>` names; undefined for the default lab (or the token's own lab). */
  labId: string | undefined;
}

export function Shell({ manifest, labId }: ShellProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>NodePort Lab</title>
        <link rel="icon" href="data:," />
        {manifest && <link rel="stylesheet" href={manifest.style} />}
        {manifest && <script type="module" src={manifest.script} />}
      </head>
      <body>
        <div id="app" data-lab={labId ?? ''}>
          {manifest ? (
            <p class="loading">Loading the lab…</p>
          ) : (
            <p>
              The web page is not built. Run <code>npm run build:ui</code> (npm start does it) and
              reload.
            </p>
          )}
          <noscript>This page needs JavaScript. The API works without it: see /docs.</noscript>
        </div>
      </body>
    </html>
  );
}
