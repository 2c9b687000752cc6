// The nodePort allocator through the API: filled to the last port, full, released and reused; the
// static band kept for explicit requests; and no port handed out twice under concurrent requests.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLab, type TestLab } from './support/app';
import { applyJson, expectStatus, nodePortService, service, SERVICES } from './support/manifests';

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(() => lab.close());

const RANGE_FULL = 'Internal error occurred: failed to allocate a nodePort: range is full';

interface StoredService {
  metadata: { name: string };
  spec: { ports: { nodePort: number }[] };
}

const nodePortsOf = (svc: StoredService) => svc.spec.ports.map((p) => p.nodePort);

/** Creates a lab with its own nodePort range and returns its id. */
async function labWithRange(range: string): Promise<string> {
  const res = await lab.request.post('/labs').send({ nodePortRange: range });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

/** Every nodePort held by the services of a lab (all namespaces). */
async function heldNodePorts(labId?: string): Promise<number[]> {
  const req = lab.request.get('/api/v1/services');
  const res = await (labId ? req.set('X-Lab-Id', labId) : req);
  return (res.body.items as StoredService[]).flatMap((s) =>
    (s.spec.ports ?? []).flatMap((p) => (p.nodePort ? [p.nodePort] : [])),
  );
}

function range(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

describe('a 100-port range (30000-30099, static band 30000-30015)', () => {
  it('fills to the last port, then answers range is full, then reuses a released port set', async () => {
    const id = await labWithRange('30000-30099');
    const post = (body: unknown) =>
      lab.request
        .post(SERVICES)
        .set('X-Lab-Id', id)
        .send(body as object);

    const first = await post(nodePortService('first', 60));
    expect(first.status).toBe(201);
    const firstPorts = nodePortsOf(first.body);
    // 84 free ports in the upper band: the first 60 land there.
    for (const p of firstPorts) expect(p).toBeGreaterThanOrEqual(30016);

    const second = await post(nodePortService('second', 39));
    expect(second.status).toBe(201);
    const third = await post(nodePortService('third', 1));
    expect(third.status).toBe(201);
    const all = [...firstPorts, ...nodePortsOf(second.body), ...nodePortsOf(third.body)];
    expect(new Set(all).size).toBe(100);
    expect([...all].sort((a, b) => a - b)).toEqual(range(30000, 30099));

    const before = await heldNodePorts(id);
    const full = await post(nodePortService('fourth', 1));
    expectStatus(full, 500, 'InternalError', RANGE_FULL);
    expect(full.body.details).toEqual({
      causes: [{ message: 'failed to allocate a nodePort: range is full' }],
    });
    expect(await heldNodePorts(id)).toEqual(before);

    // An explicit port gets the allocator's own answer, not range-full.
    const explicit = await post(
      service('explicit', { type: 'NodePort', ports: [{ port: 80, nodePort: 30050 }] }),
    );
    expectStatus(
      explicit,
      422,
      'Invalid',
      'Service "explicit" is invalid: spec.ports[0].nodePort: Invalid value: 30050: provided port is already allocated',
    );

    const del = await lab.request.delete(`${SERVICES}/second`).set('X-Lab-Id', id);
    expect(del.status).toBe(200);
    const reuse = await post(nodePortService('fourth', 39));
    expect(reuse.status).toBe(201);
    expect(nodePortsOf(reuse.body).sort()).toEqual(nodePortsOf(second.body).sort());
    expectStatus(await post(nodePortService('fifth', 1)), 500, 'InternalError', RANGE_FULL);
  });

  it('fails a whole multi-port service when the range runs out half-way, holding nothing', async () => {
    const id = await labWithRange('30000-30099');
    const post = (body: unknown) =>
      lab.request
        .post(SERVICES)
        .set('X-Lab-Id', id)
        .send(body as object);
    expect((await post(nodePortService('first', 90))).status).toBe(201);
    expectStatus(await post(nodePortService('second', 11)), 500, 'InternalError', RANGE_FULL);
    const ok = await post(nodePortService('second', 10));
    expect(ok.status).toBe(201);
    expect(new Set(await heldNodePorts(id)).size).toBe(100);
  });

  it('refuses ports outside the lab range with the lab range in the message', async () => {
    const id = await labWithRange('30000-30099');
    const res = await lab.request
      .post(SERVICES)
      .set('X-Lab-Id', id)
      .send(service('web', { type: 'NodePort', ports: [{ port: 80, nodePort: 30100 }] }));
    expectStatus(
      res,
      422,
      'Invalid',
      'Service "web" is invalid: spec.ports[0].nodePort: Invalid value: 30100: provided port is not in the valid range. The range of valid ports is 30000-30099',
    );
  });
});

describe('the default range 30000-32767', () => {
  it('hands out all 2768 ports, the upper band first, then answers range is full', async () => {
    // 27 services of 99 ports and one of 95, in one atomic /manifests request.
    const docs = Array.from({ length: 28 }, (_, i) =>
      nodePortService(`svc-${i}`, i < 27 ? 99 : 95),
    );
    const res = await applyJson(lab, docs);
    expect(res.status).toBe(201);
    const ports = (res.body.objects as StoredService[]).flatMap(nodePortsOf);
    expect(ports).toHaveLength(2768);
    expect(new Set(ports).size).toBe(2768);
    // 2682 upper-band ports (30086-32767) go first, the 86 static ones (30000-30085) last.
    for (const p of ports.slice(0, 2682)) expect(p).toBeGreaterThanOrEqual(30086);
    expect(ports.slice(2682).sort((a, b) => a - b)).toEqual(range(30000, 30085));

    const full = await applyJson(lab, nodePortService('one-more', 1));
    expectStatus(full, 500, 'InternalError', RANGE_FULL);

    await lab.request.delete(`${SERVICES}/svc-3`).expect(200);
    const again = await applyJson(lab, nodePortService('one-more', 99));
    expect(again.status).toBe(201);
    const freed = nodePortsOf((res.body.objects as StoredService[])[3]!).sort();
    expect(nodePortsOf(again.body.objects[0]).sort()).toEqual(freed);
  });

  it('accepts explicit requests for every static-band port 30000-30085', async () => {
    const ports = range(30000, 30085).map((nodePort, i) => ({
      name: `p${i}`,
      port: 1000 + i,
      nodePort,
    }));
    const res = await lab.request
      .post(SERVICES)
      .send(service('static', { type: 'NodePort', ports }));
    expect(res.status).toBe(201);
    expect(nodePortsOf(res.body)).toEqual(range(30000, 30085));
  });

  it('never auto-allocates from the static band while the upper band has room', async () => {
    const docs = Array.from({ length: 10 }, (_, i) => nodePortService(`svc-${i}`, 50));
    const res = await applyJson(lab, docs);
    expect(res.status).toBe(201);
    const ports = (res.body.objects as StoredService[]).flatMap(nodePortsOf);
    expect(new Set(ports).size).toBe(500);
    for (const p of ports) {
      expect(p).toBeGreaterThanOrEqual(30086);
      expect(p).toBeLessThanOrEqual(32767);
    }
  });
});

describe('concurrent requests', () => {
  it('lets exactly one of two racing requests take the same explicit nodePort', async () => {
    const make = (name: string) =>
      lab.request
        .post(SERVICES)
        .send(service(name, { type: 'NodePort', ports: [{ port: 80, nodePort: 30500 }] }));
    const results = await Promise.all([make('a'), make('b')]);
    const codes = results.map((r) => r.status).sort();
    expect(codes).toEqual([201, 422]);
    const loser = results.find((r) => r.status === 422)!;
    const name = loser === results[0] ? 'a' : 'b';
    expectStatus(
      loser,
      422,
      'Invalid',
      `Service "${name}" is invalid: spec.ports[0].nodePort: Invalid value: 30500: provided port is already allocated`,
    );
    expect((await heldNodePorts()).filter((p) => p === 30500)).toHaveLength(1);
  });

  it('lets exactly one of two racing /manifests requests take the same explicit nodePort', async () => {
    const make = (name: string) =>
      applyJson(lab, service(name, { type: 'NodePort', ports: [{ port: 80, nodePort: 30500 }] }));
    const results = await Promise.all([make('a'), make('b')]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 422]);
    const winner = results.find((r) => r.status === 201)!;
    expect(winner.body.results[0].action).toBe('created');
  });

  it('gives 20 concurrent auto-allocations 20 distinct ports', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        lab.request.post(SERVICES).send(service(`svc-${i}`, { type: 'NodePort' })),
      ),
    );
    for (const r of results) expect(r.status, JSON.stringify(r.body)).toBe(201);
    const ports = results.map((r) => r.body.spec.ports[0].nodePort as number);
    expect(new Set(ports).size).toBe(20);
    const ips = results.map((r) => r.body.spec.clusterIP as string);
    expect(new Set(ips).size).toBe(20);
    expect((await heldNodePorts()).sort()).toEqual([...ports].sort());
  });
});
