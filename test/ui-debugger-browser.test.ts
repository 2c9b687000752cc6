// The web page with the cloud and the Service debugger, in a real browser: a request the lab's
// firewall drops shows the firewall as the failing step, "Why?" walks the Debug Services
// checklist for it, and a request to a LoadBalancer address shows the balancer's pick.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildUi } from '../scripts/build-ui';
import { target } from './support/app';
import { launchBrowser, screenshot, startPageServer, type PageServer } from './support/browser';

const echo = readFileSync(new URL('../examples/echo-nodeport.yaml', import.meta.url), 'utf8');
const ANSWER_MS = 10_000;
const eventually = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: ANSWER_MS });
vi.setConfig({ testTimeout: 60_000 });

let browser: Browser;
let server: PageServer;
beforeAll(async () => {
  if (target === 'node') await buildUi();
  [browser, server] = await Promise.all([launchBrowser(), startPageServer()]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh lab with the echo tutorial applied and `settings` PATCHed into /cluster. */
async function labWith(settings: Record<string, unknown>, yaml = echo): Promise<string> {
  const id = (await server.request.post('/labs').send({}).expect(201)).body.id as string;
  await server.request
    .post('/manifests')
    .set('X-Lab-Id', id)
    .set('Content-Type', 'application/yaml')
    .send(yaml)
    .expect(201);
  await server.request.patch('/cluster').set('X-Lab-Id', id).send(settings).expect(200);
  return id;
}

async function pageOf(lab: string): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(ANSWER_MS);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(`${server.url}/ui/labs/${lab}`);
  return page;
}

async function send(page: Page, ip: string, port: string, clientIp: string) {
  await page.getByLabel('Node', { exact: true }).fill(ip);
  await page.getByLabel('Port', { exact: true }).fill(port);
  await page.getByLabel('Client IP', { exact: true }).fill(clientIp);
  await page.getByRole('button', { name: 'Send' }).click();
}

describe('the web page, the cloud and the debugger', () => {
  it('shows a firewall drop as the failing step, and "Why?" walks the checklist', async () => {
    const firewall = {
      name: 'nodes-sg',
      rules: [{ name: 'ssh', ports: [22], sourceRanges: ['0.0.0.0/0'] }],
    };
    const page = await pageOf(await labWith({ firewall }));
    await send(page, '192.168.1.3', '30007', '203.0.113.9');
    const failed = page.locator('.step.failed');
    await eventually(() => failed.count()).toBe(1);
    expect(await failed.textContent()).toMatch(/Failed at: Cloud firewall nodes-sg/);
    expect(await failed.textContent()).toMatch(/dropped TCP port 30007 from 203\.0\.113\.9/);
    await page.getByRole('button', { name: /Why\? Walk the Debug Services checklist/ }).click();
    const checklist = page.getByRole('region', { name: 'Debug Services checklist' });
    await eventually(() => checklist.locator('li').count()).toBeGreaterThan(5);
    expect(await checklist.locator('h3').textContent()).toBe(
      'Debug Services checklist for Service default/echo-nodeport-service',
    );
    const step = checklist.locator('li.check-failed');
    expect(await step.count()).toBe(1);
    expect(await step.textContent()).toMatch(
      /Does the cloud firewall let the client reach the nodePort\?/,
    );
    expect(await step.textContent()).toMatch(/Fix: add a rule to nodes-sg allowing TCP 30007/);
    await screenshot(page, 'debug-checklist');
  });

  it('shows the load balancer that picked the node for a LoadBalancer address', async () => {
    const lb = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: LoadBalancer
  selector:
    app: echo-nodeport
  ports:
    - port: 80
`;
    const page = await pageOf(
      await labWith({ loadBalancerPool: ['203.0.113.10'] }, `${echo}---\n${lb}`),
    );
    await send(page, '203.0.113.10', '80', '198.51.100.7');
    const steps = page.getByRole('list', { name: 'path of the request' }).locator('li');
    await eventually(() => steps.count()).toBeGreaterThan(4);
    expect(await steps.nth(1).textContent()).toMatch(
      /Load balancer 203\.0\.113\.10:80→ (controlplane|node01|node02) \(healthy: controlplane, node01, node02\)/,
    );
    expect(await page.locator('.step.failed').count()).toBe(0);
  });
});
