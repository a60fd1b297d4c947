import crypto from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createDatabase, type Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { syncOfficialSchedules } from '../modules/calendar/repo.js';
import { TEMPLATE_DATABASE } from './global-setup.js';


export interface TestDatabase {
  db: Database;
  url: string;
  destroy(): Promise<void>;
}

/** A fresh, migrated database of its own for one test file, cloned from the run's template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  return openTestDatabase(TEMPLATE_DATABASE);
}

/**
 * A database as it stood after the migration file `through` (with the official schedules), for a
 * test of a later migration on data written before it: `migrate(url)` then applies the rest.
 */
export async function createTestDatabaseThrough(through: string): Promise<TestDatabase> {
  const t = await openTestDatabase('template0');
  await migrate(t.url, { through });
  await syncOfficialSchedules(t.db);
  return t;
}

async function openTestDatabase(template: string): Promise<TestDatabase> {
  const adminUrl = inject('adminDatabaseUrl');
  const name = `test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  await admin.end();
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
  const { db } = createDatabase(url, 20);
  return {
    db,
    url,
    async destroy() {
      await db.destroy();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
