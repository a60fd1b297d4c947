import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { loginCookie, makeUser, makeWorld, reviewToDecision, toActorOf } from '../../test/factories.js';
import { extractPdfText } from '../../test/pdf-text.js';
import { chinaDate } from '../../util/china-time.js';
import { currentCalendar } from '../calendar/service.js';
import * as cases from '../cases/service.js';
import { addDays } from './rollup.js';
import { signalCaseEvents } from '../cases/signals.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;
let supervisor: string;
let windowId: number;
const today = chinaDate();

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t.db);
  const window = await t.db.insertInto('windows').values({ centre_id: w.centre.id, number: 'A07', name: '综合受理窗口' }).returning('id').executeTakeFirstOrThrow();
  windowId = window.id;
  await t.db.updateTable('users').set({ window_id: windowId }).where('id', '=', w.clerk.id).execute();
  w.clerk.window_id = windowId;
  supervisor = await loginCookie(t.app, w.supervisor.username);
});
afterAll(() => t.destroy());

const get = async (url: string, cookie = supervisor) => {
  const response = await t.app.inject({ url, headers: { cookie } });
  const json = String(response.headers['content-type']).includes('json');
  return { status: response.statusCode, body: json ? response.json() : undefined, raw: response };
};

async function acceptedCase(itemId = w.itemA.id) {
  const { caseId } = await cases.submitApplication({ db: t.db, actor: toActorOf(w.applicant), itemId, formData: { name: '统计', phone: '13800138000' } });
  await cases.acceptCase({ db: t.db, actor: toActorOf(w.clerk), caseId });
  return caseId;
}

/**
 * Moves a running case's acceptance back so that it has used exactly `workdays` working days when
 * decided today: counted back from the last working day up to today (today itself on a rest day
 * adds none).
 */
async function acceptedDaysAgo(caseId: string, workdays: number, dueInWorkdays: number) {
  const calendar = await currentCalendar(t.db);
  let accepted = calendar.isWorkday(today) ? today : calendar.previousWorkday(today);
  for (let i = 0; i < workdays; i++) accepted = calendar.previousWorkday(accepted);
  const due = calendar.addWorkdays(accepted, dueInWorkdays).due;
  await t.db
    .updateTable('cases')
    .set({ submitted_at: new Date(`${accepted}T09:00:00+08:00`), accepted_at: new Date(`${accepted}T10:00:00+08:00`), base_due_date: due, due_date: due })
    .where('id', '=', caseId)
    .execute();
  return { accepted, due };
}

async function decideAndIssue(caseId: string, reviewer = w.reviewerA) {
  await reviewToDecision(t.db, caseId, reviewer);
  await cases.approveCase({ db: t.db, actor: toActorOf(reviewer), caseId });
  await cases.issueResult({ db: t.db, actor: toActorOf(w.clerk), caseId, delivery: { method: 'window' } });
}

describe('statistics', () => {
  it('count each case where it happened, and the rates follow from the counts', async () => {
    // Department A: one early (3 of 5 days), one exactly on time, one late, one running, one refused.
    const early = await acceptedCase();
    await acceptedDaysAgo(early, 3, 5);
    await decideAndIssue(early);
    const onTime = await acceptedCase();
    await acceptedDaysAgo(onTime, 5, 5);
    await decideAndIssue(onTime);
    const late = await acceptedCase();
    const { accepted: firstAccepted } = await acceptedDaysAgo(late, 7, 5);
    await decideAndIssue(late);
    await acceptedCase();
    const refused = await cases.submitApplication({ db: t.db, actor: toActorOf(w.applicant2), itemId: w.itemA.id, formData: { name: '拒', phone: '13800138000' } });
    await cases.refuseCase({ db: t.db, actor: toActorOf(w.clerk), caseId: refused.caseId, reason: '不属于本部门职权范围' });
    // A stop and an approved extension on a running case.
    const stopped = await acceptedCase();
    await cases.claimCase({ db: t.db, actor: toActorOf(w.reviewerA), caseId: stopped });
    await cases.stopClock({ db: t.db, actor: toActorOf(w.reviewerA), caseId: stopped, kind: 'expert_review', reason: '组织专家评审', expectedWorkdays: 10 });
    await cases.resumeClock({ db: t.db, actor: toActorOf(w.reviewerA), caseId: stopped });
    await cases.requestExtension({ db: t.db, actor: toActorOf(w.reviewerA), caseId: stopped, workdays: 3, reason: '情况复杂' });
    await cases.decideExtension({ db: t.db, actor: toActorOf(w.headA), caseId: stopped, approve: true });

    // Acceptance counts on the day it happened: the back-dated three fall within the period.
    const fortnight = `from=${firstAccepted}&to=${today}`;
    const { status, body } = await get(`/api/supervision/stats?${fortnight}&dimension=department`);
    expect(status).toBe(200);
    const a = body.rows.find((r: { key: number }) => r.key === w.deptA.id);
    // Decided on a rest day, the case due on the last working day before it is one day late.
    const onTimeCount = (await currentCalendar(t.db)).isWorkday(today) ? 2 : 1;
    expect(a).toMatchObject({
      received: 6,
      accepted: 5,
      refused: 1,
      completed: 3,
      on_time: onTimeCount,
      early: 1,
      late: 3 - onTimeCount,
      timed: 3,
      workdays_used: 3 + 5 + 7,
      promised_workdays: 15,
      stops: 1,
      extensions: 1,
    });
    expect(a.completionRate).toBeCloseTo(3 / 5);
    expect(a.onTimeRate).toBeCloseTo(onTimeCount / 3);
    expect(a.earlyRate).toBeCloseTo(1 / 3);
    expect(a.avgWorkdaysUsed).toBeCloseTo(5);

    // By staff: the clerk took five in and refused one; the reviewer decided three, one late.
    const staff = (await get(`/api/supervision/stats?${fortnight}&dimension=staff`)).body.rows;
    expect(staff.find((r: { key: number }) => r.key === w.clerk.id)).toMatchObject({ accepted: 5, refused: 1, completed: 0 });
    expect(staff.find((r: { key: number }) => r.key === w.reviewerA.id)).toMatchObject({ accepted: 0, completed: 3, late: 3 - onTimeCount, stops: 1, extensions: 1 });
    // By window: everything the clerk took in counts for window A07.
    const windows = (await get(`/api/supervision/stats?${fortnight}&dimension=window`)).body.rows;
    expect(windows.find((r: { key: number }) => r.key === windowId)).toMatchObject({ name: 'A07 综合受理窗口', accepted: 5, completed: 3 });
    // By item, and the total equals the sum of the departments.
    const items = (await get(`/api/supervision/stats?${fortnight}&dimension=item&key=${w.itemA.id}`)).body;
    expect(items.rows).toHaveLength(1);
    expect(items.rows[0]).toMatchObject({ received: 6, completed: 3 });
    // Today alone holds the two accepted today and all three completions.
    const todayOnly = (await get(`/api/supervision/stats?from=${today}&to=${today}&key=${w.deptA.id}`)).body.total;
    expect(todayOnly).toMatchObject({ received: 3, accepted: 2, completed: 3 });
  });

  it('finished days come from the roll-up and agree with the live count', async () => {
    const before = (await get(`/api/supervision/stats?from=${today}&to=${today}&dimension=department&key=${w.deptB.id}`)).body.total;
    const caseId = await acceptedCase(w.itemB.id);
    await decideAndIssue(caseId, w.reviewerB);
    const live = (await get(`/api/supervision/stats?from=${today}&to=${today}&dimension=department&key=${w.deptB.id}`)).body.total;
    expect(live.completed - before.completed).toBe(1);

    // Move the whole case to ten days ago: it now belongs to a finished day, rolled on demand.
    const past = addDays(today, -10);
    await sql`UPDATE cases SET submitted_at = submitted_at - interval '10 days', accepted_at = accepted_at - interval '10 days',
                decided_at = decided_at - interval '10 days', completed_at = completed_at - interval '10 days' WHERE id = ${caseId}`.execute(t.db);
    await sql`DELETE FROM stats_rolled_days WHERE day >= ${past}`.execute(t.db);
    const rolled = (await get(`/api/supervision/stats?from=${past}&to=${past}&dimension=department&key=${w.deptB.id}`)).body.rows[0];
    expect(rolled).toMatchObject({ received: 1, accepted: 1, completed: 1 });
    expect(await t.db.selectFrom('stats_rolled_days').select('day').where('day', '=', past).executeTakeFirst()).toBeTruthy();
    const month = (await get(`/api/supervision/stats?from=${addDays(today, -20)}&to=${today}&dimension=department&key=${w.deptB.id}`)).body.total;
    expect(month.completed).toBe(live.completed);
    const trend = (await get(`/api/supervision/trend?from=${past}&to=${today}`)).body.days;
    expect(trend).toHaveLength(11);
    expect(trend[0]).toMatchObject({ day: past, completed: 1 });
  });

  it('whole months come from the monthly sums, summed again when a day of theirs is rolled again', async () => {
    // Rows of stats_monthly (and of the regions' table) that differ from their days' sums: none.
    const drift = async () => [
      ...(
        await sql`
          SELECT coalesce(m.dimension, d.dimension) AS dimension, coalesce(m.month, d.month) AS month, coalesce(m.key, d.key) AS key
            FROM (SELECT * FROM stats_monthly WHERE month IN (SELECT month FROM stats_rolled_months)) m
            FULL JOIN (SELECT date_trunc('month', day)::date AS month, dimension, key, sum(received)::int AS received,
                              sum(completed)::int AS completed, sum(workdays_used)::int AS workdays_used, sum(stops)::int AS stops
                         FROM stats_daily WHERE date_trunc('month', day)::date IN (SELECT month FROM stats_rolled_months)
                        GROUP BY 1, 2, 3) d USING (dimension, month, key)
           WHERE m.received IS DISTINCT FROM d.received OR m.completed IS DISTINCT FROM d.completed
              OR m.workdays_used IS DISTINCT FROM d.workdays_used OR m.stops IS DISTINCT FROM d.stops`.execute(t.db)
      ).rows,
      ...(
        await sql`
          SELECT coalesce(r.day, d.day) AS day
            FROM stats_daily_regions r
            FULL JOIN (SELECT s.day, p.region_code, sum(s.received)::int AS received, sum(s.completed)::int AS completed
                         FROM stats_daily s JOIN departments p ON p.id = s.key WHERE s.dimension = 'department' GROUP BY 1, 2) d
              ON d.day = r.day AND d.region_code = r.region_code
           WHERE r.received IS DISTINCT FROM d.received OR r.completed IS DISTINCT FROM d.completed`.execute(t.db)
      ).rows,
    ];
    const caseId = await acceptedCase(w.itemB.id);
    await decideAndIssue(caseId, w.reviewerB);
    const moveBack = async (days: number) =>
      sql`UPDATE cases SET submitted_at = submitted_at - make_interval(days => ${days}), accepted_at = accepted_at - make_interval(days => ${days}),
            decided_at = decided_at - make_interval(days => ${days}), completed_at = completed_at - make_interval(days => ${days}) WHERE id = ${caseId}`.execute(t.db);
    // Into the middle of a month four months back (the circular's tests use the nearer ones).
    const monthStart = `${addDays(`${today.slice(0, 7)}-01`, -100).slice(0, 7)}-01`;
    const monthEnd = addDays(`${addDays(monthStart, 40).slice(0, 7)}-01`, -1);
    const moved = Math.round((Date.parse(today) - Date.parse(`${monthStart.slice(0, 7)}-15`)) / 86_400_000);
    await moveBack(moved);
    const dayOf = addDays(today, -moved);
    await sql`DELETE FROM stats_rolled_days WHERE day >= ${addDays(dayOf, -1)}`.execute(t.db);
    const whole = `/api/supervision/stats?from=${monthStart}&to=${monthEnd}&dimension=department&key=${w.deptB.id}`;
    expect((await get(whole)).body.total).toMatchObject({ received: 1, accepted: 1, completed: 1 });
    expect(await drift()).toEqual([]);
    expect(await t.db.selectFrom('stats_monthly').select('completed').where('dimension', '=', 'staff').where('month', '=', monthStart).where('key', '=', w.reviewerB.id).executeTakeFirst()).toEqual({ completed: 1 });
    // One day earlier, both days rolled again: the month still counts it once, the days agree.
    await moveBack(1);
    await sql`DELETE FROM stats_rolled_days WHERE day >= ${addDays(dayOf, -1)}`.execute(t.db);
    const days = `/api/supervision/stats?from=${addDays(dayOf, -1)}&to=${dayOf}&dimension=department&key=${w.deptB.id}`;
    expect((await get(days)).body.total).toMatchObject({ received: 1, completed: 1 });
    expect((await get(whole)).body.total).toMatchObject({ received: 1, accepted: 1, completed: 1 });
    expect(await drift()).toEqual([]);
    // A period of a month and a few days either side sums the month's row and the days' rows.
    const around = (await get(`/api/supervision/stats?from=${addDays(monthStart, -3)}&to=${addDays(monthEnd, 3)}&dimension=department&key=${w.deptB.id}`)).body.total;
    expect(around.received).toBeGreaterThanOrEqual(1);
    const direct = (
      await sql<{ received: number }>`SELECT coalesce(sum(received), 0)::int AS received FROM stats_daily
                                      WHERE dimension = 'department' AND key = ${w.deptB.id} AND day BETWEEN ${addDays(monthStart, -3)} AND ${addDays(monthEnd, 3)}`.execute(t.db)
    ).rows[0]!;
    expect(around.received).toBe(direct.received);
    const trend = (await get(`/api/supervision/trend?from=${addDays(dayOf, -1)}&to=${dayOf}`)).body.days;
    expect(trend[0]).toMatchObject({ day: addDays(dayOf, -1), received: expect.any(Number) });
    expect(trend[0].received).toBeGreaterThanOrEqual(1);
  });

  it('refuses bad periods and callers without a supervision scope', async () => {
    expect((await get(`/api/supervision/stats?from=${today}&to=${addDays(today, -1)}`)).body.error.code).toBe('VALIDATION_FAILED');
    expect((await get(`/api/supervision/stats?from=2026-13-01&to=${today}`)).status).toBe(400);
    expect((await get(`/api/supervision/circular?month=2026-1`)).status).toBe(400);
    const applicant = await loginCookie(t.app, w.applicant.username);
    expect((await get('/api/supervision/dashboard', applicant)).body.error.code).toBe('FORBIDDEN');
    // A supervisor of another county sees nothing of this one.
    const other = await makeUser(t.db, 'supervisor', { regionCode: '220582' });
    const rows = (await get(`/api/supervision/stats?from=${today}&to=${today}`, await loginCookie(t.app, other.username))).body.rows;
    expect(rows.find((r: { key: number }) => r.key === w.deptA.id)).toBeUndefined();
  });
});

describe('the supervisor’s seat', () => {
  it('shows the lights and lists the overdue and warned cases with working days over', async () => {
    const calendar = await currentCalendar(t.db);
    const red = await acceptedCase();
    const dueRed = calendar.previousWorkday(calendar.previousWorkday(today));
    await t.db.updateTable('cases').set({ due_date: dueRed, warn_date: dueRed }).where('id', '=', red).execute();
    const yellow = await acceptedCase();
    await t.db.updateTable('cases').set({ due_date: addDays(today, 1), warn_date: today }).where('id', '=', yellow).execute();

    const dashboard = (await get('/api/supervision/dashboard')).body;
    expect(dashboard.lights.red).toBeGreaterThanOrEqual(1);
    expect(dashboard.lights.yellow).toBeGreaterThanOrEqual(1);
    expect(dashboard.lights.total).toBe(dashboard.lights.green + dashboard.lights.yellow + dashboard.lights.red + dashboard.lights.grey);
    const byDept = (await get('/api/supervision/lights?group=department')).body.rows;
    expect(byDept.find((r: { key: number }) => r.key === w.deptA.id).red).toBeGreaterThanOrEqual(1);
    const byWindow = (await get('/api/supervision/lights?group=window')).body.rows;
    expect(byWindow.find((r: { key: number }) => r.key === windowId).name).toBe('A07 综合受理窗口');

    const overdue = (await get('/api/supervision/cases?kind=overdue&limit=50')).body.items;
    const row = overdue.find((r: { id: string }) => r.id === red);
    expect(row.workdaysLeft).toBe(calendar.workdaysRemaining(today, dueRed));
    expect(row.workdaysLeft).toBeLessThan(0);
    expect(row.applicantName).not.toBe('张三');
    expect(overdue.map((r: { dueDate: string }) => r.dueDate)).toEqual([...overdue.map((r: { dueDate: string }) => r.dueDate)].sort());
    const warning = (await get('/api/supervision/cases?kind=warning')).body.items;
    expect(warning.map((r: { id: string }) => r.id)).toContain(yellow);

    // Paging by cursor walks the whole list once.
    const first = (await get('/api/supervision/cases?kind=overdue&limit=1')).body;
    const seen = [first.items[0].id];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = (await get(`/api/supervision/cases?kind=overdue&limit=1&after=${encodeURIComponent(cursor)}`)).body;
      seen.push(...page.items.map((r: { id: string }) => r.id));
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(overdue.map((r: { id: string }) => r.id));
  });

  it('lists the region’s centres with their big screen, and narrows the lists to a department, window or item', async () => {
    const { body, status } = await get('/api/supervision/centres');
    expect(status).toBe(200);
    expect(body.centres).toContainEqual(expect.objectContaining({ id: w.centre.id, name: w.centre.name, regionCode: '220581', screenPath: `/screen/${w.centre.id}` }));
    // The neighbouring county's centre belongs to another supervisor.
    const foreign = await t.db.selectFrom('centres').select('id').where('region_code', '=', '220582').execute();
    expect(foreign.length).toBeGreaterThan(0);
    for (const c of foreign) expect(body.centres.map((x: { id: number }) => x.id)).not.toContain(c.id);
    expect((await get('/api/supervision/centres', await loginCookie(t.app, w.applicant.username))).body.error.code).toBe('FORBIDDEN');

    const calendar = await currentCalendar(t.db);
    const red = await acceptedCase(w.itemB.id);
    const due = calendar.previousWorkday(today);
    await t.db.updateTable('cases').set({ due_date: due, warn_date: due }).where('id', '=', red).execute();
    const ids = async (filter: string) =>
      (await get(`/api/supervision/cases?kind=overdue&limit=200&${filter}`)).body.items.map((r: { id: string }) => r.id) as string[];
    expect(await ids(`departmentId=${w.deptB.id}`)).toContain(red);
    expect(await ids(`departmentId=${w.deptA.id}`)).not.toContain(red);
    expect(await ids(`itemId=${w.itemB.id}`)).toEqual([red]);
    expect(await ids(`itemId=${w.itemA.id}`)).not.toContain(red);
    expect(await ids(`windowId=${windowId}`)).toContain(red);
    expect(await ids(`windowId=${windowId + 1000}`)).toEqual([]);
    const bad = await get('/api/supervision/cases?kind=overdue&windowId=abc');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field: 'query.windowId' })] });
  });

  it('names a department with cases over their deadline even in a month it did nothing else', async () => {
    const stale = await acceptedCase(w.itemB.id);
    await acceptedDaysAgo(stale, 10, 5);
    // Two months back: department B received, accepted and completed nothing then.
    const month = addDays(`${today.slice(0, 7)}-01`, -40).slice(0, 7);
    const { status, body } = await get(`/api/supervision/circular?month=${month}`);
    expect(status).toBe(200);
    const line = body.lines.find((l: { departmentName: string }) => l.departmentName === w.deptB.name);
    expect(line).toMatchObject({ received: 0, accepted: 0, completed: 0, flagged: true });
    expect(line.openOverdue).toBeGreaterThanOrEqual(1);
  });

  it('publishes a monthly circular ranking departments, as Excel and PDF', async () => {
    // B's earlier completion was moved ten days back, which is last month on the 1st to the 10th:
    // B gets one on-time completion today so that the month holds one on any date.
    const onTimeB = await acceptedCase(w.itemB.id);
    await decideAndIssue(onTimeB, w.reviewerB);
    const month = today.slice(0, 7);
    const circular = (await get(`/api/supervision/circular?month=${month}`)).body;
    const names = circular.lines.map((l: { departmentName: string }) => l.departmentName);
    expect(names).toEqual(expect.arrayContaining([w.deptA.name, w.deptB.name]));
    // Department B finished everything on time; A was late once: B ranks above A, A is named.
    const a = circular.lines.find((l: { departmentId: number }) => l.departmentId === w.deptA.id);
    const b = circular.lines.find((l: { departmentId: number }) => l.departmentId === w.deptB.id);
    expect(b.rank).toBeLessThan(a.rank);
    expect(a.flagged).toBe(true);
    // The statistics test decided A's three today: one late, two when today is a rest day.
    const calendar = await currentCalendar(t.db);
    expect(a.late).toBe(calendar.isWorkday(today) ? 1 : 2);

    const xlsx = await get(`/api/supervision/circular.xlsx?month=${month}`);
    expect(xlsx.raw.headers['content-type']).toContain('spreadsheetml');
    const ExcelJS = (await import('exceljs')).default;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.raw.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('月度通报')!;
    expect(String(sheet.getCell('A1').value)).toContain('办件情况通报');
    const rowOfA = sheet.getRows(4, circular.lines.length)!.find((r) => r.getCell(2).value === w.deptA.name)!;
    expect(rowOfA.getCell(1).value).toBe(a.rank);
    expect(rowOfA.getCell(9).value).toBe(a.late);

    const pdf = await get(`/api/supervision/circular.pdf?month=${month}`);
    expect(pdf.raw.headers['content-type']).toBe('application/pdf');
    const text = extractPdfText(pdf.raw.rawPayload);
    expect(text).toContain('办件情况通报');
    expect(text).toContain(w.deptA.name);
  });
});

describe('the big screen', () => {
  it('shows counts without names, and a committed step is pushed to an open screen', async () => {
    const screen = await t.app.inject({ url: `/api/public/screen/${w.centre.id}` });
    expect(screen.statusCode).toBe(200);
    expect(screen.json().intake.received).toBeGreaterThan(0);
    expect(screen.json().trend).toHaveLength(30);
    expect(screen.body).not.toContain('张三');
    expect((await t.app.inject({ url: '/api/public/screen/999999' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/public/screen/999999/events' })).statusCode).toBe(404);

    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const received: string[] = [];
    let request: http.ClientRequest | undefined;
    const ready = new Promise<void>((resolve) => {
      request = http.get(`http://127.0.0.1:${port}/api/public/screen/${w.centre.id}/events`, (response) => {
        expect(response.headers['content-type']).toContain('text/event-stream');
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          received.push(chunk);
          if (chunk.includes('event: ready')) resolve();
        });
      });
      request.on('error', () => {});
    });
    await ready;
    // A step in another region is not this screen's business: no refetch for it.
    signalCaseEvents(t.db, [{ caseId: crypto.randomUUID(), action: 'accept', to: 'accepted', regionCode: '990101' }]);
    await new Promise((r) => setTimeout(r, 400));
    expect(received.join('')).not.toContain('event: change');
    const before = (await t.app.inject({ url: `/api/public/screen/${w.centre.id}` })).json();
    const started = Date.now();
    await acceptedCase();
    // Pushed when the step commits (no poll here); how soon is the bench's to measure, not a test's.
    while (!received.join('').includes('event: change') && Date.now() - started < 15_000) await new Promise((r) => setTimeout(r, 20));
    expect(received.join('')).toContain('event: change');
    // Screens share one summary until the next change; the change above must not be hidden by it.
    const after = (await t.app.inject({ url: `/api/public/screen/${w.centre.id}` })).json();
    expect(after.intake.received).toBe(before.intake.received + 1);
    const again = (await t.app.inject({ url: `/api/public/screen/${w.centre.id}` })).json();
    expect(again.updatedAt).toBe(after.updatedAt);
    request?.destroy();
  });
});
