import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { loginCookie, makeItem, makeWorld, toActorOf } from '../../test/factories.js';
import { caseLight } from '../cases/clock.js';
import * as cases from '../cases/service.js';
import { calendarFor, scopesOf } from './service.js';
import { officialYears } from './official-schedules.js';
import { chinaDate } from '../../util/china-time.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t.db);
  admin = await loginCookie(t.app, w.admin.username);
});
afterAll(() => t.destroy());

const get = (url: string) => t.app.inject({ url });

describe('public calendar API', () => {
  it('answers deadlines by the official schedule', async () => {
    expect((await get('/api/calendar/deadline?start=2026-02-13&workdays=2')).json()).toEqual({ due: '2026-02-24', provisional: false });
    expect((await get('/api/calendar/deadline?start=2025-12-31&workdays=1')).json()).toEqual({ due: '2026-01-04', provisional: false });
    expect((await get('/api/calendar/deadline?start=2026-12-31&workdays=1')).json()).toEqual({ due: '2027-01-01', provisional: true });
  });

  it('lists days with their kind and name', async () => {
    const days = (await get('/api/calendar/days?from=2026-02-14&to=2026-02-15')).json();
    expect(days).toEqual([
      { date: '2026-02-14', workday: true, kind: 'makeup', name: '春节' },
      { date: '2026-02-15', workday: false, kind: 'holiday', name: '春节' },
    ]);
  });

  it('counts elapsed and remaining working days', async () => {
    expect((await get('/api/calendar/elapsed?from=2026-02-13&to=2026-02-28')).json()).toEqual({ workdays: 6 });
    expect((await get('/api/calendar/elapsed?from=2026-02-13T09:00:00%2B08:00&to=2026-02-24T23:30:00%2B08:00')).json()).toEqual({ workdays: 2 });
    expect((await get('/api/calendar/remaining?due=2026-10-10&today=2026-10-12')).json()).toEqual({ workdays: -1, overdue: true });
  });

  it('rejects bad dates with the field named', async () => {
    const bad = await get('/api/calendar/deadline?start=2026-02-30&workdays=2');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('query.start');
    expect((await get('/api/calendar/deadline?start=1999-01-01&workdays=2')).statusCode).toBe(400);
    expect((await get('/api/calendar/days?from=2026-03-01&to=2026-02-01')).statusCode).toBe(400);
  });
});

describe('keeping the calendar', () => {
  // The first year without a shipped schedule, whenever this test runs.
  const nextYear = Math.max(...officialYears(), Number(chinaDate().slice(0, 4))) + 1;
  const firstSaturdayAfter = (date: string) => {
    let d = Date.parse(`${date}T00:00:00Z`) + 86_400_000;
    while (new Date(d).getUTCDay() !== 6) d += 86_400_000;
    return new Date(d).toISOString().slice(0, 10);
  };
  const scheduleNextYear = {
    source: `国务院办公厅关于${nextYear}年部分节假日安排的通知（测试）`,
    holidays: [
      { name: '元旦', from: `${nextYear}-01-01`, to: `${nextYear}-01-03`, makeupWorkdays: [] },
      { name: '春节', from: `${nextYear}-02-06`, to: `${nextYear}-02-13`, makeupWorkdays: [firstSaturdayAfter(`${nextYear}-02-13`)] },
    ],
  };

  it('is for administrators only', async () => {
    expect((await t.app.inject({ method: 'PUT', url: `/api/admin/calendar/years/${nextYear}`, payload: scheduleNextYear })).statusCode).toBe(401);
    const clerk = await loginCookie(t.app, w.clerk.username);
    const forbidden = await t.app.inject({ method: 'PUT', url: `/api/admin/calendar/years/${nextYear}`, headers: { cookie: clerk }, payload: scheduleNextYear });
    expect(forbidden.statusCode).toBe(403);
  });

  it('refuses an impossible schedule, naming each bad field', async () => {
    const response = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/calendar/years/2027',
      headers: { cookie: admin },
      payload: {
        source: '测试通知文号',
        holidays: [
          { name: '春节', from: '2027-02-13', to: '2027-02-06', makeupWorkdays: ['2027-02-17'] },
          { name: '', from: '2026-10-01', to: '2026-10-03', makeupWorkdays: [] },
        ],
      },
    });
    expect(response.statusCode).toBe(400);
    const fields = response.json().error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['body.holidays.1.name']));
    // The zod shape passes before the calendar rules run, so send a shape-valid but wrong notice too.
    const rules = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/calendar/years/2027',
      headers: { cookie: admin },
      payload: {
        source: '测试通知文号',
        holidays: [
          { name: '春节', from: '2027-02-13', to: '2027-02-06', makeupWorkdays: ['2027-02-17'] },
          { name: '国庆', from: '2026-10-01', to: '2026-10-03', makeupWorkdays: [] },
        ],
      },
    });
    expect(rules.json().error.details).toEqual(
      expect.arrayContaining([
        { field: 'body.holidays.0.to', label: '结束日期（第 1 项）', message: '结束日期不能早于开始日期' },
        { field: 'body.holidays.0.makeupWorkdays.0', label: '调休上班日（第 1 项）', message: '2027-02-17 不是周末，无需调休上班' },
        { field: 'body.holidays.1.from', label: '开始日期（第 2 项）', message: '应在 2027 年内' },
      ]),
    );
  });

  it('a new year’s schedule recomputes every provisional deadline, on the timeline', async () => {
    // A promise long enough to run into the year that has no schedule yet.
    const national = await calendarFor(t.db);
    const promised = national.workdaysBetween(chinaDate(), `${nextYear}-01-20`);
    const item = await makeItem(t.db, w.deptA.id, { promised, legal: null });
    const { caseId } = await cases.submitApplication({ db: t.db, actor: toActorOf(w.applicant), itemId: item.id, formData: { name: '跨年', phone: '13800138000' } });
    await cases.acceptCase({ db: t.db, actor: toActorOf(w.clerk), caseId });
    const before = await t.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
    expect(before.due_date! >= `${nextYear}-01-01`).toBe(true);
    expect(before.due_provisional).toBe(true);

    const saved = await t.app.inject({ method: 'PUT', url: `/api/admin/calendar/years/${nextYear}`, headers: { cookie: admin }, payload: scheduleNextYear });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().recomputedCases).toBeGreaterThanOrEqual(1);

    const after = await t.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
    expect(after.due_provisional).toBe(false);
    const calendar = await calendarFor(t.db, after.region_code);
    expect(calendar.isProvisional(nextYear)).toBe(false);
    expect(calendar.day(scheduleNextYear.holidays[1]!.makeupWorkdays[0]!)).toMatchObject({ workday: true, kind: 'makeup' });
    expect(calendar.workdaysBetween(before.base_due_date!, after.due_date!)).toBeGreaterThanOrEqual(0);
    const last = await t.db.selectFrom('case_events').selectAll().where('case_id', '=', caseId).orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(last).toMatchObject({ action: 'recompute_deadline', actor_role: 'system' });
    expect(last.data).toMatchObject({ previousDueDate: before.due_date, dueDate: after.due_date, provisional: false });
    const { verifyTimelines } = await import('../cases/audit.js');
    expect((await verifyTimelines(t.db)).firstBreak).toBeNull();

    const status = (await t.app.inject({ url: '/api/admin/calendar', headers: { cookie: admin } })).json();
    expect(status.years.map((y: { year: number }) => y.year)).toContain(nextYear);
  });

  it('a region’s closed day moves that region’s deadlines only', async () => {
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/calendar/region-days/2026-03-02',
      headers: { cookie: admin },
      payload: { name: '大厅设备检修' },
    });
    expect(put.statusCode).toBe(200);
    const regional = (await get('/api/calendar/deadline?start=2026-02-27&workdays=1&region=220581')).json();
    const national = (await get('/api/calendar/deadline?start=2026-02-27&workdays=1')).json();
    expect(national.due).toBe('2026-02-28');
    expect((await get('/api/calendar/deadline?start=2026-02-28&workdays=1&region=220581')).json().due).toBe('2026-03-03');
    expect(regional.due).toBe('2026-02-28');
    expect((await get('/api/calendar/days?from=2026-03-02&to=2026-03-02&region=220581')).json()).toEqual([
      { date: '2026-03-02', workday: false, kind: 'holiday', name: '大厅设备检修' },
    ]);
    const removed = await t.app.inject({ method: 'DELETE', url: '/api/admin/calendar/region-days/2026-03-02', headers: { cookie: admin } });
    expect(removed.statusCode).toBe(200);
    expect((await get('/api/calendar/deadline?start=2026-02-28&workdays=1&region=220581')).json().due).toBe('2026-03-02');
  });

  it('a county inherits its city’s and province’s days', () => {
    expect(scopesOf('220581')).toEqual(['', '220000', '220500', '220581']);
    expect(scopesOf('220000')).toEqual(['', '220000']);
    expect(scopesOf(undefined)).toEqual(['']);
  });
});

describe('the light in SQL', () => {
  it('agrees with the TypeScript light on every combination', async () => {
    const rows: [string, boolean, string | null, string | null, string][] = [];
    for (const status of ['accepted', 'submitted', 'completed'])
      for (const stopped of [false, true])
        for (const due of ['2026-03-10', null])
          for (const warn of ['2026-03-06', null])
            for (const today of ['2026-03-05', '2026-03-06', '2026-03-10', '2026-03-11']) rows.push([status, stopped, due, warn, today]);
    for (const [status, stopped, due, warn, today] of rows) {
      const { rows: result } = await sql<{ light: string | null }>`SELECT case_light(${status}, ${stopped}, ${due}::date, ${warn}::date, ${today}::date) AS light`.execute(t.db);
      expect(result[0]!.light, JSON.stringify([status, stopped, due, warn, today])).toBe(
        caseLight({ status, clock_stopped: stopped, due_date: due, warn_date: warn }, today),
      );
    }
  });
});

describe('yellow light settings', () => {
  it('moves the warning date of running cases, for administrators only', async () => {
    const item = await makeItem(t.db, w.deptB.id, { promised: 10, legal: 20 });
    const { caseId } = await cases.submitApplication({ db: t.db, actor: toActorOf(w.applicant2), itemId: item.id, formData: { name: '预警', phone: '13800138000' } });
    await cases.acceptCase({ db: t.db, actor: toActorOf(w.clerk), caseId });
    const row = () => t.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
    const before = await row();
    const calendar = await calendarFor(t.db, before.region_code);
    expect(calendar.workdaysBetween(before.warn_date!, before.due_date!)).toBe(2);

    const clerk = await loginCookie(t.app, w.clerk.username);
    expect((await t.app.inject({ method: 'PUT', url: '/api/admin/settings/clock', headers: { cookie: clerk }, payload: { yellowWorkdays: 3, yellowShare: null } })).statusCode).toBe(403);
    const saved = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/settings/clock',
      headers: { cookie: admin },
      payload: { yellowWorkdays: 1, yellowShare: 0.5 },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().updatedCases).toBeGreaterThanOrEqual(1);
    // Half of a 10-day limit is 5 working days, earlier than 1 day before.
    const after = await row();
    expect(calendar.workdaysBetween(after.warn_date!, after.due_date!)).toBe(5);
    expect((await t.app.inject({ url: '/api/admin/settings/clock', headers: { cookie: admin } })).json()).toEqual({ yellowWorkdays: 1, yellowShare: 0.5 });
    const bad = await t.app.inject({ method: 'PUT', url: '/api/admin/settings/clock', headers: { cookie: admin }, payload: { yellowWorkdays: -1, yellowShare: 2 } });
    expect(bad.json().error.details.map((d: { field: string }) => d.field)).toEqual(['body.yellowWorkdays', 'body.yellowShare']);
  });
});
