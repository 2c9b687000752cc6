// Old against new on the many-labs case, steadier than two HTTP runs on a noisy machine: one child
// process per checkout builds 1,000 echo labs in memory (buildNodeApp, no sockets), and the parent
// has them take turns routing N requests spread over all labs and N into one, reading each
// child's CPU time. Noise then falls on both builds alike. Not part of `npm run bench` (it has no
// target); run `npx tsx bench/many-labs-ab.ts OLD_DIR NEW_DIR` (bench/README.md).
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { labsWith, openApp } from './in-process';
import { median } from './server';

const LABS = Number(process.env.BENCH_AB_LABS ?? 1000);
const REQUESTS = Number(process.env.BENCH_AB_REQUESTS ?? 2000);
const ROUNDS = Number(process.env.BENCH_AB_ROUNDS ?? 30);
/** Requests in flight at once, as the HTTP bench's 16 connections keep them. */
const CONCURRENT = 16;
const ROUTE = '/nodes/192.168.1.3/30007/request';
const ECHO = resolve(fileURLToPath(import.meta.url), '../../examples/echo-nodeport.yaml');

type Mode = 'spread' | 'one';
/** A round's CPU time and the part of it the garbage collector's pauses took, µs per request. */
interface Round {
  cpu: number;
  gc: number;
}

/** A child: builds the labs with the checkout in `dir`, then routes a round per message. */
async function child(dir: string): Promise<void> {
  const { app, close } = await openApp(dir);
  // The parent kills the child when done: the database goes with it.
  process.on('SIGTERM', () => {
    close();
    process.exit(0);
  });
  const ids = await labsWith(app, LABS, readFileSync(ECHO, 'utf8'));
  let next = 0;
  const route = async (labs: string[], n: number) => {
    const inFlight: Promise<string>[] = [];
    for (let i = 0; i < n; i++) {
      // app.request with plain headers, not call(): the timed loop adds as little as it can.
      const headers = { 'x-lab-id': labs[next++ % labs.length]!, 'user-agent': 'curl/8.5.0' };
      inFlight.push(Promise.resolve(app.request(ROUTE, { headers })).then((r) => r.text()));
      if (inFlight.length === CONCURRENT) await Promise.all(inFlight.splice(0));
    }
    await Promise.all(inFlight);
  };
  await route(ids, 10 * REQUESTS);
  await route([ids[0]!], 10 * REQUESTS);
  // The collector's pauses (ms), summed: spread over many labs, a scavenge has more old objects
  // pointing at new ones to visit, and that part of the penalty is not the route's code.
  let gcMs = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMs += entry.duration;
  }).observe({ entryTypes: ['gc'] });
  process.on('message', (mode: Mode) => {
    const before = process.cpuUsage();
    const gcBefore = gcMs;
    void route(mode === 'spread' ? ids : [ids[0]!], REQUESTS).then(() => {
      const used = process.cpuUsage(before);
      const round: Round = {
        cpu: (used.user + used.system) / REQUESTS,
        gc: ((gcMs - gcBefore) * 1000) / REQUESTS,
      };
      process.send!(round);
    });
  });
  process.send!('ready');
}

const reply = (c: ChildProcess) => new Promise<unknown>((done) => c.once('message', done));

async function parent(dirs: string[]): Promise<void> {
  const self = fileURLToPath(import.meta.url);
  const children = dirs.map((dir) =>
    fork(self, ['--child', dir], { execArgv: ['--import', 'tsx'], stdio: 'inherit' }),
  );
  await Promise.all(children.map(reply));
  const cpu = dirs.map(() => ({ spread: [] as number[], one: [] as number[] }));
  const gc = dirs.map(() => ({ spread: [] as number[], one: [] as number[] }));
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which build goes first, and which case, so neither always follows the other.
    const order = round % 2 ? [...dirs.keys()].reverse() : [...dirs.keys()];
    const modes: Mode[] = round % 2 ? ['one', 'spread'] : ['spread', 'one'];
    for (const i of order) {
      for (const mode of modes) {
        children[i]!.send(mode);
        const round = (await reply(children[i]!)) as Round;
        cpu[i]![mode].push(round.cpu);
        gc[i]![mode].push(round.gc);
      }
    }
  }
  for (const c of children) c.kill();
  console.log(`\n${LABS} echo labs, ${ROUNDS} rounds of ${REQUESTS} requests (CPU µs/request)\n`);
  console.log('| code | spread | one lab | penalty | ratio one/spread | GC spread | GC one lab |');
  console.log('|---|---|---|---|---|---|---|');
  dirs.forEach((dir, i) => {
    const { spread, one } = cpu[i]!;
    const penalty = median(spread.map((s, j) => s - one[j]!));
    const ratio = median(spread.map((s, j) => one[j]! / s));
    const row = [dir, median(spread).toFixed(1), median(one).toFixed(1), penalty.toFixed(1)];
    const gcRow = [median(gc[i]!.spread).toFixed(1), median(gc[i]!.one).toFixed(1)];
    console.log(`| ${row.join(' | ')} | ${ratio.toFixed(3)} | ${gcRow.join(' | ')} |`);
  });
}

const args = process.argv.slice(2);
if (args[0] === '--child') await child(resolve(args[1]!));
else if (args.length >= 1) await parent(args.map((d) => resolve(d)));
else {
  console.error('usage: npx tsx bench/many-labs-ab.ts OLD_DIR [NEW_DIR ...]');
  process.exit(2);
}
