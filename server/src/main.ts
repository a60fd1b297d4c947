import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { DEMO_ACCOUNTS, hasDemoAccounts, isEmptyDatabase, seedDemo } from './demo/seed.js';
import { seedDemoProject } from './demo/joint.js';
import { seedHallMonth } from './demo/hall-month.js';
import { seedDemoHistory } from './demo/history.js';
import { loggerOptions } from './logger.js';
import { openDatabase } from './platform.js';
import { startOutboxDispatcher } from './modules/notifications/dispatcher.js';
import { LoggingSender } from './modules/notifications/sender.js';
import { startWarningSweep } from './modules/alerts/sweep.js';
import { startHallSweep } from './modules/queue/sweep.js';
import { startStatsRollup } from './modules/supervision/rollup.js';
import { startFeedDispatcher } from './modules/feed/dispatcher.js';
import { startAuditJobs } from './modules/audit/jobs.js';
import { startAccessLogSweep } from './modules/auth/access-log.js';
import { keyFingerprint, localSigner } from './modules/audit/signer.js';
import { startIntermediarySweep } from './modules/intermediary/registry.js';

/**
 * `npm start`: database (embedded unless DATABASE_URL), migrations, demo data on a first embedded
 * start (or with --demo), then the API and the web app on PORT.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const wantDemo = process.argv.includes('--demo');
  const say = (message: string) => console.log(`[onewindow] ${message}`);
  const started = Date.now();

  const database = await openDatabase(config, say);
  let app: FastifyInstance | undefined;
  let stopDispatcher: (() => Promise<void>) | undefined;
  let stopSweep: (() => Promise<void>) | undefined;
  let stopRollup: (() => void) | undefined;
  let stopFeed: (() => Promise<void>) | undefined;
  let stopAudit: (() => Promise<void>) | undefined;
  let stopHall: (() => Promise<void>) | undefined;
  let stopIntermediarySweep: (() => void) | undefined;
  let stopAccessSweep: (() => void) | undefined;
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    say(`${signal}: stopping`);
    await stopSweep?.().catch(() => {});
    stopRollup?.();
    stopIntermediarySweep?.();
    await stopDispatcher?.().catch(() => {});
    await stopFeed?.().catch(() => {});
    await stopAudit?.().catch(() => {});
    await stopHall?.().catch(() => {});
    stopAccessSweep?.();
    await app?.close().catch(() => {});
    await database.close().catch(() => {});
    say('stopped cleanly');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  // A database named by DATABASE_URL belongs to someone; demo data goes there only on request.
  const mayWriteDemo = !config.databaseUrl || wantDemo;
  let seeded = false;
  if (mayWriteDemo && (await isEmptyDatabase(database.db))) {
    await seedDemo(database.db, config.demoPassword, config);
    // A construction project under way, for the board (left out of the test city, whose counts are exact).
    await seedDemoProject(database.db);
    await seedHallMonth(database.db);
    // Six months of the city's past, so supervision, circulars, trends and rankings have something to show.
    const history = await seedDemoHistory(database.db);
    seeded = true;
    say(`demo data written (first start; ${history.cases} past cases, ${history.ratings} ratings, ${history.directives} 督办 in ${history.seconds.toFixed(1)} s)`);
  }

  // The running app knows the database it actually uses (the embedded one's URL is made at start).
  app = await buildApp({ db: database.db, readReplica: database.readReplica, config: { ...config, databaseUrl: database.url } }, { logger: loggerOptions(config.logLevel) });
  await app.listen({ port: config.port, host: config.host });
  const log = app.log;
  stopSweep = startWarningSweep(database.db, (error) => log.error({ err: error }, 'warning sweep failed'));
  stopRollup = startStatsRollup(database.db, (error) => log.error({ err: error }, 'statistics roll-up failed'));
  stopDispatcher = startOutboxDispatcher(database.db, new LoggingSender((entry, message) => log.info(entry, message)), (error) =>
    log.error({ err: error }, 'outbox dispatch failed'),
  );
  stopHall = startHallSweep(database.db, (error) => log.error({ err: error }, 'hall sweep failed'));
  stopFeed = startFeedDispatcher(database.db, (error) => log.error({ err: error }, 'feed push failed'));
  stopAccessSweep = startAccessLogSweep(database.db, config.accessLogDays, (error) => log.error({ err: error }, 'access log retention sweep failed'));
  const signer = await localSigner(config.auditDir);
  stopAudit = startAuditJobs(database.db, { dir: config.auditDir, signer, checkpointSeconds: config.auditCheckpointSeconds }, (error) =>
    log.error({ err: error }, 'audit ledger sealing or checkpoint failed'),
  );
  say(`audit checkpoints every ${config.auditCheckpointSeconds} s in ${config.auditDir} (SM2 key ${keyFingerprint(signer.publicKey)})`);
  stopIntermediarySweep = startIntermediarySweep(database.db, (error) => log.error({ err: error }, 'intermediary sweep failed'));

  say(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  say(`open http://localhost:${config.port}/  (API docs: http://localhost:${config.port}/api/docs)`);
  if (config.trainingClock) say('training clock on (ONEWINDOW_TRAINING_CLOCK): supervision reads and POST /api/supervision/sweep accept asOf=YYYY-MM-DD; training sweeps write only to the training scope');
  if (seeded || (await hasDemoAccounts(database.db))) {
    const passwordNote = process.env.ONEWINDOW_DEMO_PASSWORD ? '(from ONEWINDOW_DEMO_PASSWORD)' : config.demoPassword;
    say(`demo accounts, password ${passwordNote}:`);
    for (const account of DEMO_ACCOUNTS) say(`  ${account.username.padEnd(12)} ${account.role}`);
  }
}

main().catch((error) => {
  console.error(`[onewindow] failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
