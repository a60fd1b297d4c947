import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../db/embedded.js';
import { migrate } from '../db/migrate.js';
import { ensureDatabase } from '../platform.js';

export interface OwnCluster {
  /** The temp folder holding the cluster (in `pg/`); a test may keep its own files beside it. */
  dir: string;
  embedded: EmbeddedDatabase;
  /** The migrated `onewindow` database on it. */
  url: string;
  /** What the embedded server reported about its restarts, in order. */
  reports: string[];
  postmasterPid(): Promise<number>;
  /** Stops the cluster and removes its folder. */
  stop(): Promise<void>;
}

/**
 * A PostgreSQL cluster of a test's own, for a test that kills its postmaster (which must not take
 * the run's shared cluster along). It restarts by itself as in production, reporting into `reports`.
 */
export async function startOwnCluster(name: string, settings: Record<string, string>): Promise<OwnCluster> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `onewindow-${name}-`));
  await fs.chmod(dir, 0o755);
  const reports: string[] = [];
  const embedded = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), settings, restart: { report: (m) => reports.push(m) } });
  await ensureDatabase(embedded.url(), 'onewindow');
  const url = embedded.url('onewindow');
  await migrate(url);
  return {
    dir,
    embedded,
    url,
    reports,
    postmasterPid: async () => Number((await fs.readFile(path.join(dir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]),
    async stop() {
      await embedded.stop();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
