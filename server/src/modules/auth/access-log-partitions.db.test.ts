import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { ensureAccessLogPartitions, MIN_ACCESS_LOG_DAYS, sweepAccessLog } from './access-log.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.destroy());

const DAY = 86_400_000;
/** The China month (YYYYMM) of an instant. */
const monthOf = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 7).replace('-', '');
const partitions = async () =>
  (
    await sql<{ name: string }>`SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                                 WHERE i.inhparent = 'access_log'::regclass ORDER BY 1`.execute(t.db)
  ).rows.map((r) => r.name);
const insert = (at: Date, route: string) =>
  t.db.insertInto('access_log').values({ at, user_id: null, method: 'GET', route, status: 200, ip: null, ms: 1 }).execute();
const whereIs = async (route: string) =>
  (await sql<{ part: string }>`SELECT tableoid::regclass::text AS part FROM access_log WHERE route = ${route}`.execute(t.db)).rows.map((r) => r.part);

describe('access_log partitioned by month', () => {
  it('has this month and the next three made ahead, and files each row under its China month', async () => {
    await ensureAccessLogPartitions(t.db);
    const now = new Date();
    const names = await partitions();
    expect(names).toContain('access_log_default');
    for (let i = 0; i <= 3; i++) {
      const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + i, 15));
      expect(names).toContain(`access_log_${monthOf(month)}`);
    }
    await insert(now, '/now');
    expect(await whereIs('/now')).toEqual([`access_log_${monthOf(now)}`]);
    // 1 March 00:30 China time is still February in UTC: the China month decides.
    const year = now.getUTCFullYear() + 1;
    await ensureAccessLogPartitions(t.db, `${year}-02-01`);
    await insert(new Date(`${year}-03-01T00:30:00+08:00`), '/china-march');
    expect(await whereIs('/china-march')).toEqual([`access_log_${year}03`]);
  });

  it('moves rows the default partition caught into their month once it is made', async () => {
    const longAgo = new Date(Date.now() - 400 * DAY);
    await insert(longAgo, '/caught');
    expect(await whereIs('/caught')).toEqual(['access_log_default']);
    expect(await ensureAccessLogPartitions(t.db, new Date(longAgo.getTime() + 8 * 3_600_000).toISOString().slice(0, 10))).toBeGreaterThan(0);
    expect(await whereIs('/caught')).toEqual([`access_log_${monthOf(longAgo)}`]);
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM access_log_default`.execute(t.db)).rows[0]!.n).toBe(0);
  });

  it('sweeps whole months by dropping their partition and the boundary month row by row, never under six months', async () => {
    const old = new Date(Date.now() - 400 * DAY);
    const oldPartition = `access_log_${monthOf(old)}`;
    expect(await partitions()).toContain(oldPartition);
    await insert(new Date(old.getTime() + 1000), '/caught-too');
    await insert(new Date(Date.now() - (MIN_ACCESS_LOG_DAYS + 1) * DAY), '/just-too-old');
    await insert(new Date(Date.now() - (MIN_ACCESS_LOG_DAYS - 1) * DAY), '/kept');
    // Asked for 30 days, the sweep still keeps six months: the 400-day-old month goes whole (two
    // rows), the row just past six months is deleted, the one just inside stays.
    expect(await sweepAccessLog(t.db, 30)).toBe(3);
    expect(await partitions()).not.toContain(oldPartition);
    expect(await whereIs('/just-too-old')).toEqual([]);
    expect(await whereIs('/kept')).toHaveLength(1);
    expect(await whereIs('/now')).toHaveLength(1);
  });
});
