import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { seedDemo } from '../../demo/seed.js';
import { chinaDate } from '../../util/china-time.js';
import { currentCalendar } from '../calendar/service.js';
import { verifyTimelines } from '../cases/audit.js';
import { generateScaleHistory } from './scale.js';
import { periodStats } from './stats.js';
import { regionPrefix } from '../cases/policy.js';
import { nowMs } from '../../util/clock.js';
import { isValidCreditCode } from '../../util/identity.js';
import { toActor } from '../auth/actor.js';
import { visibleCases } from '../cases/policy.js';
import { supervisionScope } from './scope.js';
import { dashboardTiles, lightsBy } from './dashboard.js';

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

describe('seed:scale --cities (a province)', () => {
  let p: TestDatabase;
  const centres = () =>
    sql<{ id: number; region_code: string; cases: number }>`
      SELECT c.id, c.region_code, (SELECT count(*) FROM cases x WHERE x.centre_id = c.id)::int AS cases
        FROM centres c WHERE c.kind = 'centre' AND EXISTS (SELECT 1 FROM departments d WHERE d.centre_id = c.id AND d.id IN (SELECT department_id FROM service_items))
       ORDER BY c.id`.execute(p.db);
  const footprint = async () =>
    (
      await sql<{ regions: number; centres: number; departments: number; items: number; windows: number; users: number }>`
        SELECT (SELECT count(*) FROM regions)::int AS regions, (SELECT count(*) FROM centres)::int AS centres,
               (SELECT count(*) FROM departments)::int AS departments, (SELECT count(*) FROM service_items)::int AS items,
               (SELECT count(*) FROM windows)::int AS windows, (SELECT count(*) FROM users)::int AS users`.execute(p.db)
    ).rows[0]!;
  let afterFirstRun: Awaited<ReturnType<typeof footprint>>;
  beforeAll(async () => {
    p = await createTestDatabase();
    await seedDemo(p.db, 'Demo-Password-1');
    const result = await generateScaleHistory(p.db, { cases: 4000, days: 90, chunk: 1500, cities: 3 });
    expect(result).toMatchObject({ cases: 4000, cities: 3 });
    afterFirstRun = await footprint();
  }, 120_000);
  afterAll(() => p.destroy());

  it('makes the cities as copies of the first, in the same province, and spreads the cases over all of them', async () => {
    const { rows: cities } = await centres();
    expect(cities.map((c) => c.region_code)).toEqual(['220581', '229901', '229902']);
    // The demo city is the big one (about 58 % of three), the others have their share.
    expect(cities.reduce((s, c) => s + c.cases, 0)).toBe(4000);
    expect(cities[0]!.cases).toBeGreaterThan(cities[1]!.cases);
    for (const city of cities) expect(city.cases).toBeGreaterThan(400);
    const { rows: copies } = await sql<{ region_code: string; parent_code: string; level: string; departments: number; serving: number; items: number; windows: number; reviewers: number }>`
      SELECT r.code AS region_code, r.parent_code, r.level,
             (SELECT count(*) FROM departments d WHERE d.centre_id = c.id)::int AS departments,
             (SELECT count(DISTINCT d.id) FROM departments d JOIN service_items i ON i.department_id = d.id AND i.status = 'published' WHERE d.centre_id = c.id)::int AS serving,
             (SELECT count(*) FROM service_items i JOIN departments d ON d.id = i.department_id WHERE d.centre_id = c.id AND i.status = 'published')::int AS items,
             (SELECT count(*) FROM windows w JOIN users u ON u.window_id = w.id AND u.role = 'clerk' WHERE w.centre_id = c.id)::int AS windows,
             (SELECT count(*) FROM users u JOIN departments d ON d.id = u.department_id WHERE u.role = 'reviewer' AND d.centre_id = c.id)::int AS reviewers
        FROM centres c JOIN regions r ON r.code = c.region_code WHERE c.id = ANY(${cities.map((c) => c.id)}::int[]) ORDER BY c.id`.execute(p.db);
    const [first, ...others] = copies;
    for (const copy of others) {
      expect(copy).toMatchObject({ level: 'county', parent_code: '229900', departments: first!.departments, items: first!.items, windows: 12 });
      // Three reviewers in each department that has items to decide.
      expect(copy.serving).toBe(first!.serving);
      expect(copy.reviewers).toBe(copy.serving * 3);
    }
    // Every copied department has a valid credit code of its own city, every item code is unique.
    const departments = await sql<{ credit_code: string; region_code: string }>`
      SELECT credit_code, region_code FROM departments WHERE region_code LIKE '2299%'`.execute(p.db);
    for (const d of departments.rows) {
      expect(isValidCreditCode(d.credit_code)).toBe(true);
      expect(d.credit_code.slice(2, 8)).toBe(d.region_code);
    }
  });

  it('keeps every case inside its city: department, item, region, clerk, window and reviewer', async () => {
    const { rows } = await sql<Record<string, number>>`
      SELECT count(*)::int AS cases,
             count(*) FILTER (WHERE d.centre_id <> c.centre_id)::int AS department_elsewhere,
             count(*) FILTER (WHERE i.department_id <> c.department_id)::int AS item_elsewhere,
             count(*) FILTER (WHERE ce.region_code <> c.region_code OR d.region_code <> c.region_code)::int AS region_elsewhere,
             count(*) FILTER (WHERE cl.centre_id <> c.centre_id OR w.centre_id <> c.centre_id)::int AS clerk_elsewhere,
             count(*) FILTER (WHERE r.department_id <> c.department_id)::int AS reviewer_elsewhere,
             count(*) FILTER (WHERE c.clerk_id IS NOT NULL)::int AS with_clerk,
             count(*) FILTER (WHERE r.id IS NOT NULL)::int AS with_reviewer
        FROM cases c
        JOIN departments d ON d.id = c.department_id
        JOIN service_items i ON i.id = c.item_id
        JOIN centres ce ON ce.id = c.centre_id
        LEFT JOIN users cl ON cl.id = c.clerk_id
        LEFT JOIN windows w ON w.id = c.window_id
        LEFT JOIN users r ON r.id = coalesce(c.decided_by, c.assignee_id)`.execute(p.db);
    expect(rows[0]).toMatchObject({
      cases: 4000,
      department_elsewhere: 0,
      item_elsewhere: 0,
      region_elsewhere: 0,
      clerk_elsewhere: 0,
      reviewer_elsewhere: 0,
    });
    expect(rows[0]!.with_clerk).toBeGreaterThan(3500);
    expect(rows[0]!.with_reviewer).toBeGreaterThan(3000);
  });

  it("shows a provincial supervisor the sum of the cities' figures", async () => {
    const supervisor = await p.db
      .insertInto('users')
      .values({ username: 'province_supervisor', password_hash: 'x', display_name: '省政务服务监察', role: 'supervisor', region_code: '220000' })
      .returningAll()
      .executeTakeFirstOrThrow();
    const actor = toActor(supervisor);
    const province = await supervisionScope(p.db, actor);
    expect(province).toEqual({ regionPrefix: '22' });
    const { rows: cities } = await centres();
    const perCity = await Promise.all(cities.map((c) => dashboardTiles(p.db, { scope: { regionPrefix: regionPrefix(c.region_code) } })));
    const whole = await dashboardTiles(p.db, { scope: province });
    const sum = (pick: (t: (typeof perCity)[number]) => number) => perCity.reduce((s, t) => s + pick(t), 0);
    expect(whole.lights.total).toBeGreaterThan(0);
    for (const light of ['green', 'yellow', 'red', 'grey', 'total'] as const) expect(whole.lights[light]).toBe(sum((t) => t.lights[light]));
    for (const step of ['received', 'accepted', 'completed'] as const) expect(whole.intake[step]).toBe(sum((t) => t.intake[step]));
    expect(whole.waitingForAcceptance).toBe(sum((t) => t.waitingForAcceptance));
    // The lights per department list every city's departments; the month's statistics add up.
    const lights = await lightsBy(p.db, { group: 'department', scope: province });
    expect(new Set(lights.map((l) => l.key)).size).toBe(lights.length);
    expect(lights.reduce((s, l) => s + l.total, 0)).toBe(whole.lights.total);
    const today = chinaDate();
    const from = new Date(nowMs() - 60 * 86_400_000).toISOString().slice(0, 10);
    const cityStats = await Promise.all(cities.map((c) => periodStats(p.db, { from, to: today, dimension: 'department', scope: { regionPrefix: regionPrefix(c.region_code) } })));
    const { total } = await periodStats(p.db, { from, to: today, dimension: 'department', scope: province });
    expect(total.received).toBeGreaterThan(0);
    expect(total.received).toBe(cityStats.reduce((s, c) => s + c.total.received, 0));
    expect(total.completed).toBe(cityStats.reduce((s, c) => s + c.total.completed, 0));
    // And the cases policy lets them see every case of the province.
    const visible = await p.db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).where(visibleCases(actor)).executeTakeFirstOrThrow();
    expect(Number(visible.n)).toBe(4000);
  });

  // Last: it adds cases the tests above count.
  it('reuses the cities when a month is added (no second region, centre, department or item)', async () => {
    await generateScaleHistory(p.db, { cases: 300, days: 30, chunk: 300, cities: 3, rebuildIndexes: false });
    expect(await footprint()).toEqual({ ...afterFirstRun, users: afterFirstRun.users + 1 });
    const { rows: cities } = await centres();
    expect(cities).toHaveLength(3);
    expect(cities.reduce((s, c) => s + c.cases, 0)).toBe(4300);
  });
});
