// Node entry point: better-sqlite3 on a local file, the shared app on @hono/node-server.
import { serve } from '@hono/node-server';
import { DEFAULT_LAB_ID, LabCluster, systemClock, type Clock } from './cluster/lab-cluster';
import { LabEvents, notifyingStore } from './cluster/lab-events';
import { SqliteStore } from './db/sqlite';
import { nodeUiAssets } from './node-ui-assets';
import { parseEnv } from './env';
import { createApp } from './http/app';
import { localScalarScript } from './node-scalar-script';
import { nodeRequestReader } from './node-request-headers';
import { settleUnreadBody } from './node-unread-body';

export interface NodeAppOptions {
  /** Unset: open mode (anyone may create labs; requests without a lab use the default one). */
  adminToken?: string | undefined;
}

/** Opens the store, makes sure the default lab exists and returns the app. */
export async function buildNodeApp(
  databasePath: string,
  clock: Clock = systemClock,
  options: NodeAppOptions = {},
) {
  const store = SqliteStore.open(databasePath);
  // Watches wake on this process's writes (there is no other writer of the file).
  const events = new LabEvents();
  const cluster = new LabCluster(notifyingStore(store, events), clock);
  await cluster.ensureLab(DEFAULT_LAB_ID, 'default');
  const app = createApp({
    cluster,
    defaultLabId: DEFAULT_LAB_ID,
    adminToken: options.adminToken,
    scalarScript: localScalarScript(),
    uiAssets: nodeUiAssets(),
    events,
    requestReader: nodeRequestReader,
  });
  // Answers that leave part of the request body unread keep the connection sound (see there).
  app.fetch = settleUnreadBody(app.fetch);
  return { app, store };
}

async function main() {
  let env;
  try {
    env = parseEnv(process.env);
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
  const { app, store } = await buildNodeApp(env.DATABASE_PATH, systemClock, {
    adminToken: env.ADMIN_TOKEN,
  });
  const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
    console.log(
      `NodePort Lab listening on http://${env.HOST}:${info.port} (database ${env.DATABASE_PATH})`,
    );
    console.log(
      env.ADMIN_TOKEN
        ? 'ADMIN_TOKEN set: every route but /healthz, /version, /openapi* and /docs needs the admin token or a lab token'
        : 'no ADMIN_TOKEN set, running in open mode: anyone may create labs, requests without a lab token or X-Lab-Id use the default lab',
    );
  });
  const stop = () => {
    server.close(() => {
      store.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (import.meta.url === `file://${process.argv[1]}`) void main();
