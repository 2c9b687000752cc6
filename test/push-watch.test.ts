// Watches are pushed, not polled: a change reaches an open `?watch=true` stream and
// GET /cluster/changes well within 200 ms of the write's answer, on Node and on the Worker (where
// the Worker holds the stream and the lab's Durable Object tells it of each change).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLab, type TestLab } from './support/app';

const PODS = '/api/v1/namespaces/default/pods';
/** The target; the old poll (1 s for watches) could not meet it on average. */
const PUSH_MS = 200;

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(() => lab.close());

const pod = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
});

interface Line {
  at: number;
  text: string;
}

/** Opens a stream at `path`; its lines, each stamped with when it arrived, once it ends. */
function lines(path: string) {
  return (
    lab.request
      .get(path)
      .buffer(true)
      .parse((res, done) => {
        const out: Line[] = [];
        let rest = '';
        res.on('data', (chunk: Buffer) => {
          const parts = (rest + chunk.toString()).split('\n');
          rest = parts.pop() ?? '';
          for (const text of parts) out.push({ at: Date.now(), text });
        });
        res.on('end', () => done(null, out));
      })
      // Superagent sends on then(): start streaming now, before the writes.
      .then((r) => r.body as Line[])
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Makes `count` changes, one every 400 ms; answers when each write's answer came. */
async function changes(count: number): Promise<number[]> {
  const answered: number[] = [];
  for (let i = 0; i < count; i++) {
    await sleep(400);
    await lab.request
      .post(PODS)
      .send(pod(`pod-${i}`))
      .expect(201);
    answered.push(Date.now());
  }
  return answered;
}

describe('push watches', () => {
  it(`a pod watch sees each new pod within ${PUSH_MS} ms of its POST`, async () => {
    const watching = lines(`${PODS}?watch=true&timeoutSeconds=3`);
    const answered = await changes(4);
    const events = await watching;
    const added = events.filter((e) => e.text.includes('"ADDED"'));
    expect(added).toHaveLength(4);
    added.forEach((e, i) => expect(e.at - answered[i]!).toBeLessThan(PUSH_MS));
  });

  it(`GET /cluster/changes tells of each write within ${PUSH_MS} ms`, async () => {
    const watching = lines('/cluster/changes?timeoutSeconds=3');
    const answered = await changes(3);
    const moved = (await watching).slice(1).filter((e) => !e.text.includes('heartbeat'));
    expect(moved.length).toBeGreaterThanOrEqual(3);
    answered.forEach((at) => {
      const seen = moved.find((e) => e.at >= at - PUSH_MS);
      expect(seen && seen.at - at).toBeLessThan(PUSH_MS);
    });
  });
});
