import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../db/embedded.js';
import { chownTree, postgresOwner } from './archive.js';
import { copyCluster } from './base-backup.js';
import { credentialsFileOf } from './restore.js';

/**
 * A local hot standby of an embedded cluster, for ONEWINDOW_READ_DATABASE_URL in tests and
 * trials: a base backup through the server's own functions (the embedded package ships no
 * pg_basebackup) into `into`, standby.signal and primary_conninfo written, then started on a port
 * of its own; it streams every later change from the primary and answers read-only queries.
 *
 * A physical replication slot, made before the copy, keeps the primary from recycling WAL the
 * standby has not received yet, so no WAL archive is needed between the copy and the first
 * streaming connection. The slot must be dropped (dropStandbySlot) when the standby goes for good,
 * or the primary keeps WAL for it without limit.
 */
export async function startHotStandby(options: {
  /** Superuser URL of the primary (replication connections use the same account). */
  primaryAdminUrl: string;
  primaryClusterDir: string;
  into: string;
  slot?: string;
  settings?: Record<string, string>;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase & { slot: string }> {
  const slot = options.slot ?? 'onewindow_standby';
  const into = path.resolve(options.into);
  if ((await fs.readdir(into).catch(() => [] as string[])).length) throw new Error(`${into} is not empty: a standby is made in a new folder`);
  const client = new pg.Client({ connectionString: options.primaryAdminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_replication_slots WHERE slot_name = $1', [slot]);
    // immediately_reserve: the slot holds WAL from now on, before the standby first connects.
    if (exists.rowCount === 0) await client.query('SELECT pg_create_physical_replication_slot($1, true)', [slot]);
    await client.query('SELECT pg_backup_start($1, true)', [`onewindow standby ${slot}`]);
    await fs.mkdir(into, { recursive: true, mode: 0o700 });
    try {
      await copyCluster(path.resolve(options.primaryClusterDir), into);
    } catch (error) {
      await client.query('SELECT pg_backup_stop(false)').catch(() => undefined);
      throw error;
    }
    // Without archiving there is nothing to wait for: the slot keeps the WAL the standby streams.
    const stopped = await client.query<{ labelfile: string; spcmapfile: string | null }>('SELECT labelfile, spcmapfile FROM pg_backup_stop(false)');
    await fs.writeFile(path.join(into, 'backup_label'), stopped.rows[0]!.labelfile, { mode: 0o600 });
    if (stopped.rows[0]!.spcmapfile) await fs.writeFile(path.join(into, 'tablespace_map'), stopped.rows[0]!.spcmapfile, { mode: 0o600 });
  } finally {
    await client.end();
  }

  const primary = new URL(options.primaryAdminUrl);
  const conninfo = [
    `host=${primary.hostname}`,
    `port=${primary.port}`,
    `user=${decodeURIComponent(primary.username)}`,
    `password=${decodeURIComponent(primary.password)}`,
    `application_name=${slot}`,
  ].join(' ');
  // In postgresql.auto.conf (mode 0600), not on the command line, where `ps` would show the password.
  const conf = path.join(into, 'postgresql.auto.conf');
  const previous = await fs.readFile(conf, 'utf8').catch(() => '');
  await fs.writeFile(conf, `${previous}\nprimary_conninfo = '${conninfo.replace(/'/g, "''")}'\nprimary_slot_name = '${slot}'\n`, { mode: 0o600 });
  await fs.writeFile(path.join(into, 'standby.signal'), '');
  await fs.chmod(into, 0o700);
  const owner = await postgresOwner();
  if (owner) await chownTree(into, owner);
  await fs.copyFile(credentialsFileOf(options.primaryClusterDir), credentialsFileOf(into));

  const server = await startEmbeddedPostgres({
    dir: into,
    standby: true,
    settings: { hot_standby: 'on', archive_mode: 'off', ...options.settings },
    log: options.log,
  });
  return { ...server, slot };
}

/** Drops the primary's slot of a standby that is gone, so the primary stops keeping WAL for it. */
export async function dropStandbySlot(primaryAdminUrl: string, slot: string): Promise<void> {
  const client = new pg.Client({ connectionString: primaryAdminUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1 AND NOT active', [slot]);
  } finally {
    await client.end();
  }
}
