import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { loginCookie, makeWorld, toActorOf } from '../../test/factories.js';
import { currentCalendar } from '../calendar/service.js';
import * as cases from '../cases/service.js';
import { chinaDate } from '../../util/china-time.js';
import { departmentRecipients } from './recipients.js';
import { sweepWarnings } from './sweep.js';
import { issueDirective, replyDirective } from '../directives/service.js';
import { nowMs } from '../../util/clock.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;

beforeAll(async () => {
  t = await createTestApp({ trainingClock: true });
  w = await makeWorld(t.db);
  await t.db.updateTable('users').set({ heads_department: true }).where('id', '=', w.reviewerB.id).execute();
});
afterAll(() => t.destroy());

async function runningCase() {
  const { caseId } = await cases.submitApplication({ db: t.db, actor: toActorOf(w.applicant), itemId: w.itemA.id, formData: { name: '预警', phone: '13800138000' } });
  await cases.acceptCase({ db: t.db, actor: toActorOf(w.clerk), caseId });
  await cases.claimCase({ db: t.db, actor: toActorOf(w.reviewerA), caseId });
  return t.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
}
const actions = async (caseId: string) =>
  (await t.db.selectFrom('case_events').select('action').where('case_id', '=', caseId).orderBy('seq').execute()).map((e) => e.action);
const notices = (userId: number, kind: string, caseId?: string) =>
  t.db
    .selectFrom('notifications')
    .select('case_id')
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .$if(caseId !== undefined, (q) => q.where('case_id', '=', caseId!))
    .execute();

// First in the file, so the training day's counts are exactly this file's one running case.
describe('the training clock (演练时钟)', () => {
  it('every supervision read judges by asOf, and a training sweep reaches no real person, timeline or figure', async () => {
    const c = await runningCase();
    const calendar = await currentCalendar(t.db);
    const today = chinaDate();
    const asOf = calendar.nextWorkday(c.due_date!);
    const supervisor = await loginCookie(t.app, w.supervisor.username);
    const get = (url: string, cookie = supervisor) => t.app.inject({ url, headers: { cookie } });
    const sweep = (payload?: object) => t.app.inject({ method: 'POST', url: '/api/supervision/sweep', headers: { cookie: supervisor }, ...(payload ? { payload } : {}) });
    const realRecord = async () => ({
      events: await actions(c.id),
      notifications: (await t.db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
      outbox: (await t.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
      warned: await t.db.selectFrom('cases').select(['warned_yellow_at', 'warned_red_at']).where('id', '=', c.id).executeTakeFirstOrThrow(),
    });

    // Today the case runs on time; as of the day after its deadline every read sees it red.
    const overdueNow = await get('/api/supervision/cases?kind=overdue');
    expect(overdueNow.json().items).toEqual([]);
    const overdue = await get(`/api/supervision/cases?kind=overdue&asOf=${asOf}`);
    expect(overdue.statusCode, overdue.body).toBe(200);
    expect(overdue.json().items).toEqual([
      expect.objectContaining({ id: c.id, dueDate: c.due_date, workdaysLeft: calendar.workdaysRemaining(asOf, c.due_date!), warnedRed: false }),
    ]);
    const lights = await get(`/api/supervision/lights?group=department&asOf=${asOf}`);
    expect(lights.json().rows).toEqual([expect.objectContaining({ key: w.deptA.id, red: 1, yellow: 0, green: 0, total: 1 })]);
    expect((await get('/api/supervision/lights?group=department')).json().rows).toEqual([expect.objectContaining({ key: w.deptA.id, red: 0, total: 1 })]);
    expect((await get(`/api/supervision/dashboard?asOf=${asOf}`)).json()).toMatchObject({ today: asOf, lights: { red: 1, total: 1 } });
    expect((await get('/api/supervision/dashboard')).json()).toMatchObject({ today, lights: { red: 0, total: 1 } });
    expect((await get(`/api/cases/${c.id}?asOf=${asOf}`)).json().case).toMatchObject({ light: 'red', workdaysLeft: calendar.workdaysRemaining(asOf, c.due_date!) });
    expect((await get(`/api/cases/${c.id}`)).json().case.light).not.toBe('red');
    const stats = (query: string) => get(`/api/supervision/stats?from=${today}&to=${today}&dimension=department${query}`);
    expect((await stats(`&asOf=${asOf}`)).json().total.openOverdue).toBe(1);
    expect((await stats('')).json().total.openOverdue).toBe(0);

    // A 督办 whose reply deadline passes before the training day, answered in time for real.
    const directive = await issueDirective({ db: t.db, actor: toActorOf(w.supervisor), caseId: c.id, content: '请说明办理进度', replyWorkdays: 1 });
    expect(directive.replyDue < asOf).toBe(true);
    const before = await realRecord();

    const trained = await sweep({ asOf });
    expect(trained.statusCode, trained.body).toBe(200);
    expect(trained.json()).toEqual({ yellow: 0, red: 1, escalated: 1, invited: 0, ran: true, training: true });
    expect((await sweep({ asOf })).json()).toMatchObject({ red: 0, escalated: 0, training: true });
    // Nothing real moved: no timeline row, no notification, no SMS, no warning mark, no escalation.
    expect(await realRecord()).toEqual(before);
    expect((await t.db.selectFrom('directives').select('escalated_at').where('id', '=', directive.id).executeTakeFirstOrThrow()).escalated_at).toBeNull();

    // The training view counts the training red as raised; the training record says who would have been told.
    expect((await get(`/api/supervision/cases?kind=overdue&asOf=${asOf}`)).json().items[0].warnedRed).toBe(true);
    const record = (await get('/api/supervision/training')).json();
    expect(record.enabled).toBe(true);
    expect(record.events.map((e: { kind: string; caseId: string | null; directiveId: number | null; sms: boolean; asOf: string }) => [e.kind, e.caseId, e.directiveId, e.sms, e.asOf])).toEqual([
      ['directive_escalated', null, directive.id, true, asOf],
      ['warn_red', c.id, null, true, asOf],
    ]);
    expect(record.events[1].recipients).toBe((await departmentRecipients(t.db, w.deptA.id, c.assignee_id)).length);

    // The department replies in time: the real circular has no overdue 督办, and the real sweep
    // still raises the real red on the real day (training did not use it up).
    await replyDirective({ db: t.db, actor: toActorOf(w.reviewerA), directiveId: directive.id, reply: '已加快办理，明日办结' });
    const circular = (await get(`/api/supervision/circular?month=${today.slice(0, 7)}`)).json();
    expect(circular.lines.find((l: { departmentId: number }) => l.departmentId === w.deptA.id)).toMatchObject({ directives: 1, directivesOverdue: 0 });
    expect(await sweepWarnings(t.db, { today: asOf })).toMatchObject({ red: 1, escalated: 0 });
    expect((await actions(c.id)).filter((a) => a === 'warn_red')).toEqual(['warn_red']);

    expect((await t.app.inject({ method: 'DELETE', url: '/api/supervision/training', headers: { cookie: supervisor } })).json()).toEqual({ removed: 2 });
    expect((await get('/api/supervision/training')).json().events).toEqual([]);
  });

  it('asOf follows one rule everywhere: a date, not before today, only with the clock on, only for the seat', async () => {
    const calendar = await currentCalendar(t.db);
    const supervisor = await loginCookie(t.app, w.supervisor.username);
    const past = calendar.previousWorkday(chinaDate());
    const reads = ['/api/supervision/cases?kind=overdue&', '/api/supervision/lights?', '/api/supervision/dashboard?', `/api/supervision/stats?from=${chinaDate()}&to=${chinaDate()}&`];
    for (const url of reads) {
      const before = await t.app.inject({ url: `${url}asOf=${past}`, headers: { cookie: supervisor } });
      expect(before.statusCode, url).toBe(400);
      expect(before.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'query.asOf' }] });
      expect((await t.app.inject({ url: `${url}asOf=2026-13-01`, headers: { cookie: supervisor } })).json().error.code, url).toBe('VALIDATION_FAILED');
    }
    const sweepPast = await t.app.inject({ method: 'POST', url: '/api/supervision/sweep', headers: { cookie: supervisor }, payload: { asOf: past } });
    expect(sweepPast.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'body.asOf' }] });
    const bare = await t.app.inject({ method: 'POST', url: '/api/supervision/sweep', headers: { cookie: supervisor } });
    expect(bare.statusCode, bare.body).toBe(200);
    expect(bare.json().training).toBe(false);

    const later = calendar.addWorkdays(chinaDate(), 30).due;
    t.app.deps.config.trainingClock = false;
    try {
      for (const url of reads) {
        const off = await t.app.inject({ url: `${url}asOf=${later}`, headers: { cookie: supervisor } });
        expect(off.statusCode, url).toBe(403);
        expect(off.json().error.code).toBe('FORBIDDEN');
      }
      expect((await t.app.inject({ method: 'POST', url: '/api/supervision/sweep', headers: { cookie: supervisor }, payload: { asOf: later } })).statusCode).toBe(403);
      expect((await t.app.inject({ url: '/api/supervision/training', headers: { cookie: supervisor } })).json().enabled).toBe(false);
    } finally {
      t.app.deps.config.trainingClock = true;
    }
    const clerk = await loginCookie(t.app, w.clerk.username);
    expect((await t.app.inject({ method: 'POST', url: '/api/supervision/sweep', headers: { cookie: clerk }, payload: { asOf: later } })).statusCode).toBe(403);
    const anyCase = await t.db.selectFrom('cases').select('id').executeTakeFirstOrThrow();
    expect((await t.app.inject({ url: `/api/cases/${anyCase.id}?asOf=${later}`, headers: { cookie: clerk } })).statusCode).toBe(403);
  });
});

describe('the warning sweep', () => {
  it('raises yellow then red once each, as time moves by the calendar', async () => {
    const c = await runningCase();
    const calendar = await currentCalendar(t.db);
    // The day before the warning date: nothing.
    await sweepWarnings(t.db, { today: calendar.previousWorkday(c.warn_date!) });
    expect(await actions(c.id)).not.toContain('warn_yellow');

    const yellow = await sweepWarnings(t.db, { today: c.warn_date! });
    expect(yellow).toMatchObject({ ran: true, yellow: 1, red: 0 });
    await sweepWarnings(t.db, { today: c.warn_date! });
    expect((await actions(c.id)).filter((a) => a === 'warn_yellow')).toHaveLength(1);
    expect(await notices(w.reviewerA.id, 'warn_yellow')).toEqual([{ case_id: c.id }]);

    const dayAfterDue = calendar.nextWorkday(c.due_date!);
    expect(await sweepWarnings(t.db, { today: dayAfterDue })).toMatchObject({ red: 1 });
    await sweepWarnings(t.db, { today: dayAfterDue });
    expect((await actions(c.id)).filter((a) => a.startsWith('warn_'))).toEqual(['warn_yellow', 'warn_red']);
    expect(await notices(w.reviewerA.id, 'warn_red', c.id)).toEqual([{ case_id: c.id }]);
    const { verifyTimelines } = await import('../cases/audit.js');
    expect((await verifyTimelines(t.db)).firstBreak).toBeNull();
  });

  it('a stopped clock is not warned, and two sweeps at once do the work once', async () => {
    const stopped = await runningCase();
    await cases.stopClock({ db: t.db, actor: toActorOf(w.reviewerA), caseId: stopped.id, kind: 'testing', reason: '送检', expectedWorkdays: 10 });
    const late = await runningCase();
    const calendar = await currentCalendar(t.db);
    const today = calendar.nextWorkday(late.due_date!);
    const [a, b] = await Promise.all([sweepWarnings(t.db, { today }), sweepWarnings(t.db, { today })]);
    expect(a.red + b.red).toBeGreaterThanOrEqual(1);
    expect((await actions(late.id)).filter((x) => x === 'warn_red')).toHaveLength(1);
    expect(await actions(stopped.id)).not.toContain('warn_red');
  });
});

describe('督办', () => {
  it('a supervisor presses a case; the department replies on time, or a late reply escalates', async () => {
    const c = await runningCase();
    const { id, replyDue } = await issueDirective({ db: t.db, actor: toActorOf(w.supervisor), caseId: c.id, content: '请说明办理进度并加快办理', replyWorkdays: 2 });
    const calendar = await currentCalendar(t.db);
    expect(replyDue).toBe(calendar.addWorkdays(chinaDate(), 2).due);
    await expect(replyDirective({ db: t.db, actor: toActorOf(w.reviewerB), directiveId: id, reply: '别的部门来回复' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await replyDirective({ db: t.db, actor: toActorOf(w.reviewerA), directiveId: id, reply: '已现场核查，明日办结' });
    expect((await actions(c.id)).slice(-2)).toEqual(['directive', 'directive_reply']);

    const unanswered = await issueDirective({ db: t.db, actor: toActorOf(w.supervisor), departmentId: w.deptB.id, content: '本月超期件较多，请说明原因', replyWorkdays: 1 });
    expect(await notices(w.reviewerB.id, 'directive')).toHaveLength(1);
    const result = await sweepWarnings(t.db, { today: calendar.nextWorkday(unanswered.replyDue) });
    expect(result.escalated).toBe(1);
    expect(await notices(w.supervisor.id, 'directive_escalated')).toHaveLength(1);
    const again = await sweepWarnings(t.db, { today: calendar.nextWorkday(unanswered.replyDue) });
    expect(again.escalated).toBe(0);
  });

  it('refuses a 督办 on a case that is over (办结, 撤回, 不予受理) and writes nothing', async () => {
    const supervisor = await loginCookie(t.app, w.supervisor.username);
    const withdrawn = await runningCase();
    await cases.withdrawCase({ db: t.db, actor: toActorOf(w.applicant), caseId: withdrawn.id, reason: '不再需要' });
    const completed = await runningCase();
    await cases.completeReview({ db: t.db, actor: toActorOf(w.reviewerA), caseId: completed.id, opinion: '同意' });
    await cases.approveCase({ db: t.db, actor: toActorOf(w.reviewerA), caseId: completed.id });
    await cases.issueResult({ db: t.db, actor: toActorOf(w.clerk), caseId: completed.id, delivery: { method: 'window' } });
    for (const [c, message] of [
      [withdrawn, '该办件已撤回，不能再督办'],
      [completed, '该办件已办结，不能再督办'],
    ] as const) {
      const eventsBefore = await actions(c.id);
      const response = await t.app.inject({ method: 'POST', url: `/api/cases/${c.id}/directive`, headers: { cookie: supervisor }, payload: { content: '请加快办理', replyWorkdays: 2 } });
      expect(response.statusCode, response.body).toBe(409);
      expect(response.json().error).toMatchObject({ code: 'INVALID_STATE', message });
      expect(await actions(c.id)).toEqual(eventsBefore);
      expect(await t.db.selectFrom('directives').select('id').where('case_id', '=', c.id).execute()).toEqual([]);
    }
  });

  it('over HTTP: only supervisors press, only the department answers, fields are checked', async () => {
    const supervisor = await loginCookie(t.app, w.supervisor.username);
    const clerk = await loginCookie(t.app, w.clerk.username);
    const bad = await t.app.inject({ method: 'POST', url: '/api/directives', headers: { cookie: supervisor }, payload: { content: '请加快' } });
    expect(bad.statusCode).toBe(400);
    expect((await t.app.inject({ method: 'POST', url: '/api/directives', headers: { cookie: clerk }, payload: { departmentId: w.deptA.id, content: '请加快办理' } })).statusCode).toBe(403);
    const made = await t.app.inject({ method: 'POST', url: '/api/directives', headers: { cookie: supervisor }, payload: { departmentId: w.deptA.id, content: '请加快办理' } });
    expect(made.statusCode).toBe(201);
    const list = await t.app.inject({ url: '/api/directives', headers: { cookie: await loginCookie(t.app, w.reviewerA.username) } });
    expect(list.json().directives.map((d: { content: string }) => d.content)).toContain('请加快办理');
  });
});

describe('邀请评价', () => {
  it('invites once when a completed case stays unrated past the set days', async () => {
    const { caseId } = await cases.submitApplication({ db: t.db, actor: toActorOf(w.applicant2), itemId: w.itemA.id, formData: { name: '邀评', phone: '13800138000' } });
    await cases.acceptCase({ db: t.db, actor: toActorOf(w.clerk), caseId });
    await cases.claimCase({ db: t.db, actor: toActorOf(w.reviewerA), caseId });
    await cases.completeReview({ db: t.db, actor: toActorOf(w.reviewerA), caseId, opinion: '同意' });
    await cases.approveCase({ db: t.db, actor: toActorOf(w.reviewerA), caseId });
    await cases.issueResult({ db: t.db, actor: toActorOf(w.clerk), caseId, delivery: { method: 'window' } });
    const invitations = () => notices(w.applicant2.id, 'rating_invitation');
    await sweepWarnings(t.db, { today: chinaDate() });
    expect(await invitations()).toHaveLength(0);
    const later = new Date(nowMs() + 4 * 86_400_000);
    await sweepWarnings(t.db, { today: chinaDate(later) });
    await sweepWarnings(t.db, { today: chinaDate(later) });
    expect(await invitations()).toEqual([{ case_id: caseId }]);
  });
});
