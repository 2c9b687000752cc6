// What a routed request reads of its lab (src/cluster/route-state.ts): one of the lab's two caches,
// never both (each distinct cache costs cache misses spread over many labs), always at the head's
// revision, and a whole state found stale is dropped so the next request reads no route objects.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LabCluster, type CacheBudgets } from '../src/cluster/lab-cluster';
import { applyManifests, decodeManifests, templateSetup } from '../src/cluster/lab-templates';
import { loadRouteInput } from '../src/cluster/route-state';
import { SqliteStore } from '../src/db/sqlite';
import { DEFAULT_SETTINGS } from '../src/domain/lab/cluster-state';
import { testClock } from './support/test-clock';

const extra = decodeManifests(`apiVersion: v1
kind: Service
metadata:
  name: extra
spec:
  type: NodePort
  selector:
    app: echo
  ports:
    - port: 80
`);

let store: SqliteStore;
/** For each loadForRoute: whether it read the route objects (the copy routed on was stale). */
let objectReads: boolean[];

beforeEach(async () => {
  store = SqliteStore.open(':memory:');
  const load = store.loadForRoute.bind(store);
  objectReads = [];
  vi.spyOn(store, 'loadForRoute').mockImplementation(async (labId, options) => {
    const read = await load(labId, options);
    objectReads.push(read?.routeObjects !== undefined);
    return read;
  });
  const setup = templateSetup('echo-deployment');
  const lab = { id: 'l', name: 'l', settings: DEFAULT_SETTINGS, createdAt: '', setup };
  await new LabCluster(store, testClock()).createLab(lab);
});
afterEach(() => store.close());

const cluster = (budgets?: CacheBudgets) => new LabCluster(store, testClock(), budgets);
const route = (c: LabCluster) => loadRouteInput(c, 'l', 1, () => false);
const services = (names: { kind: string; metadata: { name: string } }[]) =>
  names.filter((o) => o.kind === 'Service').map((o) => o.metadata.name);

describe('loadRouteInput', () => {
  it('routes a lab whose whole state is kept without looking into routeStates', async () => {
    const c = cluster();
    const whole = await c.state('l');
    const lookups = vi.spyOn(c.routeStates, 'get');
    const { state } = await route(c);
    expect(state.objects).toBe(whole.objects);
    expect(state.revision).toBe(whole.revision);
    expect(lookups).not.toHaveBeenCalled();
    expect(objectReads).toEqual([false]);
  });

  it("keeps the whole state with the head's settings: requests after a write route on one object", async () => {
    const c = cluster();
    await c.mutate('l', (draft) => applyManifests(draft, extra));
    // The write dropped the store's head; read again, its settings are a new object.
    const kept = c.cachedState('l')!;
    expect((await store.loadHead('l'))!.settings).not.toBe(kept.settings);
    const first = await route(c);
    expect(first.state.objects).toBe(kept.objects);
    expect(c.cachedState('l')).toBe(first.state);
    expect((await route(c)).state).toBe(first.state);
    expect(objectReads).toEqual([false, false]);
  });

  it('routes on the head past a stale whole state, then drops it: the next request reads no objects', async () => {
    const c = cluster();
    const before = await c.state('l');
    // A write this cluster did not see (another Worker isolate; a reset keeps no state either).
    await cluster().mutate('l', (draft) => applyManifests(draft, extra));
    const head = (await store.loadHead('l'))!;
    expect(head.revision).toBeGreaterThan(before.revision);
    const first = await route(c);
    expect(first.state.revision).toBe(head.revision);
    expect(services(first.state.objects)).toContain('extra');
    expect(c.cachedState('l')).toBeUndefined();
    const second = await route(c);
    expect(second.state).toBe(first.state);
    expect(objectReads).toEqual([true, false]);
  });

  it('keeps a whole state written since the stale read (only the stale copy is dropped)', async () => {
    const c = cluster();
    const stale = await c.state('l');
    await c.mutate('l', (draft) => applyManifests(draft, extra));
    const kept = c.cachedState('l')!;
    c.forgetStaleState('l', stale);
    expect(c.cachedState('l')).toBe(kept);
  });

  it('reads the route objects once for a lab with no whole state kept, then from routeStates', async () => {
    const c = cluster({ labStates: 1 });
    const first = await route(c);
    const second = await route(c);
    expect(second.state).toBe(first.state);
    expect(services(second.state.objects).length).toBeGreaterThan(0);
    expect(objectReads).toEqual([true, false]);
  });
});
