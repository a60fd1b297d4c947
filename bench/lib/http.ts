import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { freePort } from '../../server/src/db/embedded.js';

export interface ServerProcess {
  url: string;
  pid: number;
  /** Resident set size now, in MB (from /proc). */
  rssMb(): number;
  /** CPU seconds the server process has used so far (user + system, from /proc). */
  cpuSeconds(): number;
  /** Starts the CPU profiler (with `cpuProfileDir`); the profile is written when the server stops. */
  startProfiling(): void;
  stop(): Promise<void>;
}

/**
 * Starts bench/lib/http-server.ts in a child process (the app or the bare baseline). With
 * `cpuProfileDir`, `startProfiling()` starts V8's profiler and the profile is written there when
 * the server stops.
 */
export async function startServer(options: { kind: 'app' | 'bare'; databaseUrl: string; pool: number; cpuProfileDir?: string }): Promise<ServerProcess> {
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
      ...(options.cpuProfileDir ? { BENCH_CPU_PROFILE: path.join(options.cpuProfileDir, 'server.cpuprofile') } : {}),
    },
    // Request logs go to /dev/null: written as in production, read by nobody.
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
    startProfiling: () => child.kill('SIGUSR2'),
    cpuSeconds: () => {
      // Fields 14 and 15 of /proc/<pid>/stat, after the command name in parentheses.
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    rssMb: () => {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        // SIGINT lets V8 write the CPU profile on the way out.
        child.kill('SIGINT');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

export interface LoadResult {
  perSecond: number;
  /** Share of one core the server used during the run, when measured. */
  serverCpu?: number;
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
  const cpuBefore = options.server?.cpuSeconds();
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    requests: options.requests,
    headers: options.headers,
  });
  const ok = result['2xx'];
  const failures = result.non2xx + result.errors;
  const serverCpu = options.server ? (options.server.cpuSeconds() - cpuBefore!) / result.duration : undefined;
  return { perSecond: ok / result.duration, p50: result.latency.p50, p99: result.latency.p99, ok, failures, serverCpu };
}
