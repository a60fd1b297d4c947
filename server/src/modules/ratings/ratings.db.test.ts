import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { loginCookie, loginCookies, makeWorld, reviewToDecision, toActorOf } from '../../test/factories.js';
import { currentCalendar } from '../calendar/service.js';
import * as cases from '../cases/service.js';
import { chinaDate } from '../../util/china-time.js';
import { nowMs } from '../../util/clock.js';
import { inviteUnratedCases } from './invitations.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;
let windowId: number;
let cookies: Record<'applicant' | 'applicant2' | 'clerk' | 'admin', string>;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t.db);
  windowId = (await t.db.insertInto('windows').values({ centre_id: w.centre.id, number: '05', name: '综合受理窗口 5' }).returning('id').executeTakeFirstOrThrow()).id;
  await t.db.updateTable('users').set({ window_id: windowId }).where('id', '=', w.clerk.id).execute();
  cookies = await loginCookies(t.app, {
    applicant: w.applicant,
    applicant2: w.applicant2,
    clerk: w.clerk,
    admin: w.admin,
  });
});
afterAll(() => t.destroy());

async function completedCase() {
  const { caseId } = await cases.submitApplication({ db: t.db, actor: toActorOf(w.applicant), itemId: w.itemA.id, formData: { name: '评价', phone: '13800138000' } });
  await cases.acceptCase({ db: t.db, actor: toActorOf(w.clerk), caseId });
  await reviewToDecision(t.db, caseId, w.reviewerA);
  await cases.approveCase({ db: t.db, actor: toActorOf(w.reviewerA), caseId });
  await cases.issueResult({ db: t.db, actor: toActorOf(w.clerk), caseId, delivery: { method: 'window' } });
  return caseId;
}

const rate = (caseId: string, cookie: string, body: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/rating`, headers: { cookie }, payload: body });

describe('一事一评 online', () => {
  it('the applicant rates a completed case once; a 差评 opens a rectification due in 5 working days', async () => {
    const good = await completedCase();
    const first = await rate(good, cookies.applicant, { level: 5, indicators: { efficiency: 5, easeOfUse: 4 }, comment: '很快' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ rectification: false });
    expect((await rate(good, cookies.applicant, { level: 1 })).statusCode).toBe(409);
    expect((await rate(good, cookies.applicant2, { level: 1 })).statusCode).toBe(404);

    const bad = await completedCase();
    const response = await rate(bad, cookies.applicant, { level: 2, comment: '材料要求说明不清楚，跑了两趟' });
    expect(response.json()).toMatchObject({ rectification: true });
    const rectification = await t.db.selectFrom('rectifications').selectAll().where('rating_id', '=', response.json().id).executeTakeFirstOrThrow();
    const calendar = await currentCalendar(t.db);
    expect(rectification).toMatchObject({ status: 'pending', department_id: w.deptA.id, due_date: calendar.addWorkdays(chinaDate(), 5).due });
  });

  it('refuses an open case, unknown indicators and out-of-range levels', async () => {
    const { caseId } = await cases.submitApplication({ db: t.db, actor: toActorOf(w.applicant), itemId: w.itemA.id, formData: { name: '未办结', phone: '13800138000' } });
    expect((await rate(caseId, cookies.applicant, { level: 4 })).statusCode).toBe(409);
    const done = await completedCase();
    const unknown = await rate(done, cookies.applicant, { level: 4, indicators: { attitude: 5 } });
    expect(unknown.json().error.details[0].field).toBe('body.indicators.attitude');
    expect((await rate(done, cookies.applicant, { level: 6 })).json().error.details[0].field).toBe('body.level');
  });
});

describe('一次一评 at the window tablet', () => {
  it('rates only a service the clerk opened, once, from the tablet holding the window key', async () => {
    const { url } = (await t.app.inject({ method: 'POST', url: `/api/admin/windows/${windowId}/kiosk-key`, headers: { cookie: cookies.admin } })).json();
    const key = new URL(url).searchParams.get('key')!;
    const current = (k: string) => t.app.inject(`/api/kiosk/windows/${windowId}/current?key=${encodeURIComponent(k)}`);
    // A centre that set no indicators of its own asks for the national 好差评 window indicators.
    expect((await current(key)).json()).toEqual({
      service: null,
      indicators: [
        { key: 'efficiency', label: '办事效率' },
        { key: 'serviceLevel', label: '服务水平' },
        { key: 'attitude', label: '服务态度' },
      ],
    });
    expect((await current('not-the-right-key')).statusCode).toBe(404);

    const opened = await t.app.inject({ method: 'POST', url: '/api/hall/window-service', headers: { cookie: cookies.clerk }, payload: {} });
    expect(opened.statusCode).toBe(201);
    const { service } = (await current(key)).json();
    expect(service).toMatchObject({ serviceId: opened.json().serviceId, clerkName: w.clerk.display_name });

    const post = (body: Record<string, unknown>) => t.app.inject({ method: 'POST', url: `/api/kiosk/windows/${windowId}/ratings`, payload: { key, ...body } });
    expect((await post({ serviceId: '00000000-0000-4000-8000-000000000000', level: 5 })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: `/api/kiosk/windows/${windowId}/ratings`, payload: { key: 'forged-key-123', serviceId: service.serviceId, level: 5 } })).statusCode).toBe(404);
    const rated = await post({ serviceId: service.serviceId, level: 4, indicators: { attitude: 5, efficiency: 4 } });
    expect(rated.statusCode).toBe(201);
    expect((await post({ serviceId: service.serviceId, level: 1 })).json().error.code).toBe('CONFLICT');
    expect((await current(key)).json()).toMatchObject({ service: null });
    const row = await t.db.selectFrom('ratings').selectAll().where('id', '=', rated.json().id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: 'window', window_id: windowId, staff_id: w.clerk.id, level: 4 });
  });
});

describe('rates', () => {
  it('satisfaction and bad rates by department match the ratings behind them', async () => {
    const today = chinaDate();
    const response = await t.app.inject(`/api/ratings/stats?by=department&from=${today}&to=${today}`);
    const stats = response.json().rows;
    const rows = await t.db.selectFrom('ratings').select(['level']).where('department_id', '=', w.deptA.id).execute();
    const mine = stats.find((r: { key: number }) => r.key === w.deptA.id);
    expect(mine.total).toBe(rows.length);
    expect(mine.satisfied).toBe(rows.filter((r) => r.level >= 3).length);
    expect(mine.badRate).toBeCloseTo(rows.filter((r) => r.level <= 2).length / rows.length);
    const ranked = (await t.app.inject(`/api/ratings/stats?by=department&from=${today}&to=${today}&minCount=100`)).json().rows;
    expect(ranked).toEqual([]);
  });
});

describe('差评整改', () => {
  it('runs start → appeal → rejected → rectified → callback → the citizen rates the fix', async () => {
    const caseId = await completedCase();
    const rated = (await rate(caseId, cookies.applicant, { level: 1, comment: '窗口人员态度差' })).json();
    const rectification = await t.db.selectFrom('rectifications').select('id').where('rating_id', '=', rated.id).executeTakeFirstOrThrow();
    const reviewer = await loginCookie(t.app, w.reviewerA.username);
    const otherDepartment = await loginCookie(t.app, w.reviewerB.username);
    const supervisor = await loginCookie(t.app, w.supervisor.username);
    const step = (cookie: string, name: string, body: Record<string, unknown> = {}) =>
      t.app.inject({ method: 'POST', url: `/api/rectifications/${rectification.id}/${name}`, headers: { cookie }, payload: body });

    expect((await step(otherDepartment, 'start')).statusCode).toBe(404);
    expect((await step(reviewer, 'start')).statusCode).toBe(200);
    expect((await step(reviewer, 'appeal', { text: '经核实系误评' })).statusCode).toBe(200);
    expect((await step(reviewer, 'rectify', { text: '不能在申诉中整改' })).statusCode).toBe(409);
    expect((await step(reviewer, 'reject_appeal')).statusCode).toBe(403);
    expect((await step(supervisor, 'reject_appeal')).statusCode).toBe(200);
    expect((await step(reviewer, 'rectify', { text: '已对窗口人员批评教育并培训' })).statusCode).toBe(200);
    expect((await step(reviewer, 'callback', { text: '电话回访，申请人表示认可' })).statusCode).toBe(200);
    expect((await step(cookies.applicant, 'rate_fix', { level: 4 })).statusCode).toBe(200);
    expect((await step(cookies.applicant2, 'rate_fix', { level: 1 })).statusCode).toBe(404);

    const row = await t.db.selectFrom('rectifications').selectAll().where('id', '=', rectification.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'rectified', measures: '已对窗口人员批评教育并培训', callback_note: '电话回访，申请人表示认可', fix_level: 4 });
    const told = await t.db.selectFrom('notifications').select('kind').where('user_id', '=', w.applicant.id).where('kind', '=', 'rectification').execute();
    expect(told).toHaveLength(1);
    const audit = await t.db.selectFrom('audit_events').select('action').where('target_id', '=', String(rectification.id)).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual([
      'rectification.start',
      'rectification.appeal',
      'rectification.reject_appeal',
      'rectification.rectify',
      'rectification.callback',
      'rectification.rate_fix',
    ]);
  });

  it('an overdue rectification shows red in the supervisor’s list', async () => {
    const caseId = await completedCase();
    const rated = (await rate(caseId, cookies.applicant, { level: 2 })).json();
    // Due yesterday, whatever today is.
    const yesterday = chinaDate(new Date(nowMs() - 86_400_000));
    await t.db.updateTable('rectifications').set({ due_date: yesterday }).where('rating_id', '=', rated.id).execute();
    const supervisor = await loginCookie(t.app, w.supervisor.username);
    const list = (await t.app.inject({ url: '/api/rectifications', headers: { cookie: supervisor } })).json().rectifications;
    expect(list.find((r: { dueDate: string }) => r.dueDate === yesterday)).toMatchObject({ overdue: true, needsCallback: true });
  });
});

describe('export for the provincial system', () => {
  it('pages every rating with its rectification by cursor', async () => {
    const admin = cookies.admin;
    const first = (await t.app.inject({ url: '/api/ratings/export?limit=2', headers: { cookie: admin } })).json();
    expect(first.ratings).toHaveLength(2);
    const rest = (await t.app.inject({ url: `/api/ratings/export?after=${first.nextCursor}&limit=1000`, headers: { cookie: admin } })).json();
    const total = await t.db.selectFrom('ratings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(first.ratings.length + rest.ratings.length).toBe(total.n);
    const bad = [...first.ratings, ...rest.ratings].find((r: { bad: boolean }) => r.bad);
    expect(bad).toMatchObject({ levelName: expect.any(String), rectification: { status: expect.any(String), dueDate: expect.any(String) } });
    expect((await t.app.inject({ url: '/api/ratings/export', headers: { cookie: cookies.applicant } })).statusCode).toBe(403);
  });
});

describe('regional settings', () => {
  it('a region sets its own rectification deadline', async () => {
    const saved = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/settings/ratings',
      headers: { cookie: cookies.admin },
      payload: { rectifyWorkdays: 10, inviteAfterDays: 3, consultationWorkdays: 3, complaintWorkdays: 5 },
    });
    expect(saved.statusCode).toBe(200);
    const caseId = await completedCase();
    const rated = (await rate(caseId, cookies.applicant, { level: 1 })).json();
    const rectification = await t.db.selectFrom('rectifications').selectAll().where('rating_id', '=', rated.id).executeTakeFirstOrThrow();
    const calendar = await currentCalendar(t.db);
    expect(rectification.due_date).toBe(calendar.addWorkdays(chinaDate(), 10).due);
    expect((await t.app.inject({ method: 'PUT', url: '/api/admin/settings/ratings', headers: { cookie: cookies.admin }, payload: { rectifyWorkdays: 0 } })).statusCode).toBe(400);
  });
});

describe('差评整改: who answers, appeals the supervisor decides, callback and the fix rated once', () => {
  const step = (cookie: string, id: number, name: string, body: Record<string, unknown> = {}) =>
    t.app.inject({ method: 'POST', url: `/api/rectifications/${id}/${name}`, headers: { cookie }, payload: body });
  const listAs = async (cookie: string) =>
    (await t.app.inject({ url: '/api/rectifications', headers: { cookie } })).json().rectifications as { id: number; status: string; steps: string[]; realName: boolean }[];

  it('a window 差评 for a service without a case is answered by the centre and seen by the region’s supervisor', async () => {
    const { url } = (await t.app.inject({ method: 'POST', url: `/api/admin/windows/${windowId}/kiosk-key`, headers: { cookie: cookies.admin } })).json();
    const key = new URL(url).searchParams.get('key')!;
    const { serviceId } = (await t.app.inject({ method: 'POST', url: '/api/hall/window-service', headers: { cookie: cookies.clerk }, payload: {} })).json();
    const rated = await t.app.inject({ method: 'POST', url: `/api/kiosk/windows/${windowId}/ratings`, payload: { key, serviceId, level: 1, comment: '排队太久' } });
    expect(rated.json()).toMatchObject({ rectification: true });
    const row = await t.db.selectFrom('rectifications').selectAll().where('rating_id', '=', rated.json().id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ department_id: null, centre_id: w.centre.id, region_code: w.centre.region_code, status: 'pending' });

    const reviewer = await loginCookie(t.app, w.reviewerA.username);
    const supervisor = await loginCookie(t.app, w.supervisor.username);
    expect((await listAs(reviewer)).some((r) => r.id === row.id)).toBe(false);
    expect((await listAs(supervisor)).find((r) => r.id === row.id)).toMatchObject({ steps: [], realName: false });
    expect((await listAs(cookies.admin)).find((r) => r.id === row.id)).toMatchObject({ steps: ['start', 'rectify', 'cannot_rectify', 'appeal'] });
    expect((await step(reviewer, row.id, 'start')).statusCode).toBe(404);
    expect((await step(cookies.admin, row.id, 'rectify', { text: '增开高峰时段窗口' })).statusCode).toBe(200);
    // Anonymous at the tablet: nobody to call back.
    expect((await step(cookies.admin, row.id, 'callback', { text: '无人可回访' })).json().error.code).toBe('INVALID_STATE');
  });

  it('cannot-rectify is an appeal the supervisor decides; the callback records the fix rating once', async () => {
    const caseId = await completedCase();
    const rated = (await rate(caseId, cookies.applicant, { level: 2, comment: '希望周末也能办' })).json();
    const { id } = await t.db.selectFrom('rectifications').select('id').where('rating_id', '=', rated.id).executeTakeFirstOrThrow();
    const reviewer = await loginCookie(t.app, w.reviewerA.username);
    const supervisor = await loginCookie(t.app, w.supervisor.username);
    expect((await step(reviewer, id, 'cannot_rectify', { text: '周末办理须市政府统一安排' })).statusCode).toBe(200);
    expect(await t.db.selectFrom('rectifications').select(['status', 'appeal_kind']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ status: 'appealed', appeal_kind: 'cannot_rectify' });
    expect((await step(reviewer, id, 'accept_appeal')).statusCode).toBe(403);
    expect((await step(supervisor, id, 'accept_appeal', { text: '情况属实' })).statusCode).toBe(200);
    expect((await listAs(reviewer)).find((r) => r.id === id)).toMatchObject({ status: 'cannot_rectify', steps: ['callback'] });

    expect((await step(reviewer, id, 'callback', { text: '电话回访，申请人表示理解', level: 3 })).statusCode).toBe(200);
    expect((await step(reviewer, id, 'callback', { text: '再次回访' })).json().error.code).toBe('CONFLICT');
    expect((await step(cookies.applicant, id, 'rate_fix', { level: 5 })).json().error.code).toBe('CONFLICT');
    const row = await t.db.selectFrom('rectifications').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'cannot_rectify', fix_level: 3, callback_note: '电话回访，申请人表示理解', decision_note: '情况属实', appeal_note: '周末办理须市政府统一安排' });
    const told = await t.db.selectFrom('notifications').select('body').where('user_id', '=', w.applicant.id).where('kind', '=', 'rectification').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(told.body).toContain('周末办理须市政府统一安排');
  });

  it('an appeal upheld as a malicious or mistaken rating takes it out of the rates', async () => {
    const today = chinaDate();
    const before = (await t.app.inject(`/api/ratings/stats?by=department&from=${today}&to=${today}`)).json().rows.find((r: { key: number }) => r.key === w.deptA.id);
    const caseId = await completedCase();
    const rated = (await rate(caseId, cookies.applicant, { level: 1, comment: '随便点的' })).json();
    const { id } = await t.db.selectFrom('rectifications').select('id').where('rating_id', '=', rated.id).executeTakeFirstOrThrow();
    const reviewer = await loginCookie(t.app, w.reviewerA.username);
    const supervisor = await loginCookie(t.app, w.supervisor.username);
    const counted = (await t.app.inject(`/api/ratings/stats?by=department&from=${today}&to=${today}`)).json().rows.find((r: { key: number }) => r.key === w.deptA.id);
    expect(counted).toMatchObject({ total: before.total + 1, bad: before.bad + 1 });
    expect((await step(reviewer, id, 'appeal', { text: '申请人来电说明系误点' })).statusCode).toBe(200);
    expect((await step(supervisor, id, 'accept_appeal', { text: '经核实为误评' })).statusCode).toBe(200);
    const after = (await t.app.inject(`/api/ratings/stats?by=department&from=${today}&to=${today}`)).json().rows.find((r: { key: number }) => r.key === w.deptA.id);
    expect(after).toMatchObject({ total: before.total, bad: before.bad });
    expect((await listAs(reviewer)).find((r) => r.id === id)).toMatchObject({ status: 'invalid', steps: [] });
  });
});

describe('rating invitations', () => {
  it('invite completed, unrated cases after the region’s own number of days, once', async () => {
    const saved = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/settings/ratings',
      headers: { cookie: cookies.admin },
      payload: { rectifyWorkdays: 10, inviteAfterDays: 5, consultationWorkdays: 3, complaintWorkdays: 5 },
    });
    expect(saved.statusCode).toBe(200);
    const today = chinaDate();
    const daysAgo = (n: number) => new Date(Date.parse(`${today}T12:00:00+08:00`) - n * 86_400_000);
    const fourDays = await completedCase();
    const fiveDays = await completedCase();
    const ratedAlready = await completedCase();
    await rate(ratedAlready, cookies.applicant, { level: 5 });
    await t.db.updateTable('cases').set({ completed_at: daysAgo(4) }).where('id', '=', fourDays).execute();
    await t.db.updateTable('cases').set({ completed_at: daysAgo(5) }).where('id', 'in', [fiveDays, ratedAlready]).execute();
    // Everything else this file completed today stays uninvited.
    const invite = () => t.db.transaction().execute((trx) => inviteUnratedCases(trx, today));
    expect(await invite()).toBe(1);
    expect(await invite()).toBe(0);
    const invited = await t.db.selectFrom('cases').select('id').where('rating_invited_at', 'is not', null).execute();
    expect(invited.map((c) => c.id)).toEqual([fiveDays]);
    const sent = await t.db.selectFrom('notifications').select(['case_id', 'kind']).where('kind', '=', 'rating_invitation').execute();
    expect(sent).toEqual([{ case_id: fiveDays, kind: 'rating_invitation' }]);
  });
});
