import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { makeWorld, toActorOf } from '../../test/factories.js';
import { currentCalendar } from '../calendar/service.js';
import { stoppedWorkdays } from '../calendar/engine.js';
import { chinaDate } from '../../util/china-time.js';
import * as service from './service.js';
import { getCaseDetail } from './view.js';
import { now, nowMs } from '../../util/clock.js';

let t: TestDatabase;
let w: Awaited<ReturnType<typeof makeWorld>>;
const as = toActorOf;

beforeAll(async () => {
  t = await createTestDatabase();
  w = await makeWorld(t.db);
});
afterAll(() => t.destroy());

async function acceptedCase() {
  const { caseId } = await service.submitApplication({
    db: t.db,
    actor: as(w.applicant),
    itemId: w.itemA.id,
    formData: { name: '测试', phone: '13800138000' },
  });
  await service.acceptCase({ db: t.db, actor: as(w.clerk), caseId });
  await service.claimCase({ db: t.db, actor: as(w.reviewerA), caseId });
  return caseId;
}

const row = (caseId: string) => t.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
const events = (caseId: string) =>
  t.db.selectFrom('case_events').select(['action', 'data']).where('case_id', '=', caseId).orderBy('seq').execute();

describe('the legal clock on a case', () => {
  it('acceptance fixes the promised and legal deadlines from the item limits', async () => {
    const caseId = await acceptedCase();
    const c = await row(caseId);
    const calendar = await currentCalendar(t.db);
    const acceptedOn = chinaDate(c.accepted_at!);
    expect(c.base_due_date).toBe(calendar.addWorkdays(acceptedOn, 5).due);
    expect(c.due_date).toBe(c.base_due_date);
    expect(c.legal_due_date).toBe(calendar.addWorkdays(acceptedOn, 20).due);
    expect(c.warn_date! < c.due_date!).toBe(true);
    expect(calendar.isWorkday(c.warn_date!)).toBe(true);
  });

  it('a special procedure stops the clock; the deadline moves by exactly the working days stopped', async () => {
    const caseId = await acceptedCase();
    await service.stopClock({ db: t.db, actor: as(w.reviewerA), caseId, kind: 'expert_review', reason: '组织专家评审', expectedWorkdays: 15 });
    expect((await row(caseId)).clock_stopped).toBe(true);

    // No decision while stopped, and no second stop.
    await expect(service.approveCase({ db: t.db, actor: as(w.reviewerA), caseId })).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await expect(
      service.stopClock({ db: t.db, actor: as(w.reviewerA), caseId, kind: 'hearing', reason: '听证', expectedWorkdays: 5 }),
    ).rejects.toMatchObject({ code: 'INVALID_STATE' });

    // Move the stop's start back two weeks instead of waiting for it.
    const startedAt = new Date(nowMs() - 14 * 86_400_000);
    await t.db.updateTable('case_clock_stops').set({ started_at: startedAt }).where('case_id', '=', caseId).execute();
    const before = await row(caseId);
    await service.resumeClock({ db: t.db, actor: as(w.reviewerA), caseId });
    const after = await row(caseId);
    const calendar = await currentCalendar(t.db);
    const stopped = (await t.db.selectFrom('case_clock_stops').select('workdays').where('case_id', '=', caseId).executeTakeFirstOrThrow()).workdays!;
    expect(stopped).toBe(stoppedWorkdays(calendar, startedAt, now()));
    // Two weeks hold 8–10 working days, but as few as 5 across the Spring Festival.
    expect(stopped).toBeGreaterThanOrEqual(5);
    expect(after.clock_stopped).toBe(false);
    expect(after.stopped_workdays).toBe(stopped);
    expect(after.due_date).toBe(calendar.addWorkdays(before.due_date!, stopped).due);
    expect(calendar.workdaysBetween(before.due_date!, after.due_date!)).toBe(stopped);

    const timeline = await events(caseId);
    expect(timeline.map((e) => e.action)).toEqual(['submit', 'accept', 'claim', 'stop_clock', 'resume_clock']);
    expect(timeline[3]!.data).toMatchObject({ kind: 'expert_review', kindLabel: '专家评审', expectedWorkdays: 15, legalBasis: '《中华人民共和国行政许可法》第四十五条' });
    expect(timeline[4]!.data).toMatchObject({ stoppedWorkdays: stopped, dueDate: after.due_date });
  });

  it('现场勘查 does not stop the clock, 专家评审 does (art. 45); an end date gives the working days', async () => {
    const caseId = await acceptedCase();
    const before = await row(caseId);
    await expect(service.stopClock({ db: t.db, actor: as(w.reviewerA), caseId, kind: 'inspection', reason: '现场勘查', expectedWorkdays: 2 })).rejects.toMatchObject({
      code: 'STOP_GROUND_NOT_ALLOWED',
      message: '现场勘查是审查的一部分，所需时间计入办理时限，不能中止计时（《行政许可法》第四十五条）',
    });
    await expect(service.stopClock({ db: t.db, actor: as(w.reviewerA), caseId, kind: 'other', reason: '其他', expectedWorkdays: 2 })).rejects.toMatchObject({ code: 'STOP_GROUND_NOT_ALLOWED' });
    expect(await row(caseId)).toMatchObject({ clock_stopped: false, due_date: before.due_date, stop_count: 0 });
    expect((await events(caseId)).map((e) => e.action)).toEqual(['submit', 'accept', 'claim']);

    const calendar = await currentCalendar(t.db);
    const today = chinaDate();
    // Given as a date: a rest day means the working day before it.
    const end = calendar.addWorkdays(today, 7).due;
    await service.stopClock({ db: t.db, actor: as(w.reviewerA), caseId, kind: 'expert_review', reason: '组织专家评审', expectedEndDate: end });
    expect(await t.db.selectFrom('case_clock_stops').select(['kind', 'expected_workdays', 'expected_end_date']).where('case_id', '=', caseId).executeTakeFirstOrThrow()).toEqual({
      kind: 'expert_review',
      expected_workdays: 7,
      expected_end_date: end,
    });
    expect((await row(caseId)).clock_stopped).toBe(true);
  });

  it('a 现场勘查 stop recorded before the rule stays readable, labelled as an old record, and can be resumed', async () => {
    const caseId = await acceptedCase();
    // As an older version wrote it: no expected duration, kind inspection.
    await t.db.insertInto('case_clock_stops').values({ case_id: caseId, kind: 'inspection', reason: '现场勘查', started_at: now(), started_by: w.reviewerA.id }).execute();
    await t.db.updateTable('cases').set({ clock_stopped: true, stop_count: 1 }).where('id', '=', caseId).execute();
    const detail = await getCaseDetail(t.db, as(w.reviewerA), caseId);
    expect(detail.clock.stops).toEqual([
      expect.objectContaining({ kind: 'inspection', kindLabel: '现场勘查（旧记录；现场勘查计入办理时限）', expectedWorkdays: null, expectedEndDate: null }),
    ]);
    await service.resumeClock({ db: t.db, actor: as(w.reviewerA), caseId });
    expect((await row(caseId)).clock_stopped).toBe(false);
  });

  it('a 补正 stop after acceptance is refused unless the item\'s own rules provide it', async () => {
    const caseId = await acceptedCase();
    await expect(service.stopClock({ db: t.db, actor: as(w.reviewerA), caseId, kind: 'correction', reason: '补充场所产权证明' })).rejects.toMatchObject({
      code: 'CORRECTION_STOP_NOT_PROVIDED',
    });
    expect((await row(caseId)).clock_stopped).toBe(false);
    await t.db.updateTable('service_items').set({ correction_stop_allowed: true }).where('id', '=', w.itemA.id).execute();
    try {
      await service.stopClock({ db: t.db, actor: as(w.reviewerA), caseId, kind: 'correction', reason: '补充场所产权证明' });
      expect((await row(caseId)).clock_stopped).toBe(true);
      const stop = (await events(caseId)).at(-1)!;
      expect(stop).toMatchObject({ action: 'stop_clock', data: { kind: 'correction', kindLabel: '补正材料' } });
      // 补正 is no 特别程序: no written notice of one.
      expect(stop.data).not.toHaveProperty('writtenNotice');
    } finally {
      await t.db.updateTable('service_items').set({ correction_stop_allowed: false }).where('id', '=', w.itemA.id).execute();
    }
  });

  it('an extension needs the department head (art. 42), is capped by the legal maximum, and moves the deadline', async () => {
    const caseId = await acceptedCase();
    await expect(
      service.requestExtension({ db: t.db, actor: as(w.reviewerA), caseId, workdays: 11, reason: '情况复杂' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await service.requestExtension({ db: t.db, actor: as(w.reviewerA), caseId, workdays: 10, reason: '需要补充调查' });
    await expect(
      service.decideExtension({ db: t.db, actor: as(w.reviewerA), caseId, approve: true }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // Supervision watches; the law gives the approval to the head of the organ.
    await expect(
      service.decideExtension({ db: t.db, actor: as(w.supervisor), caseId, approve: true }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // Nor the government head: this is no joint application.
    await expect(
      service.decideExtension({ db: t.db, actor: as(w.governmentHead), caseId, approve: true }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', message: '该办件的延期须经本行政机关负责人批准' });
    const before = await row(caseId);
    await service.decideExtension({ db: t.db, actor: as(w.headA), caseId, approve: true, note: '同意延期' });
    const after = await row(caseId);
    const calendar = await currentCalendar(t.db);
    expect(after.extension_workdays).toBe(10);
    expect(after.due_date).toBe(calendar.addWorkdays(before.due_date!, 10).due);
    // The legal maximum is used up.
    await expect(
      service.requestExtension({ db: t.db, actor: as(w.reviewerA), caseId, workdays: 1, reason: '再延一天' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await events(caseId)).map((e) => e.action)).toEqual(['submit', 'accept', 'claim', 'request_extension', 'approve_extension']);
  });

  it('a rejected extension leaves the deadline alone', async () => {
    const caseId = await acceptedCase();
    const before = await row(caseId);
    await service.requestExtension({ db: t.db, actor: as(w.reviewerA), caseId, workdays: 3, reason: '需要补充调查' });
    await service.decideExtension({ db: t.db, actor: as(w.headA), caseId, approve: false, note: '理由不充分' });
    const after = await row(caseId);
    expect(after.due_date).toBe(before.due_date);
    expect(after.extension_workdays).toBe(0);
  });
});
