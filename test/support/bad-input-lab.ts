// Shared by bad-input-refused.test.ts, bad-input-accepted.test.ts and their case tables
// (test/fixtures/bad-*.ts): a fresh lab seeded with state to protect, and request helpers.
import { afterEach, beforeEach, expect } from 'vitest';
import { apply, startLab, type TestLab } from './app';

export let lab: TestLab;

/** A fresh lab for every test of the calling file, seeded with state to protect, in `lab`. */
export function useBadInputLab(): void {
  beforeEach(async () => {
    lab = await startLab();
    // Some state to protect: an echo-like deployment, a service and a configmap.
    const seeded = await apply(
      lab,
      `apiVersion: v1
kind: ConfigMap
metadata:
  name: seed
data:
  a: b
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: seed
spec:
  replicas: 2
  selector:
    matchLabels: {app: seed}
  template:
    metadata:
      labels: {app: seed}
    spec:
      containers:
        - name: nginx
          image: nginx
---
apiVersion: v1
kind: Service
metadata:
  name: seed
spec:
  type: NodePort
  selector: {app: seed}
  ports:
    - port: 80
      nodePort: 30080
`,
    );
    expect(seeded.status).toBe(201);
  });
  afterEach(() => lab.close());
}

export const yamlDoc = (kind: string, name: string, rest = '') =>
  `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n${rest}`;

/** A YAML "billion laughs": nine levels of nine aliases each. */
export function aliasBomb(): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) {
    const prev = String.fromCharCode(96 + i);
    const next = String.fromCharCode(97 + i);
    lines.push(`${next}: &${next} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  return `${yamlDoc('ConfigMap', 'bomb', 'data:\n')}${lines.map((l) => `  ${l}`).join('\n')}\n`;
}

export interface BadCase {
  name: string;
  send: () => ReturnType<TestLab['request']['post']>;
  code: number;
  reason: string;
  message: string | RegExp;
}

export const post = (body: string | Buffer, type: string, path = '/manifests') =>
  lab.request.post(path).set('Content-Type', type).send(body);
export const yaml = (body: string) => post(body, 'application/yaml');
export const servicePorts = (ports: string) =>
  yamlDoc('Service', 'web', `spec:\n  type: NodePort\n  ports:\n${ports}`);
