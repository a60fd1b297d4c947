import type { Config } from '../config.js';
import type { Database } from '../db/database.js';

/** What route plugins need from the running platform; one object, decorated on the instance. */
export interface AppDeps {
  db: Database;
  config: Config;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
}
