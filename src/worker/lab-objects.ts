// The Worker's side of the labs' Durable Objects: a store whose lab calls go to the lab's object
// over RPC (the directory's to D1), lab creation run inside the new lab's object, and a feed of a
// lab's changes over a WebSocket to its object.
import type {
  DurableObjectNamespace,
  Response as CfResponse,
  WebSocket as CfWebSocket,
} from '@cloudflare/workers-types';
import { LabCluster, type Clock, type NewLab } from '../cluster/lab-cluster';
import type { LabFeed } from '../cluster/lab-events';
import { WriteConflict, type ClusterStore, type LabRecord } from '../cluster/store';
import type { D1Store } from '../db/d1';
import type { NewLabMessage, StoreAnswer } from './lab-object';

/** The RPC methods of LabObject the Worker calls. */
interface LabObjectStub {
  call(method: string, args: unknown[]): Promise<StoreAnswer>;
  createLab(lab: NewLabMessage): Promise<StoreAnswer>;
  fetch(request: Request | string, init?: RequestInit): Promise<CfResponse>;
}

/** The lab's object (created on first use; an empty one answers "not found" for everything). */
export function labObject(labs: DurableObjectNamespace, labId: string): LabObjectStub {
  return labs.get(labs.idFromName(labId)) as unknown as LabObjectStub;
}

function valueOf(answer: StoreAnswer): unknown {
  if ('conflict' in answer) throw new WriteConflict(answer.conflict);
  return answer.value;
}

/** Read from the D1 directory: authentication, the instructor's list, token rotation. */
const DIRECTORY = new Set(['ping', 'loadAccess', 'loadLab', 'listLabs', 'setTokenHash']);

/**
 * The Worker's store: directory calls on D1; every other call (a lab's head, state, hits, a
 * commit, deletion, and methods the store gains later) on the lab's object, by the lab id each
 * takes first. Expired labs go by their object's alarm, so listing purges nothing.
 */
export function labObjectsStore(directory: D1Store, labs: DurableObjectNamespace): ClusterStore {
  return new Proxy(directory, {
    get(target, property, receiver) {
      if (property === 'purgeExpired') return () => Promise.resolve([]);
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof property !== 'string' || typeof value !== 'function') return value;
      if (DIRECTORY.has(property)) return value.bind(target);
      return async (...args: unknown[]) => {
        const first = args[0];
        const labId = typeof first === 'string' ? first : (first as LabRecord).id;
        return valueOf(await labObject(labs, labId).call(property, args));
      };
    },
  });
}

/** A LabCluster whose new labs are built inside their own object, not in the Worker. */
export class LabObjectsCluster extends LabCluster {
  constructor(
    store: ClusterStore,
    clock: Clock,
    private readonly labs: DurableObjectNamespace,
  ) {
    super(store, clock);
  }

  override async createLab(lab: NewLab): Promise<void> {
    // The template's setup is code: the object rebuilds it from the template's name.
    const { setup: _setup, ...message } = lab;
    valueOf(await labObject(this.labs, lab.id).createLab(message));
  }
}

/** How long a Worker waits before it opens a closed subscription again. */
const RESUBSCRIBE_MS = 250;

/**
 * Follows a lab through a WebSocket to its object (accepted for hibernation there): a message per
 * change; on open, one change, for what happened while connecting.
 */
export function labObjectFeed(labs: DurableObjectNamespace): LabFeed {
  return (labId, changed) => {
    let socket: CfWebSocket | undefined;
    let closed = false;
    const connect = async () => {
      try {
        const res = await labObject(labs, labId).fetch('https://lab/changes', {
          headers: { Upgrade: 'websocket' },
        });
        const ws = res.webSocket;
        if (!ws) throw new Error(`lab object answered ${res.status} to a subscription`);
        ws.accept();
        if (closed) return ws.close(1000, 'done');
        socket = ws;
        ws.addEventListener('message', () => changed());
        ws.addEventListener('close', () => retry());
        changed();
      } catch (e) {
        console.error(`NodePort Lab (Worker): cannot follow lab ${labId}: ${String(e)}`);
        retry();
      }
    };
    const retry = () => {
      socket = undefined;
      if (!closed) setTimeout(() => void connect(), RESUBSCRIBE_MS);
    };
    void connect();
    return () => {
      closed = true;
      try {
        socket?.close(1000, 'done');
      } catch {
        // gone already
      }
    };
  };
}
