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
   * `db`). In the shared pool the check waits for a connection behind writes that wait for their
   * commit flush, so a dashboard read from the replica would still queue on the primary's pool.
   */
  sessionDb?: Database;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
}
