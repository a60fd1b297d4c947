import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { loginCookie, makeItem, makeUser, makeWorld, toActorOf } from '../../test/factories.js';
import { THREE_STEP_CHAIN } from '../catalog/review-chain.js';
import type { ReviewChain } from '../../db/schema.js';
import * as extensions from './extensions.js';
import * as service from './service.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;
const as = toActorOf;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t.db);
});
afterAll(() => t.destroy());

const row = (caseId: string) => t.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
const timeline = (caseId: string) =>
  t.db.selectFrom('case_events').select(['action', 'actor_id', 'note', 'data']).where('case_id', '=', caseId).orderBy('seq').execute();

async function acceptedCase(itemId = w.itemA.id) {
  const { caseId } = await service.submitApplication({ db: t.db, actor: as(w.applicant), itemId, formData: { name: '测试', phone: '13800138000' } });
  await service.acceptCase({ db: t.db, actor: as(w.clerk), caseId });
  return caseId;
}

async function itemWithChain(chain: ReviewChain, overrides: { promised?: number } = {}) {
  const item = await makeItem(t.db, w.deptA.id, overrides);
  await t.db.updateTable('service_items').set({ review_chain: JSON.stringify(chain) }).where('id', '=', item.id).execute();
  return item;
}

describe('extensions are the head of the organ\'s to approve (行政许可法 art. 42)', () => {
  it('a pending request waits in the head\'s inbox and on the supervision seat, and blocks the decision', async () => {
    const caseId = await acceptedCase();
    await service.claimCase({ db: t.db, actor: as(w.reviewerA), caseId });
    await service.completeReview({ db: t.db, actor: as(w.reviewerA), caseId, opinion: '需补充调查' });
    await extensions.requestExtension({ db: t.db, actor: as(w.reviewerA), caseId, workdays: 4, reason: '需补充调查' });

    const number = (await row(caseId)).number;
    const inbox = async (username: string) => {
      const response = await t.app.inject({ method: 'GET', url: '/api/extensions/pending', headers: { cookie: await loginCookie(t.app, username) } });
      return { status: response.statusCode, numbers: ((response.json().extensions ?? []) as { number: string }[]).map((e) => e.number) };
    };
    expect(await inbox(w.headA.username)).toEqual({ status: 200, numbers: [number] });
    expect(await inbox(w.supervisor.username)).toEqual({ status: 200, numbers: [number] });
    // Department B's head and the government head have nothing of it to sign; a reviewer has no inbox.
    const headB = await makeUser(t.db, 'department_head', { centreId: w.centre.id, departmentId: w.deptB.id });
    expect(await inbox(headB.username)).toEqual({ status: 200, numbers: [] });
    expect(await inbox(w.governmentHead.username)).toEqual({ status: 200, numbers: [] });
    expect((await inbox(w.reviewerA.username)).status).toBe(403);

    // Undecided, the case can be neither decided nor completed.
    await expect(service.approveCase({ db: t.db, actor: as(w.reviewerA), caseId })).rejects.toMatchObject({
      code: 'INVALID_STATE',
      message: '该办件有待审批的延期申请，须先由负责人批准或驳回',
    });
    await extensions.decideExtension({ db: t.db, actor: as(w.headA), caseId, approve: true, note: '同意' });
    expect(await inbox(w.headA.username)).toEqual({ status: 200, numbers: [] });
    await service.approveCase({ db: t.db, actor: as(w.reviewerA), caseId });
    const events = await timeline(caseId);
    expect(events.map((e) => e.action)).toEqual(['submit', 'accept', 'claim', 'complete_review', 'request_extension', 'approve_extension', 'approve']);
    expect(events[5]).toMatchObject({ actor_id: w.headA.id, note: '同意' });
  });

  it('a joint application\'s extension (up to 15) is the government head\'s, not the department head\'s', async () => {
    const caseId = await acceptedCase();
    await extensions.markJointHandling(t.db, caseId);
    await service.claimCase({ db: t.db, actor: as(w.reviewerA), caseId });
    await expect(
      extensions.requestExtension({ db: t.db, actor: as(w.reviewerA), caseId, workdays: 16, reason: '联合审查' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await extensions.requestExtension({ db: t.db, actor: as(w.reviewerA), caseId, workdays: 15, reason: '联合审查' });
    await expect(extensions.decideExtension({ db: t.db, actor: as(w.headA), caseId, approve: true })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: '该办件的延期须经本级人民政府负责人批准',
    });
    await extensions.decideExtension({ db: t.db, actor: as(w.governmentHead), caseId, approve: true });
    expect(await row(caseId)).toMatchObject({ extension_workdays: 15, extension_approver: 'government_head' });
  });

  it('an item type other than a licence extends only where its catalogue entry says so', async () => {
    const service20 = await makeItem(t.db, w.deptA.id);
    await t.db.updateTable('service_items').set({ item_type: '20' }).where('id', '=', service20.id).execute();
    const caseId = await acceptedCase(service20.id);
    await service.claimCase({ db: t.db, actor: as(w.reviewerA), caseId });
    await expect(
      extensions.requestExtension({ db: t.db, actor: as(w.reviewerA), caseId, workdays: 1, reason: '再等等' }),
    ).rejects.toMatchObject({ code: 'INVALID_STATE', message: '该事项依其办理规则不得延期' });

    const stated = await makeItem(t.db, w.deptA.id);
    await t.db.updateTable('service_items').set({ item_type: '07', legal_extension_workdays: 5 }).where('id', '=', stated.id).execute();
    expect((await row(await acceptedCase(stated.id))).max_extension_workdays).toBe(5);
  });
});

describe('review chains per item', () => {
  it('承办 → 审核 → 批准: three people in order, the first never decides, each opinion on the timeline', async () => {
    const item = await itemWithChain(THREE_STEP_CHAIN);
    const caseId = await acceptedCase(item.id);
    const reviewerA2 = await makeUser(t.db, 'reviewer', { centreId: w.centre.id, departmentId: w.deptA.id });
    expect(await row(caseId)).toMatchObject({ review_step: 'handle', review_step_index: 0, review_step_role: 'reviewer' });

    await service.claimCase({ db: t.db, actor: as(w.reviewerA), caseId });
    // The decision is not reachable before its turn.
    await expect(service.approveCase({ db: t.db, actor: as(w.headA), caseId })).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await service.completeReview({ db: t.db, actor: as(w.reviewerA), caseId, opinion: '承办意见：材料齐全' });
    // The one who handled the first step may not check it.
    await expect(service.completeReview({ db: t.db, actor: as(w.reviewerA), caseId, opinion: '自己审核' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    // 审核 is in the 待签批 queue of another reviewer of the department, not of the handler.
    const queue = async (user: { username: string }) => {
      const response = await t.app.inject({ method: 'GET', url: '/api/cases?queue=sign', headers: { cookie: await loginCookie(t.app, user.username) } });
      return (response.json().cases as { id: string; reviewStepLabel: string }[]).filter((c) => c.id === caseId);
    };
    expect(await queue(reviewerA2)).toMatchObject([{ reviewStepLabel: '审核' }]);
    expect(await queue(w.reviewerA)).toEqual([]);
    await service.completeReview({ db: t.db, actor: as(reviewerA2), caseId, opinion: '审核意见：同意' });

    // 批准 belongs to the department head: neither reviewer decides.
    await expect(service.approveCase({ db: t.db, actor: as(w.reviewerA), caseId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(service.approveCase({ db: t.db, actor: as(reviewerA2), caseId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await queue(w.headA)).toMatchObject([{ reviewStepLabel: '批准' }]);
    await service.approveCase({ db: t.db, actor: as(w.headA), caseId, opinion: '批准意见：准予' });

    const events = await timeline(caseId);
    expect(events.map((e) => [e.action, e.actor_id, e.note, e.data.stepLabel ?? null])).toEqual([
      ['submit', w.applicant.id, null, null],
      ['accept', w.clerk.id, null, null],
      ['claim', w.reviewerA.id, null, null],
      ['complete_review', w.reviewerA.id, '承办意见：材料齐全', '承办'],
      ['complete_review', reviewerA2.id, '审核意见：同意', '审核'],
      ['approve', w.headA.id, '批准意见：准予', '批准'],
    ]);
    expect(await row(caseId)).toMatchObject({ status: 'approved', decided_by: w.headA.id });
  });

  it('a 即办件 skips the steps marked skippable', async () => {
    const item = await itemWithChain(THREE_STEP_CHAIN, { promised: 0 });
    const caseId = await acceptedCase(item.id);
    expect((await row(caseId)).review_chain!.steps.map((s) => s.label)).toEqual(['承办', '批准']);
  });

  it('会签: every listed department signs before the step ends; a department not listed cannot', async () => {
    const deptC = await t.db.selectFrom('departments').selectAll().where('id', '=', w.deptB.id).executeTakeFirstOrThrow();
    const chain: ReviewChain = {
      distinctPersons: false,
      steps: [
        { key: 'review', label: '审查', kind: 'handle', role: 'reviewer' },
        { key: 'joint', label: '联合会签', kind: 'countersign', role: 'reviewer', departments: [w.deptA.id, deptC.id] },
        { key: 'decision', label: '决定', kind: 'approve', role: 'reviewer', decides: true },
      ],
    };
    const item = await itemWithChain(chain);
    const caseId = await acceptedCase(item.id);
    expect((await row(caseId)).countersign_department_ids).toEqual([w.deptB.id]);
    await service.claimCase({ db: t.db, actor: as(w.reviewerA), caseId });
    // Department B sees the case but cannot claim it.
    await expect(service.claimCase({ db: t.db, actor: as(w.reviewerB), caseId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await service.completeReview({ db: t.db, actor: as(w.reviewerA), caseId, opinion: '审查通过' });
    await service.completeReview({ db: t.db, actor: as(w.reviewerB), caseId, opinion: 'B 局会签同意' });
    expect((await row(caseId)).review_step).toBe('joint');
    await expect(service.completeReview({ db: t.db, actor: as(w.reviewerB), caseId, opinion: '再签一次' })).rejects.toMatchObject({
      code: 'INVALID_STATE',
      message: '本部门已会签',
    });
    await service.completeReview({ db: t.db, actor: as(w.reviewerA), caseId, opinion: 'A 局会签同意' });
    expect((await row(caseId)).review_step).toBe('decision');
    await service.approveCase({ db: t.db, actor: as(w.reviewerA), caseId });
    const signed = (await timeline(caseId)).filter((e) => e.action === 'countersign');
    expect(signed.map((e) => [e.actor_id, e.data.departmentId, e.data.waitingDepartments])).toEqual([
      [w.reviewerB.id, w.deptB.id, [w.deptA.id]],
      [w.reviewerA.id, w.deptA.id, []],
    ]);
  });

  it('the catalogue refuses a chain that cannot run', async () => {
    const { chainProblems } = await import('../catalog/review-chain.js');
    expect(chainProblems({ distinctPersons: true, steps: [{ key: 'a', label: '承办', kind: 'handle', role: 'reviewer' }] })).toEqual([
      '审批链应有且只有一个作出决定的环节',
    ]);
    expect(
      chainProblems({
        distinctPersons: false,
        steps: [
          { key: 'a', label: '决定', kind: 'approve', role: 'reviewer', decides: true },
          { key: 'a', label: '会签', kind: 'countersign', role: 'reviewer' },
        ],
      }),
    ).toEqual(['审批环节键「a」重复', '会签环节「会签」应列出会签部门', '作出决定的环节应为最后一个环节']);
  });
});
