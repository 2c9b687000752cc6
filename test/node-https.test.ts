// The Node server's https listener: a self-signed certificate made once beside the database
// (the key readable by its owner only) and reused after a restart, and its HTTPS_PORT setting.
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseEnv } from '../src/env';
import { certificatePaths, loadOrCreateCertificate } from '../src/node-https';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the https certificate', () => {
  it('is made at first start beside the database and reused after', async () => {
    dir = mkdtempSync(join(tmpdir(), 'nodeport-lab-tls-'));
    const db = join(dir, 'data', 'lab.db');
    const first = await loadOrCreateCertificate(db);
    const paths = certificatePaths(db);
    expect(paths).toEqual({
      cert: join(dir, 'data', 'lab-tls.crt'),
      key: join(dir, 'data', 'lab-tls.key'),
    });
    expect(statSync(paths.key).mode & 0o777).toBe(0o600);
    const again = await loadOrCreateCertificate(db);
    expect(again).toEqual(first);
    const cert = new X509Certificate(first.cert);
    expect(cert.subjectAltName).toBe(
      'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
    );
    expect(cert.checkIssued(cert)).toBe(true);
    expect(cert.ca).toBe(true);
    const years = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / (365 * 86_400_000);
    expect(years).toBeGreaterThan(9.9);
  });
});

describe('HTTPS_PORT', () => {
  it('defaults to 8443 and is switched off with `off`', () => {
    dir = mkdtempSync(join(tmpdir(), 'nodeport-lab-tls-'));
    expect(parseEnv({}).HTTPS_PORT).toBe(8443);
    expect(parseEnv({ HTTPS_PORT: '9443' }).HTTPS_PORT).toBe(9443);
    expect(parseEnv({ HTTPS_PORT: 'off' }).HTTPS_PORT).toBeUndefined();
    expect(() => parseEnv({ HTTPS_PORT: 'x' })).toThrow(/HTTPS_PORT/);
  });
});
