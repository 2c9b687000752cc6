// kubectl's tables and descriptions, through the real kubectl, for every scenario in
// test/golden/scenarios/ that lists commands: the output must be test/golden/kubectl/<name>.txt.
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  kubectlForNewLab,
  requireKubectl,
  startServer,
  type Kubectl,
  type LabServer,
} from './kubectl-harness';
import { testClock } from './support/app';
import { expectGolden, prepareLab, scenarios } from './support/golden';

let server: LabServer;
beforeAll(async () => {
  await requireKubectl();
  // A frozen clock, as the Worker's: AGE columns and timestamps repeat.
  server = await startServer({ clock: testClock() });
});
afterAll(() => server.close());

async function transcript(kubectl: Kubectl, commands: string[][]): Promise<string> {
  const parts: string[] = [];
  for (const args of commands) {
    const r = await kubectl(...args);
    const failed = r.code === 0 ? '' : `[exit ${r.code}]\n`;
    parts.push(`$ kubectl ${args.join(' ')}\n${r.stdout}${failed}${r.stderr}`);
  }
  return parts.join('\n');
}

describe.each(scenarios().filter((s) => s.kubectl.length > 0))('scenario $name', (s) => {
  it(`prints test/golden/kubectl/${s.name}.txt`, async () => {
    const kubectl = await kubectlForNewLab(server, s.lab);
    try {
      await prepareLab(server, kubectl.labId, s);
      expectGolden(`kubectl/${s.name}.txt`, await transcript(kubectl, s.kubectl));
    } finally {
      kubectl.dispose();
    }
  }, 120_000);
});
