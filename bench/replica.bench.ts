/**
 * 只读副本 under load: the supervisor's dashboard (`GET /api/supervision/dashboard`, the first page
 * of the supervision seat) read from a hot standby of the bench's PostgreSQL
 * (ONEWINDOW_READ_DATABASE_URL) beside the same dashboard read from the primary, at 4 connections:
 * with the primary idle, while 50 connections submit applications, and while pgbench writes.
 *
 * - The standby is the product's own (`startHotStandby`: a replication slot, a base backup through
 *   pg_backup_start / copy / pg_backup_stop, standby.signal), made from the bench's running cluster
 *   with the primary's shared_buffers and connection limits, and streaming before anything is timed.
 * - The app runs as `npm start` runs it (the server bundle, one worker per core), twice: first
 *   without a read URL (every read on the primary), then with the standby's. Before each run the
 *   databases are vacuumed and checkpointed and the standby catches up, so neither run pays for the
 *   other's writes; the replica's run comes second, so the cases the first run submitted weigh
 *   against it, not for it.
 * - Two write loads, one after the other. First HTTP submissions (`POST /api/cases`) at 50
 *   connections through the same server: that is how a primary gets busy on a Monday morning, and
 *   it makes the dashboard share what it really shares with the citizens' submissions (the
 *   workers' CPU, the primary's pool, and the session check every signed-in request makes on the
 *   primary). Then pgbench TPC-B at 8 clients on a database of its own on the same primary: the
 *   database busy while the app's pool stays free, the case a replica is meant for. On this
 *   one-machine bench the standby shares the cores with both, as it would not in production; the
 *   CPU each part used is read from /proc and written down with the figures.
 * - Beside the dashboard, one connection asks `GET /api/auth/me`: the session check alone, the part
 *   of every signed-in request that stays on the primary whatever the read URL.
 * - During each write load the replica's lag is sampled every 100 ms through `ReadReplica.status()`
 *   (the app's own measurement) and taken from every dashboard answer's X-Read-Replica-Lag-Ms; every
 *   dashboard answer must be a 200. During the submissions an applicant submits and at once reads
 *   the case's own page, which must come from the primary (read-your-writes), as must a dashboard
 *   read by a browser holding the `ow_wrote` cookie that write set.
 * Issue #22 sets no figure for this; the rows have no targets.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type autocannon from 'autocannon';
import { sql } from 'kysely';
import pg from 'pg';
import { createDatabase } from '../server/src/db/database.js';
import type { EmbeddedDatabase } from '../server/src/db/embedded.js';
import { ReadReplica } from '../server/src/db/replica.js';
import { seedDemo } from '../server/src/demo/seed.js';
import { REPLICA_LAG_HEADER, WROTE_COOKIE } from '../server/src/http/read-db.js';
import { dropStandbySlot, startHotStandby } from '../server/src/modules/backup/standby.js';
import { generateScaleHistory } from '../server/src/modules/supervision/scale.js';
import { TEST_PASSWORD } from '../server/src/test/factories.js';
import { load, login, startCluster, submission, type LoadResult, type ServerProcess } from './lib/http.js';
import { dropDatabase, initPgbench, pgbenchWrites, postgresCpuSeconds, recreateDatabase } from './lib/postgres.js';
import { percentile } from './lib/stats.js';
import type { BenchContext, BenchModuleMeta, BenchRow } from './lib/types.js';
import { makeBenchWorld, type BenchWorld } from './lib/world.js';

export const meta: BenchModuleMeta = {
  description: 'the supervisor dashboard at 4 connections from a hot standby vs from the primary (npm start, all workers): idle, while 50 connections submit, while pgbench writes; replica lag; read-your-writes',
};

const DASHBOARD_CONNECTIONS = 4;
const WRITE_CONNECTIONS = 50;
const PGBENCH_CLIENTS = 8;
/** HTTP workers, one per core as `npm start` (BENCH_WORKERS to try others). */
const WORKERS = Math.max(1, Number(process.env.BENCH_WORKERS ?? os.availableParallelism()));
/** The demo city's accounts (the supervisor among them) get this password. */
const DEMO_PASSWORD = 'Bench-Password-1';
const SLOT = 'onewindow_bench_replica';
/** The app's default ONEWINDOW_READ_MAX_LAG_MS: the lag sampler judges "usable" by the same rule. */
const MAX_LAG_MS = 5_000;
const DASHBOARD = '/api/supervision/dashboard';
/** pgbench's tables, in a database of their own on the same primary. */
const PGBENCH_DATABASE = 'bench_replica_pgbench';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The dashboard's answers in one phase: how many came from the replica, and the lag each reported. */
interface DashboardRun {
  result: LoadResult;
  fromReplica: number;
  fromPrimary: number;
  /** X-Read-Replica-Lag-Ms of each answer served by the replica. */
  reportedLags: number[];
}

interface LagSamples {
  lags: number[];
  bytesBehind: number[];
  /** Samples where the replica did not answer within the app's one-second timeout. */
  unanswered: number;
}

interface OwnPageChecks {
  /** Submissions made, each followed at once by a read of the case's own page. */
  writes: number;
  /** Own pages answered 200 with the case, without the replica header. */
  fromPrimary: number;
  /** Of the writes, those whose answer set the ow_wrote cookie. */
  wroteCookie: number;
  /** Dashboards read with ow_wrote, answered without the replica header. */
  dashboardsOnPrimary: number;
  dashboardsWithCookie: number;
  problems: string[];
}

/** The dashboard (and the session check beside it) while one write load runs. */
interface LoadedPhase {
  dashboard: DashboardRun;
  /** GET /api/auth/me at 1 connection beside the dashboard: the session check alone. */
  sessionCheck: LoadResult;
  /** Only with the replica configured. */
  lag?: LagSamples;
  /** Shares of one core used during the phase by the app (workers and cluster primary) and each PostgreSQL. */
  cpu: { app: number; primary: number; standby: number };
}

interface ConfigRun {
  idle: DashboardRun;
  submitting: LoadedPhase & { submissions: LoadResult; ownPages?: OwnPageChecks };
  pgbench: LoadedPhase & { tps: number; latencyMs: number };
}

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  // A year of a county city's history (about 200 cases a working day); a month of it for --quick.
  const cases = Number(process.env.BENCH_REPLICA_CASES ?? (ctx.quick ? 2_000 : 50_000));
  const days = ctx.quick ? 30 : 365;
  const database = await ctx.createDatabase({ name: 'replica', poolSize: 4 });
  const { db, url } = database;
  const standbyDir = await fs.mkdtemp(path.join(os.tmpdir(), 'onewindow-bench-standby-'));
  // The postgres system user (when the bench runs as root) must reach the standby's folder.
  await fs.chmod(standbyDir, 0o755);
  let standby: EmbeddedDatabase | undefined;
  let probe: ReadReplica | undefined;
  try {
    // A city with history, so the dashboard's figures cost what they cost in a real seat.
    const seeding = Date.now();
    await seedDemo(db, DEMO_PASSWORD);
    const demoSeconds = (Date.now() - seeding) / 1000;
    await generateScaleHistory(db, { cases, days });
    const world = await makeBenchWorld(db, 1);
    await sql`ANALYZE`.execute(db);
    ctx.log(`demo city in ${demoSeconds.toFixed(1)} s, then ${cases.toLocaleString()} cases of ${days} days' history in ${((Date.now() - seeding) / 1000 - demoSeconds).toFixed(1)} s`);
    // Before the standby is made, so its base backup holds pgbench's tables instead of streaming them.
    await recreateDatabase(ctx.url(), PGBENCH_DATABASE);
    await initPgbench(ctx.url(PGBENCH_DATABASE), ctx.quick ? 1 : 8);

    const clusters = { primary: await dataDirectory(ctx.url()), standby: path.join(standbyDir, 'standby') };
    const making = Date.now();
    standby = await startStandby(ctx, clusters);
    ctx.log(`hot standby made, started and streaming in ${((Date.now() - making) / 1000).toFixed(1)} s`);
    const readUrl = standby.url(new URL(url).pathname.slice(1));
    // The app's own lag measurement, taken afresh on every call (refresh 0) so 100 ms samples are 100 ms apart.
    probe = new ReadReplica(createDatabase(readUrl, 1).db, MAX_LAG_MS, 0);

    const body = JSON.stringify({ itemId: world.item.id, formData: world.formData });
    const pgbenchUrl = ctx.url(PGBENCH_DATABASE);
    await settle(ctx, [url, pgbenchUrl], probe);
    const primary = await measure(ctx, { url, world, body, pgbenchUrl, clusters });
    await settle(ctx, [url, pgbenchUrl], probe);
    const replica = await measure(ctx, { url, world, body, pgbenchUrl, clusters, readUrl, probe });
    ctx.profile('where the two cores went during the write loads (/proc: app workers and cluster primary, each PostgreSQL with its backends)', [
      ...(['submitting', 'pgbench'] as const).flatMap((load) =>
        [primary, replica].map((run) => `${load === 'submitting' ? `${WRITE_CONNECTIONS} connections submitting` : `pgbench (${PGBENCH_CLIENTS} clients)`}, dashboard ${run === replica ? 'from the replica' : 'from the primary'}: ${cpuNote(run[load])}`),
      ),
    ]);
    return rows(primary, replica);
  } finally {
    await probe?.close().catch(() => undefined);
    await standby?.stop().catch((error: unknown) => ctx.log(`standby did not stop: ${String(error)}`));
    await dropSlot(ctx.url()).catch((error: unknown) => ctx.log(`replication slot ${SLOT} not dropped: ${String(error)}`));
    await fs.rm(standbyDir, { recursive: true, force: true });
    await dropDatabase(ctx.url(), PGBENCH_DATABASE).catch(() => undefined);
    await database.drop();
  }
}

/**
 * A hot standby of the whole bench cluster through the product's startHotStandby, started with the
 * primary's memory and limits (a standby refuses to start with fewer connections, workers or locks
 * than its primary), and returned once it streams and has replayed everything written before.
 */
async function startStandby(ctx: BenchContext, clusters: Clusters): Promise<EmbeddedDatabase> {
  const admin = new pg.Client({ connectionString: ctx.url() });
  await admin.connect();
  try {
    const { rows: same } = await admin.query<{ name: string; setting: string }>(
      `SELECT name, setting FROM pg_settings
        WHERE name IN ('shared_buffers', 'max_connections', 'max_worker_processes', 'max_wal_senders',
                       'max_prepared_transactions', 'max_locks_per_transaction')`,
    );
    const standby = await startHotStandby({
      primaryAdminUrl: ctx.url(),
      primaryClusterDir: clusters.primary,
      into: clusters.standby,
      slot: SLOT,
      // Without a unit a setting is in its base unit (shared_buffers in 8 kB pages), as pg_settings gives it.
      settings: Object.fromEntries(same.map((s) => [s.name, s.setting])),
      log: (line) => {
        if (/PANIC|FATAL:.*(replication|recovery)/.test(line)) ctx.log(`standby: ${line}`);
      },
    });
    try {
      const { lsn } = (await admin.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0]!;
      const reader = new pg.Client({ connectionString: standby.url() });
      await reader.connect();
      try {
        const deadline = Date.now() + 60_000;
        for (;;) {
          const { rows } = await reader.query<{ caught_up: boolean }>(
            `SELECT EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming')
                    AND pg_last_wal_replay_lsn() >= $1::pg_lsn AS caught_up`,
            [lsn],
          );
          if (rows[0]!.caught_up) break;
          if (Date.now() > deadline) throw new Error('the standby did not start streaming within a minute');
          await pause(100);
        }
      } finally {
        await reader.end();
      }
    } catch (error) {
      await standby.stop().catch(() => undefined);
      throw error;
    }
    return standby;
  } finally {
    await admin.end();
  }
}

/**
 * Before each configuration: the dead rows the seeding or the previous run's writes left vacuumed,
 * their pages written out (CHECKPOINT) and the standby caught up, so that neither run pays for
 * the other's autovacuum or checkpoint.
 */
async function settle(ctx: BenchContext, urls: string[], probe: ReadReplica): Promise<void> {
  const started = Date.now();
  for (const url of urls) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('VACUUM (ANALYZE)');
    } finally {
      await client.end();
    }
  }
  const admin = new pg.Client({ connectionString: ctx.url() });
  await admin.connect();
  try {
    await admin.query('CHECKPOINT');
  } finally {
    await admin.end();
  }
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await pause(100)) {
    const status = await probe.status();
    if (status.ok && status.lagMs === 0 && status.bytesBehind === 0) break;
  }
  ctx.log(`vacuumed, checkpointed and the standby caught up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * Drops the bench's slot (or the primary keeps WAL for a standby that is gone, through every later
 * module): the walsender may outlive the standby's stop by a moment, and an active slot is not dropped.
 */
async function dropSlot(adminUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (let attempt = 0; attempt < 100; attempt++) {
      const { rowCount } = await admin.query('SELECT 1 FROM pg_replication_slots WHERE slot_name = $1', [SLOT]);
      if (!rowCount) return;
      await dropStandbySlot(adminUrl, SLOT);
      await pause(100);
    }
    throw new Error('still active after 10 s');
  } finally {
    await admin.end();
  }
}

/** One configuration of the app: the dashboard alone, while 50 connections submit, while pgbench writes. */
async function measure(
  ctx: BenchContext,
  options: { url: string; world: BenchWorld; body: string; pgbenchUrl: string; clusters: Clusters; readUrl?: string; probe?: ReadReplica },
): Promise<ConfigRun> {
  const where = options.readUrl ? 'from the replica' : 'from the primary';
  const starting = Date.now();
  const app = await startCluster({ databaseUrl: options.url, workers: WORKERS, readDatabaseUrl: options.readUrl });
  ctx.log(`npm start (${WORKERS} workers${options.readUrl ? ', ONEWINDOW_READ_DATABASE_URL on the standby' : ''}) ready in ${((Date.now() - starting) / 1000).toFixed(1)} s`);
  try {
    const supervisor = await login(app, 'supervisor', DEMO_PASSWORD);
    const applicant = await login(app, options.world.applicantUsers[0]!.username, TEST_PASSWORD);
    const submit = submission(applicant, options.body);
    // Warm every worker (connections are dealt to the workers in turn) on both routes.
    await dashboardLoad(app, supervisor, 1);
    await load({ url: app.url, connections: 10 * WORKERS, seconds: 1, requests: [submit] });

    // Half a phase: the idle figure is the reference, not the point.
    const idle = await dashboardLoad(app, supervisor, Math.max(2, Math.round(ctx.seconds / 2)));
    ctx.log(`dashboard ${where}, primary idle: ${dashboardNote(idle)}`);

    const stopChecks = { stop: false };
    const checks = options.readUrl ? checkReadYourWrites(app, { applicant, supervisor, body: options.body }, stopChecks) : undefined;
    // Awaited below; this only keeps a failure of the load itself from leaving it unhandled.
    checks?.catch(() => undefined);
    const submitting = await whileWriting(ctx, app, supervisor, options, () =>
      load({ server: app, url: app.url, connections: WRITE_CONNECTIONS, seconds: ctx.seconds, requests: [submit] }).finally(() => (stopChecks.stop = true)),
    );
    const ownPages = await checks;
    const submissions = submitting.writes;
    ctx.log(`dashboard ${where}, ${WRITE_CONNECTIONS} connections submitting: ${dashboardNote(submitting.dashboard)}`);
    ctx.log(`  submissions: ${submissions.perSecond.toFixed(0)} req/s, p50 ${submissions.p50} ms, p99 ${submissions.p99} ms${submissions.failures ? `, ${submissions.failures} failures` : ''}`);
    logPhase(ctx, submitting);
    if (ownPages) ctx.log(`  read-your-writes: ${ownPagesNote(ownPages)}`);

    const writing = await whileWriting(ctx, app, supervisor, options, () => pgbenchWrites(options.pgbenchUrl, { clients: PGBENCH_CLIENTS, seconds: ctx.seconds }));
    ctx.log(`dashboard ${where}, pgbench writing (${PGBENCH_CLIENTS} clients): ${dashboardNote(writing.dashboard)}`);
    ctx.log(`  pgbench: ${writing.writes.tps.toFixed(0)} tps, ${writing.writes.latencyMs} ms average`);
    logPhase(ctx, writing);

    const phase = <T,>({ writes, ...rest }: LoadedPhase & { writes: T }) => rest;
    return {
      idle,
      submitting: { ...phase(submitting), submissions, ...(ownPages ? { ownPages } : {}) },
      pgbench: { ...phase(writing), ...writing.writes },
    };
  } finally {
    await app.stop();
  }
}

/** The dashboard at 4 connections and the session check at 1 while `writes` runs, with the replica's lag sampled. */
async function whileWriting<T>(
  ctx: BenchContext,
  app: ServerProcess,
  supervisor: string,
  { probe, clusters }: { probe?: ReadReplica; clusters: Clusters },
  writes: () => Promise<T>,
): Promise<LoadedPhase & { writes: T }> {
  const sampler = probe ? sampleLag(probe, 100) : undefined;
  const cpuNow = () => ({ app: app.cpuSeconds() + (app.primaryCpuSeconds?.() ?? 0), primary: postgresCpuSeconds(clusters.primary), standby: postgresCpuSeconds(clusters.standby) });
  const before = cpuNow();
  const started = Date.now();
  try {
    const [dashboard, sessionCheck, written] = await Promise.all([
      dashboardLoad(app, supervisor, ctx.seconds),
      // Every signed-in request checks its session on the primary first, replica or not: this is
      // that part alone, which no read replica takes off the dashboard.
      load({ url: app.url, connections: 1, seconds: ctx.seconds, requests: [{ method: 'GET', path: '/api/auth/me', headers: { cookie: supervisor } }] }),
      writes(),
    ]);
    const lag = await sampler?.stop();
    const after = cpuNow();
    const seconds = (Date.now() - started) / 1000;
    const cpu = { app: (after.app - before.app) / seconds, primary: (after.primary - before.primary) / seconds, standby: (after.standby - before.standby) / seconds };
    return { dashboard, sessionCheck, writes: written, cpu, ...(lag ? { lag } : {}) };
  } finally {
    await sampler?.stop();
  }
}

function logPhase(ctx: BenchContext, phase: LoadedPhase): void {
  ctx.log(`  CPU: ${cpuNote(phase)}`);
  const s = phase.sessionCheck;
  ctx.log(`  session check alone (GET /api/auth/me, 1 connection): p50 ${s.p50} ms, p99 ${s.p99} ms${s.failures ? `, ${s.failures} failures` : ''}`);
  if (phase.lag) ctx.log(`  replica lag (ReadReplica.status() every 100 ms): ${lagNote(phase.lag)}`);
}

/** The supervisor's dashboard at 4 connections, with where each answer came from. */
async function dashboardLoad(app: ServerProcess, cookie: string, seconds: number): Promise<DashboardRun> {
  const run: Omit<DashboardRun, 'result'> = { fromReplica: 0, fromPrimary: 0, reportedLags: [] };
  const request: autocannon.Request = {
    method: 'GET',
    path: DASHBOARD,
    headers: { cookie },
    onResponse: (status, _body, _context, headers) => {
      if (status !== 200) return;
      const lag = headerOf(headers, REPLICA_LAG_HEADER);
      if (lag === undefined) {
        run.fromPrimary++;
      } else {
        run.fromReplica++;
        run.reportedLags.push(Number(lag));
      }
    },
  };
  const result = await load({ server: app, url: app.url, connections: DASHBOARD_CONNECTIONS, seconds, requests: [request] });
  return { result, ...run };
}


/** ReadReplica.status() every `everyMs` until stopped. */
function sampleLag(replica: ReadReplica, everyMs: number): { stop(): Promise<LagSamples> } {
  const samples: LagSamples = { lags: [], bytesBehind: [], unanswered: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      const status = await replica.status();
      if (status.ok && status.lagMs !== null) {
        samples.lags.push(status.lagMs);
        samples.bytesBehind.push(status.bytesBehind ?? 0);
      } else {
        samples.unanswered++;
      }
      await pause(everyMs);
    }
  })();
  return {
    // Idempotent: also called on the way out when the phase failed.
    stop: async () => {
      running = false;
      await loop;
      return samples;
    },
  };
}

/**
 * Read-your-writes while the load runs: an applicant submits and at once reads the case's own page
 * (it must answer 200 with the case, and not from the replica, which may not have it yet); the
 * supervisor's dashboard read with the `ow_wrote` cookie that write set must come from the primary.
 */
async function checkReadYourWrites(
  app: ServerProcess,
  who: { applicant: string; supervisor: string; body: string },
  until: { stop: boolean },
): Promise<OwnPageChecks> {
  const checks: OwnPageChecks = { writes: 0, fromPrimary: 0, wroteCookie: 0, dashboardsOnPrimary: 0, dashboardsWithCookie: 0, problems: [] };
  while (!until.stop) {
    const written = await fetch(`${app.url}/api/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: who.applicant, 'idempotency-key': crypto.randomUUID() },
      body: who.body,
    });
    if (written.status !== 201) {
      checks.problems.push(`submission answered ${written.status}`);
      await pause(200);
      continue;
    }
    checks.writes++;
    const caseId = ((await written.json()) as { case: { id: string } }).case.id;
    const wrote = written.headers.getSetCookie().find((c) => c.startsWith(`${WROTE_COOKIE}=`));
    if (wrote) checks.wroteCookie++;
    const cookie = `${who.applicant}${wrote ? `; ${wrote.split(';')[0]}` : ''}`;
    const own = await fetch(`${app.url}/api/cases/${caseId}`, { headers: { cookie } });
    const ownBody = own.ok ? ((await own.json()) as { case: { id: string } }) : undefined;
    if (own.status === 200 && ownBody?.case.id === caseId && !own.headers.has(REPLICA_LAG_HEADER)) checks.fromPrimary++;
    else checks.problems.push(`own page answered ${own.status}${own.headers.has(REPLICA_LAG_HEADER) ? ' from the replica' : ''}`);
    if (wrote) {
      const dashboard = await fetch(`${app.url}${DASHBOARD}`, { headers: { cookie: `${who.supervisor}; ${wrote.split(';')[0]}` } });
      await dashboard.arrayBuffer();
      checks.dashboardsWithCookie++;
      if (dashboard.status === 200 && !dashboard.headers.has(REPLICA_LAG_HEADER)) checks.dashboardsOnPrimary++;
      else checks.problems.push(`dashboard with ${WROTE_COOKIE} answered ${dashboard.status}${dashboard.headers.has(REPLICA_LAG_HEADER) ? ' from the replica' : ''}`);
    }
    await pause(200);
  }
  return checks;
}

/** Where the two cores went during a phase. */
const cpuNote = (phase: LoadedPhase) =>
  `app ${(phase.cpu.app * 100).toFixed(0)}%, primary PostgreSQL ${(phase.cpu.primary * 100).toFixed(0)}%, standby ${(phase.cpu.standby * 100).toFixed(0)}% of a core`;

interface Clusters {
  primary: string;
  standby: string;
}

async function dataDirectory(adminUrl: string): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    return (await admin.query<{ data_directory: string }>('SHOW data_directory')).rows[0]!.data_directory;
  } finally {
    await admin.end();
  }
}


function headerOf(headers: autocannon.Request['headers'], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers ?? {})) if (key.toLowerCase() === name) return String(value);
  return undefined;
}

function dashboardNote(run: DashboardRun): string {
  const r = run.result;
  return `${r.perSecond.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.ok} answered 200 (${run.fromReplica} from the replica, ${run.fromPrimary} from the primary), ${r.failures} not`;
}

function lagNote(lag: LagSamples): string {
  return `${lag.lags.length} samples: max ${Math.max(0, ...lag.lags)} ms, p99 ${percentile(lag.lags, 99)} ms, p50 ${percentile(lag.lags, 50)} ms; most WAL received but not replayed ${(Math.max(0, ...lag.bytesBehind) / 1024).toFixed(0)} kB${lag.unanswered ? `; ${lag.unanswered} samples unanswered within 1 s` : ''}`;
}

function ownPagesNote(checks: OwnPageChecks): string {
  return `${checks.fromPrimary} of ${checks.writes} case pages read right after their submission came from the primary with the case; ${checks.wroteCookie} writes set ${WROTE_COOKIE}; ${checks.dashboardsOnPrimary} of ${checks.dashboardsWithCookie} dashboards read with it came from the primary${checks.problems.length ? `; problems: ${[...new Set(checks.problems)].join(', ')}` : ''}`;
}

function rows(primary: ConfigRun, replica: ConfigRun): BenchRow[] {
  const same = 'same, from the primary';
  const answered = (run: DashboardRun) =>
    `${run.result.ok} answered 200 (${run.fromReplica} from the replica, ${run.fromPrimary} from the primary), ${run.result.failures} not`;
  const ms = (r: LoadResult) => `p50 ${r.p50} / p99 ${r.p99} ms, ${r.perSecond.toFixed(0)} req/s`;
  const own = replica.submitting.ownPages!;
  /** The dashboard's p99 and p50 under one write load, from the replica beside from the primary. */
  const dashboardRows = (load: string, r: LoadedPhase, p: LoadedPhase, writes: string): BenchRow[] => [
    {
      figure: `dashboard p99, ${DASHBOARD_CONNECTIONS} connections while ${load}, from the replica`,
      value: r.dashboard.result.p99,
      unit: 'ms',
      baseline: { label: same, value: p.dashboard.result.p99, unit: 'ms' },
      note: `replica ${ms(r.dashboard.result)}; primary ${ms(p.dashboard.result)}; ${writes}`,
    },
    {
      figure: `dashboard p50, ${DASHBOARD_CONNECTIONS} connections while ${load}, from the replica`,
      value: r.dashboard.result.p50,
      unit: 'ms',
      baseline: { label: same, value: p.dashboard.result.p50, unit: 'ms' },
      note: `the session check alone (GET /api/auth/me on the primary, 1 connection beside): p50 ${r.sessionCheck.p50} / p99 ${r.sessionCheck.p99} ms in the replica's run, ${p.sessionCheck.p50} / ${p.sessionCheck.p99} ms in the primary's`,
    },
  ];
  /** The lag the app measures (and reports) during one write load. */
  const lagRows = (load: string, phase: LoadedPhase): BenchRow[] => {
    const lag = phase.lag!;
    const reported = phase.dashboard.reportedLags;
    return [
      {
        figure: `replica lag while ${load}, max`,
        value: Math.max(0, ...lag.lags),
        unit: 'ms',
        note: `ReadReplica.status() every 100 ms: ${lagNote(lag)}`,
      },
      {
        figure: `replica lag while ${load}, p99`,
        value: percentile(lag.lags, 99),
        unit: 'ms',
        note: `as the app reported it to the dashboard (X-Read-Replica-Lag-Ms of ${reported.length} answers): max ${Math.max(0, ...reported)} ms, p99 ${percentile(reported, 99)} ms`,
      },
    ];
  };
  const submitLoad = `${WRITE_CONNECTIONS} connections submit`;
  const pgbenchLoad = `pgbench writes (${PGBENCH_CLIENTS} clients)`;
  const r = replica.submitting;
  const p = primary.submitting;
  return [
    ...dashboardRows(submitLoad, r, p, `submissions ${ms(r.submissions)} beside the replica's dashboards, ${ms(p.submissions)} beside the primary's`),
    {
      figure: `submissions per second, ${WRITE_CONNECTIONS} connections, while the dashboard reads the replica`,
      value: r.submissions.perSecond,
      unit: 'req/s',
      baseline: { label: 'while it reads the primary', value: p.submissions.perSecond, unit: 'req/s' },
      note: `p50 ${r.submissions.p50} / p99 ${r.submissions.p99} ms vs p50 ${p.submissions.p50} / p99 ${p.submissions.p99} ms${r.submissions.failures + p.submissions.failures ? `; failures ${r.submissions.failures} / ${p.submissions.failures}` : ''}`,
    },
    ...dashboardRows(pgbenchLoad, replica.pgbench, primary.pgbench, `pgbench ${replica.pgbench.tps.toFixed(0)} tps beside the replica's dashboards, ${primary.pgbench.tps.toFixed(0)} beside the primary's`),
    {
      figure: `dashboard p99, ${DASHBOARD_CONNECTIONS} connections, primary idle, from the replica`,
      value: replica.idle.result.p99,
      unit: 'ms',
      baseline: { label: same, value: primary.idle.result.p99, unit: 'ms' },
      note: `replica ${ms(replica.idle.result)}; primary ${ms(primary.idle.result)}`,
    },
    ...lagRows(submitLoad, r),
    ...lagRows(pgbenchLoad, replica.pgbench),
    {
      figure: 'dashboard answers other than 200 during the write loads, from the replica',
      value: r.dashboard.result.failures + replica.pgbench.dashboard.result.failures,
      unit: 'answers',
      note: `while ${submitLoad}: ${answered(r.dashboard)}; while ${pgbenchLoad}: ${answered(replica.pgbench.dashboard)}`,
    },
    {
      figure: `case pages read right after their submission that came from the primary (read-your-writes, while ${submitLoad})`,
      value: own.writes ? (own.fromPrimary / own.writes) * 100 : NaN,
      unit: '%',
      note: ownPagesNote(own),
    },
  ];
}
