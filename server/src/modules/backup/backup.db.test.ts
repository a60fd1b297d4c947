import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../db/database.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../db/embedded.js';
import { migrate } from '../../db/migrate.js';
import { ensureDatabase } from '../../platform.js';
import { makeWorld, toActorOf } from '../../test/factories.js';
import { syncOfficialSchedules } from '../calendar/repo.js';
import { submitApplication } from '../cases/service.js';
import { archiveSettings, backupLayout, prepareLayout } from './archive.js';
import { listBaseBackups, takeBaseBackup } from './base-backup.js';
import { credentialsFileOf, parseTargetTime, restoreToTime } from './restore.js';

// This file runs a cluster of its own: the shared test cluster archives nothing.
let dir: string;
const servers: EmbeddedDatabase[] = [];
afterAll(async () => {
  for (const server of servers) await server.stop().catch(() => undefined);
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('continuous archiving and point-in-time restore', () => {
  it('restores to a moment and finds exactly the cases committed before it', async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'onewindow-backup-'));
    // The postgres system user (when tests run as root) must reach the folders inside.
    await fs.chmod(dir, 0o755);
    const clusterDir = path.join(dir, 'pg');
    const layout = backupLayout(path.join(dir, 'backup'));
    const server = await startEmbeddedPostgres({ dir: clusterDir, settings: { ...archiveSettings(layout), fsync: 'off' } });
    servers.push(server);
    await prepareLayout(layout);
    await ensureDatabase(server.url(), 'onewindow');
    const url = server.url('onewindow');
    await migrate(url);
    const { db } = createDatabase(url, 4);
    await syncOfficialSchedules(db);
    const w = await makeWorld(db);
    const submit = async (n: number) => {
      const numbers: string[] = [];
      for (let i = 0; i < n; i++) {
        const { caseId } = await submitApplication({ db, actor: toActorOf(w.applicant), itemId: w.itemA.id, formData: { name: `备份${i}`, phone: '13800138000' } });
        numbers.push((await db.selectFrom('cases').select('number').where('id', '=', caseId).executeTakeFirstOrThrow()).number);
      }
      return numbers;
    };
    const serverTime = async (database: Database) => (await sql<{ at: Date }>`SELECT clock_timestamp() AS at`.execute(database)).rows[0]!.at;

    const beforeBackup = await submit(2);
    const manifest = await takeBaseBackup({ adminUrl: server.url(), clusterDir, backupDir: layout.root, credentialsFile: credentialsFileOf(clusterDir) });
    expect(await listBaseBackups(layout.root)).toEqual([manifest]);
    const afterBackup = await submit(3);
    await pause(300);
    const target = await serverTime(db);
    await pause(300);
    const afterTarget = await submit(2);
    // Close the segment holding the last commits and wait until it is in the archive.
    const { rows } = await sql<{ file: string }>`SELECT pg_walfile_name(pg_current_wal_lsn()) AS file`.execute(db);
    await sql`SELECT pg_switch_wal()`.execute(db);
    for (let i = 0; i < 100 && !(await fs.access(path.join(layout.wal, rows[0]!.file)).then(() => true, () => false)); i++) await pause(100);
    await db.destroy();
    await server.stop();

    // Before the base backup finished there is nothing to restore from.
    await expect(restoreToTime({ backupDir: layout.root, to: new Date(new Date(manifest.startedAt).getTime() - 1000), into: path.join(dir, 'too-early') })).rejects.toThrow(
      /no base backup finished before/,
    );

    const restored = await restoreToTime({ backupDir: layout.root, to: target, into: path.join(dir, 'restored') });
    expect(restored.backup.id).toBe(manifest.id);
    const again = await startEmbeddedPostgres({ dir: restored.clusterDir });
    servers.push(again);
    const { db: restoredDb } = createDatabase(again.url('onewindow'), 2);
    const numbers = (await restoredDb.selectFrom('cases').select('number').orderBy('number').execute()).map((r) => r.number);
    expect(numbers).toEqual([...beforeBackup, ...afterBackup].sort());
    expect(numbers).not.toContain(afterTarget[0]);
    // The restored database is open for writing (promoted), not stuck in recovery.
    expect((await sql<{ recovering: boolean }>`SELECT pg_is_in_recovery() AS recovering`.execute(restoredDb)).rows[0]!.recovering).toBe(false);
    await restoredDb.destroy();
  }, 300_000);

  it('reads restore times as China time unless a zone is given', () => {
    expect(parseTargetTime('2026-12-01 10:00')?.toISOString()).toBe('2026-12-01T02:00:00.000Z');
    expect(parseTargetTime('2026-12-01T10:00:05')?.toISOString()).toBe('2026-12-01T02:00:05.000Z');
    expect(parseTargetTime('2026-12-01T10:00:00Z')?.toISOString()).toBe('2026-12-01T10:00:00.000Z');
    expect(parseTargetTime('2026-12-01 10:00:00+08:00')?.toISOString()).toBe('2026-12-01T02:00:00.000Z');
    expect(parseTargetTime('yesterday')).toBeNull();
    expect(parseTargetTime('2026-13-01 10:00')).toBeNull();
  });
});
