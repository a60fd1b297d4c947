import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { backupLayout, type BackupLayout } from './archive.js';

/** Written beside each base backup's data copy. */
export interface BaseBackupManifest {
  id: string;
  label: string;
  startedAt: string;
  /** When pg_backup_stop returned: the earliest moment a restore can reach from this backup. */
  stoppedAt: string;
  startLsn: string;
  stopLsn: string;
  /** The first WAL segment the backup needs (older segments are only needed by older backups). */
  startWalFile: string;
  files: number;
  bytes: number;
  serverVersion: string;
}

/** Contents a base backup leaves out (PostgreSQL rebuilds them); the folders themselves are kept. */
const EMPTY_DIRS = new Set(['pg_wal', 'pg_replslot', 'pg_dynshmem', 'pg_notify', 'pg_serial', 'pg_snapshots', 'pg_stat_tmp', 'pg_subtrans']);
const SKIPPED_FILES = new Set(['postmaster.pid', 'postmaster.opts', 'backup_label', 'backup_label.old', 'tablespace_map', 'current_logfiles']);

/**
 * A base backup of a running cluster through the server's own backup functions (the embedded
 * server ships no pg_basebackup): pg_backup_start, a copy of the data folder while the server keeps
 * working, pg_backup_stop (which waits until the WAL the copy needs is archived), its backup_label
 * written into the copy. Together with the WAL archive it restores to any moment after `stoppedAt`.
 */
export async function takeBaseBackup(options: {
  adminUrl: string;
  clusterDir: string;
  backupDir: string;
  /** The embedded server's credentials file, kept with the copy so a restored folder starts. */
  credentialsFile?: string;
  log?: (line: string) => void;
}): Promise<BaseBackupManifest> {
  const layout = backupLayout(options.backupDir);
  const log = options.log ?? (() => {});
  const client = new pg.Client({ connectionString: options.adminUrl });
  await client.connect();
  try {
    const archiving = await client.query<{ archive_mode: string }>('SHOW archive_mode');
    if (archiving.rows[0]?.archive_mode !== 'on') {
      throw new Error('WAL archiving is off on this server: start it with onewindow (embedded database) so archive_mode is on, then take the backup');
    }
    const id = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    const label = `onewindow ${id}`;
    const partial = path.join(layout.base, `${id}.partial`);
    await fs.mkdir(path.join(partial, 'data'), { recursive: true, mode: 0o700 });
    const started = await client.query<{ lsn: string; file: string; at: Date }>(
      'SELECT lsn::text AS lsn, pg_walfile_name(lsn) AS file, now() AS at FROM pg_backup_start($1, true) AS lsn',
      [label],
    );
    log(`backup started at WAL ${started.rows[0]!.lsn}; copying ${options.clusterDir}`);
    let stats: { files: number; bytes: number };
    try {
      stats = await copyCluster(options.clusterDir, path.join(partial, 'data'));
    } catch (error) {
      await client.query('SELECT pg_backup_stop(false)').catch(() => undefined);
      throw error;
    }
    const stopped = await client.query<{ lsn: string; labelfile: string; spcmapfile: string | null; at: Date; version: string }>(
      "SELECT lsn::text AS lsn, labelfile, spcmapfile, clock_timestamp() AS at, current_setting('server_version') AS version FROM pg_backup_stop(true)",
    );
    const stop = stopped.rows[0]!;
    await fs.writeFile(path.join(partial, 'data', 'backup_label'), stop.labelfile, { mode: 0o600 });
    if (stop.spcmapfile) await fs.writeFile(path.join(partial, 'data', 'tablespace_map'), stop.spcmapfile, { mode: 0o600 });
    if (options.credentialsFile) await fs.copyFile(options.credentialsFile, path.join(partial, 'credentials.json')).catch(() => undefined);
    const manifest: BaseBackupManifest = {
      id,
      label,
      startedAt: started.rows[0]!.at.toISOString(),
      stoppedAt: stop.at.toISOString(),
      startLsn: started.rows[0]!.lsn,
      stopLsn: stop.lsn,
      startWalFile: started.rows[0]!.file,
      files: stats.files,
      bytes: stats.bytes,
      serverVersion: stop.version,
    };
    await fs.writeFile(path.join(partial, 'backup.json'), JSON.stringify(manifest, null, 2));
    // Only a finished copy carries a plain id: a restore never picks a half-written one.
    await fs.rename(partial, path.join(layout.base, id));
    return manifest;
  } finally {
    await client.end();
  }
}

/** Copies a data folder as a base backup needs it; files that vanish meanwhile are skipped. */
export async function copyCluster(from: string, to: string, relative = ''): Promise<{ files: number; bytes: number }> {
  const totals = { files: 0, bytes: 0 };
  const entries = await fs.readdir(path.join(from, relative), { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  for (const entry of entries) {
    const name = path.join(relative, entry.name);
    if (entry.isDirectory()) {
      await fs.mkdir(path.join(to, name), { recursive: true, mode: 0o700 });
      if (relative === '' && EMPTY_DIRS.has(entry.name)) {
        if (entry.name === 'pg_wal') await fs.mkdir(path.join(to, name, 'archive_status'), { recursive: true, mode: 0o700 });
        continue;
      }
      const inner = await copyCluster(from, to, name);
      totals.files += inner.files;
      totals.bytes += inner.bytes;
      continue;
    }
    if ((relative === '' && SKIPPED_FILES.has(entry.name)) || entry.name.startsWith('pgsql_tmp')) continue;
    try {
      await fs.copyFile(path.join(from, name), path.join(to, name));
      totals.files += 1;
      totals.bytes += (await fs.stat(path.join(to, name))).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return totals;
}

/** Every finished base backup, oldest first. */
export async function listBaseBackups(backupDir: string): Promise<BaseBackupManifest[]> {
  const layout = backupLayout(backupDir);
  const names = await fs.readdir(layout.base).catch(() => [] as string[]);
  const manifests: BaseBackupManifest[] = [];
  for (const name of names.filter((n) => !n.endsWith('.partial')).sort()) {
    const text = await fs.readFile(path.join(layout.base, name, 'backup.json'), 'utf8').catch(() => undefined);
    if (text) manifests.push(JSON.parse(text) as BaseBackupManifest);
  }
  return manifests;
}

/**
 * Keeps the newest `keep` base backups and the WAL they need: older backups go, and so do the
 * archived segments before the oldest kept backup's first segment (history files stay).
 */
export async function pruneBackups(layout: BackupLayout, keep: number): Promise<{ backups: number; walFiles: number }> {
  const backups = await listBaseBackups(layout.root);
  const removed = backups.slice(0, Math.max(0, backups.length - keep));
  for (const backup of removed) await fs.rm(path.join(layout.base, backup.id), { recursive: true, force: true });
  const oldest = backups[removed.length];
  let walFiles = 0;
  if (oldest) {
    // A segment name is timeline (8 hex) + segment (16 hex): compare the segment part.
    const cut = oldest.startWalFile.slice(8);
    for (const name of await fs.readdir(layout.wal).catch(() => [] as string[])) {
      if (/^[0-9A-F]{24}$/.test(name) && name.slice(8) < cut) {
        await fs.rm(path.join(layout.wal, name), { force: true });
        walFiles += 1;
      }
    }
  }
  return { backups: removed.length, walFiles };
}
