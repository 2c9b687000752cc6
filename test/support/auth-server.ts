// Shared by auth-admin.test.ts and auth-lab-tokens.test.ts: a server with ADMIN_TOKEN set per test,
// requests as the admin or a lab, and the rows a lab holds in the Node server's SQLite file.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect } from 'vitest';
import { bearer, startSecuredServer, type CreatedLab, type SecuredServer } from './secured';

export let server: SecuredServer;

export const admin = () => bearer(server.adminToken);
export const CM = '/api/v1/namespaces/default/configmaps';
export const configMap = (name: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name },
  data: { lesson: name },
});
export const nginxService = `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: web}
spec:
  containers:
    - name: nginx
      image: nginx
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  selector: {app: web}
  ports:
    - port: 80
      nodePort: 30080
`;

export function applyYaml(lab: CreatedLab, yaml: string) {
  return server.request
    .post('/manifests')
    .set(bearer(lab.token))
    .set('Content-Type', 'application/yaml')
    .send(yaml);
}

/** Rows a lab holds in every table of the Node server's SQLite file. */
export function rowsOf(dbPath: string, labId: string): Record<string, number> {
  const db = new Database(dbPath, { readonly: true });
  try {
    const count = (table: string, column: string) =>
      (
        db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${column} = ?`).get(labId) as {
          n: number;
        }
      ).n;
    return {
      labs: count('labs', 'id'),
      objects: count('objects', 'lab_id'),
      allocations: count('allocations', 'lab_id'),
      hits: count('hits', 'lab_id'),
      proxy_state: count('proxy_state', 'lab_id'),
    };
  } finally {
    db.close();
  }
}

export const NONE = { labs: 0, objects: 0, allocations: 0, hits: 0, proxy_state: 0 };
export const withRows = async (lab: CreatedLab) => {
  expect((await applyYaml(lab, nginxService)).status).toBe(201);
  await server.request
    .patch('/cluster')
    .set(bearer(lab.token))
    .send({ proxyMode: 'ipvs' })
    .expect(200);
  await server.request.get('/nodes/192.168.1.3/30080/request').set(bearer(lab.token)).expect(200);
  // Reading hits folds Node's hits journal (src/db/hit-journal.ts) into the hits table.
  await server.request.get('/hits').set(bearer(lab.token)).expect(200);
  const rows = rowsOf(server.dbPath!, lab.id);
  for (const table of Object.keys(NONE)) expect(rows[table], table).toBeGreaterThan(0);
};

/** A fresh server with ADMIN_TOKEN set for every test of the calling file, in `server`. */
export function useAuthServer(): void {
  beforeEach(async () => {
    server = await startSecuredServer();
  });
  afterEach(() => server.close());
}
