// Cache misses a routed request pays spread over many labs against into one, counted rather than
// timed: the many-labs penalty is cache misses into labs' cold memory, and on these shared
// machines a timed A/B cannot see a change of half a microsecond (bench:ab's rounds differ by
// 2 to 4 µs). Valgrind's callgrind simulates the caches (an L1 of 32 KiB and one 1 MiB level, the
// L2 of a core here) and counts misses per function, the same for every run of the same code up to
// the garbage collector's and the buffers' timing. Not part of `npm run bench` (it needs valgrind,
// and takes about a minute and a half per checkout); run
// `npx tsx bench/misses.ts [DIR...]` (bench/README.md). JIT-compiled functions are named from
// the perf map V8 writes (--perf-basic-prof) and grouped by source file.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { call, labsWith, openApp } from './in-process';

const LABS = Number(process.env.BENCH_MISSES_LABS ?? 150);
const REQUESTS = Number(process.env.BENCH_MISSES_REQUESTS ?? 600);
const ROUTE = '/nodes/192.168.1.3/30007/request';
const ECHO = resolve(fileURLToPath(import.meta.url), '../../examples/echo-nodeport.yaml');
/** The dumps each child makes, in order: a round spread over the labs, then one into one lab. */
const DUMPS = ['spread', 'one'] as const;

/** Under callgrind: builds the labs uninstrumented, then counts one round of each kind. */
async function child(dir: string): Promise<void> {
  const { app, close } = await openApp(dir);
  const labs = await labsWith(app, LABS, readFileSync(ECHO, 'utf8'));
  // 16 in flight, as the HTTP bench's connections keep them.
  const route = async (ids: string[], n: number) => {
    const inFlight: Promise<string>[] = [];
    for (let i = 0; i < n; i++) {
      inFlight.push(call(app, ROUTE, {}, ids[i % ids.length]));
      if (inFlight.length >= 16) await Promise.all(inFlight.splice(0));
    }
    await Promise.all(inFlight);
  };
  // Warm: every lab's route plans built, the code optimised.
  await route(labs, 10 * LABS);
  await route([labs[0]!], 5000);
  await route(labs, 2 * LABS);
  const control = (...args: string[]) =>
    spawnSync('callgrind_control', [...args, String(process.pid)], { stdio: 'ignore' });
  for (const kind of DUMPS) {
    control('-i', 'on');
    await route(kind === 'spread' ? labs : [labs[0]!], REQUESTS);
    control('-d', kind);
    control('-i', 'off');
  }
  close();
  process.exit(0);
}

type Counts = Map<string, { ir: number; misses: number }>;

/** JIT code's names by address, from V8's perf map. */
function perfMap(pid: string): (address: number) => string | undefined {
  let text = '';
  try {
    text = readFileSync(`/tmp/perf-${pid}.map`, 'utf8');
    rmSync(`/tmp/perf-${pid}.map`);
  } catch {
    return () => undefined;
  }
  const entries = text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [start, size, ...name] = line.split(' ');
      return {
        start: parseInt(start!, 16),
        end: parseInt(start!, 16) + parseInt(size!, 16),
        name: name.join(' '),
      };
    })
    .sort((a, b) => a.start - b.start);
  return (address) => {
    let lo = 0;
    let hi = entries.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (entries[mid]!.start <= address) lo = mid + 1;
      else hi = mid - 1;
    }
    const e = entries[hi];
    return e && address < e.end ? e.name : undefined;
  };
}

/** A function's group: its source file for JavaScript, the garbage collector, SQLite, or itself. */
function group(name: string): string {
  const js = /^JS:\S* (\S+?):\d+:\d+/.exec(name);
  if (js) return js[1]!.replace(/^file:\/\/\/.*?\/(src|node_modules|bench)\//, '$1/');
  if (/Scaveng|Heap::|MarkCompact|Marking|Sweep/.test(name)) return '(garbage collector)';
  if (name.includes('better_sqlite3')) return '(SQLite)';
  return name
    .replace(/ \[[^\]]*\]$/, '')
    .replace(/^\?\?\?:/, '')
    .slice(0, 80);
}

/** Per group: instructions and last-level read misses of the main thread's dump `file`. */
function counts(file: string, name: (address: number) => string | undefined): Counts {
  const text = execFileSync(
    'callgrind_annotate',
    ['--inclusive=no', '--show=Ir,DLmr', '--sort=DLmr', '--threshold=100', file],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  const out: Counts = new Map();
  for (const line of text.split('\n')) {
    const m = /^\s*([\d,]+|\.)\s+(?:\([^)]*\)\s+)?([\d,]+|\.)\s+(?:\([^)]*\)\s+)?(\S.*)$/.exec(
      line,
    );
    if (!m || line.includes('PROGRAM TOTALS')) continue;
    const num = (s: string) => (s === '.' ? 0 : Number(s.replace(/,/g, '')));
    const address = /^\?\?\?:0x([0-9a-f]+)/.exec(m[3]!);
    const key = group((address && name(parseInt(address[1]!, 16))) || m[3]!);
    const c = out.get(key) ?? { ir: 0, misses: 0 };
    c.ir += num(m[1]!);
    c.misses += num(m[2]!);
    out.set(key, c);
  }
  return out;
}

function measure(dir: string): { spread: Counts; one: Counts } {
  const folder = mkdtempSync(join(tmpdir(), 'nodeport-misses-'));
  try {
    const args = [
      '--tool=callgrind',
      '--cache-sim=yes',
      '--separate-threads=yes',
      '--instr-atstart=no',
      '--D1=32768,8,64',
      '--LL=1048576,16,64',
      `--callgrind-out-file=${folder}/cg.%p`,
      process.execPath,
      '--perf-basic-prof',
      // The code log --perf-basic-prof keeps goes with the folder, not into the working one.
      '--no-logfile-per-isolate',
      `--logfile=${folder}/v8.log`,
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      '--child',
      dir,
    ];
    const run = spawnSync('valgrind', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    if (run.status !== 0) throw new Error(`valgrind: ${run.stderr.toString().slice(-2000)}`);
    const files = readdirSync(folder);
    const pid = /^cg\.(\d+)/.exec(files[0]!)![1]!;
    const name = perfMap(pid);
    // Dumps are numbered in order; thread 01 is the JavaScript thread.
    const [spread, one] = DUMPS.map((_, i) => counts(join(folder, `cg.${pid}.${i + 1}-01`), name));
    return { spread: spread!, one: one! };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const total = (c: Counts, k: 'ir' | 'misses') => [...c.values()].reduce((s, v) => s + v[k], 0);

function report(dir: string, { spread, one }: { spread: Counts; one: Counts }): void {
  const per = (n: number) => (n / REQUESTS).toFixed(1).padStart(8);
  console.log(`\n${dir}: ${LABS} echo labs, ${REQUESTS} requests each way (per request)\n`);
  console.log('| | instructions | L2 read misses |\n|---|---|---|');
  console.log(`| spread | ${per(total(spread, 'ir'))} | ${per(total(spread, 'misses'))} |`);
  console.log(`| one lab | ${per(total(one, 'ir'))} | ${per(total(one, 'misses'))} |`);
  const penalty = (k: string) => (spread.get(k)?.misses ?? 0) - (one.get(k)?.misses ?? 0);
  const top = [...new Set([...spread.keys(), ...one.keys()])]
    .sort((a, b) => penalty(b) - penalty(a))
    .slice(0, Number(process.env.BENCH_MISSES_ROWS ?? 20));
  console.log('\n| misses spread - one | spread | one | where |\n|---|---|---|---|');
  for (const k of top) {
    const s = spread.get(k)?.misses ?? 0;
    const o = one.get(k)?.misses ?? 0;
    console.log(`| ${per(s - o)} | ${per(s)} | ${per(o)} | ${k} |`);
  }
}

if (process.argv[2] === '--child') {
  await child(resolve(process.argv[3]!));
} else {
  const dirs = process.argv.slice(2);
  for (const dir of dirs.length ? dirs : ['.']) report(dir, measure(resolve(dir)));
}
