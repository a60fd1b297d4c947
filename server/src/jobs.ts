import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { startWarningSweep } from './modules/alerts/sweep.js';
import { startAuditJobs } from './modules/audit/jobs.js';
import { keyFingerprint, localSigner } from './modules/audit/signer.js';
import { startAccessLogSweep } from './modules/auth/access-log.js';
import { startCasePartitionJob } from './modules/cases/partitions.js';
import { startFeedDispatcher } from './modules/feed/dispatcher.js';
import { startIntermediarySweep } from './modules/intermediary/registry.js';
import { startOutboxDispatcher } from './modules/notifications/dispatcher.js';
import { LoggingSender } from './modules/notifications/sender.js';
import { startHallSweep } from './modules/queue/sweep.js';
import { startStatsRollup } from './modules/supervision/rollup.js';

export interface JobLog {
  info(entry: object, message: string): void;
  error(entry: object, message: string): void;
}

/**
 * Everything the server does on a timer: sweeps, the statistics roll-up, the SMS outbox and the
 * feed pushes, audit sealing and checkpoints. Started in exactly one process (main.ts: the single
 * server, or the primary of a cluster), so each tick happens once however many workers serve HTTP.
 * Answers the function that stops them all (the audit jobs write a last checkpoint on the way).
 */
export async function startBackgroundJobs(db: Database, config: Config, log: JobLog, say: (message: string) => void): Promise<() => Promise<void>> {
  const stops: (() => unknown)[] = [];
  stops.push(startWarningSweep(db, (error) => log.error({ err: error }, 'warning sweep failed')));
  stops.push(startStatsRollup(db, (error) => log.error({ err: error }, 'statistics roll-up failed')));
  stops.push(
    startOutboxDispatcher(db, new LoggingSender((entry, message) => log.info(entry, message)), (error) => log.error({ err: error }, 'outbox dispatch failed')),
  );
  stops.push(startHallSweep(db, (error) => log.error({ err: error }, 'hall sweep failed')));
  stops.push(startFeedDispatcher(db, (error) => log.error({ err: error }, 'feed push failed')));
  stops.push(startAccessLogSweep(db, config.accessLogDays, (error) => log.error({ err: error }, 'access log retention sweep failed')));
  stops.push(startCasePartitionJob(db, (error) => log.error({ err: error }, 'making next year\'s partition of cases failed')));
  const signer = await localSigner(config.auditDir);
  const stopAudit = startAuditJobs(db, { dir: config.auditDir, signer, checkpointSeconds: config.auditCheckpointSeconds }, (error) =>
    log.error({ err: error }, 'audit ledger sealing or checkpoint failed'),
  );
  say(`audit checkpoints every ${config.auditCheckpointSeconds} s in ${config.auditDir} (SM2 key ${keyFingerprint(signer.publicKey)})`);
  stops.push(startIntermediarySweep(db, (error) => log.error({ err: error }, 'intermediary sweep failed')));
  say(`background jobs running in process ${process.pid}`);
  return async () => {
    for (const stop of stops) await Promise.resolve(stop()).catch(() => {});
    // Last, so its final checkpoint covers whatever the other jobs wrote on their way out.
    await stopAudit().catch(() => {});
  };
}
