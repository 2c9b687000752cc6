// The app of a checkout's src/node.ts in this process, on a database file in a temporary folder,
// and the calls the in-process parts of the benchmark make to it (no sockets, no HTTP server).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface App {
  request(path: string, init?: RequestInit): Response | Promise<Response>;
}

type BuildNodeApp = (path: string) => Promise<{ app: App; store: { close(): void } }>;

/** The app of the checkout in `dir`; `close` closes its database and removes the folder. */
export async function openApp(dir: string): Promise<{ app: App; close(): void }> {
  const folder = mkdtempSync(join(tmpdir(), 'nodeport-bench-'));
  const url = pathToFileURL(join(dir, 'src/node.ts')).href;
  const { buildNodeApp } = (await import(url)) as { buildNodeApp: BuildNodeApp };
  const { app, store } = await buildNodeApp(join(folder, 'bench.db'));
  return {
    app,
    close() {
      store.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** The body of `path`'s answer, in `lab` when given; a 5xx throws. */
export async function call(app: App, path: string, init: RequestInit = {}, lab?: string) {
  const headers = new Headers(init.headers);
  if (lab) headers.set('x-lab-id', lab);
  const res = await app.request(path, { ...init, headers });
  const text = await res.text();
  if (res.status >= 500) throw new Error(`${path}: ${res.status} ${text}`);
  return text;
}

export const yaml = (body: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/yaml' },
  body,
});

export const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** A new lab's id (POST /labs with `body`). */
export async function newLab(app: App, body: unknown = {}): Promise<string> {
  return (JSON.parse(await call(app, '/labs', json(body))) as { id: string }).id;
}

/** `count` new labs, each with `manifest` (YAML) applied, one after another. */
export async function labsWith(app: App, count: number, manifest: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = await newLab(app);
    await call(app, '/manifests', yaml(manifest), id);
    ids.push(id);
  }
  return ids;
}
