import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { PROJECT_ROOT } from '../paths.js';

const MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'server', 'src', 'db', 'migrations');
/** Any constant works; it only has to be the same in every process that migrates. */
const MIGRATION_LOCK = 72_201_001;

/**
 * Applies every `migrations/*.sql` file not applied yet, in name (timestamp) order, each in its own
 * transaction. An advisory lock keeps two starting servers from racing. `through` stops after the
 * file of that name (tests of a migration build the database as it was before it).
 * @returns the names of the files applied by this call
 */
export async function migrate(connectionString: string, options: { through?: string } = {}): Promise<string[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    // A hundred-odd commits on a first start need not each wait for the disk: a crash can only lose
    // the last ones whole (the log is written in order), and those are applied again at the next start.
    await client.query('SET synchronous_commit = off');
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set((await client.query('SELECT name FROM schema_migrations')).rows.map((r) => r.name));
    const files = (await fs.readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql') && (!options.through || f <= options.through)).sort();
    const applied: string[] = [];
    for (const file of files) {
      if (done.has(file)) continue;
      const sql = await fs.readFile(path.join(MIGRATIONS_DIR, file), 'utf8');
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${file} failed: ${(error as Error).message}`);
      }
      applied.push(file);
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    await client.end();
  }
}
