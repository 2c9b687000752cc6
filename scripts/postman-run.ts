// npm run test:postman: starts the Node server on a fresh database and runs the Postman collection
// with newman, twice: the whole collection in open mode, then the tutorial folder with an
// ADMIN_TOKEN (as a classroom server runs). Exits non-zero on any failed assertion.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import newman from 'newman';
import { COLLECTION_PATH, ENVIRONMENT_PATH } from './postman';
import { TUTORIAL_FOLDER } from './postman-tutorial';

const ADMIN_TOKEN = 'postman-admin-token';

interface Server {
  url: string;
  stop(): Promise<void>;
}

/** `node --import tsx src/node.ts` on a new SQLite file and a free port. */
async function startServer(adminToken: string | undefined): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'nodeport-lab-postman-'));
  const { ADMIN_TOKEN: _inherited, ...inherited } = process.env;
  const env = {
    ...inherited,
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_PATH: join(dir, 'lab.db'),
    ...(adminToken ? { ADMIN_TOKEN: adminToken } : {}),
  };
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/node.ts'], {
    cwd: new URL('..', import.meta.url),
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not start in 30 s')), 30_000);
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`the server exited (${code}) before listening`)));
  });
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Runs the collection (or one folder of it); resolves to the number of failures. */
function run(baseUrl: string, folder?: string, adminToken = ''): Promise<number> {
  const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as object;
  return new Promise((resolve, reject) => {
    newman.run(
      {
        collection: read(COLLECTION_PATH),
        environment: read(ENVIRONMENT_PATH),
        envVar: [
          { key: 'baseUrl', value: baseUrl },
          { key: 'adminToken', value: adminToken },
        ],
        ...(folder ? { folder } : {}),
        reporters: ['cli'],
        timeoutRequest: 30_000,
      },
      (err, summary) => {
        if (err) reject(err);
        else resolve(summary.run.failures.length);
      },
    );
  });
}

async function main(): Promise<number> {
  let failures = 0;
  const open = await startServer(undefined);
  try {
    console.log(`\nopen mode (no ADMIN_TOKEN), the whole collection, on ${open.url}`);
    failures += await run(open.url);
  } finally {
    await open.stop();
  }
  const guarded = await startServer(ADMIN_TOKEN);
  try {
    console.log(`\nADMIN_TOKEN set, the "${TUTORIAL_FOLDER}" folder, on ${guarded.url}`);
    failures += await run(guarded.url, TUTORIAL_FOLDER, ADMIN_TOKEN);
  } finally {
    await guarded.stop();
  }
  console.log(failures ? `\n${failures} failed assertion(s)` : '\nevery Postman assertion passed');
  return failures ? 1 : 0;
}

process.exitCode = await main();
