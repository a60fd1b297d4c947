import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { createDatabase } from '../../server/src/db/database.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../server/src/db/embedded.js';
import { migrate } from '../../server/src/db/migrate.js';
import type { BenchDatabase, PgbenchResult } from './types.js';

const run = promisify(execFile);

/**
 * The run's one PostgreSQL. fsync and synchronous_commit stay on: a commit costs what it costs in
 * production, for the baselines and for us alike. WAL I/O timing is on so profiles can say how much
 * of a transaction is the flush.
 */
export async function startBenchPostgres(dir: string, log: (line: string) => void): Promise<EmbeddedDatabase> {
  return startEmbeddedPostgres({
    dir,
    settings: {
      max_connections: '300',
      shared_buffers: '512MB',
      track_io_timing: 'on',
      track_wal_io_timing: 'on',
    },
    // Dropping a database WITH (FORCE) logs FATAL lines for its connections; only PANIC matters here.
    log: (line) => {
      if (/PANIC/.test(line)) log(line);
    },
  });
}

/** An empty database of this name on the run's server (dropped first, connections and all, if it exists). */
export async function recreateDatabase(adminUrl: string, name: string): Promise<void> {
  await dropDatabase(adminUrl, name);
  await adminQuery(adminUrl, `CREATE DATABASE ${pg.escapeIdentifier(name)}`);
}

export function dropDatabase(adminUrl: string, name: string): Promise<void> {
  return adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
}

async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}

/** A fresh migrated database on the run's server; `drop()` removes it. */
export async function createBenchDatabase(adminUrl: string, name: string, poolSize: number): Promise<BenchDatabase> {
  await recreateDatabase(adminUrl, name);
  const url = adminUrl.replace(/\/[^/?]*(\?.*)?$/, `/${name}`);
  await migrate(url);
  const { db } = createDatabase(url, poolSize);
  return {
    db,
    url,
    async drop() {
      await db.destroy();
      await dropDatabase(adminUrl, name);
    },
  };
}

/** pgbench from PATH, PGBENCH, or a Debian postgresql-client install (the embedded package ships none). */
export function findPgbench(): string {
  if (process.env.PGBENCH) return process.env.PGBENCH;
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && fs.existsSync(`${dir}/pgbench`)) return `${dir}/pgbench`;
  }
  const debian = '/usr/lib/postgresql';
  if (fs.existsSync(debian)) {
    for (const version of fs.readdirSync(debian).sort().reverse()) {
      if (fs.existsSync(`${debian}/${version}/bin/pgbench`)) return `${debian}/${version}/bin/pgbench`;
    }
  }
  throw new Error('pgbench not found: install postgresql-client (apt-get install postgresql-client) or set PGBENCH');
}

/**
 * TPC-B (pgbench's default script) at `clients` clients: five statements and one commit per
 * transaction, the machine's ceiling for small write transactions at this durability.
 */
export async function runPgbench(url: string, options: { clients: number; seconds: number; scale: number }): Promise<PgbenchResult> {
  const env = libpqEnv(url);
  const bin = findPgbench();
  await initPgbench(url, options.scale);
  await run('psql', ['-q', '-c', 'CHECKPOINT'], { env }).catch(() => undefined);
  const lsn = async () => (await run('psql', ['-At', '-c', 'SELECT pg_current_wal_lsn()'], { env })).stdout.trim();
  const before = await lsn();
  const { stdout } = await run(bin, ['-c', String(options.clients), '-j', '2', '-T', String(options.seconds), '-M', 'prepared', '-n'], { env });
  const walBytes = Number((await run('psql', ['-At', '-c', `SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '${before}')`], { env })).stdout.trim());
  const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1]);
  const latencyMs = Number(/latency average = ([\d.]+) ms/.exec(stdout)?.[1]);
  if (!Number.isFinite(tps)) throw new Error(`pgbench printed no tps:\n${stdout}`);
  const transactions = Number(/number of transactions actually processed: (\d+)/.exec(stdout)?.[1]);
  return { tps, latencyMs, clients: options.clients, seconds: options.seconds, walPerTransaction: transactions ? walBytes / transactions : NaN };
}

/** The connection as libpq's environment variables, for pgbench and psql (no password on a command line). */
function libpqEnv(url: string): NodeJS.ProcessEnv {
  const parsed = new URL(url);
  return {
    ...process.env,
    PGHOST: parsed.hostname,
    PGPORT: parsed.port,
    PGUSER: decodeURIComponent(parsed.username),
    PGPASSWORD: decodeURIComponent(parsed.password),
    PGDATABASE: parsed.pathname.slice(1),
  };
}

/** pgbench's TPC-B tables at `scale` (100,000 accounts each) in the database `url` names. */
export async function initPgbench(url: string, scale: number): Promise<void> {
  await run(findPgbench(), ['-i', '-q', '-s', String(scale)], { env: libpqEnv(url) });
}

/** TPC-B on tables initPgbench made, as a background write load: transactions per second and average latency. */
export async function pgbenchWrites(url: string, options: { clients: number; seconds: number }): Promise<{ tps: number; latencyMs: number }> {
  const { stdout } = await run(findPgbench(), ['-c', String(options.clients), '-j', '2', '-T', String(options.seconds), '-M', 'prepared', '-n'], { env: libpqEnv(url) });
  const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1]);
  if (!Number.isFinite(tps)) throw new Error(`pgbench printed no tps:\n${stdout}`);
  return { tps, latencyMs: Number(/latency average = ([\d.]+) ms/.exec(stdout)?.[1]) };
}

/**
 * CPU seconds of a PostgreSQL cluster (the postmaster named by postmaster.pid, its live children,
 * and the children it has reaped), from /proc; 0 when it is not running.
 */
export function postgresCpuSeconds(dataDir: string): number {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return 0;
  }
  const fields = (p: number) => fs.readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ').map(Number);
  try {
    // utime, stime, cutime, cstime: fields 14–17 of /proc/<pid>/stat, after the name in parentheses.
    const own = fields(pid);
    let ticks = own[11]! + own[12]! + own[13]! + own[14]!;
    for (const child of fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(' ').filter(Boolean)) {
      try {
        const f = fields(Number(child));
        ticks += f[11]! + f[12]!;
      } catch {
        // a backend that exited between the two reads
      }
    }
    return ticks / 100;
  } catch {
    return 0;
  }
}

/**
 * Calls `onQuery` with the text of every statement any pg client in this process sends (one round
 * trip each), until the returned function is called. The hand tools count round trips with it.
 */
export function watchQueries(onQuery: (text: string) => void): () => void {
  const original = pg.Client.prototype.query;
  (pg.Client.prototype as { query: unknown }).query = function (this: pg.Client, ...args: unknown[]) {
    const config = args[0];
    onQuery(typeof config === 'string' ? config : ((config as { text?: string } | undefined)?.text ?? ''));
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  };
  return () => {
    (pg.Client.prototype as { query: unknown }).query = original;
  };
}
