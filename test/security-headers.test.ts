// The API's origin in a browser: a student's simulated answer is shown, never obeyed (sandboxed,
// no real Set-Cookie or any other acting header), no answer is sniffed, our pages get a CSP.
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apply, startLab, target, type TestLab } from './support/app';

const SANDBOX = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:";

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(() => lab.close());

/** An nginx Deployment on nodePort 30666 whose `location /` holds `directives`. */
function tenantNginx(directives: string): string {
  const conf = `server {\n  listen 80;\n  location / {\n${directives}\n  }\n}\n`;
  return `apiVersion: v1
kind: ConfigMap
metadata: {name: tenant}
data:
  default.conf: ${JSON.stringify(conf)}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: tenant}
spec:
  replicas: 1
  selector: {matchLabels: {app: tenant}}
  template:
    metadata: {labels: {app: tenant}}
    spec:
      containers:
        - name: nginx
          image: nginx
          volumeMounts: [{name: conf, mountPath: /etc/nginx/conf.d}]
      volumes: [{name: conf, configMap: {name: tenant}}]
---
apiVersion: v1
kind: Service
metadata: {name: tenant}
spec:
  type: NodePort
  selector: {app: tenant}
  ports: [{port: 80, nodePort: 30666}]
`;
}

const NODE = '/nodes/192.168.1.3/30666/request';

describe('a raw simulated answer', () => {
  it("shows the student's HTML sandboxed and turns its Set-Cookie into X-Simulated-Set-Cookie", async () => {
    const applied = await apply(
      lab,
      tenantNginx(`default_type text/html;
add_header Set-Cookie "sid=stolen; Path=/";
add_header Clear-Site-Data '"*"';
add_header Refresh "0; url=https://example.com/";
add_header Content-Security-Policy "script-src *";
add_header X-Lesson yes;
return 200 "<h1>$request_uri</h1>";`),
    );
    expect(applied.status).toBe(201);
    const res = await lab.request.get(`${NODE}/%3Cscript%3Ealert(1)%3C/script%3E?raw=1`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html');
    // The student's script is there, served as HTML, and inert: the sandbox runs no script.
    expect(res.text).toContain('<script>alert(1)</script>');
    expect(res.headers['content-security-policy']).toBe(SANDBOX);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    for (const acting of ['set-cookie', 'clear-site-data', 'refresh']) {
      expect(res.headers).not.toHaveProperty(acting);
    }
    expect(res.headers['x-simulated-set-cookie']).toBe('sid=stolen; Path=/');
    expect(res.headers['x-simulated-clear-site-data']).toBe('"*"');
    expect(res.headers['x-simulated-refresh']).toBe('0; url=https://example.com/');
    expect(res.headers['x-simulated-content-security-policy']).toBe('script-src *');
    expect(res.headers['x-simulated-x-lesson']).toBe('yes');
    expect(res.headers['x-simulated-server']).toMatch(/^nginx\//);
    expect(res.headers['x-simulated-connection']).toBe('keep-alive');

    // The JSON answer (the default) reports the simulated headers as they were.
    const json = await lab.request.get(`${NODE}/x`);
    expect(json.headers).not.toHaveProperty('set-cookie');
    expect(json.body.response.headers).toMatchObject({ 'Set-Cookie': 'sid=stolen; Path=/' });
  });

  it('keeps its own framing: a simulated Content-Length or Connection is only reported', async () => {
    await apply(
      lab,
      tenantNginx(`add_header Content-Length 1 always;
add_header Transfer-Encoding chunked always;
return 302 https://example.com/;`),
    );
    const res = await lab.request.get(`${NODE}?raw=1`).redirects(0);
    expect(res.status).toBe(302);
    expect(res.text).toContain('<title>302 Found</title>');
    // Our own framing (workerd may send it chunked): never the simulated 1 byte.
    const length = res.headers['content-length'];
    if (length !== undefined) expect(Number(length)).toBe(Buffer.byteLength(res.text));
    expect(res.headers).not.toHaveProperty('location');
    expect(res.headers['x-simulated-location']).toBe('https://example.com/');
    expect(res.headers['x-simulated-content-length']).toBe('1');
    expect(res.headers['x-simulated-transfer-encoding']).toBe('chunked');
    // The connection still works for the next request.
    expect((await lab.request.get('/healthz')).status).toBe(200);
  });

  it('sends a script or stylesheet type as text/plain, and a 204 without a body', async () => {
    await apply(lab, tenantNginx('default_type application/javascript;\nreturn 200 "alert(1)";'));
    const script = await lab.request.get(`${NODE}?raw=1`);
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(script.headers['x-simulated-content-type']).toBe('application/javascript');
    expect(script.text).toBe('alert(1)');

    await apply(lab, tenantNginx('return 204;'));
    const empty = await lab.request.get(`${NODE}?raw=1`);
    expect(empty.status).toBe(204);
    expect(empty.headers['content-security-policy']).toBe(SANDBOX);
    // The JSON answer cannot be a 204 (it has a body): a 200 that says 204 inside.
    const json = await lab.request.get(NODE);
    expect(json.status).toBe(200);
    expect(json.body.response.status).toBe(204);
  });

  it('a status Fetch cannot send (nginx takes up to 999) is a 502 naming it', async () => {
    await apply(lab, tenantNginx('return 999 "odd";'));
    const json = await lab.request.get(NODE);
    expect(json.status).toBe(502);
    expect(json.body.response.status).toBe(999);
    const res = await lab.request.get(`${NODE}?raw=1`);
    expect(res.status).toBe(502);
    expect(res.headers['x-simulated-status']).toBe('999');
  });

  it('percent-encodes a header value Fetch could not carry instead of failing', async () => {
    await apply(lab, tenantNginx('add_header X-Uri $uri;\nreturn 200 ok;'));
    const res = await lab.request.get(`${NODE}/a%0d%0aSet-Cookie:%20x=1?raw=1`);
    expect(res.status).toBe(200);
    expect(res.headers).not.toHaveProperty('set-cookie');
    expect(res.headers['x-simulated-x-uri']).toBe('/a%0D%0ASet-Cookie: x=1');
  });

  it('a refused connection is answered as curl would, under the same policy', async () => {
    const res = await lab.request.get(`${NODE}?raw=1`);
    expect(res.status).toBe(502);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(SANDBOX);
  });
});

describe('every answer', () => {
  it.each([
    ['GET', '/healthz'],
    ['GET', '/openapi.json'],
    ['GET', '/api/v1/namespaces/default/services'],
    ['HEAD', '/api/v1/namespaces/default/services'],
    ['GET', '/no/such/route'],
    ['POST', '/manifests'],
    ['GET', '/nodes/192.168.1.3/30666/request'],
  ])('%s %s says X-Content-Type-Options: nosniff', async (method, path) => {
    const res = await lab.request[method.toLowerCase() as 'get'](path).set('Content-Type', 'x/y');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('the API docs page', () => {
  it('has a CSP that allows its one inline script by hash, and may not be framed', async () => {
    const res = await lab.request.get('/docs');
    expect(res.status).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    const inline = [...res.text.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)];
    expect(inline).toHaveLength(1);
    const hash = createHash('sha256').update(inline[0]![1]!).digest('base64');
    const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1]?.split(' ');
    expect(scriptSrc).toEqual([
      "'self'",
      ...(target === 'worker' ? ['https://cdn.jsdelivr.net'] : []),
      `'sha256-${hash}'`,
    ]);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});
