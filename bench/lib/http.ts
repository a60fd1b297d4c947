import crypto from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import type { Database } from '../../server/src/db/database.js';
import { acceptCase } from '../../server/src/modules/cases/service.js';
import { makeBenchWorld, submitMany } from './world.js';
import { freePort } from '../../server/src/db/embedded.js';
// @ts-expect-error plain ESM script without types
import { buildServerIfStale, SERVER_BUNDLE } from '../../scripts/build-server-if-stale.mjs';

export interface ServerProcess {
  url: string;
  pid: number;
  /** The processes that serve HTTP: the one server process, or a cluster's workers. */
  servingPids: number[];
  /** Resident set size now, in MB (from /proc): the largest of the serving processes. */
  rssMb(): number;
  /** CPU seconds the serving processes have used so far, summed (user + system, from /proc). */
  cpuSeconds(): number;
  /** The same, per serving process (in the order of `servingPids`). */
  cpuByProcess(): number[];
  /** CPU seconds of a cluster's primary (background jobs, dealing connections); none for one process. */
  primaryCpuSeconds?(): number;
  /** Starts the CPU profiler (with `cpuProfileDir`); the profile is written when the server stops. */
  startProfiling(): void;
  stop(): Promise<void>;
}

/**
 * Starts bench/lib/http-server.ts in a child process (the app or the bare baseline). With
 * `cpuProfileDir`, `startProfiling()` starts V8's profiler and the profile is written there when
 * the server stops.
 */
export async function startServer(options: {
  kind: 'app' | 'bare' | 'route';
  databaseUrl: string;
  pool: number;
  cpuProfileDir?: string;
  /** With kind `route`: the app's plugins to put in front of the progress route (see http-server.ts). */
  plugins?: string[];
}): Promise<ServerProcess> {
  const port = await freePort();
  const script = path.resolve(import.meta.dirname, 'http-server.ts');
  const args = ['--import', 'tsx', script];
  const child: ChildProcess = spawn(process.execPath, args, {
    env: {
      ...process.env,
      BENCH_SERVER: options.kind,
      DATABASE_URL: options.databaseUrl,
      PORT: String(port),
      POOL: String(options.pool),
      ROUTE_PLUGINS: (options.plugins ?? []).join(','),
      ...(options.cpuProfileDir ? { BENCH_CPU_PROFILE: path.join(options.cpuProfileDir, 'server.cpuprofile') } : {}),
    },
    // Request logs go to a pipe this process drains and drops: written as in production, read by
    // nobody (a file or /dev/null instead made no measurable difference, docs/benchmarks.md).
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('listening')) {
        child.stdout!.off('data', onData);
        // Keep draining stdout (request logs) so the server never blocks on a full pipe.
        child.stdout!.resume();
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`bench server (${options.kind}) exited with ${code}`)));
  });
  const pid = child.pid!;
  return {
    url: `http://127.0.0.1:${port}`,
    pid,
    servingPids: [pid],
    startProfiling: () => child.kill('SIGUSR2'),
    cpuSeconds: () => processCpuSeconds(pid),
    cpuByProcess: () => [processCpuSeconds(pid)],
    rssMb: () => processRssMb(pid),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        // SIGINT lets V8 write the CPU profile on the way out.
        child.kill('SIGINT');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

/** CPU seconds a process has used (user + system): fields 14 and 15 of /proc/<pid>/stat, after the command name in parentheses. */
function processCpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function processRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/**
 * `npm start` itself (server/dist/main.mjs, the bundle of server/src/main.ts) on the bench's database with ONEWINDOW_WORKERS=`workers`:
 * with 1, the single process that serves HTTP and runs the background jobs; with more, the
 * node:cluster primary (migrations, background jobs, dealing connections) and its HTTP workers.
 * The progress and login rate limits are raised (one client address does thousands of requests a
 * second); the audit ledger and seal key go to a temp data folder. Each worker has its own pool of
 * 10 connections, as in production. With `readDatabaseUrl` (a hot standby of that database) each
 * worker also opens the read replica's pool, as ONEWINDOW_READ_DATABASE_URL does in production.
 */
export async function startCluster(options: { databaseUrl: string; workers: number; readDatabaseUrl?: string }): Promise<ServerProcess> {
  const port = await freePort();
  const dataDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'onewindow-bench-cluster-'));
  // The bundle `npm start` runs, not the sources through tsx.
  await buildServerIfStale();
  const child: ChildProcess = spawn(process.execPath, [SERVER_BUNDLE], {
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      ONEWINDOW_READ_DATABASE_URL: options.readDatabaseUrl ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      ONEWINDOW_WORKERS: String(options.workers),
      ONEWINDOW_DATA_DIR: dataDir,
      ONEWINDOW_PROGRESS_RATE_LIMIT: '1000000',
      ONEWINDOW_LOGIN_RATE_LIMIT: '1000000',
      LOG_LEVEL: 'info',
    },
    // Request logs (every worker writes to the primary's stdout) are drained and dropped.
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const workerPids: number[] = [];
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const lines = seen.split('\n');
      seen = lines.pop()!;
      for (const line of lines) {
        if (!line.startsWith('[onewindow]')) continue;
        const worker = /worker (\d+) listening/.exec(line);
        if (worker) workerPids.push(Number(worker[1]));
        if (line.includes('[onewindow] ready in')) {
          child.stdout!.off('data', onData);
          child.stdout!.resume();
          resolve();
        }
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`npm start (ONEWINDOW_WORKERS=${options.workers}) exited with ${code}`)));
  });
  const pid = child.pid!;
  const serving = options.workers > 1 ? workerPids : [pid];
  if (serving.length !== options.workers) throw new Error(`expected ${options.workers} serving processes, saw ${serving.length}`);
  return {
    url: `http://127.0.0.1:${port}`,
    pid,
    servingPids: serving,
    startProfiling: () => {
      throw new Error('no CPU profiler in npm start; use startServer');
    },
    cpuSeconds: () => serving.reduce((sum, p) => sum + processCpuSeconds(p), 0),
    cpuByProcess: () => serving.map(processCpuSeconds),
    ...(options.workers > 1 ? { primaryCpuSeconds: () => processCpuSeconds(pid) } : {}),
    rssMb: () => Math.max(...serving.map(processRssMb)),
    stop: async () => {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        // The primary stops its workers (SIGTERM), the jobs and its pool, then exits.
        child.kill('SIGTERM');
        setTimeout(() => {
          for (const p of [...workerPids, pid]) {
            try {
              process.kill(p, 'SIGKILL');
            } catch {
              // already gone
            }
          }
        }, 15_000).unref();
      });
      await fs.promises.rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface LoadResult {
  perSecond: number;
  /** Share of one core the serving processes used during the run, summed, when measured. */
  serverCpu?: number;
  /** The same per serving process (a cluster's workers), to see the load spread. */
  processCpu?: number[];
  /** Share of one core a cluster's primary used (jobs, dealing connections). */
  primaryCpu?: number;
  p50: number;
  p99: number;
  ok: number;
  failures: number;
}

/** autocannon against one server: `requests` are cycled per connection (setupRequest may vary each). */
export async function load(options: {
  /** The server under load, to read how busy it was. */
  server?: ServerProcess;
  url: string;
  connections: number;
  seconds: number;
  requests: autocannon.Request[];
  headers?: Record<string, string>;
}): Promise<LoadResult> {
  const cpuBefore = options.server?.cpuByProcess();
  const primaryBefore = options.server?.primaryCpuSeconds?.();
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    requests: options.requests,
    headers: options.headers,
  });
  const ok = result['2xx'];
  const failures = result.non2xx + result.errors;
  const processCpu = options.server?.cpuByProcess().map((after, i) => (after - cpuBefore![i]!) / result.duration);
  const serverCpu = processCpu?.reduce((sum, share) => sum + share, 0);
  const primaryCpu = primaryBefore === undefined ? undefined : (options.server!.primaryCpuSeconds!() - primaryBefore) / result.duration;
  return { perSecond: ok / result.duration, p50: result.latency.p50, p99: result.latency.p99, ok, failures, serverCpu, processCpu, primaryCpu };
}

/** Signs in through the API and returns the session cookie (`ow_session=…`) for later requests. */
export async function login(server: ServerProcess, username: string, password: string): Promise<string> {
  const response = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('ow_session='));
  if (!cookie) throw new Error('no session cookie');
  return cookie.split(';')[0]!;
}

/** A submission as the web app sends it: a fresh Idempotency-Key on every new application. */
export function submission(cookie: string, body: string): autocannon.Request {
  return {
    method: 'POST',
    path: '/api/cases',
    body,
    setupRequest: (request) => ({
      ...request,
      headers: { 'content-type': 'application/json', cookie, 'idempotency-key': crypto.randomUUID() },
    }),
  };
}

/**
 * What the HTTP benchmarks look up and write, on a bench database: the bench world, 2,000 rows
 * behind the bare routes (and their paths), and 200 submitted cases (half of them accepted, so half
 * the answers carry two steps) with the paths that look each up.
 */
export async function prepareHttpFixtures(db: Database) {
  const world = await makeBenchWorld(db, 1);
  await sql`CREATE TABLE bench_bare_rows (id bigserial PRIMARY KEY, payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`.execute(db);
  const body = JSON.stringify({ itemId: world.item.id, formData: world.formData });
  await sql`INSERT INTO bench_bare_rows (payload) SELECT ${body}::jsonb FROM generate_series(1, 2000)`.execute(db);
  const ids = await submitMany(db, world, 200);
  for (const id of ids.slice(0, 100)) await acceptCase({ db, actor: world.clerkActor, caseId: id });
  const lookups = (await db.selectFrom('cases').select(['number', 'query_code']).execute()).map(
    (c) => `/api/progress?number=${c.number}&code=${c.query_code}`,
  );
  const rowPaths = Array.from({ length: 2000 }, (_, i) => `/bare/rows/${i + 1}`);
  return { world, body, lookups, rowPaths };
}

/** GET requests that go through `paths` in turn. */
export function cycling(paths: string[]): autocannon.Request {
  let i = 0;
  return { method: 'GET', setupRequest: (request: autocannon.Request) => ({ ...request, path: paths[i++ % paths.length]! }) };
}
