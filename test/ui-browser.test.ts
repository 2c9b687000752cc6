// The web page in a real browser (Debian's chromium via playwright-core): the map, applying the
// echo tutorial, sending requests, live updates, selector mistakes, failures, tokens and the
// instructor view. One browser for the file; each test opens a fresh context (its own session).
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildUi } from '../scripts/build-ui';
import { target } from './support/app';
import { launchBrowser, screenshot, startPageServer, type PageServer } from './support/browser';

const example = (name: string) =>
  readFileSync(new URL(`../examples/${name}`, import.meta.url), 'utf8');

/** How long the page waits for the server's answer to its own action. */
const ANSWER_MS = 10_000;

/** How long the page may take to show a change made elsewhere ("within a second", plus slack). */
const LIVE_MS = 4_000;

/** expect.poll with the page's time to answer (vitest's default second is too short here). */
const eventually = <T>(fn: () => Promise<T> | T, timeout = ANSWER_MS) =>
  expect.poll(fn, { timeout });

// Several page round trips per test, on a machine the rest of the suite keeps busy.
vi.setConfig({ testTimeout: 60_000 });

let browser: Browser;
let open: PageServer;
let secured: PageServer;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  if (target === 'node') await buildUi();
  [browser, open, secured] = await Promise.all([
    launchBrowser(),
    startPageServer(),
    startPageServer(true),
  ]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await Promise.all([open?.close(), secured?.close()]);
});

/**
 * A page at `path`; `asked` (when given) collects the path and query of every request it sends;
 * requests to `blocked` (a glob) fail as a proxy that refuses them would.
 */
async function newPage(
  server: PageServer,
  path = '/',
  asked?: string[],
  blocked?: string,
): Promise<Page> {
  // Reduced motion: the path's steps appear at once, so screenshots show them whole.
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    reducedMotion: 'reduce',
  });
  contexts.push(context);
  // Fail inside the test's own time, with the locator that did not show up.
  context.setDefaultTimeout(ANSWER_MS);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  page.on('request', (r) => {
    const url = new URL(r.url());
    asked?.push(url.pathname + url.search);
  });
  if (blocked) await page.route(blocked, (route) => route.abort());
  await page.goto(`${server.url}${path}`);
  return page;
}

/** A fresh lab in the open server (POST /labs), so tests do not see each other's objects. */
async function freshLab(): Promise<string> {
  const res = await open.request.post('/labs').send({});
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}

const node = (page: Page, name: string | RegExp) => page.getByRole('article', { name });

async function applyThroughPage(page: Page, file: string) {
  await page.getByLabel('Lesson manifest', { exact: true }).selectOption(file);
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await eventually(() => page.locator('.applied li').count()).toBeGreaterThan(0);
}

/** The per-pod bars of a service's hit split, as "name: N hits" labels. */
async function podBars(page: Page, service: string): Promise<number[]> {
  const split = page.getByRole('article', { name: new RegExp(`^hits of ${service}:`) });
  const labels = await split
    .locator('figure')
    .first()
    .locator('li')
    .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  return labels.map((l) => Number(/: (\d+) hits/.exec(l)?.[1]));
}

describe('the web page, open mode', () => {
  it("shows the default lab's nodes with their roles and InternalIPs", async () => {
    const page = await newPage(open);
    await eventually(() =>
      node(page, /^node controlplane 192\.168\.1\.2 control-plane/).count(),
    ).toBe(1);
    expect(await node(page, /^node node01 192\.168\.1\.3 worker/).count()).toBe(1);
    expect(await node(page, /^node node02 192\.168\.1\.4 worker/).count()).toBe(1);
    expect(
      await page
        .getByRole('article', { name: /^service kubernetes ClusterIP 10\.96\.0\.1/ })
        .count(),
    ).toBe(1);
    await screenshot(page, 'default-lab');
  });

  it('applies the echo tutorial, draws its pods and door 30007 on every node, and splits 60 requests', async () => {
    const lab = await freshLab();
    const asked: string[] = [];
    const page = await newPage(open, `/ui/labs/${lab}`, asked);
    await applyThroughPage(page, 'echo-nodeport.yaml');
    const pods = page.getByRole('listitem', {
      name: /^pod nginx-echo-nodeport-\S+ 10\.244\.\d+\.\d+ Ready$/,
    });
    await eventually(() => pods.count()).toBe(3);
    for (const ip of ['192.168.1.2', '192.168.1.3', '192.168.1.4']) {
      const door = page.getByRole('listitem', {
        name: `door ${ip}:30007 to service echo-nodeport-service`,
      });
      expect(await door.count(), ip).toBe(1);
    }
    const svc = page.getByRole('article', {
      name: /^service echo-nodeport-service NodePort 10\.\d+\.\d+\.\d+$/,
    });
    expect(await svc.locator('.port-text').textContent()).toBe('80:30007/TCP -> 80');
    expect(await svc.locator('.selected li').count()).toBe(3);
    await screenshot(page, 'echo-map');

    await page.getByLabel('Node', { exact: true }).fill('192.168.1.3');
    await page.getByLabel('Port', { exact: true }).fill('30007');
    await page.getByLabel('Requests', { exact: true }).fill('60');
    await page.getByLabel('Client IP', { exact: true }).fill('192.168.1.10');
    await page.getByRole('button', { name: 'Send' }).click();
    await eventually(() => page.locator('.batch').textContent()).toContain(
      '60 requests sent; ok: 60',
    );
    await eventually(() => podBars(page, 'echo-nodeport-service'), LIVE_MS).toHaveLength(3);
    const bars = await podBars(page, 'echo-nodeport-service');
    expect(bars.reduce((a, b) => a + b, 0)).toBe(60);
    expect(bars.every((n) => n > 0)).toBe(true);
    await screenshot(page, 'echo-hits');
    // The node each request entered, once the server reports it (hit records with entryNode).
    const reported = await open.request
      .get('/hits/default/echo-nodeport-service')
      .set('X-Lab-Id', lab);
    if (reported.body.entryNodes) {
      const entered = page
        .getByRole('article', { name: /^hits of echo-nodeport-service:/ })
        .getByRole('figure', { name: 'by the node the request entered' });
      expect(
        await entered
          .getByRole('listitem')
          .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label'))),
      ).toEqual(['node01: 60 hits, 100.0%']);
    }

    // A request from outside the page (curl, a grader) shows up without a reload.
    await open.request.get('/nodes/192.168.1.4/30007/request').set('X-Lab-Id', lab).expect(200);
    await eventually(
      async () => (await podBars(page, 'echo-nodeport-service')).reduce((a, b) => a + b, 0),
      LIVE_MS,
    ).toBe(61);
    // Pushed by the page's one change stream: it never fell back to the conditional poll.
    expect(asked.filter((u) => u === '/api/v1/namespaces?limit=1')).toEqual([]);
    expect(asked).toContain('/cluster/changes');
    await page.getByRole('button', { name: 'Reset hits' }).click();
    await eventually(() => page.locator('.hits').textContent()).toContain(
      'No request has reached a pod yet.',
    );

    // kubectl scale and kubectl delete from elsewhere: the map follows without a reload.
    await open.request
      .patch('/apis/apps/v1/namespaces/default/deployments/nginx-echo-nodeport/scale')
      .set({ 'X-Lab-Id': lab, 'Content-Type': 'application/merge-patch+json' })
      .send({ spec: { replicas: 2 } })
      .expect(200);
    await eventually(() => pods.count(), LIVE_MS).toBe(2);
    await open.request
      .delete('/api/v1/namespaces/default/services/echo-nodeport-service')
      .set('X-Lab-Id', lab)
      .expect(200);
    await eventually(() => page.getByRole('listitem', { name: /^door / }).count(), LIVE_MS).toBe(0);
  });

  it('falls back to the conditional poll when the change stream cannot be opened', async () => {
    const lab = await freshLab();
    const asked: string[] = [];
    const page = await newPage(open, `/ui/labs/${lab}`, asked, '**/cluster/changes*');
    await eventually(() => node(page, /^node node01 /).count()).toBe(1);
    await open.request
      .post('/manifests')
      .set({ 'X-Lab-Id': lab, 'Content-Type': 'application/yaml' })
      .send(
        'apiVersion: v1\nkind: Service\nmetadata:\n  name: polled\nspec:\n  type: NodePort\n  selector:\n    app: none\n  ports:\n  - port: 80\n    nodePort: 30123\n',
      )
      .expect(201);
    await eventually(
      () => page.getByRole('listitem', { name: /^door 192\.168\.1\.3:30123 / }).count(),
      LIVE_MS,
    ).toBe(1);
    expect(asked).toContain('/api/v1/namespaces?limit=1');
  });

  it('shows one request step by step, and the step where a failed one stopped', async () => {
    const lab = await freshLab();
    const page = await newPage(open, `/ui/labs/${lab}`);
    await applyThroughPage(page, 'echo-nodeport.yaml');
    // Picking a door on the map fills the form and lights the Service behind it.
    await page.getByLabel('Node', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Pick door 192.168.1.3:30007' }).click();
    expect(await page.getByLabel('Node', { exact: true }).inputValue()).toBe('192.168.1.3');
    expect(await page.getByLabel('Port', { exact: true }).inputValue()).toBe('30007');
    expect(await page.getByRole('button', { name: 'Hide its pods' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Send' }).click();
    const steps = page.getByRole('list', { name: 'path of the request' }).locator('li');
    await eventually(() => steps.count()).toBe(5);
    // The rule of the endpoint picked: `--probability` for all but the last of the chain (the
    // Worker's labs draw their own seed, so which one is picked differs by runtime).
    expect(await steps.nth(2).textContent()).toMatch(
      /kube-proxy \(iptables\)-A KUBE-SVC-\w+ .*-j KUBE-SEP-\w+/s,
    );
    expect(await steps.nth(4).textContent()).toMatch(
      /Answer: HTTP 200.*Hello! I am Pod: 10\.244\./s,
    );
    await screenshot(page, 'request-path');

    // By keyboard this time: Enter in a field sends the form.
    await page.getByLabel('Port', { exact: true }).fill('30999');
    await page.getByLabel('Port', { exact: true }).press('Enter');
    const failed = page.locator('.step.failed');
    await eventually(() => failed.count()).toBe(1);
    expect(await failed.textContent()).toMatch(/Failed at: Door on node01/);
    expect(await failed.textContent()).toMatch(/30999/);
    await screenshot(page, 'request-failed');
  });

  it('shows a Service whose selector matches no pod as selecting nothing, and the near miss', async () => {
    const lab = await freshLab();
    const page = await newPage(open, `/ui/labs/${lab}`);
    await applyThroughPage(page, 'echo-nodeport.yaml');
    const wrong = example('echo-nodeport.yaml')
      .split(/^---$/m)[2]!
      .replace('name: echo-nodeport-service', 'name: echo-typo')
      .replace('app: echo-nodeport\n  ports', 'app: echo-nodeprot\n  ports')
      .replace('nodePort: 30007', 'nodePort: 30017');
    await page.getByLabel('Manifest', { exact: true }).fill(wrong);
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    const svc = page.getByRole('article', {
      name: /^service echo-typo NodePort \S+ selects nothing$/,
    });
    await eventually(() => svc.count(), LIVE_MS).toBe(1);
    expect(await svc.locator('.warn').textContent()).toMatch(
      /selects nothing.*app=echo-nodeport, not echo-nodeprot/,
    );
  });

  it('shows why pods are not ready (a ConfigMap the kubelet cannot mount), and when they become ready', async () => {
    const page = await newPage(open, `/ui/labs/${await freshLab()}`);
    const [configMap, deployment] = example('echo-nodeport.yaml').split(/^---$/m);
    await page.getByLabel('Manifest', { exact: true }).fill(deployment!);
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    const stuck = page.getByRole('listitem', {
      name: /^pod nginx-echo-nodeport-\S+ .* ContainerCreating$/,
    });
    await eventually(() => stuck.count()).toBe(3);
    expect(await stuck.first().textContent()).toContain(
      'MountVolume.SetUp failed for volume "config-volume" : configmap "nginx-echo-config" not found',
    );
    expect(await stuck.first().locator('.mark').textContent()).toBe('✗');
    await page.getByLabel('Manifest', { exact: true }).fill(configMap!);
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    const ready = page.getByRole('listitem', { name: /^pod nginx-echo-nodeport-\S+ \S+ Ready$/ });
    await eventually(() => ready.count(), LIVE_MS).toBe(3);
  });

  it('draws an externalIP as a door outside the nodes, and sends a request through it', async () => {
    const page = await newPage(open, `/ui/labs/${await freshLab()}`);
    await applyThroughPage(page, 'myapp-deployment.yaml');
    await applyThroughPage(page, 'node-port-service.yaml');
    const door = page.getByRole('listitem', {
      name: 'door 1.2.3.110:80 to service node-port-service (externalIP)',
    });
    await eventually(() => door.count()).toBe(1);
    await page.getByLabel('Node', { exact: true }).fill('1.2.3.110');
    await page.getByLabel('Port', { exact: true }).fill('80');
    await page.getByRole('button', { name: 'Send' }).click();
    const steps = page.getByRole('list', { name: 'path of the request' }).locator('li');
    await eventually(() => steps.count()).toBe(5);
    expect(await steps.nth(1).textContent()).toMatch(
      /externalIP 1\.2\.3\.110:80 → Service default\/node-port-service/,
    );
    await screenshot(page, 'external-ip');
  });

  it("shows a dry run's validation error with the field it is about", async () => {
    const page = await newPage(open, `/ui/labs/${await freshLab()}`);
    await page
      .getByLabel('Lesson manifest', { exact: true })
      .selectOption('pitfall-nodeport-80.yaml');
    await page.getByRole('button', { name: 'Dry run' }).click();
    const alert = page.getByRole('alert');
    await eventually(() => alert.textContent()).toMatch(/HTTP 422/);
    expect(await alert.locator('.causes .field').first().textContent()).toBe(
      'spec.ports[0].nodePort',
    );
    expect(await alert.textContent()).toMatch(/provided port is not in the valid range/);

    await page.getByLabel('Manifest', { exact: true }).fill('kind: Pod\nmetadata:\n  name: [x\n');
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await eventually(() => alert.textContent()).toMatch(/HTTP 400.*line 4, column 1/);
  });
});

describe('the web page with ADMIN_TOKEN', () => {
  it('asks for a token; a lab token sees its lab and nothing else, and never puts it in a URL or cookie', async () => {
    const admin = { Authorization: `Bearer ${secured.adminToken}` };
    const mine = await secured.request.post('/labs').set(admin).send({ name: 'mine' });
    const other = await secured.request.post('/labs').set(admin).send({ name: 'other' });
    await secured.request
      .post('/manifests')
      .set({ ...admin, 'X-Lab-Id': other.body.id, 'Content-Type': 'application/yaml' })
      .send(example('nginx-nodeport-service.yaml'))
      .expect(201);
    const page = await newPage(secured);
    await page.getByLabel('Token', { exact: true }).fill(mine.body.token);
    await page.getByRole('button', { name: 'Use token' }).click();
    await eventually(() => node(page, /^node node01 192\.168\.1\.3/).count()).toBe(1);
    await eventually(() => page.locator('.lab-name').textContent()).toContain(mine.body.id);
    expect(await page.getByRole('article', { name: /nginx-nodeport-service/ }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Instructor: labs' }).count()).toBe(0);
    expect(page.url()).not.toContain(mine.body.token);
    expect(await page.evaluate('document.cookie')).toBe('');
    expect(await page.evaluate("sessionStorage.getItem('nodeport-lab-token')")).toBe(
      mine.body.token,
    );
    await screenshot(page, 'lab-token');

    // Another lab's page, with this token: the API says it does not exist, and the page says so.
    const theirs = await page.context().newPage();
    await theirs.goto(`${secured.url}/ui/labs/${other.body.id}`);
    // sessionStorage belongs to one tab: a new tab asks again.
    await theirs.getByLabel('Token', { exact: true }).fill(mine.body.token);
    await theirs.getByRole('button', { name: 'Use token' }).click();
    await eventually(() => theirs.getByRole('alert').textContent()).toMatch(/not found/);
    expect(await theirs.getByRole('article', { name: /nginx-nodeport-service/ }).count()).toBe(0);
  });

  it('shows the admin the instructor view: the labs, a new lab from a lesson, and its checks', async () => {
    const name = `class-${Date.now().toString(36)}`;
    const page = await newPage(secured);
    await page.getByLabel('Token', { exact: true }).fill(secured.adminToken!);
    await page.getByRole('button', { name: 'Use token' }).click();
    const table = page.getByRole('table', { name: 'labs' });
    await eventually(() => table.locator('tbody tr').count()).toBeGreaterThan(0);
    await page.getByLabel('Lab name', { exact: true }).fill(name);
    await page.getByLabel('Lesson', { exact: true }).selectOption('echo-deployment');
    await page.getByRole('button', { name: 'Create lab' }).click();
    await eventually(() => table.getByRole('link', { name }).count()).toBe(1);
    expect(await page.getByLabel('Lab token', { exact: true }).inputValue()).toMatch(/\S{16,}/);
    await screenshot(page, 'instructor');

    const row = table.getByRole('row', { name: new RegExp(name) });
    expect(await row.locator('.score').textContent()).toBe('not graded');
    await page.getByRole('button', { name: `Grade ${name}` }).click();
    const graded = /^0 \/ \d+, \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/;
    await eventually(() => row.locator('.score').textContent()).toMatch(graded);
    // The API kept it: a fresh load of the view shows the same latest score.
    const shown = await row.locator('.score').textContent();
    await page.reload();
    await eventually(() => row.locator('.score').textContent()).toBe(shown);
    await table.getByRole('link', { name }).click();
    await page.getByRole('button', { name: 'Check my work' }).click();
    await eventually(() => page.locator('.grade [role=status]').textContent()).toMatch(
      /Score 0 \/ \d+/,
    );
    expect(await page.locator('.checks li.fail').count()).toBeGreaterThan(0);
    expect(await page.locator('.lesson h3').textContent()).toMatch(/Echo pods/);
    await screenshot(page, 'check-my-work');
  });
});
