// GET /kubeconfig: a kubeconfig for the caller's lab, so `kubectl --kubeconfig lab.yaml get svc`
// reaches this server, acting in the same lab. Over https (the Worker, a TLS proxy, or the Node
// server's own https listener) kubectl sends the token, which names the lab for every command;
// over plain http it sends none, so only the `/k8s/<lab>` prefix of the server URL can.
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../context';
import { labPath, splitLabSegment } from '../kube-api/lab-path';

/** The name the https listener's certificate is checked against, whatever address is dialled. */
export const TLS_SERVER_NAME = 'localhost';

/** The Node server's https listener: its port once listening, and its self-signed certificate. */
export interface HttpsListener {
  port(): number | undefined;
  certificatePem: string;
}

/** The origin the client used, honouring a reverse proxy's X-Forwarded-Proto/-Host. */
export function publicOrigin(c: Context): string {
  const url = new URL(c.req.url);
  const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim();
  const host = c.req.header('x-forwarded-host')?.split(',')[0]?.trim();
  return `${proto || url.protocol.replace(/:$/, '')}://${host || url.host}`;
}

/** How kubectl checks the server: the listener's own certificate, or nothing over plain http. */
export type ServerTrust = { certificatePem: string } | 'none';

/**
 * The kubeconfig YAML for `labId`; `server` is the URL kubectl calls, `token` the credential it
 * sends. The context, cluster and user are named after the lab.
 */
export function kubeconfigFor(
  server: string,
  labId: string,
  token: string,
  trust: ServerTrust = 'none',
): string {
  const name = JSON.stringify(labId);
  const tls =
    trust === 'none'
      ? // A plain-http server has no TLS to verify; @kubernetes/client-node refuses http without this.
        server.startsWith('http:')
        ? ['      insecure-skip-tls-verify: true']
        : []
      : [
          `      certificate-authority-data: ${btoa(trust.certificatePem)}`,
          `      tls-server-name: ${TLS_SERVER_NAME}`,
        ];
  const tokenNote = server.startsWith('http:')
    ? '# the lab. kubectl sends no token to an http:// server: the server URL names the lab.'
    : '# the lab. kubectl sends it over https, so it names the lab for every command.';
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `  - name: ${name}`,
    '    cluster:',
    `      server: ${JSON.stringify(server)}`,
    ...tls,
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
    `      ${tokenNote}`,
    `      token: ${JSON.stringify(token)}`,
    'preferences: {}',
    '',
  ].join('\n');
}

/** GET /kubeconfig; with `https`, one fetched over plain http names the https listener. */
export function kubeconfigRoutes(https?: HttpsListener) {
  return new Hono<AppEnv>().get('/kubeconfig', async (c) => {
    // 404 for a lab that does not exist, rather than a kubeconfig that cannot work.
    await c.var.cluster.state(c.var.labId);
    c.header('Content-Type', 'application/yaml; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${c.var.labId}.kubeconfig.yaml"`);
    const labId = c.var.labId;
    // The caller's own credential (a lab token, say); in open mode a token that names the lab.
    const token = c.var.bearerToken ?? `lab:${labId}`;
    const origin = publicOrigin(c);
    const httpsPort = https?.port();
    if (
      origin.startsWith('http:') &&
      https &&
      httpsPort !== undefined &&
      c.req.query('transport') !== 'http'
    ) {
      // The token names the lab, so the URL needs no prefix (and `get --raw` keeps none).
      const host = new URL(origin).hostname;
      const server = `https://${host.includes(':') ? `[${host}]` : host}:${httpsPort}`;
      return c.body(kubeconfigFor(server, labId, token, https));
    }
    // Over plain http kubectl drops the token, so a real lab token goes into the URL instead.
    const inPath = origin.startsWith('http:') && splitLabSegment(token).token !== undefined;
    return c.body(kubeconfigFor(`${origin}${labPath(inPath ? token : labId)}`, labId, token));
  });
}
