import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { loginCookie, makeWorld, toActorOf } from '../../test/factories.js';
import { currentCalendar } from '../calendar/service.js';
import * as cases from '../cases/service.js';
import { chinaDate } from '../../util/china-time.js';
import { sweepWarnings } from './sweep.js';
import { issueDirective, replyDirective } from '../directives/service.js';
import { nowMs } from '../../util/clock.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;

beforeAll(async () => {
  t = await createTestApp();
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
const notices = (userId: number, kind: string) =>
  t.db.selectFrom('notifications').select('case_id').where('user_id', '=', userId).where('kind', '=', kind).execute();

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
    expect(await notices(w.reviewerA.id, 'warn_red')).toEqual([{ case_id: c.id }]);
    const { verifyTimelines } = await import('../cases/audit.js');
    expect((await verifyTimelines(t.db)).firstBreak).toBeNull();
  });

  it('a stopped clock is not warned, and two sweeps at once do the work once', async () => {
    const stopped = await runningCase();
    await cases.stopClock({ db: t.db, actor: toActorOf(w.reviewerA), caseId: stopped.id, kind: 'testing', reason: '送检' });
    const late = await runningCase();
    const calendar = await currentCalendar(t.db);
    const today = calendar.nextWorkday(late.due_date!);
    const [a, b] = await Promise.all([sweepWarnings(t.db, { today }), sweepWarnings(t.db, { today })]);
    expect(a.red + b.red).toBeGreaterThanOrEqual(1);
    expect((await actions(late.id)).filter((x) => x === 'warn_red')).toHaveLength(1);
    expect(await actions(stopped.id)).not.toContain('warn_red');
  });
});

describe('the sweep over HTTP, on the training clock', () => {
  it('crosses a deadline by date: red once on the timeline, never backwards, refused when the clock is off', async () => {
    const c = await runningCase();
    const calendar = await currentCalendar(t.db);
    const cookie = await loginCookie(t.app, w.supervisor.username);
    const sweep = (payload?: object) => t.app.inject({ method: 'POST', url: '/api/supervision/sweep', headers: { cookie }, ...(payload ? { payload } : {}) });

    const dayAfterDue = calendar.nextWorkday(c.due_date!);
    const red = await sweep({ asOf: dayAfterDue });
    expect(red.statusCode).toBe(200);
    expect(red.json()).toMatchObject({ ran: true });
    expect(red.json().red).toBeGreaterThanOrEqual(1);
    const warned = await t.db.selectFrom('case_events').select('data').where('case_id', '=', c.id).where('action', '=', 'warn_red').execute();
    expect(warned).toEqual([{ data: expect.objectContaining({ dueDate: c.due_date, today: dayAfterDue }) }]);
    expect((await sweep({ asOf: dayAfterDue })).json().red).toBe(0);

    const past = await sweep({ asOf: calendar.previousWorkday(chinaDate()) });
    expect(past.statusCode).toBe(400);
    expect(past.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'body.asOf' }] });
    expect((await sweep({ asOf: '2026-13-01' })).json().error.code).toBe('VALIDATION_FAILED');
    const bare = await sweep();
    expect(bare.statusCode, bare.body).toBe(200);

    t.app.deps.config.trainingClock = false;
    try {
      const off = await sweep({ asOf: dayAfterDue });
      expect(off.statusCode).toBe(403);
      expect(off.json().error.code).toBe('FORBIDDEN');
    } finally {
      t.app.deps.config.trainingClock = true;
    }
    const clerk = await loginCookie(t.app, w.clerk.username);
    expect((await t.app.inject({ method: 'POST', url: '/api/supervision/sweep', headers: { cookie: clerk }, payload: { asOf: dayAfterDue } })).statusCode).toBe(403);
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
