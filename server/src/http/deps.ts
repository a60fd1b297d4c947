import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { ReadReplica } from '../db/replica.js';

/** What route plugins need from the running platform; one object, decorated on the instance. */
export interface AppDeps {
  db: Database;
  config: Config;
  /** ONEWINDOW_READ_DATABASE_URL's pool; reads that may lag take it through http/read-db.ts's readDb(). */
  readReplica?: ReadReplica;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
}
