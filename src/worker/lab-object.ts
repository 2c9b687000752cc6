// One lab's Durable Object: the lab's cluster, hits, kube-proxy memory and connection counter in
// the object's own SQLite, served by the same app as Node's server. Single-threaded, so writes to
// the lab never race; the Worker authenticates and forwards (forward.ts). It tells the Worker of
// each change over hibernatable WebSockets, and deletes itself by alarm when the lab expires.
import type { DurableObjectState, WebSocket as CfWebSocket } from '@cloudflare/workers-types';
import { DurableObject } from 'cloudflare:workers';
import { DEFAULT_LAB_ID, LabCluster, type NewLab } from '../cluster/lab-cluster';
import { notifyingStore } from '../cluster/lab-events';
import { templateSetup } from '../cluster/lab-templates';
import { WriteConflict } from '../cluster/store';
import { D1Directory } from '../db/d1-directory';
import { createApp, type App } from '../http/app';
import { workerUpgrader } from '../http/streams/worker-upgrader';
import { clockOf, parseWorkerEnv, type WorkerBindings } from '../worker-env';
import { trustForwarded } from './forwarded';
import { LabObjectStore } from './lab-object-store';

/** What one store call over RPC answers: its value, or the WriteConflict it threw. */
export type StoreAnswer = { value: unknown } | { conflict: string };

/** Store methods the Worker may not call over RPC (the object's internals). */
const INTERNAL = new Set(['constructor', 'runAtomically', 'atomic']);

interface Lab {
  store: LabObjectStore;
  cluster: LabCluster;
  app: App;
}

/** A new lab as it crosses RPC: everything but the template's setup, rebuilt from its name. */
export type NewLabMessage = Omit<NewLab, 'setup'>;

const { WebSocketPair } = globalThis as unknown as {
  WebSocketPair: new () => { 0: CfWebSocket; 1: CfWebSocket };
};

export class LabObject extends DurableObject<WorkerBindings> {
  private lab: Lab | undefined;
  private opening: Promise<Lab> | undefined;

  constructor(ctx: DurableObjectState, env: WorkerBindings) {
    super(ctx, env);
    // No request runs before the object's SQLite has the current schema.
    void ctx.blockConcurrencyWhile(() => this.open());
  }

  private open(): Promise<Lab> {
    if (this.lab) return Promise.resolve(this.lab);
    this.opening ??= this.build().then(
      (lab) => {
        this.opening = undefined;
        return (this.lab = lab);
      },
      (e: unknown) => {
        this.opening = undefined;
        throw e;
      },
    );
    return this.opening;
  }

  private async build(): Promise<Lab> {
    const settings = parseWorkerEnv(this.env);
    const clock = clockOf(settings);
    const store = await LabObjectStore.openWith(this.ctx.storage, {
      directory: D1Directory.over(settings.db),
      // The lab's time to live from now, on the wall clock alarms run by (a frozen test clock
      // would otherwise put every alarm in the past).
      alarmAt: (expiresAt) =>
        Date.now() + Math.max(0, Date.parse(expiresAt) - clock.now().getTime()),
      deleted: () => this.wipe(),
    });
    const cluster = new LabCluster(
      notifyingStore(store, { notify: () => this.tellFollowers() }),
      clock,
    );
    const app = createApp({
      cluster,
      defaultLabId: DEFAULT_LAB_ID,
      adminToken: settings.adminToken,
      authenticate: trustForwarded,
      webSockets: workerUpgrader,
    });
    return { store, cluster, app };
  }

  /** Frees the object's storage (rows, migrations table, alarm); the next call starts afresh. */
  private async wipe(): Promise<void> {
    await this.ctx.storage.deleteAll();
    this.lab = undefined;
  }

  private tellFollowers(): void {
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.send('changed');
      } catch {
        // closing already; webSocketClose tidies up
      }
    }
  }

  /**
   * HTTP the Worker forwards. An Upgrade to `https://lab/changes` (the Worker's own feed URL) is
   * a Worker subscribing to the lab's changes; every other Upgrade is a client's stream (exec,
   * attach, port-forward), which the lab's app serves here, next to the lab's data.
   */
  async fetch(request: Request): Promise<Response> {
    const upgrade = request.headers.get('upgrade')?.toLowerCase() === 'websocket';
    if (upgrade && new URL(request.url).pathname === '/changes') return this.follow();
    const lab = await this.open();
    return lab.app.fetch(request);
  }

  /** Accepted for hibernation: an idle lab's object leaves memory while Workers follow it. */
  private follow(): Response {
    const pair = new WebSocketPair();
    this.ctx.acceptWebSocket(pair[1]);
    return new Response(null, { status: 101, webSocket: pair[0] } as ResponseInit);
  }

  webSocketMessage(): void {
    // Followers only listen.
  }

  webSocketClose(ws: CfWebSocket, code: number): void {
    try {
      ws.close(code === 1005 ? 1000 : code, 'bye');
    } catch {
      // closed already
    }
  }

  /** RPC: one store call, for the Worker's own reads (watches) and its directory work. */
  async call(method: string, args: unknown[]): Promise<StoreAnswer> {
    const lab = await this.open();
    const fn = (lab.cluster.store as unknown as Record<string, unknown>)[method];
    if (INTERNAL.has(method) || typeof fn !== 'function') {
      throw new Error(`not a store method: ${method}`);
    }
    try {
      return { value: await (fn as (...a: unknown[]) => unknown).apply(lab.cluster.store, args) };
    } catch (e) {
      if (e instanceof WriteConflict)
        return { conflict: e.message.replace(/^write conflict: /, '') };
      throw e;
    }
  }

  /** RPC: creates the lab here, its starting cluster computed here (the object's CPU budget). */
  async createLab(lab: NewLabMessage): Promise<StoreAnswer> {
    const { cluster } = await this.open();
    try {
      await cluster.createLab({ ...lab, setup: templateSetup(lab.template) });
      return { value: undefined };
    } catch (e) {
      if (e instanceof WriteConflict)
        return { conflict: e.message.replace(/^write conflict: /, '') };
      throw e;
    }
  }

  /** The lab's time is up: its rows, its directory row and the object's storage go. */
  async alarm(): Promise<void> {
    const { cluster } = await this.open();
    const [lab] = await cluster.store.listLabs(undefined, 1);
    if (lab) await cluster.deleteLab(lab.id);
    else await this.wipe();
  }
}
