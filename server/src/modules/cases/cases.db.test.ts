import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { makeItem, makeUser, makeWorld, reviewToDecision, toActorOf } from '../../test/factories.js';
import * as service from './service.js';
import { withResidentCheck } from '../../util/identity.js';
import { chinaDate } from '../../util/china-time.js';
import { currentCalendar } from '../calendar/service.js';

let t: TestDatabase;
let w: Awaited<ReturnType<typeof makeWorld>>;
const as = (user: Parameters<typeof toActorOf>[0]) => toActorOf(user);
const form = { name: '梅河口市好味道餐饮店', phone: '13800138000' };

beforeAll(async () => {
  t = await createTestDatabase();
  w = await makeWorld(t.db);
});
afterAll(() => t.destroy());

/** Submits through the service and reads back the stored case. */
async function submit(actor = w.applicant, itemId = w.itemA.id, formData: Record<string, unknown> = form) {
  const { caseId } = await service.submitApplication({ db: t.db, actor: as(actor), itemId, formData });
  return t.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
}

async function eventsOf(caseId: string) {
  return t.db.selectFrom('case_events').selectAll().where('case_id', '=', caseId).orderBy('seq').execute();
}

describe('the first case, end to end through the service layer', () => {
  it('submit → accept → approve → issue writes exactly one timeline row per step', async () => {
    const db = t.db;
    const submitted = await submit();
    expect(submitted.status).toBe('submitted');
    expect(submitted.number).toMatch(/^220581-\d{8}-\d{5}$/);
    expect(submitted.query_code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);

    const accepted = await service.acceptCase({ db, actor: as(w.clerk), caseId: submitted.id });
    expect(accepted.status).toBe('accepted');
    expect(accepted.accepted_at).toBeInstanceOf(Date);
    expect(accepted.due_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(accepted.due_date! > accepted.accepted_at!.toISOString().slice(0, 10)).toBe(true);

    await service.claimCase({ db, actor: as(w.reviewerA), caseId: submitted.id });
    await service.completeReview({ db, actor: as(w.reviewerA), caseId: submitted.id, opinion: '材料齐全，符合条件' });
    const approved = await service.approveCase({ db, actor: as(w.reviewerA), caseId: submitted.id, opinion: '准予许可' });
    expect(approved.status).toBe('approved');
    const done = await service.issueResult({ db, actor: as(w.clerk), caseId: submitted.id, delivery: { method: 'window' } });
    expect(done.status).toBe('completed');
    expect(done.completed_at).toBeInstanceOf(Date);

    const events = await eventsOf(submitted.id);
    expect(events.map((e) => [e.seq, e.action, e.from_status, e.to_status, e.actor_id])).toEqual([
      [1, 'submit', null, 'submitted', w.applicant.id],
      [2, 'accept', 'submitted', 'accepted', w.clerk.id],
      [3, 'claim', 'accepted', 'accepted', w.reviewerA.id],
      [4, 'complete_review', 'accepted', 'accepted', w.reviewerA.id],
      [5, 'approve', 'accepted', 'approved', w.reviewerA.id],
      [6, 'issue', 'approved', 'completed', w.clerk.id],
    ]);
    expect(events[3]!.note).toBe('材料齐全，符合条件');
    expect(events[4]!.note).toBe('准予许可');
    expect(done.event_count).toBe(6);
  });

  it('numbers run in sequence per region and day', async () => {
    const a = await submit();
    const b = await submit();
    const seq = (n: string) => Number(n.split('-')[2]);
    expect(seq(b.number)).toBe(seq(a.number) + 1);
    expect(a.query_code).not.toBe(b.query_code);
  });

  it('50 concurrent submissions take 50 distinct numbers of the day, and later ones follow them', async () => {
    const seq = (n: string) => Number(n.split('-')[2]);
    const cases = await Promise.all(Array.from({ length: 50 }, () => submit()));
    const numbers = cases.map((c) => c.number);
    expect(new Set(numbers).size).toBe(50);
    const prefix = `220581-${chinaDate().replaceAll('-', '')}-`;
    expect(numbers.filter((n) => !n.startsWith(prefix))).toEqual([]);
    const next = await submit();
    expect(seq(next.number)).toBeGreaterThan(Math.max(...numbers.map(seq)));
  });

  it('a rolled-back submission gives its number to nobody: a gap, never a duplicate', async () => {
    const seq = (n: string) => Number(n.split('-')[2]);
    let lost: { id: string; number: string } | undefined;
    await expect(
      service.registerWalkIn({
        db: t.db,
        actor: as(w.clerk),
        applicant: { kind: 'natural', name: '钱八', identityNumber: withResidentCheck('22058119900101555'), phone: '13912345555' },
        itemId: w.itemA.id,
        formData: form,
        checklist: [],
        acceptNow: false,
        within: async (trx, caseId) => {
          lost = await trx.selectFrom('cases').select(['id', 'number']).where('id', '=', caseId).executeTakeFirstOrThrow();
          throw new Error('crash before commit');
        },
      }),
    ).rejects.toThrow('crash before commit');
    expect(lost!.number).toMatch(/^220581-\d{8}-\d{5,}$/);
    expect(await t.db.selectFrom('cases').select('id').where('id', '=', lost!.id).executeTakeFirst()).toBeUndefined();
    const after = await submit();
    expect(seq(after.number)).toBeGreaterThan(seq(lost!.number));
    const all = await t.db.selectFrom('cases').select('number').execute();
    expect(new Set(all.map((c) => c.number)).size).toBe(all.length);
  });
});

describe('rules of the road', () => {
  const submitted = () => submit();

  it('a reviewer of another department does not even see the case', async () => {
    const c = await submitted();
    await service.acceptCase({ db: t.db, actor: as(w.clerk), caseId: c.id });
    await expect(service.approveCase({ db: t.db, actor: as(w.reviewerB), caseId: c.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('another applicant cannot withdraw my case; a clerk of another centre cannot accept it', async () => {
    const c = await submitted();
    await expect(service.withdrawCase({ db: t.db, actor: as(w.applicant2), caseId: c.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(service.acceptCase({ db: t.db, actor: as(w.foreignClerk), caseId: c.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('the wrong role is refused even when the case is visible', async () => {
    const c = await submitted();
    await expect(service.acceptCase({ db: t.db, actor: as(w.applicant), caseId: c.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('steps cannot be skipped and a failed step writes nothing', async () => {
    const c = await submitted();
    await expect(service.approveCase({ db: t.db, actor: as(w.reviewerA), caseId: c.id })).rejects.toMatchObject({
      code: 'INVALID_STATE',
      message: '只有已受理的办件可以作出决定',
    });
    await expect(service.issueResult({ db: t.db, actor: as(w.clerk), caseId: c.id, delivery: { method: 'window' } })).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
    expect((await eventsOf(c.id)).length).toBe(1);
  });

  it('postal delivery needs the courier and tracking number, and records them', async () => {
    const c = await submitted();
    await service.acceptCase({ db: t.db, actor: as(w.clerk), caseId: c.id });
    await reviewToDecision(t.db, c.id, w.reviewerA);
    await service.denyCase({ db: t.db, actor: as(w.reviewerA), caseId: c.id, reason: '经营场所不符合食品安全要求' });
    await expect(service.issueResult({ db: t.db, actor: as(w.clerk), caseId: c.id, delivery: { method: 'post' } })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await service.issueResult({
      db: t.db,
      actor: as(w.clerk),
      caseId: c.id,
      delivery: { method: 'post', courier: '中国邮政EMS', trackingNumber: '1234567890123', postAddress: { recipient: '张三', phone: '13800138000', address: '梅河口市新华大街 88 号' } },
    });
    const events = await eventsOf(c.id);
    expect(events.at(-2)!.data).toMatchObject({ remedies: expect.stringContaining('行政复议') });
    expect(events.at(-1)!.data).toEqual({ delivery: { method: 'post', courier: '中国邮政EMS', trackingNumber: '1234567890123' } });
  });

  it('a correction round returns the case to the queue with the corrected data', async () => {
    const c = await submitted();
    await service.requestCorrection({ db: t.db, actor: as(w.clerk), caseId: c.id, missing: ['营业执照复印件', '经营场所平面图'] });
    const back = await service.resubmitCase({
      db: t.db,
      actor: as(w.applicant),
      caseId: c.id,
      formData: { ...form, name: '梅河口市好味道餐饮店（更正）' },
      answers: [
        { point: 0, text: '营业执照复印件已交窗口' },
        { point: 1, text: '平面图已交窗口' },
      ],
    });
    expect(back.status).toBe('submitted');
    expect(back.form_data).toMatchObject({ name: '梅河口市好味道餐饮店（更正）' });
    const events = await eventsOf(c.id);
    expect(events.map((e) => e.action)).toEqual(['submit', 'request_correction', 'resubmit']);
    expect(events[1]!.data).toEqual({
      missing: ['营业执照复印件', '经营场所平面图'],
      points: [
        { materialId: null, text: '营业执照复印件' },
        { materialId: null, text: '经营场所平面图' },
      ],
    });
    expect(events[2]!.data).toEqual({ answers: { 0: '营业执照复印件已交窗口', 1: '平面图已交窗口' } });
  });

  it('only published items can be applied for, and the form is checked field by field', async () => {
    const draft = await makeItem(t.db, w.deptA.id, { status: 'draft' });
    await expect(
      service.submitApplication({ db: t.db, actor: as(w.applicant), itemId: draft.id, formData: form }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      service.submitApplication({ db: t.db, actor: as(w.applicant), itemId: w.itemA.id, formData: { phone: '123', extra: 1 } }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: expect.arrayContaining([
        expect.objectContaining({ field: 'body.formData.name' }),
        expect.objectContaining({ field: 'body.formData.phone' }),
        expect.objectContaining({ field: 'body.formData.extra' }),
      ]),
    });
  });

  it('concurrent accepts of one case: exactly one wins', async () => {
    const c = await submitted();
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => service.acceptCase({ db: t.db, actor: as(w.clerk), caseId: c.id })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(
      Array(4).fill('INVALID_STATE'),
    );
    expect((await eventsOf(c.id)).map((e) => e.action)).toEqual(['submit', 'accept']);
  });
});

describe('idempotent submission', () => {
  it('a retry with the same key returns the same case; another body with that key is refused', async () => {
    const key = 'retry-key-0001';
    const first = await service.submitApplication({ db: t.db, actor: as(w.applicant), itemId: w.itemA.id, formData: form, idempotencyKey: key });
    const again = await service.submitApplication({ db: t.db, actor: as(w.applicant), itemId: w.itemA.id, formData: form, idempotencyKey: key });
    expect(again).toEqual({ caseId: first.caseId, replayed: true });
    await expect(
      service.submitApplication({ db: t.db, actor: as(w.applicant), itemId: w.itemA.id, formData: { ...form, name: '别的店' }, idempotencyKey: key }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    // The key belongs to its applicant: someone else using the same string gets their own case.
    const other = await service.submitApplication({ db: t.db, actor: as(w.applicant2), itemId: w.itemA.id, formData: form, idempotencyKey: key });
    expect(other.caseId).not.toBe(first.caseId);
  });

  it('50 concurrent duplicates create exactly one case and use one number', async () => {
    const key = 'concurrent-key-0001';
    const before = await t.db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        service.submitApplication({ db: t.db, actor: as(w.applicant2), itemId: w.itemB.id, formData: form, idempotencyKey: key }),
      ),
    );
    expect(new Set(results.map((r) => r.caseId)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    const after = await t.db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(after.n - before.n).toBe(1);
    const next = await submit(w.applicant2, w.itemB.id);
    const created = await t.db.selectFrom('cases').select('number').where('id', '=', results[0]!.caseId).executeTakeFirstOrThrow();
    expect(Number(next.number.split('-')[2])).toBe(Number(created.number.split('-')[2]) + 1);
  });
});

describe('一窗受理: walk-in registration at the window', () => {
  const person = { kind: 'natural' as const, name: '赵六', identityNumber: withResidentCheck('22058119800101123'), phone: '13912340000' };

  it('registers the applicant, opens the case and accepts it on the spot in one go', async () => {
    const { caseId } = await service.registerWalkIn({
      db: t.db,
      actor: as(w.clerk),
      applicant: person,
      itemId: w.itemA.id,
      formData: form,
      checklist: ['身份证原件', '营业执照复印件'],
      acceptNow: true,
    });
    const c = await t.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
    expect(c).toMatchObject({ status: 'accepted', channel: 'window' });
    expect(c.due_date).not.toBeNull();
    const events = await eventsOf(caseId);
    expect(events.map((e) => [e.action, e.actor_id])).toEqual([
      ['submit', w.clerk.id],
      ['accept', w.clerk.id],
    ]);
    expect(events[1]!.data).toMatchObject({ checklist: ['身份证原件', '营业执照复印件'] });

    // The same person next time is the same applicant.
    const again = await service.registerWalkIn({ db: t.db, actor: as(w.clerk), applicant: person, itemId: w.itemB.id, formData: form, checklist: [], acceptNow: false });
    const second = await t.db.selectFrom('cases').selectAll().where('id', '=', again.caseId).executeTakeFirstOrThrow();
    expect(second.applicant_id).toBe(c.applicant_id);
    expect(second.status).toBe('submitted');
  });

  it('checks the ID number and keeps other centres out', async () => {
    await expect(
      service.registerWalkIn({
        db: t.db,
        actor: as(w.clerk),
        // The right 17 digits with a wrong check character.
        applicant: { ...person, identityNumber: person.identityNumber.slice(0, 17) + (person.identityNumber[17] === '0' ? '1' : '0') },
        itemId: w.itemA.id,
        formData: form,
        checklist: [],
        acceptNow: true,
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'body.applicant.identityNumber' }] });
    await expect(
      service.registerWalkIn({ db: t.db, actor: as(w.foreignClerk), applicant: person, itemId: w.itemA.id, formData: form, checklist: [], acceptNow: true }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('分类审批: claim, steps in order, AB角', () => {
  async function accepted() {
    const c = await submit();
    await service.acceptCase({ db: t.db, actor: as(w.clerk), caseId: c.id });
    return c.id;
  }

  it('a decision needs the claim and the review step first, by the assignee', async () => {
    const caseId = await accepted();
    await expect(service.approveCase({ db: t.db, actor: as(w.reviewerA), caseId })).rejects.toMatchObject({ code: 'INVALID_STATE', message: '请先认领该办件' });
    await service.claimCase({ db: t.db, actor: as(w.reviewerA), caseId });
    await expect(service.approveCase({ db: t.db, actor: as(w.reviewerA), caseId })).rejects.toMatchObject({
      code: 'INVALID_STATE',
      message: '请先完成审查环节，再作出决定',
    });
    const colleague = await makeUser(t.db, 'reviewer', { centreId: w.centre.id, departmentId: w.deptA.id });
    await expect(service.claimCase({ db: t.db, actor: as(colleague), caseId })).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await expect(service.completeReview({ db: t.db, actor: as(colleague), caseId, opinion: '同意' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await service.completeReview({ db: t.db, actor: as(w.reviewerA), caseId, opinion: '同意' });
    await expect(service.completeReview({ db: t.db, actor: as(w.reviewerA), caseId, opinion: '再审' })).rejects.toMatchObject({ code: 'INVALID_STATE' });
    const decided = await service.approveCase({ db: t.db, actor: as(w.reviewerA), caseId });
    expect(decided.status).toBe('approved');
  });

  it('while the assignee is away, their backup sees and works the queue', async () => {
    const a = await makeUser(t.db, 'reviewer', { centreId: w.centre.id, departmentId: w.deptA.id });
    const b = await makeUser(t.db, 'reviewer', { centreId: w.centre.id, departmentId: w.deptA.id });
    await t.db.updateTable('users').set({ backup_user_id: b.id }).where('id', '=', a.id).execute();
    const caseId = await accepted();
    await service.claimCase({ db: t.db, actor: as(a), caseId });
    const { listCases } = await import('./view.js');
    const mine = async (u: typeof a) => (await listCases(t.db, as(u), { queue: 'mine', limit: 100, offset: 0 })).cases.map((c) => c.id);

    expect(await mine(b)).not.toContain(caseId);
    await expect(service.completeReview({ db: t.db, actor: as(b), caseId, opinion: '同意' })).rejects.toMatchObject({ code: 'FORBIDDEN' });

    await t.db.updateTable('users').set({ away: true }).where('id', '=', a.id).execute();
    expect(await mine(b)).toContain(caseId);
    await service.completeReview({ db: t.db, actor: as(b), caseId, opinion: 'B角审查：同意' });
    await service.approveCase({ db: t.db, actor: as(b), caseId });
    const events = await eventsOf(caseId);
    expect(events.slice(-2).map((e) => [e.action, e.actor_id])).toEqual([
      ['complete_review', b.id],
      ['approve', b.id],
    ]);
  });
});

describe('drafts', () => {
  it('saves, updates and submits a draft once, however often it is sent', async () => {
    const { saveDraft, listDrafts, submitDraft } = await import('./drafts.js');
    const actor = as(w.applicant2);
    const id = await saveDraft(t.db, actor, { itemId: w.itemA.id, formData: { name: '半成品' } });
    await saveDraft(t.db, actor, { id, itemId: w.itemA.id, formData: { name: '完整的申请', phone: '13800138000' } });
    expect((await listDrafts(t.db, actor)).map((d) => d.form_data)).toContainEqual({ name: '完整的申请', phone: '13800138000' });
    await expect(saveDraft(t.db, as(w.applicant), { id, itemId: w.itemA.id, formData: {} })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // An item that does not exist (found by the fuzz test: it was a foreign-key failure, a 500).
    await expect(saveDraft(t.db, actor, { itemId: 2_000_000_000, formData: {} })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(saveDraft(t.db, actor, { id, itemId: 2_000_000_000, formData: {} })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const first = await submitDraft(t.db, actor, id);
    const again = await submitDraft(t.db, actor, id);
    expect(again).toEqual({ caseId: first.caseId, replayed: true });
    expect((await listDrafts(t.db, actor)).map((d) => d.id)).not.toContain(id);
  });

  it('an incomplete draft is refused at submission and kept', async () => {
    const { saveDraft, listDrafts, submitDraft } = await import('./drafts.js');
    const actor = as(w.applicant2);
    const id = await saveDraft(t.db, actor, { itemId: w.itemA.id, formData: { name: '缺电话' } });
    await expect(submitDraft(t.db, actor, id)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await listDrafts(t.db, actor)).map((d) => d.id)).toContain(id);
  });
});

describe('即办件 at the window', () => {
  it('only an authorised clerk decides an on-the-spot item, and only such items', async () => {
    const immediate = await makeItem(t.db, w.deptA.id, { promised: 0 });
    const onSpot = await submit(w.applicant, immediate.id);
    await expect(service.decideOnSpot({ db: t.db, actor: as(w.clerk), caseId: onSpot.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await t.db.updateTable('users').set({ decides_immediate: true }).where('id', '=', w.clerk.id).execute();
    const promised = await submit();
    await expect(service.decideOnSpot({ db: t.db, actor: as(w.clerk), caseId: promised.id })).rejects.toMatchObject({ code: 'INVALID_STATE' });
    const decided = await service.decideOnSpot({ db: t.db, actor: as(w.clerk), caseId: onSpot.id, opinion: '材料齐全，当场办结' });
    // 当场办结: due the same working day (the next one when applied on a rest day).
    const calendar = await currentCalendar(t.db);
    expect(decided).toMatchObject({ status: 'approved', due_date: calendar.addWorkdays(chinaDate(decided.accepted_at!), 0).due });
    expect(decided.decided_at).toBeInstanceOf(Date);
    const done = await service.issueResult({ db: t.db, actor: as(w.clerk), caseId: onSpot.id, delivery: { method: 'window' } });
    expect(done.status).toBe('completed');
  });
});

describe('the item version a case was applied under', () => {
  it('is recorded on the case, with the limit units of that item', async () => {
    const item = await makeItem(t.db, w.deptA.id, { promised: 30, legal: null });
    const version = await t.db
      .insertInto('service_item_versions')
      .values({ item_id: item.id, version_no: 1, action: 'publish', reason: '首次发布', actor_id: null, snapshot: JSON.stringify({ name: item.name }) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .updateTable('service_items')
      .set({ current_version_id: version.id, promised_limit_unit: 'natural_day', legal_extension_workdays: 15 })
      .where('id', '=', item.id)
      .execute();
    const c = await submit(w.applicant, item.id);
    expect(c).toMatchObject({ item_version_id: version.id, promised_limit_unit: 'natural_day', max_extension_workdays: 15 });
    const accepted = await service.acceptCase({ db: t.db, actor: as(w.clerk), caseId: c.id });
    // 30 natural days (日), moved to a working day if it ends on a rest day.
    const calendar = await currentCalendar(t.db);
    const thirtyDays = new Date(Date.parse(`${chinaDate(accepted.accepted_at!)}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
    expect(accepted.due_date).toBe(calendar.isWorkday(thirtyDays) ? thirtyDays : calendar.nextWorkday(thirtyDays));
  });
});

describe('送达方式', () => {
  it('the applicant chooses express post; the timeline says only which way, the detail masks the phone', async () => {
    const c = await submit();
    await service.chooseDelivery({
      db: t.db,
      actor: as(w.applicant),
      caseId: c.id,
      preference: { method: 'post', recipient: '张三', phone: '13800138000', address: '梅河口市新华大街 88 号' },
    });
    await expect(
      service.chooseDelivery({ db: t.db, actor: as(w.clerk), caseId: c.id, preference: { method: 'window' } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const events = await eventsOf(c.id);
    expect(events.at(-1)).toMatchObject({ action: 'choose_delivery', data: { method: 'post' } });
    const { getCaseDetail } = await import('./view.js');
    const detail = await getCaseDetail(t.db, as(w.clerk), c.id);
    expect(detail.deliveryPreference).toEqual({ method: 'post', recipient: '张三', phone: '138****8000', address: '梅河口市新华大街 88 号' });
  });
});
