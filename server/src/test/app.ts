import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { loadConfig, type Config } from '../config.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface TestApp extends TestDatabase {
  app: FastifyInstance;
  dataDir: string;
}

/** The real app on its own database, driven through `inject` (no port, no web build). */
export async function createTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  // Uploaded files go to a folder of this test's own, never the checkout's ./data.
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'onewindow-files-'));
  // Many logins from one test "address": the per-address limit gets its own test.
  const config = { ...loadConfig({}), databaseUrl: database.url, dataDir, loginRateLimit: 1000, ...overrides };
  const app = await buildApp({ db: database.db, config }, { serveWeb: false });
  await app.ready();
  return {
    ...database,
    app,
    dataDir,
    async destroy() {
      await app.close();
      await database.destroy();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
