// Object builders and state snapshots shared by the HTTP tests.
import { expect } from 'vitest';
import type { TestLab } from './app';

type Json = Record<string, unknown>;

export const SERVICES = '/api/v1/namespaces/default/services';
export const PODS = '/api/v1/namespaces/default/pods';
export const CONFIGMAPS = '/api/v1/namespaces/default/configmaps';
export const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';

/** A Service manifest; `spec` defaults to one TCP port 80 selecting app=web. */
export function service(name: string, spec: Json = {}, metadata: Json = {}): Json {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, ...metadata },
    spec: { selector: { app: 'web' }, ports: [{ port: 80 }], ...spec },
  };
}

/** A NodePort Service with `count` named ports (p0, p1, ...), all auto-allocated. */
export function nodePortService(name: string, count: number): Json {
  const ports = Array.from({ length: count }, (_, i) => ({ name: `p${i}`, port: 1000 + i }));
  return service(name, { type: 'NodePort', ports });
}

/** A one-container nginx Pod labelled app=web. */
export function pod(name: string, metadata: Json = {}, spec: Json = {}): Json {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'web' }, ...metadata },
    spec: {
      containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }] }],
      ...spec,
    },
  };
}

/** A Deployment of nginx pods labelled app=<name>. */
export function deployment(name: string, replicas = 3, spec: Json = {}): Json {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }] }],
        },
      },
      ...spec,
    },
  };
}

export function configMap(name: string, data: Record<string, string> = { a: 'b' }): Json {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data };
}

/** POSTs JSON (one object, an array or a List) to /manifests. */
export function applyJson(lab: TestLab, body: unknown, query = '') {
  return lab.request
    .post(`/manifests${query}`)
    .set('Content-Type', 'application/json')
    .send(JSON.stringify(body));
}

/** The full stored state a client can see, for before/after comparisons. */
export async function snapshot(lab: TestLab): Promise<unknown> {
  const paths = [
    '/api/v1/services',
    '/api/v1/pods',
    '/api/v1/endpoints',
    '/api/v1/configmaps',
    '/api/v1/namespaces',
    '/apis/apps/v1/deployments',
    '/apis/apps/v1/replicasets',
  ];
  const lists = await Promise.all(paths.map((p) => lab.request.get(p)));
  return lists.map((res, i) => {
    expect(res.status, paths[i]).toBe(200);
    return res.body;
  });
}

/** Asserts the response is a Kubernetes Status with the given code, reason and message. */
export function expectStatus(
  res: { status: number; body: Json },
  code: number,
  reason: string,
  message: string | RegExp,
): void {
  expect(res.status).toBe(code);
  expect(res.body).toMatchObject({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    reason,
    code,
  });
  if (typeof message === 'string') expect(res.body.message).toBe(message);
  else expect(res.body.message).toMatch(message);
}

/** The names in a list response. */
export function names(body: { items: { metadata: { name: string } }[] }): string[] {
  return body.items.map((o) => o.metadata.name);
}
