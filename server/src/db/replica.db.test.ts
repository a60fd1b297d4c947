import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { REPLICA_LAG_HEADER, WROTE_COOKIE } from '../http/read-db.js';
import { syncOfficialSchedules } from '../modules/calendar/repo.js';
import { submitApplication } from '../modules/cases/service.js';
import { dropStandbySlot, startHotStandby } from '../modules/backup/standby.js';
import { ensureDatabase } from '../platform.js';
import { loginCookie, makeWorld, toActorOf } from '../test/factories.js';
import { createDatabase, type Database } from './database.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded.js';
import { migrate } from './migrate.js';
import { ReadReplica } from './replica.js';

// A primary and its hot standby of this file's own: the shared test cluster has no standby.
let dir: string | undefined;
const servers: EmbeddedDatabase[] = [];
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  for (const server of servers.reverse()) await server.stop().catch(() => undefined);
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await pause(100);
  }
}
/** The response, or 'no answer' when it takes longer than `ms`. */
const within = <T,>(promise: Promise<T>, ms: number) => Promise.race([promise, pause(ms).then(() => 'no answer' as const)]);

describe('reads from a hot standby (ONEWINDOW_READ_DATABASE_URL)', () => {
  it('streams the primary’s writes, serves dashboards and the catalogue while the primary’s connections are saturated, and reports its lag', async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'onewindow-replica-'));
    // The postgres system user (when tests run as root) must reach the folders inside.
    await fs.chmod(dir, 0o755);
    const primaryDir = path.join(dir, 'primary');
    const primary = await startEmbeddedPostgres({ dir: primaryDir, settings: { fsync: 'off' } });
    servers.push(primary);
    await ensureDatabase(primary.url(), 'onewindow');
    const url = primary.url('onewindow');
    await migrate(url);
    // The app's primary pool: four connections, so four slow statements saturate it.
    const { db } = createDatabase(url, 4);
    cleanups.push(() => db.destroy());
    await syncOfficialSchedules(db);
    const w = await makeWorld(db);
    const submit = async (name: string) =>
      (await submitApplication({ db, actor: toActorOf(w.applicant), itemId: w.itemA.id, formData: { name, phone: '13800138000' } })).caseId;
    const first = await submit('副本一');

    const started = Date.now();
    const standby = await startHotStandby({ primaryAdminUrl: primary.url(), primaryClusterDir: primaryDir, into: path.join(dir, 'standby'), settings: { fsync: 'off' } });
    servers.push(standby);
    cleanups.push(() => dropStandbySlot(primary.url(), standby.slot));
    const standbyStartMs = Date.now() - started;
    const replica = ReadReplica.connect(standby.url('onewindow'), { maxLagMs: 60_000, maxConnections: 4 });
    cleanups.push(() => replica.close());
    const inRecovery = async (database: Database) => (await sql<{ r: boolean }>`SELECT pg_is_in_recovery() AS r`.execute(database)).rows[0]!.r;
    expect(await inRecovery(replica.db)).toBe(true);
    expect(await inRecovery(db)).toBe(false);

    // A write on the primary reaches the standby by streaming (the base backup held only `first`).
    const second = await submit('副本二');
    const seen = await until(async () => (await replica.db.selectFrom('cases').select('id').where('id', 'in', [first, second]).execute()).length === 2 || undefined);
    expect(seen).toBe(true);
    // And the standby refuses writes: it is a replica, not a copy.
    await expect(sql`UPDATE cases SET number = number WHERE id = ${first}`.execute(replica.db)).rejects.toThrow(/read-only/);

    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'onewindow-replica-files-'));
    cleanups.push(() => fs.rm(dataDir, { recursive: true, force: true }));
    const config = { ...loadConfig({}), databaseUrl: url, dataDir, loginRateLimit: 1000, readMaxLagMs: replica.maxLagMs };
    const withReplica = await buildApp({ db, config, readReplica: replica }, { serveWeb: false });
    const primaryOnly = await buildApp({ db, config }, { serveWeb: false });
    cleanups.push(() => withReplica.close(), () => primaryOnly.close());
    const session = await loginCookie(withReplica, w.supervisor.username);

    // The supervisor's dashboard is read from the replica, and says so (header and body).
    const dashboard = await withReplica.inject({ url: '/api/supervision/dashboard', headers: { cookie: session } });
    expect(dashboard.statusCode).toBe(200);
    const lagHeader = Number(dashboard.headers[REPLICA_LAG_HEADER]);
    expect(lagHeader).toBeGreaterThanOrEqual(0);
    expect(dashboard.json()).toMatchObject({ intake: { received: 2 }, readReplica: { lagMs: lagHeader } });
    // The health endpoint reports the replica's state and lag.
    expect((await withReplica.inject('/api/health')).json()).toMatchObject({ status: 'ok', readReplica: { ok: true, inUse: true, lagMs: expect.any(Number) } });
    // A case's own page reads the primary: no replica header.
    const own = await withReplica.inject({ url: `/api/cases/${second}`, headers: { cookie: session } });
    expect(own.headers[REPLICA_LAG_HEADER]).toBeUndefined();

    // Replay paused: the primary moves on, the replica does not, and its lag grows and is reported.
    await sql`SELECT pg_wal_replay_pause()`.execute(replica.db);
    const third = await submit('副本三');
    await pause(1_200);
    const stale = await withReplica.inject({ url: '/api/supervision/dashboard', headers: { cookie: session } });
    expect(stale.json()).toMatchObject({ intake: { received: 2 } });
    expect(Number(stale.headers[REPLICA_LAG_HEADER])).toBeGreaterThan(0);
    expect((await withReplica.inject('/api/health')).json().readReplica.bytesBehind).toBeGreaterThan(0);
    // Read-your-writes: a browser that has just written reads the primary and sees its write.
    const afterWrite = await withReplica.inject({ url: '/api/supervision/dashboard', headers: { cookie: `${session}; ${WROTE_COOKIE}=1` } });
    expect(afterWrite.headers[REPLICA_LAG_HEADER]).toBeUndefined();
    expect(afterWrite.json()).toMatchObject({ intake: { received: 3 }, readReplica: null });
    // A successful write sets that cookie.
    const logout = await withReplica.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: await loginCookie(withReplica, w.clerk.username) } });
    expect(logout.cookies.find((c) => c.name === WROTE_COOKIE)).toMatchObject({ value: '1', maxAge: 62, httpOnly: true });
    // Further behind than allowed, the replica is passed over for the primary.
    const strict = new ReadReplica(replica.db, 500);
    expect(await strict.usable()).toBeNull();
    await sql`SELECT pg_wal_replay_resume()`.execute(replica.db);
    await until(async () => ((await replica.db.selectFrom('cases').select('id').where('id', '=', third).executeTakeFirst()) ? true : undefined));

    // The primary busy: every connection of the app's pool held by a slow statement (watched and
    // ended through a connection of the test's own).
    const admin = createDatabase(primary.url('onewindow'), 1).db;
    cleanups.push(() => admin.destroy());
    const slow = Array.from({ length: 4 }, () => sql`SELECT pg_sleep(25)`.execute(db).catch(() => undefined));
    await until(async () => ((await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%' AND state = 'active'`.execute(admin)).rows[0]!.n >= 4 ? true : undefined), 10_000);
    try {
      // The big screen and the public catalogue still answer, from the replica …
      const screenStarted = Date.now();
      const screen = await within(withReplica.inject({ url: `/api/public/screen/${w.centre.id}` }), 10_000);
      expect(screen).not.toBe('no answer');
      if (screen === 'no answer') return;
      expect(screen.statusCode).toBe(200);
      expect(screen.json()).toMatchObject({ intake: { received: 3 } });
      expect(screen.headers[REPLICA_LAG_HEADER]).toBeDefined();
      const screenMs = Date.now() - screenStarted;
      const catalogue = await within(withReplica.inject({ url: '/api/catalog/items?page=1&pageSize=10' }), 10_000);
      expect(catalogue).not.toBe('no answer');
      if (catalogue === 'no answer') return;
      expect(catalogue.statusCode).toBe(200);
      expect(catalogue.json().total).toBeGreaterThanOrEqual(2);
      // … while the same request on the primary alone waits for a free connection.
      const waiting = primaryOnly.inject({ url: `/api/public/screen/${w.centre.id}` });
      expect(await within(waiting, 2_000)).toBe('no answer');
      console.info(`standby made and started in ${standbyStartMs} ms; big screen from the replica with the primary's pool saturated: ${screenMs} ms`);
      await cancelSleeps();
      expect((await waiting).statusCode).toBe(200);
    } finally {
      await cancelSleeps();
      await Promise.all(slow);
    }

    async function cancelSleeps() {
      await sql`SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%' AND pid <> pg_backend_pid()`.execute(admin);
    }
  }, 120_000);
});
