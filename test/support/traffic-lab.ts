// Shared by traffic-answers.test.ts and traffic-balancing.test.ts: a fresh lab per test, the
// examples/ manifests, and the services and echo apps the requests go to.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach } from 'vitest';
import { startLab, type TestLab } from './app';

export const example = (name: string) =>
  readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8');

/** The calling file's lab, read through its getter (a test may replace it with lab.restart()). */
let lab: () => TestLab;

export async function podIps(selector: string): Promise<Map<string, string>> {
  const res = await lab().request.get(`/api/v1/namespaces/default/pods?labelSelector=${selector}`);
  return new Map(
    res.body.items.map((p: { metadata: { name: string }; status: { podIP: string } }) => [
      p.metadata.name,
      p.status.podIP,
    ]),
  );
}

export const webService = (extra: string) => `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  selector:
    app: echo-nodeport
  ports:
    - port: 80
      nodePort: 30100
${extra}`;

export const JSON_ECHO_APP = `apiVersion: v1
kind: Pod
metadata:
  name: app
  labels:
    app: echo-json
spec:
  containers:
    - name: app
      image: example/app:1.0
      ports:
        - containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: app
spec:
  type: NodePort
  selector:
    app: echo-json
  ports:
    - port: 80
      targetPort: 8080
      nodePort: 30200
`;

/**
 * A fresh lab for every test of the calling file, handed to `setLab`; `getLab` reads the file's own
 * variable back, since a test may replace the lab (lab.restart()).
 */
export function useTrafficLab(setLab: (lab: TestLab) => void, getLab: () => TestLab): void {
  lab = getLab;
  beforeEach(async () => {
    setLab(await startLab());
  });
  afterEach(() => getLab().close());
}
