// The request routes' decisions for every scenario in test/golden/scenarios/ that lists requests:
// the whole JSON answer of each (test/golden/routes/<name>.json) and, in a form to read, the
// kube-proxy rule that sent each connection (test/golden/rules/<name>.txt).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type LabServer } from './kubectl-harness';
import { testClock } from './support/app';
import {
  expectGolden,
  requestPath,
  scenarioLab,
  scenarios,
  sendRequest,
  type RouteAnswer,
} from './support/golden';

let server: LabServer;
beforeAll(async () => {
  server = await startServer({ clock: testClock() });
});
afterAll(() => server.close());

/** `GET <path> -> <outcome> <pod>@<node>`, then the rule's text, indented. */
function ruleLines(path: string, status: number, a: RouteAnswer): string {
  const where = a.pod ? ` ${a.pod.name}@${a.pod.node}` : '';
  const head = `GET ${path} -> ${status} ${a.outcome}${where}`;
  const p = a.proxy;
  if (!p) return `${head}\n  (no kube-proxy rule: ${a.message})\n`;
  const flags = `${p.mode}, ${p.trafficPolicy}${p.affinityHit ? ', affinity' : ''}${p.masqueraded ? ', masquerade' : ''}`;
  const rule = p.rule ? p.rule.text.replace(/^/gm, '  ') : '  (no rule)';
  return `${head}\n  [${flags}]\n${rule}\n`;
}

describe.each(scenarios().filter((s) => s.requests.length > 0))('scenario $name', (s) => {
  it(`decides test/golden/routes/${s.name}.json and rules/${s.name}.txt`, async () => {
    const labId = await scenarioLab(server, s);
    const answers: object[] = [];
    const rules: string[] = [];
    for (const r of s.requests) {
      const { status, answer } = await sendRequest(server, labId, r);
      expect(answer.outcome, requestPath(r)).toMatch(/^[a-z_]+$/);
      answers.push({ request: requestPath(r), status, answer });
      rules.push(ruleLines(requestPath(r), status, answer));
    }
    expectGolden(`routes/${s.name}.json`, `${JSON.stringify(answers, null, 2)}\n`);
    expectGolden(`rules/${s.name}.txt`, rules.join('\n'));
  });
});
