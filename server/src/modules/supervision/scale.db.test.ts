import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { seedDemo } from '../../demo/seed.js';
import { chinaDate } from '../../util/china-time.js';
import { currentCalendar } from '../calendar/service.js';
import { verifyTimelines } from '../cases/audit.js';
import { generateScaleHistory } from './scale.js';
import { periodStats } from './stats.js';
import { lightsBy } from './dashboard.js';
import { regionPrefix } from '../cases/policy.js';
import { nowMs } from '../../util/clock.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db, 'Demo-Password-1');
  // Index rebuild on, so the drop-and-rebuild path is exercised too.
  await generateScaleHistory(t.db, { cases: 6000, days: 120, chunk: 2500, rebuildIndexes: true });
}, 120_000);
afterAll(() => t.destroy());

describe('seed:scale', () => {
  it('writes the asked number of cases with a realistic mix of states', async () => {
    const { rows } = await sql<{ status: string; n: number }>`SELECT status, count(*)::int AS n FROM cases WHERE number LIKE 'H%' GROUP BY 1`.execute(t.db);
    const by = Object.fromEntries(rows.map((r) => [r.status, r.n]));
    expect(Object.values(by).reduce((a, b) => a + b, 0)).toBe(6000);
    expect(by.completed).toBeGreaterThan(4000);
    expect(by.accepted).toBeGreaterThan(50);
    expect(by.refused).toBeGreaterThan(60);
    expect(by.withdrawn).toBeGreaterThan(30);
    // About 8% of accepted cases had their clock stopped, each stop on record.
    const stops = await sql<{ n: number }>`SELECT count(*)::int AS n FROM case_clock_stops`.execute(t.db);
    const accepted = 6000 - (by.refused ?? 0) - (by.withdrawn ?? 0) - (by.submitted ?? 0);
    expect(stops.rows[0]!.n / accepted).toBeGreaterThan(0.04);
    expect(stops.rows[0]!.n / accepted).toBeLessThan(0.12);
  });

  it('keeps every deadline on a working day and every case consistent with its clock', async () => {
    const calendar = await currentCalendar(t.db);
    const { rows } = await sql<{ due_date: string; base_due_date: string; accepted_at: Date; decided_at: Date | null; status: string; workdays_used: number | null; stopped_workdays: number }>`
      SELECT due_date, base_due_date, accepted_at, decided_at, status, workdays_used, stopped_workdays
        FROM cases WHERE number LIKE 'H%' AND accepted_at IS NOT NULL ORDER BY random() LIMIT 300`.execute(t.db);
    for (const r of rows) {
      expect(calendar.isWorkday(r.due_date)).toBe(true);
      expect(r.due_date >= r.base_due_date).toBe(true);
      if (r.decided_at) {
        expect(r.decided_at.getTime()).toBeGreaterThan(r.accepted_at.getTime());
        expect(r.workdays_used).not.toBeNull();
      }
    }
    // Every index dropped for the load is back.
    const { rows: indexes } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_indexes WHERE tablename = 'cases'`.execute(t.db);
    expect(indexes[0]!.n).toBeGreaterThanOrEqual(15);
    expect(await t.db.selectFrom('settings').select('key').where('key', '=', 'scale_dropped_indexes').executeTakeFirst()).toBeUndefined();
    // No timeline rows were invented, so the audit chain still verifies.
    expect((await verifyTimelines(t.db)).firstBreak).toBeNull();
  });

  it('is counted by the statistics exactly as the cases behind them', async () => {
    const today = chinaDate();
    // The whole generated history (120 days) and today live.
    const from = new Date(nowMs() - 200 * 86_400_000).toISOString().slice(0, 10);
    const scope = { regionPrefix: regionPrefix('220581') };
    const { total } = await periodStats(t.db, { from, to: today, dimension: 'department', scope });
    const truth = await sql<{ completed: number; late: number; received: number; completed_promised: number; early: number }>`
      SELECT count(*) FILTER (WHERE c.status = 'completed' AND completed_at >= (${from}::date::timestamp AT TIME ZONE 'Asia/Shanghai'))::int AS completed,
             count(*) FILTER (WHERE c.status = 'completed' AND completed_at >= (${from}::date::timestamp AT TIME ZONE 'Asia/Shanghai')
                              AND (decided_at AT TIME ZONE 'Asia/Shanghai')::date > due_date)::int AS late,
             count(*) FILTER (WHERE submitted_at >= (${from}::date::timestamp AT TIME ZONE 'Asia/Shanghai'))::int AS received,
             -- 提前办结 and its denominator: 承诺件 only, by the item's kind in the case's catalogue version.
             count(*) FILTER (WHERE c.status = 'completed' AND completed_at >= (${from}::date::timestamp AT TIME ZONE 'Asia/Shanghai')
                              AND coalesce(v.snapshot->>'kind', i.kind) = 'promised')::int AS completed_promised,
             count(*) FILTER (WHERE c.status = 'completed' AND completed_at >= (${from}::date::timestamp AT TIME ZONE 'Asia/Shanghai')
                              AND coalesce(v.snapshot->>'kind', i.kind) = 'promised' AND (decided_at AT TIME ZONE 'Asia/Shanghai')::date < due_date)::int AS early
        FROM cases c JOIN service_items i ON i.id = c.item_id LEFT JOIN service_item_versions v ON v.id = c.item_version_id`.execute(t.db);
    expect(total).toMatchObject(truth.rows[0]!);
    expect(total.late).toBeGreaterThan(0);
    expect(total.onTimeRate).toBeGreaterThan(0.9);
    expect(total.earlyRate).toBe(truth.rows[0]!.completed_promised ? truth.rows[0]!.early / truth.rows[0]!.completed_promised : null);
    const lights = await lightsBy(t.db, { group: 'department', scope });
    expect(lights.reduce((s, r) => s + r.red, 0)).toBeGreaterThan(0);
  });

  // Last: it adds cases the tests above count.
  it('adds a month of history, re-rolling only the days it touched', async () => {
    const rolled = async () =>
      new Map((await sql<{ day: string; at: Date }>`SELECT day::text AS day, rolled_at AS at FROM stats_rolled_days`.execute(t.db)).rows.map((r) => [r.day, r.at.getTime()]));
    const before = await rolled();
    const today = chinaDate();
    const dayAgo = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
    const old = dayAgo(90);
    const recent = dayAgo(2);
    expect(before.has(old) && before.has(recent)).toBe(true);
    await generateScaleHistory(t.db, { cases: 400, days: 30, chunk: 400, rebuildIndexes: false });
    const after = await rolled();
    expect(after.get(old)).toBe(before.get(old));
    expect(after.get(recent)!).toBeGreaterThan(before.get(recent)!);
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM cases WHERE number LIKE 'H%'`.execute(t.db);
    expect(rows[0]!.n).toBe(6400);
    // The month's cases are in the statistics of the days they fell on.
    const from = dayAgo(30);
    const { total } = await periodStats(t.db, { from, to: dayAgo(1), dimension: 'department', scope: { regionPrefix: regionPrefix('220581') } });
    const truth = await sql<{ received: number }>`
      SELECT count(*)::int AS received FROM cases
       WHERE submitted_at >= (${from}::date::timestamp AT TIME ZONE 'Asia/Shanghai') AND submitted_at < (${today}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`.execute(t.db);
    expect(total.received).toBe(truth.rows[0]!.received);
  });
});
