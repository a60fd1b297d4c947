import fs from 'node:fs/promises';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../db/embedded.js';
import { archiveSettings, backupLayout, chownTree, postgresOwner, recoverySettings } from './archive.js';
import { listBaseBackups, type BaseBackupManifest } from './base-backup.js';

/** The credentials file the embedded server reads beside a cluster folder (db/embedded.ts). */
export const credentialsFileOf = (clusterDir: string) => path.join(path.dirname(path.resolve(clusterDir)), `${path.basename(clusterDir)}-onewindow-credentials.json`);

/**
 * "2026-12-01 10:00", "2026-12-01T10:00:00" (China time, the centre's clock) or any ISO 8601 time
 * with a zone ("…Z", "…+08:00"); null when it is none of these.
 */
export function parseTargetTime(text: string): Date | null {
  const trimmed = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(trimmed)) return null;
  const iso = trimmed.replace(' ', 'T');
  const date = new Date(/(Z|[+-]\d{2}:?\d{2})$/.test(iso) ? iso : `${iso}+08:00`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** recovery_target_time refuses zone abbreviations ("Z"): a numeric offset it takes. */
const postgresTime = (date: Date) => date.toISOString().replace('T', ' ').replace('Z', '+00');

/**
 * Point-in-time recovery into a new data folder: the newest base backup finished before the
 * target, the archived WAL replayed up to the target (recovery.signal + recovery_target_time; every
 * transaction committed at or before it, none after), then the server opens for writing and stops.
 * `to: 'latest'` replays everything archived. Unarchived segments of a crashed cluster (its pg_wal)
 * can be offered too, so nothing committed is lost.
 */
export async function restoreToTime(options: {
  backupDir: string;
  to: Date | 'latest';
  into: string;
  unarchivedWalDir?: string;
  log?: (line: string) => void;
}): Promise<{ backup: BaseBackupManifest; clusterDir: string }> {
  const layout = backupLayout(options.backupDir);
  const log = options.log ?? (() => {});
  const backups = await listBaseBackups(layout.root);
  const target = options.to;
  const usable = target === 'latest' ? backups : backups.filter((b) => new Date(b.stoppedAt) <= target);
  const backup = usable.at(-1);
  if (!backup) {
    throw new Error(
      target === 'latest'
        ? `no base backup in ${layout.base}: run "npm run cli -- backup" first`
        : `no base backup finished before ${target.toISOString()} in ${layout.base} (the oldest finished at ${backups[0]?.stoppedAt ?? 'never'})`,
    );
  }
  const into = path.resolve(options.into);
  const existing = await fs.readdir(into).catch(() => [] as string[]);
  if (existing.length) throw new Error(`${into} is not empty: restore into a new folder`);
  log(`restoring base backup ${backup.id} (finished ${backup.stoppedAt}) into ${into}`);
  await fs.mkdir(path.dirname(into), { recursive: true });
  await fs.cp(path.join(layout.base, backup.id, 'data'), into, { recursive: true });
  await fs.mkdir(path.join(into, 'pg_wal', 'archive_status'), { recursive: true });
  if (options.unarchivedWalDir) {
    const archived = new Set(await fs.readdir(layout.wal).catch(() => [] as string[]));
    for (const name of await fs.readdir(options.unarchivedWalDir).catch(() => [] as string[])) {
      if (/^[0-9A-F]{24}$/.test(name) && !archived.has(name)) await fs.copyFile(path.join(options.unarchivedWalDir, name), path.join(into, 'pg_wal', name));
    }
  }
  await fs.writeFile(path.join(into, 'recovery.signal'), '');
  await fs.chmod(into, 0o700);
  const owner = await postgresOwner();
  if (owner) await chownTree(into, owner);
  await fs.copyFile(path.join(layout.base, backup.id, 'credentials.json'), credentialsFileOf(into));

  const lines: string[] = [];
  const settings = { ...archiveSettings(layout), ...recoverySettings(layout, target === 'latest' ? {} : { time: postgresTime(target) }) };
  let server: Awaited<ReturnType<typeof startEmbeddedPostgres>>;
  try {
    server = await startEmbeddedPostgres({ dir: into, settings, log: (line) => lines.push(line) });
  } catch {
    const reason = lines.filter((l) => /FATAL|PANIC|recovery/i.test(l)).slice(-4).join('\n');
    throw new Error(`recovery did not finish:\n${reason || lines.slice(-6).join('\n')}`);
  }
  for (const line of lines.filter((l) => /recovery stopping|redo done|archive recovery complete|selected new timeline/i.test(l))) log(line.replace(/^.*?(LOG|INFO):\s*/, ''));
  await server.stop();
  return { backup, clusterDir: into };
}
