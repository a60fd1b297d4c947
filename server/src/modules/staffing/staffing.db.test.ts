import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { loginCookie, makeDepartment, makeUser, makeWorld, TEST_PASSWORD, toActorOf } from '../../test/factories.js';
import * as cases from '../cases/service.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;
let adminCookie: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t.db);
  adminCookie = await loginCookie(t.app, w.admin.username);
});
afterAll(() => t.destroy());

const api = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, cookie: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload && { payload }) });

/** An accepted case of department A's item, claimed by the given reviewer. */
async function claimedBy(reviewer: { id: number } & Parameters<typeof toActorOf>[0]) {
  const { caseId } = await cases.submitApplication({ db: t.db, actor: toActorOf(w.applicant), itemId: w.itemA.id, formData: { name: '申请', phone: '13800138000' } });
  await cases.acceptCase({ db: t.db, actor: toActorOf(w.clerk), caseId });
  await cases.claimCase({ db: t.db, actor: toActorOf(reviewer), caseId });
  return caseId;
}

/** 无人负责的办件: open cases (accepted) whose assignee is gone or no longer in the case's department. */
async function orphanedCases() {
  const rows = await t.db
    .selectFrom('cases')
    .leftJoin('users', 'users.id', 'cases.assignee_id')
    .select(['cases.id'])
    .where('cases.status', '=', 'accepted')
    .where('cases.assignee_id', 'is not', null)
    .where((eb) => eb.or([eb('users.disabled', '=', true), eb('users.department_id', 'is distinct from', eb.ref('cases.department_id'))]))
    .execute();
  return rows.map((r) => r.id);
}

async function auditCount(action: string, targetId?: string) {
  let query = t.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', action);
  if (targetId) query = query.where('target_id', '=', targetId);
  return (await query.executeTakeFirstOrThrow()).n;
}

describe('进驻动态管理', () => {
  it('departments enter and leave, windows serve items, staff join — each change audited and live at once', async () => {
    const deptC = await makeDepartment(t.db, w.centre);
    const otherCentre = (await t.db.insertInto('centres').values({ name: '不动产登记分中心', kind: 'branch', region_code: '220581', parent_centre_id: w.centre.id }).returning('id').executeTakeFirstOrThrow()).id;
    expect((await api('POST', `/api/admin/centres/${otherCentre}/departments`, adminCookie, { departmentId: w.deptA.id })).statusCode).toBe(200);
    expect((await api('POST', `/api/admin/centres/${otherCentre}/departments`, adminCookie, { departmentId: w.deptA.id })).statusCode).toBe(409);
    const window = await api('POST', `/api/admin/centres/${otherCentre}/windows`, adminCookie, { number: '01', name: '不动产综合窗口', kind: 'department', departmentId: w.deptA.id, itemIds: [w.itemA.id] });
    expect(window.statusCode).toBe(200);
    // A department window serves its own department's items only; a department not present has none.
    expect((await api('POST', `/api/admin/centres/${otherCentre}/windows`, adminCookie, { number: '02', name: '错窗口', kind: 'department', departmentId: w.deptA.id, itemIds: [w.itemB.id] })).statusCode).toBe(400);
    expect((await api('POST', `/api/admin/centres/${otherCentre}/windows`, adminCookie, { number: '03', name: '未进驻', kind: 'department', departmentId: deptC.id })).statusCode).toBe(400);

    const joined = await api('POST', `/api/admin/centres/${otherCentre}/staff`, adminCookie, {
      username: 'bdc_clerk_01',
      displayName: '新窗口人员',
      role: 'clerk',
      phone: '13604359999',
      password: TEST_PASSWORD,
      windowId: window.json().id,
    });
    expect(joined.statusCode).toBe(200);
    const clerkCookie = await loginCookie(t.app, 'bdc_clerk_01');
    expect((await api('GET', '/api/auth/me', clerkCookie)).json().user).toMatchObject({ role: 'clerk', centreId: otherCentre, windowId: window.json().id });

    const overview = (await api('GET', `/api/admin/centres/${otherCentre}/organisation`, adminCookie)).json();
    expect(overview.departments.map((d: { id: number }) => d.id)).toEqual([w.deptA.id]);
    expect(overview.windows).toEqual([
      { id: window.json().id, number: '01', name: '不动产综合窗口', kind: 'department', departmentId: w.deptA.id, departmentName: w.deptA.name, active: true, items: [{ id: w.itemA.id, name: w.itemA.name }] },
    ]);
    expect(overview.staff.map((s: { username: string; role: string }) => [s.username, s.role])).toEqual([['bdc_clerk_01', 'clerk']]);

    // The department cannot leave while its window is open; closing needs the clerk moved first.
    expect((await api('DELETE', `/api/admin/centres/${otherCentre}/departments/${w.deptA.id}`, adminCookie)).statusCode).toBe(409);
    const busy = await api('PATCH', `/api/admin/windows/${window.json().id}`, adminCookie, { active: false });
    expect(busy.statusCode).toBe(409);
    expect(busy.json().error.message).toBe('该窗口仍有工作人员，请先调整');
    expect((await api('POST', `/api/admin/staff/${joined.json().id}/move`, adminCookie, { centreId: w.centre.id })).statusCode).toBe(200);
    expect((await api('GET', '/api/auth/me', clerkCookie)).json().user).toMatchObject({ centreId: w.centre.id, windowId: null });
    expect((await api('PATCH', `/api/admin/windows/${window.json().id}`, adminCookie, { active: false })).statusCode).toBe(200);
    expect((await api('DELETE', `/api/admin/centres/${otherCentre}/departments/${w.deptA.id}`, adminCookie)).statusCode).toBe(200);

    expect(await auditCount('centre.department_enter', String(otherCentre))).toBe(1);
    expect(await auditCount('centre.department_leave', String(otherCentre))).toBe(1);
    expect(await auditCount('window.create', String(window.json().id))).toBe(1);
    expect(await auditCount('window.update', String(window.json().id))).toBe(1);
    expect(await auditCount('staff.join', String(joined.json().id))).toBe(1);
    expect(await auditCount('staff.move', String(joined.json().id))).toBe(1);
  });

  it('a reviewer moved to another department hands their open cases to the AB partner', async () => {
    const [first, partner, third] = await Promise.all([
      makeUser(t.db, 'reviewer', { centreId: w.centre.id, departmentId: w.deptA.id }),
      makeUser(t.db, 'reviewer', { centreId: w.centre.id, departmentId: w.deptA.id }),
      makeUser(t.db, 'reviewer', { centreId: w.centre.id, departmentId: w.deptA.id }),
    ]);
    expect((await api('PUT', `/api/admin/staff/${first.id}/ab`, adminCookie, { backupUserId: partner.id })).statusCode).toBe(200);
    expect((await api('PUT', `/api/admin/staff/${partner.id}/ab`, adminCookie, { backupUserId: first.id })).statusCode).toBe(200);
    const held = [await claimedBy(first), await claimedBy(first)];
    const thirdHolds = await claimedBy(third);

    const moved = await api('POST', `/api/admin/staff/${first.id}/move`, adminCookie, { centreId: w.centre.id, departmentId: w.deptB.id });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().reassigned.sort((a: { caseId: string }, b: { caseId: string }) => a.caseId.localeCompare(b.caseId))).toEqual(
      held.sort().map((caseId) => ({ caseId, toUserId: partner.id })),
    );
    const now = await t.db.selectFrom('cases').select(['id', 'assignee_id']).where('id', 'in', [...held, thirdHolds]).execute();
    expect(Object.fromEntries(now.map((c) => [c.id, c.assignee_id]))).toEqual({ [held[0]!]: partner.id, [held[1]!]: partner.id, [thirdHolds]: third.id });
    // The pair is over: nobody in department A names the mover as B角 any more.
    const partnerRow = await t.db.selectFrom('users').select(['backup_user_id']).where('id', '=', partner.id).executeTakeFirstOrThrow();
    expect(partnerRow.backup_user_id).toBeNull();
    expect(await auditCount('case.reassign')).toBe(2);
    // The partner decides the case they inherited.
    const review = await cases.completeReview({ db: t.db, actor: toActorOf(partner), caseId: held[0]!, opinion: '材料齐全，符合法定条件' });
    expect(review.review_step).toBe('decision');
    expect(await orphanedCases()).toEqual([]);
  });

  it('a leaver is refused on their very next request and their open cases go to a colleague; never orphaned', async () => {
    const [leaver, colleague] = await Promise.all([
      makeUser(t.db, 'reviewer', { centreId: w.centre.id, departmentId: w.deptB.id }),
      makeUser(t.db, 'reviewer', { centreId: w.centre.id, departmentId: w.deptB.id }),
    ]);
    const leaverCookie = await loginCookie(t.app, leaver.username);
    expect((await api('GET', '/api/auth/me', leaverCookie)).statusCode).toBe(200);
    const { caseId } = await cases.submitApplication({ db: t.db, actor: toActorOf(w.applicant), itemId: w.itemB.id, formData: { name: '申请', phone: '13800138000' } });
    await cases.acceptCase({ db: t.db, actor: toActorOf(w.clerk), caseId });
    await cases.claimCase({ db: t.db, actor: toActorOf(leaver), caseId });

    const left = await api('POST', `/api/admin/staff/${leaver.id}/leave`, adminCookie);
    expect(left.statusCode).toBe(200);
    // The world's reviewer B holds no cases, the new colleague neither: the first by id takes it.
    const expectedSuccessor = Math.min(w.reviewerB.id, colleague.id);
    expect(left.json()).toEqual({ reassigned: [{ caseId, toUserId: expectedSuccessor }] });
    expect((await api('GET', '/api/auth/me', leaverCookie)).statusCode).toBe(401);
    expect((await api('GET', '/api/cases', leaverCookie)).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: leaver.username, password: TEST_PASSWORD } })).statusCode).toBe(401);
    expect(await t.db.selectFrom('sessions').select('user_id').where('user_id', '=', leaver.id).execute()).toEqual([]);
    expect(await orphanedCases()).toEqual([]);

    // The last reviewer of a department cannot leave while holding cases: someone must take them.
    const lonelyDept = await makeDepartment(t.db, w.centre);
    const lonely = await makeUser(t.db, 'reviewer', { centreId: w.centre.id, departmentId: lonelyDept.id });
    const item = await t.db.insertInto('service_items').values({ code: `LONE-${lonely.id}`, name: '独人事项', department_id: lonelyDept.id, kind: 'promised', legal_limit_days: 20, promised_limit_days: 5, form_fields: JSON.stringify([]) }).returning('id').executeTakeFirstOrThrow();
    const lone = await cases.submitApplication({ db: t.db, actor: toActorOf(w.applicant), itemId: item.id, formData: {} });
    await cases.acceptCase({ db: t.db, actor: toActorOf(w.clerk), caseId: lone.caseId });
    await cases.claimCase({ db: t.db, actor: toActorOf(lonely), caseId: lone.caseId });
    const refused = await api('POST', `/api/admin/staff/${lonely.id}/leave`, adminCookie);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toBe('该部门没有其他审批人员接手其在办件，请先安排接替人员');
    expect((await t.db.selectFrom('users').select('disabled').where('id', '=', lonely.id).executeTakeFirstOrThrow()).disabled).toBe(false);
    expect(await orphanedCases()).toEqual([]);
  });

  it('names a 首席代表 with the items of their own department only, and keeps other centres\' staff out of reach', async () => {
    const chief = await makeUser(t.db, 'reviewer', { centreId: w.centre.id, departmentId: w.deptA.id });
    expect((await api('PUT', `/api/admin/staff/${chief.id}/chief-representative`, adminCookie, { itemIds: [w.itemB.id] })).statusCode).toBe(400);
    expect((await api('PUT', `/api/admin/staff/${chief.id}/chief-representative`, adminCookie, { itemIds: [w.itemA.id] })).statusCode).toBe(200);
    const overview = (await api('GET', `/api/admin/centres/${w.centre.id}/organisation`, adminCookie)).json();
    expect(overview.staff.find((s: { id: number }) => s.id === chief.id)).toMatchObject({ chiefRepresentative: true, authorisedItemIds: [w.itemA.id] });
    expect((await api('POST', `/api/admin/staff/${w.foreignClerk.id}/leave`, adminCookie)).statusCode).toBe(404);
    const clerkCookie = await loginCookie(t.app, w.clerk.username);
    expect((await api('POST', `/api/admin/staff/${chief.id}/leave`, clerkCookie)).statusCode).toBe(403);
  });
});
