// The hostile suite's checks can fail: each invariant is broken on purpose (by a fake transport
// standing in for the server's answer) and the harness must say so, with the request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeOnly, startLab, type TestLab } from './support/app';
import { seedHostileLab, sendChecked, type Answer, type HostileRequest } from './support/hostile';

let lab: TestLab;
beforeAll(async () => {
  lab = await startLab();
  await seedHostileLab(lab);
});
afterAll(() => lab.close());

const request: HostileRequest = {
  method: 'POST',
  path: '/api/v1/namespaces/default/configmaps',
  headers: { 'Content-Type': 'application/json' },
  body: '{"marker":"hostile-harness"}',
};
const status = (code: number, message: string): Answer => ({
  status: code,
  headers: { 'x-content-type-options': 'nosniff' },
  text: JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, code }),
  cut: false,
});
const answering = (answer: Answer) => () => Promise.resolve(answer);
const nodeIt = nodeOnly('checks the prototypes and the event loop of the in-process server');

describe('the hostile harness', () => {
  it('fails a 500 and prints the request', async () => {
    await expect(sendChecked(lab, request, answering(status(500, 'boom')))).rejects.toThrow(
      /answered 500\n--- request\nPOST \/api\/v1\/namespaces\/default\/configmaps\nContent-Type: application\/json\n\{"marker":"hostile-harness"\}/,
    );
  });

  it("lets a full nodePort range's 500 pass, as kube-apiserver answers it", async () => {
    const full = status(
      500,
      'Internal error occurred: failed to allocate a nodePort: range is full',
    );
    await expect(sendChecked(lab, request, answering(full))).resolves.toMatchObject({
      answer: { status: 500 },
    });
  });

  it('fails a rejected write that changed the lab', async () => {
    const writesThenRejects = async (l: TestLab) => {
      const made = await l.request
        .post('/api/v1/namespaces/default/configmaps')
        .send({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'sneaky' } });
      expect(made.status).toBe(201);
      return status(422, 'invalid');
    };
    await expect(sendChecked(lab, request, writesThenRejects)).rejects.toThrow(
      /a rejected 422 changed the lab/,
    );
  });

  it('fails a read that changed the lab', async () => {
    const read: HostileRequest = { ...request, method: 'GET', changes: 'never' };
    const writes = async (l: TestLab) => {
      await l.request
        .post('/api/v1/namespaces/default/configmaps')
        .send({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'sneaky-read' } });
      return { ...status(200, ''), text: '{}' };
    };
    await expect(sendChecked(lab, read, writes)).rejects.toThrow(/a read changed the lab/);
  });

  it('fails an answer that is still streaming, unless the request is a watch', async () => {
    const streaming = answering({ ...status(200, ''), text: '{}', cut: true });
    await expect(sendChecked(lab, request, streaming)).rejects.toThrow(/still streaming/);
    const watch: HostileRequest = { ...request, method: 'GET', streams: true, changes: 'never' };
    await expect(sendChecked(lab, watch, streaming)).resolves.toBeDefined();
  });

  it('fails an answer without nosniff', async () => {
    const bare = { ...status(200, ''), text: '{}', headers: {} };
    await expect(sendChecked(lab, request, answering(bare))).rejects.toThrow(/no nosniff/);
  });

  it('fails a raw simulated answer that sets a cookie or runs without the sandbox', async () => {
    const routed: HostileRequest = {
      method: 'GET',
      path: '/nodes/192.168.1.3/30090/request',
      headers: {},
      changes: 'maybe',
    };
    const raw = {
      ...status(200, ''),
      text: '<h1>hi</h1>',
      headers: {
        'x-content-type-options': 'nosniff',
        'content-type': 'text/html',
        'set-cookie': 'a=b',
      },
    };
    await expect(sendChecked(lab, routed, answering(raw))).rejects.toThrow(
      /a simulated Set-Cookie was set; a raw simulated answer without the sandbox CSP/,
    );
  });

  nodeIt('fails, and undoes, a change to Object.prototype', async () => {
    const pollutes = () => {
      (Object.prototype as Record<string, unknown>).hostileHarness = 1;
      return Promise.resolve({ ...status(200, ''), text: '{}' });
    };
    await expect(sendChecked(lab, request, pollutes)).rejects.toThrow(
      /Object.prototype changed: hostileHarness/,
    );
    expect(({} as Record<string, unknown>).hostileHarness).toBeUndefined();
  });

  nodeIt('fails a request that holds the event loop past the bound', async () => {
    const blocks = () => {
      // 300 ms of CPU in one synchronous block, as a runaway handler would spend it (counted in
      // CPU time: on a busy machine 300 ms of wall time may be far less work).
      const start = process.cpuUsage();
      while (process.cpuUsage(start).user < 300_000) {
        // burn
      }
      return Promise.resolve({ ...status(200, ''), text: '{}' });
    };
    await expect(sendChecked(lab, request, blocks)).rejects.toThrow(
      /held the event loop \d+ ms \(> 250\)/,
    );
  });
});
