import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { ReadReplica } from '../db/replica.js';

/** What route plugins need from the running platform; one object, decorated on the instance. */
export interface AppDeps {
  db: Database;
  config: Config;
  /** ONEWINDOW_READ_DATABASE_URL's pool; reads that may lag take it through http/read-db.ts's readDb(). */
  readReplica?: ReadReplica;
  /**
   * A few connections of the primary for the session check every signed-in request makes (unset:
   * `db`). In the shared pool that check queued behind the writes holding its connections: under
   * 50 connections submitting, 200 ms of a supervisor's 370 ms dashboard, whichever database then
   * answered the figures (bench/replica.bench.ts).
   */
  sessionDb?: Database;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
}
