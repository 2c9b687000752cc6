// The Node server's https listener. kubectl (client-go) sends no credential to an http:// server,
// so over plain http only the `/k8s/<lab>` path prefix can name a lab, and `kubectl get --raw`
// and `kubectl proxy` drop it. Over https kubectl sends the lab token, which names the lab for
// every command. The certificate is self-signed, made at first start by `selfsigned` and kept
// beside the SQLite file, so a kubeconfig fetched once keeps verifying it across restarts.
import { serve, type ServerType } from '@hono/node-server';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { dirname, join, parse } from 'node:path';
import { generate } from 'selfsigned';
import { TLS_SERVER_NAME } from './http/lab-api/kubeconfig';

export interface TlsFiles {
  cert: string;
  key: string;
}

/** Ten years: a laptop's lab should not stop verifying in the middle of a course. */
const VALID_DAYS = 3650;

/** `data/nodeport-lab.db` -> `data/nodeport-lab-tls.crt` and `-tls.key`. */
export function certificatePaths(databasePath: string): { cert: string; key: string } {
  const { dir, name } = parse(databasePath);
  return { cert: join(dir, `${name}-tls.crt`), key: join(dir, `${name}-tls.key`) };
}

async function generateCertificate(now: Date): Promise<TlsFiles> {
  const notAfterDate = new Date(now.getTime() + VALID_DAYS * 86_400_000);
  const pems = await generate([{ name: 'commonName', value: 'NodePort Lab' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: now,
    notAfterDate,
    extensions: [
      // Its own CA: the kubeconfig carries it as certificate-authority-data.
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: TLS_SERVER_NAME },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

/** The certificate beside `databasePath`, made (key readable by its owner only) if missing. */
export async function loadOrCreateCertificate(
  databasePath: string,
  now = new Date(),
): Promise<TlsFiles> {
  // An in-memory database keeps nothing, its certificate neither.
  if (databasePath === ':memory:') return generateCertificate(now);
  const paths = certificatePaths(databasePath);
  if (existsSync(paths.cert) && existsSync(paths.key)) {
    return { cert: readFileSync(paths.cert, 'utf8'), key: readFileSync(paths.key, 'utf8') };
  }
  const files = await generateCertificate(now);
  mkdirSync(dirname(paths.cert), { recursive: true });
  writeFileSync(paths.key, files.key, { mode: 0o600 });
  chmodSync(paths.key, 0o600);
  writeFileSync(paths.cert, files.cert);
  return files;
}

type Fetch = (request: Request, env?: unknown) => Response | Promise<Response>;

/**
 * Serves `fetch` over https on `port` (0: any free port, told to `onListen`). A port in use is
 * told to `onError` and the http listener goes on alone (kubeconfigs then name it, as before).
 */
export function serveHttps(
  fetch: Fetch,
  tls: TlsFiles,
  options: { port: number; hostname: string },
  onListen: (port: number) => void,
  onError: (error: Error) => void = (error) => {
    throw error;
  },
): ServerType {
  const server = serve(
    {
      fetch,
      port: options.port,
      hostname: options.hostname,
      createServer,
      serverOptions: { key: tls.key, cert: tls.cert },
    },
    (info) => onListen(info.port),
  );
  server.on('error', onError);
  return server;
}
