// GET /kubeconfig: a kubeconfig for the caller's lab, so `kubectl --kubeconfig lab.yaml get svc`
// reaches this server as the client reached it, acting in the same lab.
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../context';
import { labPath, splitLabSegment } from '../kube-api/lab-path';

/** The origin the client used, honouring a reverse proxy's X-Forwarded-Proto/-Host. */
export function publicOrigin(c: Context): string {
  const url = new URL(c.req.url);
  const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim();
  const host = c.req.header('x-forwarded-host')?.split(',')[0]?.trim();
  return `${proto || url.protocol.replace(/:$/, '')}://${host || url.host}`;
}

/**
 * The kubeconfig YAML for `labId`; `server` is the lab's API root (origin plus `/k8s/<lab id>`),
 * `token` the credential kubectl sends. The context, cluster and user are named after the lab.
 */
export function kubeconfigFor(server: string, labId: string, token: string): string {
  const name = JSON.stringify(labId);
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `  - name: ${name}`,
    '    cluster:',
    `      server: ${JSON.stringify(server)}`,
    // A plain-http server has no TLS to verify; @kubernetes/client-node refuses http without this.
    ...(server.startsWith('http:') ? ['      insecure-skip-tls-verify: true'] : []),
    'contexts:',
    `  - name: ${name}`,
    '    context:',
    `      cluster: ${name}`,
    `      user: ${name}`,
    '      namespace: default',
    `current-context: ${name}`,
    'users:',
    `  - name: ${name}`,
    '    user:',
    '      # The token the kubeconfig was fetched with; in open mode `lab:<id>`, which only names',
    '      # the lab. kubectl sends no token to an http:// server: the server URL names the lab.',
    `      token: ${JSON.stringify(token)}`,
    'preferences: {}',
    '',
  ].join('\n');
}

export const kubeconfigRoutes = new Hono<AppEnv>().get('/kubeconfig', async (c) => {
  // 404 for a lab that does not exist, rather than a kubeconfig that cannot work.
  await c.var.cluster.state(c.var.labId);
  c.header('Content-Type', 'application/yaml; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="${c.var.labId}.kubeconfig.yaml"`);
  const labId = c.var.labId;
  // The caller's own credential (a lab token, say); in open mode a token that names the lab.
  const token = c.var.bearerToken ?? `lab:${labId}`;
  const origin = publicOrigin(c);
  // Over plain http kubectl drops the token, so a real lab token goes into the URL instead.
  const inPath = origin.startsWith('http:') && splitLabSegment(token).token !== undefined;
  return c.body(kubeconfigFor(`${origin}${labPath(inPath ? token : labId)}`, labId, token));
});
