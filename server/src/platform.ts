import path from 'node:path';
import pg from 'pg';
import type { Config } from './config.js';
import { createDatabase, type Database } from './db/database.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded.js';
import { migrate } from './db/migrate.js';
import { ReadReplica } from './db/replica.js';
import { archiveSettings, backupLayout, prepareLayout } from './modules/backup/archive.js';
import { syncOfficialSchedules } from './modules/calendar/repo.js';

export const EMBEDDED_DATABASE_NAME = 'onewindow';

export interface OpenedDatabase {
  db: Database;
  url: string;
  /** Present when onewindow started its own PostgreSQL. */
  embedded?: EmbeddedDatabase;
  /** Present with ONEWINDOW_READ_DATABASE_URL. */
  readReplica?: ReadReplica;
  close(): Promise<void>;
}

/**
 * Connects to DATABASE_URL, or starts the embedded PostgreSQL under the data folder, then applies
 * migrations. The caller owns `close()`, which also stops an embedded server.
 */
export async function openDatabase(config: Config, log: (message: string) => void): Promise<OpenedDatabase> {
  let embedded: EmbeddedDatabase | undefined;
  let url = config.databaseUrl;
  if (!url) {
    const dir = path.join(config.dataDir, 'postgres');
    log(`starting embedded PostgreSQL in ${dir} (WAL archived into ${config.backupDir})`);
    // Continuous archiving from the first start: a base backup (`cli backup`) plus this archive
    // restores to any moment (`cli restore --to`). A killed or crashed server comes back by
    // itself; meanwhile requests answer 503 UNAVAILABLE.
    const layout = backupLayout(config.backupDir);
    embedded = await startEmbeddedPostgres({ dir, settings: archiveSettings(layout), restart: { report: log } });
    // After the start: on a first start as root the package has only now created the `postgres`
    // user the archive folder must belong to (a failed archive_command is simply retried).
    await prepareLayout(layout);
    await ensureDatabase(embedded.url(), EMBEDDED_DATABASE_NAME);
    url = embedded.url(EMBEDDED_DATABASE_NAME);
  }
  try {
    const applied = await migrate(url);
    if (applied.length) log(`applied ${applied.length} migration(s): ${applied.join(', ')}`);
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  const { db } = createDatabase(url);
  const years = await syncOfficialSchedules(db);
  if (years.length) log(`loaded the State Council holiday schedules for ${years.join(', ')}`);
  const readReplica = config.readDatabaseUrl ? ReadReplica.connect(config.readDatabaseUrl, { maxLagMs: config.readMaxLagMs }) : undefined;
  if (readReplica) {
    const status = await readReplica.status();
    log(
      status.ok
        ? `dashboards, statistics and the public catalogue read from the replica (${status.standby ? `lag ${status.lagMs} ms` : 'not a standby'})`
        : 'the read replica does not answer: its reads go to the primary until it does',
    );
  }
  return {
    db,
    url,
    embedded,
    readReplica,
    async close() {
      await readReplica?.close();
      await db.destroy();
      await embedded?.stop();
    },
  };
}

export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}
