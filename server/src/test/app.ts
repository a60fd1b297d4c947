import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface TestApp extends TestDatabase {
  app: FastifyInstance;
}

/** The real app on its own database, driven through `inject` (no port, no web build). */
export async function createTestApp(): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = { ...loadConfig({}), databaseUrl: database.url };
  const app = await buildApp({ db: database.db, config }, { serveWeb: false });
  await app.ready();
  return {
    ...database,
    app,
    async destroy() {
      await app.close();
      await database.destroy();
    },
  };
}
