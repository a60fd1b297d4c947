import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { makeCentre, makeUser, toActorOf } from '../../test/factories.js';
import { JOINT_FORM, makeBundle, makeMember } from '../../test/joint-factories.js';
import { chinaDate } from '../../util/china-time.js';
import { isValidCreditCode } from '../../util/identity.js';
import { currentCalendar } from '../calendar/service.js';
import { getCaseDetail, listCases } from '../cases/view.js';
import { approveCase, claimCase, completeReview, denyCase, resumeClock } from '../cases/service.js';
import { decideJointExtension, listPendingJointExtensions, requestJointExtension } from './extensions.js';
import { issueFromCase } from '../licences/issue.js';
import { listWallet } from '../licences/service.js';
import { verifyByReference } from '../licences/verify.js';
import { sealSignerFor } from '../seals/keystore.js';
import { createSeal } from '../seals/service.js';
import * as service from './service.js';
import { getJointDetail, siblingsOfCase } from './view.js';

let t: TestDatabase;
let centre: Awaited<ReturnType<typeof makeCentre>>;
let members: Awaited<ReturnType<typeof makeMember>>[];
let outsider: Awaited<ReturnType<typeof makeMember>>;
let applicant: Awaited<ReturnType<typeof makeUser>>;
let clerk: Awaited<ReturnType<typeof makeUser>>;
let governmentHead: Awaited<ReturnType<typeof makeUser>>;
let supervisor: Awaited<ReturnType<typeof makeUser>>;
let bundleId: number;

beforeAll(async () => {
  t = await createTestDatabase();
  centre = await makeCentre(t.db);
  members = [await makeMember(t.db, centre, 3), await makeMember(t.db, centre, 5), await makeMember(t.db, centre, 1)];
  outsider = await makeMember(t.db, centre);
  applicant = await makeUser(t.db, 'applicant', { kind: 'legal' });
  clerk = await makeUser(t.db, 'clerk', { centreId: centre.id });
  supervisor = await makeUser(t.db, 'supervisor', { regionCode: '220581' });
  governmentHead = await makeUser(t.db, 'government_head', { regionCode: '220581' });
  // The third member is optional: only for applicants who sell food.
  const bundle = await makeBundle(t.db, centre.id, members.map((m) => m.item.id), {
    promised: 1,
    resultKind: 'business_licence',
    optional: [{ itemId: members[2]!.item.id, field: 'sellsFood', value: '是' }],
  });
  bundleId = bundle.id;
  // The first member registers the enterprise: its item produces the 营业执照, sealed by its department.
  await createSeal(t.db, licences.signer, { departmentId: members[0]!.department.id, actor: null });
  const type = await t.db
    .insertInto('licence_types')
    .values({
      code: `${members[0]!.department.credit_code}001`,
      name: '营业执照',
      department_id: members[0]!.department.id,
      holder_kind: 'legal',
      number_prefix: '',
      fields: JSON.stringify([{ key: 'name', label: '名称', formKey: 'tradeName|entityName' }, { key: 'representative', label: '法定代表人', formKey: 'legalRepresentative' }]),
      validity_years: null,
      layout: JSON.stringify({ orientation: 'landscape', accent: '#b8860b' }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db.insertInto('licence_type_items').values({ licence_type_id: type.id, item_id: members[0]!.item.id }).execute();
});
afterAll(() => t.destroy());

const as = toActorOf;
/** Seals with a fixed test key (no data folder here). */
const licences = { signer: sealSignerFor({ sealKey: 'ab'.repeat(32), dataDir: '' }), publicUrl: 'http://test' };

async function submitted(form: Record<string, unknown> = JOINT_FORM) {
  return service.submitJointApplication({ db: t.db, actor: as(applicant), bundleId, formData: form });
}

async function accepted(form: Record<string, unknown> = { ...JOINT_FORM, sellsFood: '是' }) {
  const row = await submitted(form);
  await service.acceptJointApplication({ db: t.db, actor: as(clerk), id: row.id });
  return row;
}

const children = (jointId: string) =>
  t.db.selectFrom('cases').selectAll().where('joint_application_id', '=', jointId).orderBy('department_id').execute();

/** The department decides its child case through the ordinary steps. */
async function decide(member: (typeof members)[number], caseId: string, approve = true) {
  await claimCase({ db: t.db, actor: member.actor, caseId });
  await completeReview({ db: t.db, actor: member.actor, caseId, opinion: '材料齐全' });
  if (approve) await approveCase({ db: t.db, actor: member.actor, caseId });
  else await denyCase({ db: t.db, actor: member.actor, caseId, reason: '经营场所不符合要求' });
}

/** Working day N after `start`, counted one day at a time (the law's way: the start day not counted). */
function countWorkdays(calendar: Awaited<ReturnType<typeof currentCalendar>>, start: string, n: number): string {
  let date = start;
  for (let i = 0; i < n; ) {
    date = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    if (calendar.isWorkday(date)) i++;
  }
  return date;
}

describe('一表通 and one intake (抄告相关)', () => {
  it('one form feeds every member item; optional members follow the form', async () => {
    const without = await submitted();
    expect(without.item_ids).toEqual([members[0]!.item.id, members[1]!.item.id]);
    const withFood = await submitted({ ...JOINT_FORM, sellsFood: '是' });
    expect(withFood.item_ids).toEqual(members.map((m) => m.item.id));
    expect(withFood.number).toMatch(/^220581-LB-\d{8}-\d{5}$/);
    // A required answer missing from the one form is named before anyone accepts anything.
    await expect(service.submitJointApplication({ db: t.db, actor: as(applicant), bundleId, formData: { contactName: '周', contactPhone: '13504351234' } })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it('acceptance opens one ordinary case per department at the same moment, each on its own item clock, with one notice', async () => {
    const row = await accepted();
    const cases = await children(row.id);
    expect(cases.map((c) => c.department_id).sort()).toEqual(members.map((m) => m.department.id).sort());
    expect(new Set(cases.map((c) => c.status))).toEqual(new Set(['accepted']));
    // All at once: written by one transaction (one xmin), each case on its own item's promise.
    const { rows: written } = await sql<{ xmin: string }>`SELECT xmin::text AS xmin FROM cases WHERE joint_application_id = ${row.id}`.execute(t.db);
    expect(new Set(written.map((r) => r.xmin)).size).toBe(1);
    expect(new Set(cases.map((c) => chinaDate(c.accepted_at!))).size).toBe(1);
    const calendar = await currentCalendar(t.db);
    const acceptedOn = chinaDate(cases[0]!.accepted_at!);
    for (const c of cases) {
      const member = members.find((m) => m.department.id === c.department_id)!;
      expect(c.due_date).toBe(calendar.addWorkdays(acceptedOn, member.item.promised_limit_days).due);
      expect(c.form_data).toEqual({ entityName: JOINT_FORM.companyName, contactName: JOINT_FORM.contactName, contactPhone: JOINT_FORM.contactPhone });
    }
    // One acceptance notice naming every member item (the cases' own notices aside).
    const notices = await t.db.selectFrom('notifications').select(['body']).where('user_id', '=', applicant.id).where('kind', '=', 'joint_accept').execute();
    const mine = notices.filter((n) => n.body.includes(row.number));
    expect(mine).toHaveLength(1);
    for (const m of members) expect(mine[0]!.body).toContain(m.item.name);
    // Each department finds its child in its ordinary inbox, marked as part of the joint application.
    for (const m of members) {
      const inbox = await listCases(t.db, m.actor, { queue: 'unclaimed', limit: 100, offset: 0 });
      const child = inbox.cases.filter((c) => c.jointApplicationId === row.id);
      expect(child).toHaveLength(1);
      expect(child[0]!.itemName).toBe(m.item.name);
    }
    // Accepting twice is refused.
    await expect(service.acceptJointApplication({ db: t.db, actor: as(clerk), id: row.id })).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('a key project’s child case goes first in the department’s queue, marked, though it arrived earlier', async () => {
    const key = await service.submitJointApplication({ db: t.db, actor: as(applicant), bundleId, formData: JOINT_FORM, priority: true });
    await service.acceptJointApplication({ db: t.db, actor: as(clerk), id: key.id });
    const plain = await accepted(JOINT_FORM);
    const inbox = await listCases(t.db, members[0]!.actor, { queue: 'unclaimed', limit: 100, offset: 0 });
    const ours = inbox.cases.filter((c) => c.jointApplicationId === key.id || c.jointApplicationId === plain.id);
    expect(ours.map((c) => [c.jointApplicationId, c.keyProject])).toEqual([
      [key.id, true],
      [plain.id, false],
    ]);
    expect(inbox.cases[0]!.keyProject).toBe(true);
  });

  it('a department never sees another department’s child case, only the siblings’ status', async () => {
    const row = await accepted();
    const cases = await children(row.id);
    const [mine, theirs] = [cases.find((c) => c.department_id === members[0]!.department.id)!, cases.find((c) => c.department_id === members[1]!.department.id)!];
    await expect(getCaseDetail(t.db, members[0]!.actor, theirs.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getJointDetail(t.db, members[0]!.actor, row.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(siblingsOfCase(t.db, members[0]!.actor, theirs.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(siblingsOfCase(t.db, outsider.actor, mine.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const view = await siblingsOfCase(t.db, members[0]!.actor, mine.id);
    expect(view.siblings).toHaveLength(3);
    for (const s of view.siblings) expect(Object.keys(s).sort()).toEqual(['departmentName', 'itemName', 'light', 'own', 'statusLabel', 'workdaysLeft']);
    expect(view.siblings.filter((s) => s.own).map((s) => s.departmentName)).toEqual([members[0]!.department.name]);
    // Nothing of the siblings' numbers, ids or data is in the answer.
    const text = JSON.stringify(view);
    expect(text).not.toContain(theirs.id);
    expect(text).not.toContain(theirs.number);
    expect(text).not.toContain(JOINT_FORM.contactPhone);
  });

  it('corrections from two departments reach the applicant as one notice, answered once', async () => {
    const row = await accepted();
    const cases = await children(row.id);
    const [a, b] = [members[0]!, members[1]!];
    const caseOf = (m: typeof a) => cases.find((c) => c.department_id === m.department.id)!.id;
    await claimCase({ db: t.db, actor: a.actor, caseId: caseOf(a) });
    await claimCase({ db: t.db, actor: b.actor, caseId: caseOf(b) });
    // A 补正 stop after acceptance only where the item's own rules provide it.
    await expect(service.requestDepartmentCorrection({ db: t.db, actor: a.actor, caseId: caseOf(a), missing: ['公司章程（全体股东签字）'] })).rejects.toMatchObject({ code: 'CORRECTION_STOP_NOT_PROVIDED' });
    await t.db.updateTable('service_items').set({ correction_stop_allowed: true }).where('id', 'in', [a.item.id, b.item.id]).execute();
    await service.requestDepartmentCorrection({ db: t.db, actor: a.actor, caseId: caseOf(a), missing: ['公司章程（全体股东签字）'] });
    await service.requestDepartmentCorrection({ db: t.db, actor: b.actor, caseId: caseOf(b), missing: ['经营场所租赁合同', '场所平面图'] });
    const detail = await getJointDetail(t.db, as(applicant), row.id);
    expect(detail.correction!.requests.map((r) => [r.departmentName, r.missing])).toEqual([
      [a.department.name, ['公司章程（全体股东签字）']],
      [b.department.name, ['经营场所租赁合同', '场所平面图']],
    ]);
    expect(detail.clock.stopped).toBe(true);
    expect(detail.light).toBe('grey');
    // Another department cannot ask through a case that is not its own.
    await expect(service.requestDepartmentCorrection({ db: t.db, actor: a.actor, caseId: caseOf(b), missing: ['x'] })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    await service.answerCorrection({ db: t.db, actor: as(applicant), id: row.id, note: '已上传公司章程、租赁合同和平面图' });
    expect((await getJointDetail(t.db, as(applicant), row.id)).correction).toBeNull();
    await expect(service.answerCorrection({ db: t.db, actor: as(applicant), id: row.id, note: '再次' })).rejects.toMatchObject({ code: 'INVALID_STATE' });
    // Both departments were told, and each resumes its own clock.
    const told = await t.db.selectFrom('notifications').select('user_id').where('kind', '=', 'joint_correction_answered').where('case_id', 'in', [caseOf(a), caseOf(b)]).execute();
    expect(told.map((n) => n.user_id).sort()).toEqual([a.reviewer.id, b.reviewer.id].sort());
    await resumeClock({ db: t.db, actor: a.actor, caseId: caseOf(a) });
    await resumeClock({ db: t.db, actor: b.actor, caseId: caseOf(b) });
    expect((await getJointDetail(t.db, as(applicant), row.id)).clock.stopped).toBe(false);
  });

  it('统一出件 waits for every department, then issues all children and one business licence with a valid credit code', async () => {
    const row = await accepted();
    const cases = await children(row.id);
    for (const m of members.slice(0, 2)) await decide(m, cases.find((c) => c.department_id === m.department.id)!.id);
    await expect(service.issueJointApplication({ db: t.db, actor: as(clerk), id: row.id, delivery: { method: 'window' }, licences })).rejects.toMatchObject({
      code: 'INVALID_STATE',
      message: expect.stringContaining(members[2]!.department.name),
    });
    await decide(members[2]!, cases.find((c) => c.department_id === members[2]!.department.id)!.id);
    // The approval hook leaves a joint child alone: the holder is known only at 统一出件.
    expect(await issueFromCase(t.db, licences, cases.find((c) => c.department_id === members[0]!.department.id)!.id)).toBeNull();
    const { result } = await service.issueJointApplication({ db: t.db, actor: as(clerk), id: row.id, delivery: { method: 'window' }, licences });
    const licence = result.licence as { creditCode: string; name: string; records: { itemName: string }[] };
    expect(isValidCreditCode(licence.creditCode)).toBe(true);
    expect(licence.creditCode.slice(0, 8)).toBe('91220581');
    expect(licence.name).toBe(JOINT_FORM.companyName);
    expect(licence.records.map((r) => r.itemName).sort()).toEqual(members.map((m) => m.item.name).sort());
    expect(new Set((await children(row.id)).map((c) => c.status))).toEqual(new Set(['completed']));
    // 多证合一: the 营业执照 is an electronic licence of the new enterprise, sealed, in the applicant's wallet.
    const registration = cases.find((c) => c.department_id === members[0]!.department.id)!;
    const electronic = result.electronicLicences as { id: string; identifier: string; caseNumber: string }[];
    expect(electronic.map((e) => e.caseNumber)).toEqual([registration.number]);
    const issued = await t.db.selectFrom('licences').selectAll().where('id', '=', electronic[0]!.id).executeTakeFirstOrThrow();
    expect(issued).toMatchObject({ holder_code: licence.creditCode, holder_code_type: '001', holder_name: JOINT_FORM.companyName, holder_user_id: applicant.id, issuer_department_id: members[0]!.department.id, case_id: registration.id });
    expect(issued.data).toEqual({ name: JOINT_FORM.companyName, representative: JOINT_FORM.legalRepresentative });
    const wallet = await listWallet(t.db, as(applicant));
    expect(wallet.filter((l) => l.identifier === issued.identifier)).toMatchObject([{ holderName: JOINT_FORM.companyName, typeName: '营业执照', status: 'valid' }]);
    expect(await verifyByReference(t.db, issued.identifier)).toMatchObject({ verdict: 'genuine', sealVerdict: 'valid', licence: { holderName: JOINT_FORM.companyName, typeName: '营业执照' } });
    expect(await t.db.selectFrom('licences').select('id').where('case_id', 'in', cases.map((c) => c.id)).execute()).toHaveLength(1);
    const detail = await getJointDetail(t.db, as(applicant), row.id);
    expect(detail.status).toBe('completed');
    expect(detail.events.map((e) => e.action)).toEqual(['submit', 'accept', 'issue']);
  });

  it('a denial by one department leaves no licence but the other results', async () => {
    const row = await accepted();
    const cases = await children(row.id);
    await decide(members[0]!, cases.find((c) => c.department_id === members[0]!.department.id)!.id, false);
    for (const m of members.slice(1)) await decide(m, cases.find((c) => c.department_id === m.department.id)!.id);
    const { result } = await service.issueJointApplication({ db: t.db, actor: as(clerk), id: row.id, delivery: { method: 'window' }, licences });
    expect(result.licence).toBeUndefined();
    expect((result.deniedItems as { itemName: string }[]).map((d) => d.itemName)).toEqual([members[0]!.item.name]);
  });
});

describe('the joint clock (art. 26/42)', () => {
  it('45 working days and the promise are counted on the calendar, across holidays', async () => {
    const calendar = await currentCalendar(t.db);
    const { jointDeadlines } = await import('./clock.js');
    // The day before 2026's Spring Festival break: the 14th (a Saturday) is a make-up working day.
    const acceptedAt = new Date('2026-02-13T10:00:00+08:00');
    const clock = jointDeadlines(calendar, { acceptedAt, promisedDays: 1, legalDays: 45, extensionWorkdays: 0, stoppedWorkdays: 0, completedAt: null });
    expect(clock.dueDate).toBe('2026-02-14');
    expect(clock.legalDueDate).toBe(countWorkdays(calendar, '2026-02-13', 45));
    // The break (15th–23rd) is not counted: 45 working days reach further than 45 weekdays would.
    let weekdays = '2026-02-13';
    for (let i = 0; i < 45; ) {
      weekdays = new Date(Date.parse(`${weekdays}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      const day = new Date(`${weekdays}T00:00:00Z`).getUTCDay();
      if (day !== 0 && day !== 6) i++;
    }
    expect(clock.legalDueDate > weekdays).toBe(true);
    // National Day 2026 too.
    const october = jointDeadlines(calendar, { acceptedAt: new Date('2026-09-30T09:00:00+08:00'), promisedDays: 1, legalDays: 45, extensionWorkdays: 15, stoppedWorkdays: 2, completedAt: null });
    expect(october.dueDate).toBe(countWorkdays(calendar, '2026-09-30', 18));
    expect(october.legalDueDate).toBe(countWorkdays(calendar, '2026-09-30', 62));
  });

  it('acceptance stores the joint deadlines; +15 needs the head of the people’s government', async () => {
    const row = await accepted();
    const calendar = await currentCalendar(t.db);
    const stored = await t.db.selectFrom('joint_applications').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    const acceptedOn = chinaDate(stored.accepted_at!);
    expect(stored.due_date).toBe(countWorkdays(calendar, acceptedOn, 1));
    expect(stored.legal_due_date).toBe(countWorkdays(calendar, acceptedOn, 45));

    await expect(requestJointExtension({ db: t.db, actor: as(clerk), id: row.id, workdays: 16, reason: '部门联合踏勘' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await requestJointExtension({ db: t.db, actor: as(clerk), id: row.id, workdays: 15, reason: '需组织多部门联合踏勘' });
    await expect(decideJointExtension({ db: t.db, actor: as(supervisor), id: row.id, approve: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // The head's inbox names the request, who asked, and the dates it would move.
    await expect(listPendingJointExtensions(t.db, as(supervisor))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const inbox = (await listPendingJointExtensions(t.db, as(governmentHead))).filter((e) => e.jointApplicationId === row.id);
    const before = await getJointDetail(t.db, as(governmentHead), row.id);
    expect(inbox).toEqual([
      expect.objectContaining({ workdays: 15, reason: '需组织多部门联合踏勘', requesterName: clerk.display_name, number: before.number, keyProject: false, legalDueDate: before.legalDueDate, extensionWorkdays: 0, maxExtensionWorkdays: 15 }),
    ]);
    const decided = await decideJointExtension({ db: t.db, actor: as(governmentHead), id: row.id, approve: true, note: '同意延长 15 个工作日' });
    expect(decided.legalDueDate).toBe(countWorkdays(calendar, acceptedOn, 60));
    expect(decided.dueDate).toBe(countWorkdays(calendar, acceptedOn, 16));
    // The cap is spent.
    await expect(requestJointExtension({ db: t.db, actor: as(clerk), id: row.id, workdays: 1, reason: '再延' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('each department’s share of the elapsed working days, and the department holding it', async () => {
    const row = await accepted();
    const calendar = await currentCalendar(t.db);
    const today = chinaDate();
    // Accepted four working days ago (moved back rather than waited for).
    const back = calendar.addWorkdays(today, -4).due;
    const used = calendar.workdaysBetween(back, today);
    const acceptedAt = new Date(`${back}T09:00:00+08:00`);
    const { jointDeadlines } = await import('./clock.js');
    const clock = jointDeadlines(calendar, { acceptedAt, promisedDays: 1, legalDays: 45, extensionWorkdays: 0, stoppedWorkdays: 0, completedAt: null });
    await t.db.updateTable('joint_applications').set({ accepted_at: acceptedAt, due_date: clock.dueDate, legal_due_date: clock.legalDueDate, warn_date: clock.warnDate }).where('id', '=', row.id).execute();
    const cases = await children(row.id);
    for (const c of cases) {
      const member = members.find((m) => m.department.id === c.department_id)!;
      await t.db.updateTable('cases').set({ accepted_at: acceptedAt, due_date: calendar.addWorkdays(back, member.item.promised_limit_days).due }).where('id', '=', c.id).execute();
    }
    // The 1-day department decides now (days late), the others are still at it.
    const fast = members[2]!;
    await decide(fast, cases.find((c) => c.department_id === fast.department.id)!.id);
    const detail = await getJointDetail(t.db, as(clerk), row.id);
    expect(detail.clock.elapsedWorkdays).toBe(used);
    expect(detail.light).toBe('red');
    for (const child of detail.children) {
      expect(child.usedWorkdays).toBe(used);
      expect(child.share).toBe(1);
    }
    // The 3-day and 1-day children are past their deadlines, the 5-day one is not: a late one holds it.
    expect(detail.children.find((c) => c.departmentName === members[1]!.department.name)!.late).toBe(false);
    expect([members[0]!.department.name, members[2]!.department.name]).toContain(detail.bottleneck!.departmentName);
    expect(detail.bottleneck!.late).toBe(true);
  });
});
