import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config.js';
import { startEmbeddedPostgres } from '../../db/embedded.js';
import { archiveSettings, backupLayout, prepareLayout } from './archive.js';
import { listBaseBackups, pruneBackups, takeBaseBackup } from './base-backup.js';
import { credentialsFileOf, parseTargetTime, restoreToTime } from './restore.js';

interface CliHelpers {
  say(message: string): void;
  option(args: string[], name: string): string | undefined;
}

/**
 * The running embedded server of a cluster folder, if any: its port is the fourth line of
 * postmaster.pid, its password in the credentials file beside the folder.
 */
async function runningServerUrl(clusterDir: string): Promise<string | null> {
  const pid = await fs.readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8').catch(() => undefined);
  if (!pid) return null;
  const lines = pid.split('\n');
  try {
    process.kill(Number(lines[0]), 0);
  } catch {
    return null;
  }
  const { password } = JSON.parse(await fs.readFile(credentialsFileOf(clusterDir), 'utf8')) as { password: string };
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${Number(lines[3])}/postgres`;
}

/** `backup [--keep N]`: a base backup of the embedded cluster, running or not; --keep prunes older ones. */
export async function runBackup(args: string[], config: Config, cli: CliHelpers): Promise<void> {
  if (config.databaseUrl) {
    cli.say('backup covers the embedded database; with DATABASE_URL, archive and back up that server with its own tools (archive_command, pg_basebackup)');
    process.exitCode = 2;
    return;
  }
  const keepText = cli.option(args, '--keep');
  const keep = keepText === undefined ? undefined : Number(keepText);
  if (keep !== undefined && (!Number.isInteger(keep) || keep < 1)) {
    cli.say('usage: backup [--keep <N ≥ 1>]');
    process.exitCode = 2;
    return;
  }
  const clusterDir = path.join(config.dataDir, 'postgres');
  const layout = backupLayout(config.backupDir);
  let url = await runningServerUrl(clusterDir);
  let stop = async () => {};
  if (url) cli.say(`the server is running: backing up while it works (${clusterDir})`);
  else {
    const embedded = await startEmbeddedPostgres({ dir: clusterDir, settings: archiveSettings(layout) });
    url = embedded.url();
    stop = () => embedded.stop();
  }
  try {
    await prepareLayout(layout);
    const manifest = await takeBaseBackup({ adminUrl: url, clusterDir, backupDir: layout.root, credentialsFile: credentialsFileOf(clusterDir), log: cli.say });
    cli.say(`base backup ${manifest.id}: ${manifest.files} files, ${(manifest.bytes / 1024 / 1024).toFixed(1)} MB, WAL ${manifest.startLsn}–${manifest.stopLsn}`);
    cli.say(`restorable to any moment after ${manifest.stoppedAt} while the WAL archive ${layout.wal} is kept`);
    if (keep !== undefined) {
      const pruned = await pruneBackups(layout, keep);
      cli.say(`kept the newest ${keep} base backup(s): removed ${pruned.backups} backup(s) and ${pruned.walFiles} archived WAL file(s)`);
    }
  } finally {
    await stop();
  }
}

/** `backup:list`: the base backups and the archived WAL. */
export async function runBackupList(config: Config, cli: CliHelpers): Promise<void> {
  const layout = backupLayout(config.backupDir);
  const backups = await listBaseBackups(layout.root);
  const wal = (await fs.readdir(layout.wal).catch(() => [] as string[])).filter((n) => /^[0-9A-F]{24}$/.test(n)).sort();
  if (!backups.length) cli.say(`no base backup in ${layout.base}`);
  for (const b of backups) cli.say(`${b.id}  finished ${b.stoppedAt}  ${(b.bytes / 1024 / 1024).toFixed(1)} MB  from WAL ${b.startWalFile}`);
  cli.say(`${wal.length} archived WAL segment(s)${wal.length ? `: ${wal[0]} … ${wal.at(-1)}` : ''} in ${layout.wal}`);
}

/**
 * `restore --to <time|latest> [--into <dir>]`. Without --into it restores the embedded cluster in
 * place: the server must be stopped; the current folder is kept as postgres.before-restore-<stamp>
 * (never deleted) and its unarchived WAL is replayed too.
 */
export async function runRestore(args: string[], config: Config, cli: CliHelpers): Promise<void> {
  const toText = cli.option(args, '--to');
  const target = toText === 'latest' ? 'latest' : toText ? parseTargetTime(toText) : null;
  if (!target) {
    cli.say('usage: restore --to <"YYYY-MM-DD HH:MM[:SS]" (China time) | ISO time with zone | latest> [--into <folder>]');
    process.exitCode = 2;
    return;
  }
  const into = cli.option(args, '--into');
  const clusterDir = path.join(config.dataDir, 'postgres');
  let unarchivedWalDir: string | undefined;
  let destination = into ? path.resolve(into) : clusterDir;
  if (!into) {
    if (config.databaseUrl) {
      cli.say('with DATABASE_URL, restore into a folder with --into, then point that server at it');
      process.exitCode = 2;
      return;
    }
    if (await runningServerUrl(clusterDir)) {
      cli.say(`the server is running on ${clusterDir}: stop it first (or restore elsewhere with --into)`);
      process.exitCode = 1;
      return;
    }
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    const aside = `${clusterDir}.before-restore-${stamp}`;
    if (await fs.access(clusterDir).then(() => true, () => false)) {
      await fs.rename(clusterDir, aside);
      cli.say(`the current database folder is kept as ${aside}`);
      unarchivedWalDir = path.join(aside, 'pg_wal');
    }
    destination = clusterDir;
  }
  const result = await restoreToTime({ backupDir: config.backupDir, to: target, into: destination, unarchivedWalDir, log: cli.say });
  cli.say(`restored ${target === 'latest' ? 'to the end of the archive' : `to ${target.toISOString()}`} from base backup ${result.backup.id} into ${result.clusterDir}`);
  if (into) cli.say(`start a server on it with ONEWINDOW_DATA_DIR=${path.dirname(result.clusterDir)} (the folder must be named "postgres")`);
}
