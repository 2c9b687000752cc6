// The hostile-input suite (issue 11): generated garbage at every route family of one lab, and for
// every answer the invariants of test/support/hostile.ts. Seeded; HOSTILE_SEED=<n> reruns another
// seed, HOSTILE_RUNS=<factor> scales the runs. On the Worker, the same requests with fewer runs
// (the in-process checks, event loop and Object.prototype, are Node only).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, target, type TestLab } from './support/app';
import {
  HOSTILE_SEED,
  runsOf,
  seedHostileLab,
  sendChecked,
  type HostileRequest,
} from './support/hostile';
import { enc, manifestRequest, resourceRequest } from './support/hostile-requests';
import { checksRequest, labAction, labBody } from './support/hostile-labs';
import {
  clusterRequest,
  selectorRequest,
  trafficRequest,
  watchRequest,
} from './support/hostile-routes';
import { nginxConfigMap } from './support/hostile-yaml';

let lab: TestLab;
let labId: string;
beforeAll(async () => {
  lab = await startLab();
  labId = await seedHostileLab(lab);
  console.log(`hostile suite on ${target}: seed ${HOSTILE_SEED} (rerun with HOSTILE_SEED=<seed>)`);
});
afterAll(() => lab.close());

/** Answers per status code of the running family, printed after it: does it get past the 400s? */
let statuses = new Map<number, number>();
function printStatuses(name: string) {
  const counts = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}x${n}`);
  const total = [...statuses.values()].reduce((a, b) => a + b, 0);
  console.log(`hostile suite, ${name}: ${total} answers (status x count) ${counts.join(' ')}`);
  statuses = new Map();
}

async function check(req: HostileRequest) {
  const verdict = await sendChecked(lab, req);
  statuses.set(verdict.answer.status, (statuses.get(verdict.answer.status) ?? 0) + 1);
  if (process.env.HOSTILE_LOG) {
    console.log(
      `${req.method} ${req.path.slice(0, 200)} -> ${verdict.answer.status} ${verdict.answer.text.slice(0, 200)}`,
    );
  }
  return verdict.answer;
}

let sent = 0;

/**
 * Each family stops after 20 s on Node, 10 s on the Worker (shrinking included) however slow
 * the machine: the suite stays bounded, and the answers printed per family show how many ran.
 */
const TIME_BOUND = {
  interruptAfterTimeLimit: target === 'worker' ? 10_000 : 20_000,
  markInterruptAsFailure: false,
};

/** One property per family: `nodeRuns` generated requests on Node, fewer on the Worker. */
function family(name: string, nodeRuns: number, requests: () => fc.Arbitrary<HostileRequest>) {
  const runs = runsOf(nodeRuns);
  it(`${name} (${runs} generated requests)`, { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(requests(), async (req) => {
        // Deletes and patches wear the seeded objects away; put them back now and then, so later
        // requests still find something to act on.
        if (++sent % 20 === 0) await seedHostileLab(lab);
        await check(req);
      }),
      {
        seed: HOSTILE_SEED,
        numRuns: runs,
        ...TIME_BOUND,
      },
    );
    printStatuses(name);
  });
}

const nginxRequest = nginxConfigMap.map((body) => ({
  method: 'POST' as const,
  path: '/manifests',
  headers: { 'Content-Type': 'application/json' },
  body,
}));

describe('hostile input: every answer below 500, the server up, rejected writes change nothing', () => {
  family('label and field selectors', 300, () => selectorRequest);
  family('watch parameters', 40, () => watchRequest);
  family('checks and grading', 200, () => checksRequest(labId));
  family('request routes, their parameters and headers', 400, () => trafficRequest);
  family('POST /manifests: YAML and JSON streams', 400, () => manifestRequest);
  family('nginx configs, then requests to them', 120, () =>
    fc.oneof(
      nginxRequest,
      trafficRequest.map((r) => ({ ...r, path: r.path.replace(/\/\d+\//, '/30090/') })),
    ),
  );
  family('resource verbs on every kind, all patch types', 800, () => resourceRequest);
  family('cluster settings and the lab clock', 200, () => clusterRequest);

  it(
    `labs: create, reset, delete, rotate (${runsOf(100)} generated sequences)`,
    { timeout: 60_000 },
    async () => {
      const created: string[] = [];
      const labIds = async () =>
        ((await lab.request.get('/labs?limit=500')).body as { items: { id: string }[] }).items.map(
          (l) => l.id,
        );
      try {
        await fc.assert(
          fc.asyncProperty(
            labBody,
            fc.array(labAction, { maxLength: 3 }),
            async (body, actions) => {
              // Other test files make labs on the Worker meanwhile: compare the list on Node only.
              const before = target === 'node' ? await labIds() : undefined;
              const res = await check({
                method: 'POST',
                path: '/labs',
                headers: { 'Content-Type': 'application/json' },
                body,
              });
              if (res.status === 201) created.push((JSON.parse(res.text) as { id: string }).id);
              else if (before)
                expect(await labIds(), `a rejected POST /labs ${body} made a lab`).toEqual(before);
              for (const a of actions) {
                const id = a.real && created.length > 0 ? created[created.length - 1]! : a.garbage;
                const path = `/labs/${enc(id)}`;
                const req: HostileRequest =
                  a.action === 'GET'
                    ? { method: 'GET', path, headers: {}, changes: 'never' }
                    : a.action === 'DELETE'
                      ? { method: 'DELETE', path, headers: {} }
                      : a.action === 'checks' || a.action === 'grade'
                        ? {
                            method: 'POST',
                            path: `${path}/${a.action}`,
                            headers: { 'Content-Type': 'application/json' },
                            body: '{"checks":[]}',
                            changes: 'never',
                          }
                        : { method: 'POST', path: `${path}/${a.action}`, headers: {} };
                const answer = await check(req);
                if (a.action === 'DELETE' && answer.status === 200)
                  created.splice(created.indexOf(id), 1);
              }
            },
          ),
          {
            seed: HOSTILE_SEED,
            numRuns: runsOf(100),
            ...TIME_BOUND,
          },
        );
        printStatuses('labs');
      } finally {
        for (const id of created) await lab.request.delete(`/labs/${id}`);
      }
    },
  );
});
