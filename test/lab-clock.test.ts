// POST /cluster/clock is bounded (100 years ahead in all, 10 years a step) and validated; a lab whose
// stored clock an older version let overflow still answers, and its reset mends the clock.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apply, nodeOnly, startLab, type TestLab } from './support/app';

const YEAR = 365 * 86_400;
const MAX = 100 * YEAR;

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(() => lab.close());

const advance = (body: unknown) => lab.request.post('/cluster/clock').send(body as object);
const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

describe('POST /cluster/clock', () => {
  it.each([
    ['negative', { advanceSeconds: -1 }, 'advanceSeconds: Too small'],
    ['fractional', { advanceSeconds: 1.5 }, 'advanceSeconds: Invalid input: expected int'],
    ['a string', { advanceSeconds: '60' }, 'advanceSeconds: Invalid input: expected number'],
    ['over ten years', { advanceSeconds: 10 * YEAR + 1 }, 'advanceSeconds: Too big'],
    ['missing', {}, 'advanceSeconds: Invalid input: expected number'],
    ['with another field', { advanceSeconds: 1, x: 1 }, 'Unrecognized key'],
  ])('refuses an advance that is %s with a 400 naming the field', async (_, body, text) => {
    const res = await advance(body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ kind: 'Status', code: 400, reason: 'BadRequest' });
    expect(res.body.message).toContain(text);
  });

  it('stops at 100 years ahead with a 422, and the lab keeps working', async () => {
    for (let i = 0; i < 10; i++)
      expect((await advance({ advanceSeconds: 10 * YEAR })).status).toBe(200);
    const over = await advance({ advanceSeconds: 1 });
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({ kind: 'Status', code: 422, reason: 'Invalid' });
    expect(over.body.message).toBe(
      `advanceSeconds: Invalid value: 1: the lab clock may run at most ${MAX} seconds (100 years) ahead of wall time; it is ${MAX} seconds ahead, so at most 0 more`,
    );
    const cluster = await lab.request.get('/cluster');
    expect(cluster.status).toBe(200);
    expect(cluster.body.clockOffsetSeconds).toBe(MAX);
    expect(cluster.body.clock).toMatch(/^2\d{3}-/);
    expect((await apply(lab, configMap('late'))).status).toBe(201);
    const cm = await lab.request.get('/api/v1/namespaces/default/configmaps/late');
    expect(cm.body.metadata.creationTimestamp).toBe(cluster.body.clock.replace(/\.\d{3}Z$/, 'Z'));
    const reset = await lab.request.post(`/labs/${cluster.body.lab}/reset`);
    expect(reset.status).toBe(200);
    expect(reset.body.settings.clockOffsetSeconds).toBe(MAX);
  });
});

nodeOnly('writes the SQLite file, then restarts the server')(
  'answers and resets a lab whose stored clock overflowed under an older version',
  async () => {
    // What 27,000 advances of ten years each left behind before the bound existed.
    const db = new Database(lab.dbPath);
    db.prepare(
      "UPDATE labs SET settings = json_set(settings, '$.clockOffsetSeconds', ?) WHERE id = 'default'",
    ).run(27_000 * 10 * YEAR);
    db.close();
    lab = await lab.restart();
    const cluster = await lab.request.get('/cluster');
    expect(cluster.status).toBe(200);
    expect(cluster.body.clockOffsetSeconds).toBe(MAX);
    expect((await lab.request.get('/labs/default')).body.settings.clockOffsetSeconds).toBe(MAX);
    expect((await apply(lab, configMap('after'))).status).toBe(201);
    expect((await advance({ advanceSeconds: 60 })).status).toBe(422);
    const reset = await lab.request.post('/labs/default/reset');
    expect(reset.status).toBe(200);
    expect(reset.body.settings.clockOffsetSeconds).toBe(MAX);
    expect((await lab.request.get('/cluster')).body.clockOffsetSeconds).toBe(MAX);
  },
);
