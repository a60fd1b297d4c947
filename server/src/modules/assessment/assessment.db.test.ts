import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { loginCookie, makeUser, makeWorld, toActorOf } from '../../test/factories.js';
import { calendarFor } from '../calendar/service.js';
import { saveCategory } from '../hall-categories/service.js';
import { computeRun } from './compute.js';
import { getRun, traceIndicator } from './runs.js';

/**
 * A month (January 2026) whose assessment can be checked by hand: two windows, each with one
 * clerk, and a handful of records each. The expected totals are worked out below from the default
 * 考核细则 (volume 20, on-time 15, early 10, satisfaction 20, rectified 10, complaints 10 at 20 a
 * complaint, findings 10, attendance 5); indicators with nothing to count are left out.
 */
let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;
let w1: number;
let w2: number;
let p1: Awaited<ReturnType<typeof makeUser>>;
let p2: Awaited<ReturnType<typeof makeUser>>;
let workdays: string[];
const ticketIds: number[] = [];

const at = (day: string, time = '10:00') => new Date(`${day}T${time}:00+08:00`);

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t.db);
  const window = async (number: string) => (await t.db.insertInto('windows').values({ centre_id: w.centre.id, number, name: `窗口 ${number}` }).returning('id').executeTakeFirstOrThrow()).id;
  [w1, w2] = [await window('01'), await window('02')];
  const category = (await saveCategory({ db: t.db, actor: toActorOf(w.admin), input: { prefix: 'A', name: '综合', departmentIds: [], windowIds: [w1, w2], active: true } })).id;
  p1 = await makeUser(t.db, 'clerk', { centreId: w.centre.id });
  p2 = await makeUser(t.db, 'clerk', { centreId: w.centre.id });
  await t.db.updateTable('users').set({ window_id: w1, display_name: '赵一' }).where('id', '=', p1.id).execute();
  await t.db.updateTable('users').set({ window_id: w2, display_name: '钱二' }).where('id', '=', p2.id).execute();
  const calendar = await calendarFor(t.db, w.centre.region_code);
  workdays = calendar.days('2026-01-01', '2026-01-31').filter((d) => d.workday).map((d) => d.date);

  // Served tickets: 6 at window 01 (赵一), 3 at window 02 (钱二).
  for (const [windowId, clerkId, n] of [[w1, p1.id, 6], [w2, p2.id, 3]] as const) {
    for (let i = 0; i < n; i++) {
      const row = await t.db
        .insertInto('queue_tickets')
        .values({ centre_id: w.centre.id, category_id: category, day: workdays[i]!, number: `A${windowId}${i}`, token: `tok-${windowId}-${i}-assess`, status: 'done', window_id: windowId, clerk_id: clerkId, issued_at: at(workdays[i]!, '09:00'), queued_at: at(workdays[i]!, '09:00'), first_called_at: at(workdays[i]!, '09:10'), completed_at: at(workdays[i]!, '09:20') })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (windowId === w1) ticketIds.push(row.id);
    }
  }
  // Ratings at the window tablet: 01 gets 5, 5, 4 and one 差评 (2) that was rectified; 02 gets 5, 5.
  const rate = async (windowId: number, staffId: number, level: number, day: string) => {
    const service = await t.db.insertInto('window_services').values({ window_id: windowId, clerk_id: staffId, started_at: at(day), closed_at: at(day, '10:05') }).returning('id').executeTakeFirstOrThrow();
    return (await t.db.insertInto('ratings').values({ channel: 'window', window_service_id: service.id, level, window_id: windowId, staff_id: staffId, created_at: at(day, '10:05') }).returning('id').executeTakeFirstOrThrow()).id;
  };
  for (const level of [5, 5, 4]) await rate(w1, p1.id, level, workdays[1]!);
  const bad = await rate(w1, p1.id, 2, workdays[2]!);
  await t.db.insertInto('rectifications').values({ rating_id: bad, department_id: null, centre_id: w.centre.id, due_date: workdays[8]!, status: 'rectified', measures: '改进解释方式' }).execute();
  for (const level of [5, 5]) await rate(w2, p2.id, level, workdays[3]!);
  // A complaint about window 02 (钱二).
  await t.db.insertInto('inquiries').values({ kind: 'complaint', channel: 'window', contact_name: '群众', department_id: w.deptA.id, subject: '窗口态度生硬', content: '说话不耐烦', reply_due: workdays[10]!, about_window_id: w2, about_user_id: p2.id, created_at: at(workdays[4]!) }).execute();
  // A confirmed 巡查 finding at window 01 (赵一), 2 points; a dismissed one that does not count.
  const inspector = await makeUser(t.db, 'inspector', { centreId: w.centre.id });
  const rule = await t.db.insertInto('discipline_rules').values({ centre_id: w.centre.id, code: 'JL-01', title: '工作时间玩手机', points: 2 }).returning('id').executeTakeFirstOrThrow();
  await t.db.insertInto('inspection_findings').values({ centre_id: w.centre.id, window_id: w1, person_id: p1.id, rule_id: rule.id, found_by: inspector.id, found_at: at(workdays[5]!), status: 'confirmed', decided_by: w.admin.id, decided_at: at(workdays[5]!, '16:00') }).execute();
  await t.db.insertInto('inspection_findings').values({ centre_id: w.centre.id, window_id: w2, person_id: p2.id, rule_id: rule.id, found_by: inspector.id, found_at: at(workdays[5]!), status: 'dismissed' }).execute();
  // Attendance: 赵一 signed in on the first 10 working days, 钱二 on every one.
  for (const [userId, windowId, days] of [[p1.id, w1, workdays.slice(0, 10)], [p2.id, w2, workdays]] as const) {
    for (const day of days) await t.db.insertInto('window_attendance').values({ user_id: userId, window_id: windowId, day, signed_in_at: at(day, '08:25'), signed_out_at: at(day, '17:05') }).execute();
  }
});
afterAll(() => t.destroy());

describe('the monthly assessment, checked by hand', () => {
  it('scores each window from its records, ranks them and proposes the top one as 文明窗口', async () => {
    const runId = await computeRun(t.db, toActorOf(w.admin), '2026-01');
    const run = await getRun(t.db, toActorOf(w.admin), { id: runId });
    const n = workdays.length;
    // Window 01: volume 6/6 → 100; satisfaction 3 of 4 satisfied → 75; the one 差评 rectified → 100;
    // no complaint → 100; findings 100 − 2 → 98; attendance 10 of n days. No completed cases: on-time
    // and early are left out (weights 15 + 10), so the total divides by 75.
    const attendance1 = Math.round((1000 * 10) / n) / 10;
    const total1 = Math.round(((20 * 100 + 20 * 75 + 10 * 100 + 10 * 100 + 10 * 98 + 5 * attendance1) / 75) * 10) / 10;
    // Window 02: volume 3/6 → 50; satisfaction 2/2 → 100; no 差评 (left out); one complaint → 80;
    // no confirmed finding → 100; attendance n/n → 100; total over 20+20+10+10+5 = 65.
    const total2 = Math.round(((20 * 50 + 20 * 100 + 10 * 80 + 10 * 100 + 5 * 100) / 65) * 10) / 10;
    expect(total2).toBe(81.5);
    expect(run.windows.map((s) => [s.name, s.total, s.rank, s.proposed])).toEqual([
      ['01 窗口 01', total1, 1, true],
      ['02 窗口 02', total2, 2, false],
    ]);
    const first = run.windows[0]!;
    expect(Object.fromEntries(first.indicators.map((i) => [i.key, [i.value, i.score]]))).toEqual({
      volume: ['6 人次', 100],
      on_time: ['0/0', null],
      early: ['0/0', null],
      satisfaction: ['3/4', 75],
      rectified: ['1/1', 100],
      complaints: ['0 件', 100],
      findings: ['1 项，扣 2 分', 98],
      attendance: [`10/${n} 天`, attendance1],
    });
    // The same records count for the clerks; the clerk with no records scores on the deductions only.
    expect(run.persons.map((s) => [s.name, s.total, s.proposed])).toEqual([
      ['赵一', total1, true],
      ['钱二', total2, true],
      ['测试clerk', Math.round(((10 * 100 + 10 * 100) / 45) * 10) / 10, false],
    ]);
  });

  it('every figure traces back to its records', async () => {
    const run = await getRun(t.db, toActorOf(w.admin), { month: '2026-01' });
    const first = run.windows[0]!;
    const volume = await traceIndicator(t.db, toActorOf(w.admin), first.id, 'volume');
    expect(volume.records.map((r) => Number(r.id))).toEqual(ticketIds);
    const findings = await traceIndicator(t.db, toActorOf(w.admin), first.id, 'findings');
    expect(findings.records.map((r) => r.text)).toEqual(['工作时间玩手机（扣 2 分）']);
    const satisfaction = await traceIndicator(t.db, toActorOf(w.admin), first.id, 'satisfaction');
    expect(satisfaction.records.map((r) => r.text)).toEqual(['评价 5 级', '评价 5 级', '评价 4 级', '评价 2 级（整改：rectified）']);
    await expect(traceIndicator(t.db, toActorOf(w.foreignClerk), first.id, 'volume')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('only the administrator changes the scheme and confirms scores; then the month is final and published', async () => {
    const run = await getRun(t.db, toActorOf(w.admin), { month: '2026-01' });
    const inspector = await makeUser(t.db, 'inspector', { centreId: w.centre.id });
    for (const user of [w.clerk, w.supervisor, inspector, w.reviewerA]) {
      const cookie = await loginCookie(t.app, user.username);
      expect((await t.app.inject({ method: 'POST', url: `/api/assessment/runs/${run.id}/confirm`, headers: { cookie }, payload: {} })).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'PUT', url: '/api/assessment/scheme', headers: { cookie }, payload: { indicators: [{ key: 'volume', label: '服务量', weight: 100 }], windowAwards: 1, personAwards: 1 } })).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'POST', url: '/api/assessment/runs', headers: { cookie }, payload: { month: '2026-01' } })).statusCode).toBe(403);
    }
    expect((await t.db.selectFrom('assessment_runs').select('status').where('id', '=', run.id).executeTakeFirstOrThrow()).status).toBe('draft');

    const admin = await loginCookie(t.app, w.admin.username);
    const confirmed = (await t.app.inject({ method: 'POST', url: `/api/assessment/runs/${run.id}/confirm`, headers: { cookie: admin }, payload: {} })).json();
    expect(confirmed.status).toBe('confirmed');
    expect(confirmed.windows.filter((s: { awarded: boolean }) => s.awarded).map((s: { name: string }) => s.name)).toEqual(['01 窗口 01']);
    expect((await t.app.inject({ method: 'POST', url: '/api/assessment/runs', headers: { cookie: admin }, payload: { month: '2026-01' } })).statusCode).toBe(409);
    expect((await t.app.inject({ method: 'POST', url: `/api/assessment/runs/${run.id}/publish`, headers: { cookie: admin } })).json().status).toBe('published');

    const awards = (await t.app.inject({ method: 'GET', url: `/api/public/assessment/${w.centre.id}` })).json();
    expect(awards.months[0]).toMatchObject({ month: '2026-01', stars: [{ name: '赵*' }, { name: '钱*' }] });
    expect(awards.months[0].windows[0]).toMatchObject({ name: '01 窗口 01', awarded: true });

    const report = (await t.app.inject({ method: 'GET', url: '/api/assessment/reports/quarter?year=2026&quarter=1', headers: { cookie: admin } })).json();
    expect(report.departments).toEqual([
      {
        name: '中心工作人员',
        people: [
          { name: '赵一', totals: [confirmed.persons[0].total, null, null], average: confirmed.persons[0].total, stars: 1 },
          { name: '钱二', totals: [81.5, null, null], average: 81.5, stars: 1 },
          { name: '测试clerk', totals: [44.4, null, null], average: 44.4, stars: 0 },
        ],
      },
    ]);
    const xlsx = await t.app.inject({ method: 'GET', url: '/api/assessment/reports/quarter?year=2026&quarter=1&format=xlsx', headers: { cookie: admin } });
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const pdf = await t.app.inject({ method: 'GET', url: '/api/assessment/reports/quarter?year=2026&quarter=1&format=pdf', headers: { cookie: admin } });
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
