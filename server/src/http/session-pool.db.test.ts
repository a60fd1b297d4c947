import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { createDatabase } from '../db/database.js';
import { createTestDatabase, type TestDatabase } from '../test/database.js';
import { loginCookie, makeWorld } from '../test/factories.js';

let t: TestDatabase;
let app: FastifyInstance;
let dataDir: string;
let w: Awaited<ReturnType<typeof makeWorld>>;
const sessions = { pool: undefined as unknown as ReturnType<typeof createDatabase>, checks: 0 };

beforeAll(async () => {
  t = await createTestDatabase();
  w = await makeWorld(t.db);
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'onewindow-files-'));
  sessions.pool = createDatabase(t.url, 1);
  // The check is a named statement: its connections are the keyed pool's (RoutedPool).
  for (const pool of [sessions.pool.pool, sessions.pool.keyedPool]) pool.on('acquire', () => sessions.checks++);
  const config = { ...loadConfig({}), databaseUrl: t.url, dataDir, loginRateLimit: 1000 };
  app = await buildApp({ db: t.db, sessionDb: sessions.pool.db, config }, { serveWeb: false });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await sessions.pool.db.destroy();
  await t.destroy();
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('the session check’s own connections', () => {
  it('checks every signed-in request through them, and a disabled account is refused at once', async () => {
    const cookie = await loginCookie(app, w.applicant.username);
    const me = () => app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    // Every connection of the shared pool (createTestDatabase's 20) is held by a long write; the
    // check does not wait for them.
    const holders = Array.from({ length: 20 }, () => sql`SELECT pg_sleep(1.5)`.execute(t.db));
    const before = sessions.checks;
    const during = await Promise.race([me(), new Promise<'queued'>((resolve) => setTimeout(() => resolve('queued'), 1_000))]);
    await Promise.all(holders);
    expect(during).not.toBe('queued');
    expect((during as Awaited<ReturnType<typeof me>>).statusCode).toBe(200);
    expect(sessions.checks).toBe(before + 1);

    // Still the primary, read fresh on every request: disabling the account ends the session now.
    await t.db.updateTable('users').set({ disabled: true }).where('id', '=', w.applicant.id).execute();
    expect((await me()).statusCode).toBe(401);
  });
});
