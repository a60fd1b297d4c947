import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Where continuous archiving keeps its files: `wal/` (every completed WAL segment, copied by the
 * server's archive_command) and `base/<id>/` (base backups: a copy of the data folder between
 * pg_backup_start and pg_backup_stop, with its backup_label and a manifest).
 */
export interface BackupLayout {
  root: string;
  wal: string;
  base: string;
}

export function backupLayout(root: string): BackupLayout {
  const resolved = path.resolve(root);
  return { root: resolved, wal: path.join(resolved, 'wal'), base: path.join(resolved, 'base') };
}

/** Shell-quoted for archive_command / restore_command, which PostgreSQL runs through sh. */
function quote(file: string): string {
  if (file.includes("'")) throw new Error(`the backup folder must not contain a single quote: ${file}`);
  return `'${file}'`;
}

/**
 * The server settings that turn on WAL archiving into the layout's wal/ folder. A segment is
 * copied under a temporary name and renamed, so a crash mid-copy never leaves a short file that
 * looks complete; an existing file is never overwritten (PostgreSQL retries until it succeeds).
 */
export function archiveSettings(layout: BackupLayout, options: { archiveTimeoutSeconds?: number } = {}): Record<string, string> {
  const target = (name: string) => quote(path.join(layout.wal, name));
  return {
    wal_level: 'replica',
    archive_mode: 'on',
    archive_command: `test ! -f ${target('%f')} && cp %p ${target('%f.part')} && mv ${target('%f.part')} ${target('%f')}`,
    archive_timeout: String(options.archiveTimeoutSeconds ?? 0),
  };
}

/** The settings that replay the archive up to a moment (or to its end) and then open for writing. */
export function recoverySettings(layout: BackupLayout, target: { time?: string }): Record<string, string> {
  return {
    restore_command: `cp ${quote(path.join(layout.wal, '%f'))} %p`,
    ...(target.time ? { recovery_target_time: target.time, recovery_target_action: 'promote', recovery_target_inclusive: 'true' } : {}),
  };
}

/**
 * As root the embedded server runs as the `postgres` system user (PostgreSQL refuses root): the
 * folders it writes (the WAL archive, a restored data folder) must belong to that user.
 */
export async function postgresOwner(): Promise<{ uid: number; gid: number } | null> {
  if (process.getuid?.() !== 0) return null;
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    // The embedded package creates the user on first start; until then nothing needs handing over.
    return null;
  }
}

/** Creates the layout's folders, owned by whoever runs the server. */
export async function prepareLayout(layout: BackupLayout): Promise<void> {
  const owner = await postgresOwner();
  for (const dir of [layout.root, layout.wal, layout.base]) {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    if (owner) await fs.chown(dir, owner.uid, owner.gid);
  }
}

/** Hands a whole tree to the server's user (after copying it as root). */
export async function chownTree(dir: string, owner: { uid: number; gid: number }): Promise<void> {
  await fs.chown(dir, owner.uid, owner.gid);
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(full, owner);
    else await fs.lchown(full, owner.uid, owner.gid);
  }
}
