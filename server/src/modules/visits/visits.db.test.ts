import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { loginCookie, makeUser, makeWorld, toActorOf } from '../../test/factories.js';
import { chinaDate } from '../../util/china-time.js';
import { withResidentCheck } from '../../util/identity.js';
import { registerWalkIn } from '../cases/service.js';
import { assignVisit, closeVisit, listVisits, recordVisit, requestVisit, triageVisit } from './service.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t.db);
});
afterAll(() => t.destroy());

describe('上门服务', () => {
  it('goes from request through triage and assignment to the visit and the case it produced', async () => {
    const applicant = toActorOf(w.applicant);
    const requested = await requestVisit(t.db, applicant, { centreId: w.centre.id, contactName: '张三', contactPhone: '13800138000', address: '梅河口市福民街 8 号 3 单元', reason: 'disabled', itemId: w.itemA.id, description: '肢体残疾，行动不便' });
    expect(requested).toMatchObject({ status: 'requested', reason: 'disabled', itemName: w.itemA.name, cases: [] });

    // Only the centre decides and dispatches.
    const cookie = await loginCookie(t.app, w.applicant.username);
    expect((await t.app.inject({ method: 'POST', url: `/api/visits/${requested.id}/triage`, headers: { cookie }, payload: { decision: 'accept', note: '符合上门条件' } })).statusCode).toBe(403);
    const admin = toActorOf(w.admin);
    await triageVisit(t.db, admin, requested.id, 'accept', '符合上门条件');
    const clerk = await makeUser(t.db, 'clerk', { centreId: w.centre.id });
    const assigned = await assignVisit(t.db, admin, requested.id, clerk.id, chinaDate());
    expect(assigned).toMatchObject({ status: 'assigned', assigneeId: clerk.id, visitDate: chinaDate(), contactPhone: '138****8000' });

    // Another clerk cannot record it; the assigned one registers the case at the visit and records it.
    await expect(recordVisit(t.db, toActorOf(w.clerk), requested.id, { record: '已上门', caseIds: [] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const { caseId } = await registerWalkIn({
      db: t.db,
      actor: toActorOf(clerk),
      applicant: { kind: 'natural', name: '张三', identityNumber: withResidentCheck('22058119600101002'), phone: '13800138000' },
      itemId: w.itemA.id,
      formData: { name: '上门受理', phone: '13800138000' },
      checklist: [],
      acceptNow: true,
    });
    const visited = await recordVisit(t.db, toActorOf(clerk), requested.id, { record: '上门核验身份并当场受理', caseIds: [caseId] });
    const number = (await t.db.selectFrom('cases').select('number').where('id', '=', caseId).executeTakeFirstOrThrow()).number;
    expect(visited).toMatchObject({ status: 'visited', visitRecord: '上门核验身份并当场受理', cases: [{ id: caseId, number, status: 'accepted' }] });
    expect((await closeVisit(t.db, admin, requested.id)).status).toBe('closed');

    // The applicant follows it; the notices went out (accepted, scheduled).
    const mine = await listVisits(t.db, applicant);
    expect(mine.find((v) => v.id === requested.id)).toMatchObject({ status: 'closed', contactPhone: '13800138000', cases: [{ number }] });
    const notices = await t.db.selectFrom('notifications').select('title').where('user_id', '=', w.applicant.id).where('kind', '=', 'home_visit').orderBy('id').execute();
    expect(notices.map((n) => n.title)).toEqual(['上门服务已受理', '上门服务已安排']);
  });

  it('a declined request cannot be assigned', async () => {
    const visit = await requestVisit(t.db, toActorOf(w.applicant2), { centreId: w.centre.id, contactName: '李四', contactPhone: '13900139000', address: '梅河口市和平路 1 号', reason: 'other', description: '' });
    await triageVisit(t.db, toActorOf(w.admin), visit.id, 'decline', '可网上办理，已电话指导');
    await expect(assignVisit(t.db, toActorOf(w.admin), visit.id, w.clerk.id, chinaDate())).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });
});
