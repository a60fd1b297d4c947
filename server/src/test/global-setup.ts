import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../db/embedded.js';
import { migrate } from '../db/migrate.js';
import { createDatabase } from '../db/database.js';
import { syncOfficialSchedules } from '../modules/calendar/repo.js';
import { ensureDatabase } from '../platform.js';

export const TEMPLATE_DATABASE = 'onewindow_template';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the test cluster, for creating per-file databases. */
    adminDatabaseUrl: string;
  }
}

/**
 * One throw-away PostgreSQL for the whole run (or the server named by TEST_DATABASE_URL), with a
 * migrated template database that every test file clones in milliseconds.
 */
export default async function setup(project: TestProject) {
  let adminUrl = process.env.TEST_DATABASE_URL;
  let stop = async () => {};
  let dir: string | undefined;
  if (!adminUrl) {
    // os.tmpdir() is readable by the postgres system user even when the checkout is under /root.
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'onewindow-test-'));
    await fs.chmod(dir, 0o755);
    const embedded = await startEmbeddedPostgres({
      dir: path.join(dir, 'pg'),
      // Durability is pointless for a cluster deleted after the run.
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '300' },
    });
    adminUrl = embedded.url();
    stop = () => embedded.stop();
  }
  await ensureDatabase(adminUrl, TEMPLATE_DATABASE);
  const templateUrl = adminUrl.replace(/\/[^/]*$/, `/${TEMPLATE_DATABASE}`);
  await migrate(templateUrl);
  // Every test database starts with the official schedules, as a started platform does.
  const { db } = createDatabase(templateUrl, 1);
  await syncOfficialSchedules(db);
  await db.destroy();
  project.provide('adminDatabaseUrl', adminUrl);
  return async () => {
    await stop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  };
}
