// What a student of the mistakes' lessons sees with the real kubectl: the start states applied
// with kubectl apply, then the commands the lessons name. Needs kubectl on PATH (or KUBECTL).
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import {
  kubectlScenarios,
  ok,
  requireKubectl,
  startServer,
  tableRows,
  type LabServer,
} from './kubectl-harness';

let server: LabServer;
beforeAll(async () => {
  await requireKubectl();
  server = await startServer();
}, 60_000);
afterAll(() => server?.close());

const scenario = kubectlScenarios(() => server);
const start = (lesson: string) =>
  fileURLToPath(new URL(`../lessons/${lesson}/start.yaml`, import.meta.url));

describe('the mistakes through kubectl', () => {
  scenario(
    'pod-not-ready: describe pod and get events show the FailedMount warning',
    async (kubectl) => {
      await ok(kubectl, 'apply', '-f', start('pod-not-ready'));
      const pods = tableRows(await ok(kubectl, 'get', 'pods', '-l', 'app=web'));
      expect(pods.slice(1).map((r) => [r[1], r[2]])).toEqual([
        ['0/1', 'ContainerCreating'],
        ['0/1', 'ContainerCreating'],
      ]);
      const described = await ok(kubectl, 'describe', 'pod', '-l', 'app=web');
      expect(described).toMatch(
        /Warning\s+FailedMount\s+\S+\s+kubelet\s+MountVolume\.SetUp failed for volume "conf" : configmap "web-config" not found/,
      );
      const events = await ok(kubectl, 'get', 'events', '--field-selector', 'reason=FailedMount');
      expect(tableRows(events).length).toBe(3);
    },
  );

  scenario(
    'wrong-node-address and udp-protocol: the columns the lessons point at',
    async (kubectl) => {
      await ok(kubectl, 'apply', '-f', start('wrong-node-address'));
      const nodes = tableRows(await ok(kubectl, 'get', 'nodes', '-o', 'wide'));
      const ip = nodes[0]!.indexOf('INTERNAL-IP');
      expect(nodes.slice(1).map((r) => r[ip])).toEqual([
        '192.168.1.2',
        '192.168.1.3',
        '192.168.1.4',
      ]);
      await ok(kubectl, 'apply', '-f', start('udp-protocol'));
      const svc = tableRows(await ok(kubectl, 'get', 'svc', 'web'));
      expect(svc[1]![4]).toBe('80:30800/UDP');
    },
  );
});
