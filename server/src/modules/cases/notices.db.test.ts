import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { loginCookie, loginCookies, makeDepartment, makeItem, makeUser, makeWorld, toActorOf } from '../../test/factories.js';
import { extractPdfText } from '../../test/pdf-text.js';
import { chinaDate } from '../../util/china-time.js';
import { currentCalendar } from '../calendar/service.js';
import { THREE_STEP_CHAIN } from '../catalog/review-chain.js';
import { sealSignerFor } from '../seals/keystore.js';
import { referenceSm2Verify } from '../seals/sm2-reference.js';
import { createSeal } from '../seals/service.js';
import * as service from './service.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;
let cookies: Record<'applicant' | 'clerk' | 'admin' | 'stranger', string>;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t.db);
  await createSeal(t.db, sealSignerFor({ dataDir: t.dataDir }), { departmentId: w.deptA.id, actor: null });
  cookies = await loginCookies(t.app, {
    applicant: w.applicant,
    clerk: w.clerk,
    admin: w.admin,
    stranger: w.applicant2,
  });
});
afterAll(() => t.destroy());

const as = toActorOf;
const year = () => Number(chinaDate().slice(0, 4));

async function submitted(itemId = w.itemA.id) {
  const response = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: cookies.applicant }, payload: { itemId, formData: { name: '文书测试', phone: '13800138000' } } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().case as { id: string; number: string };
}

const notice = (caseId: string, kind: string, cookie = cookies.clerk) => t.app.inject({ url: `/api/cases/${caseId}/notices/${kind}`, headers: { cookie } });
const verifyPdf = (pdf: Buffer) => t.app.inject({ method: 'POST', url: '/api/public/licences/verify-pdf', headers: { 'content-type': 'application/pdf' }, payload: pdf });

describe('notices (文书) sealed in the name of the deciding organ', () => {
  it('prints the 受理通知书 and 补正材料通知书 headed and sealed by the department; an upload verifies, one changed byte is altered', async () => {
    const c = await submitted();
    expect((await notice(c.id, 'acceptance', cookies.applicant)).statusCode).toBe(404);

    await t.app.inject({ method: 'POST', url: `/api/cases/${c.id}/request-correction`, headers: { cookie: cookies.clerk }, payload: { missing: ['营业执照副本复印件', '食品安全管理制度文本'] } });
    await t.app.inject({
      method: 'POST',
      url: `/api/cases/${c.id}/resubmit`,
      headers: { cookie: cookies.applicant },
      payload: { answers: [{ index: 0, text: '已补交' }, { index: 1, text: '已补交' }] },
    });
    await t.app.inject({ method: 'POST', url: `/api/cases/${c.id}/accept`, headers: { cookie: cookies.clerk }, payload: {} });

    for (const kind of ['acceptance', 'correction']) {
      const pdf = await notice(c.id, kind);
      expect(pdf.statusCode, kind).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      // Named as the applicant files it: the document and the case number, never acceptance.pdf.
      const title = kind === 'acceptance' ? '受理通知书' : '补正材料通知书';
      expect(pdf.headers['content-disposition']).toBe(`inline; filename="${c.number}.pdf"; filename*=UTF-8''${encodeURIComponent(`${title}-${c.number}.pdf`)}`);
      const text = extractPdfText(pdf.rawPayload);
      // Headed by the organ, not by the centre (the centre is named as the receiving window).
      expect(text.split('\n')[0]).toBe(w.deptA.name);
      expect(text).toContain(kind === 'acceptance' ? '受理通知书' : '补正材料通知书');
      expect(text).toContain(`受理窗口：${w.centre.name}`);
      // The applicant gets the very bytes the window prints: sealed once, stored.
      expect((await notice(c.id, kind, cookies.applicant)).rawPayload.equals(pdf.rawPayload)).toBe(true);
    }
    const correction = (await notice(c.id, 'correction')).rawPayload;
    expect(extractPdfText(correction)).toContain('1. 营业执照副本复印件');

    const check = await verifyPdf(correction);
    expect(check.json()).toMatchObject({ verdict: 'genuine', sealVerdict: 'valid', licence: null, document: { kind: 'correction', title: '补正材料通知书', issuerName: w.deptA.name, caseNumber: c.number } });
    expect(JSON.stringify(check.json())).not.toContain('张三');
    const changed = Buffer.from(correction);
    const middle = Math.floor(changed.length / 2);
    changed.writeUInt8(changed.readUInt8(middle) ^ 0x01, middle);
    expect((await verifyPdf(changed)).json()).toMatchObject({ verdict: 'altered', document: { kind: 'correction' } });

    // The documented bytes verify with an SM2 implementation that shares no code with the signer.
    const documents = (await t.app.inject({ url: `/api/cases/${c.id}/documents`, headers: { cookie: cookies.applicant } })).json().documents as { kind: string; signedData: string; dataSignature: string; pdfSignature: string; sealId: number }[];
    expect(documents.map((d) => d.kind)).toEqual(['correction', 'acceptance']);
    const key = (await t.app.inject({ url: '/api/public/seals' })).json().seals.find((s: { id: number }) => s.id === documents[0]!.sealId).publicKey;
    expect(referenceSm2Verify(correction, Buffer.from(documents[0]!.pdfSignature, 'hex'), key)).toBe(true);
    expect(referenceSm2Verify(Buffer.from(documents[0]!.signedData, 'utf8'), Buffer.from(documents[0]!.dataSignature, 'hex'), key)).toBe(true);
    expect(JSON.parse(documents[0]!.signedData)).toMatchObject({ documentKind: 'correction', issuerName: w.deptA.name, list: ['营业执照副本复印件', '食品安全管理制度文本'] });

    const notYet = await notice(c.id, 'refusal');
    expect(notYet.statusCode).toBe(404);
    expect(notYet.json().error.message).toBe('这个办件还没有这份文书');
    expect((await notice(c.id, 'acceptance', cookies.stranger)).statusCode).toBe(404);
    expect((await notice(c.id, 'other')).statusCode).toBe(400);
    // Renders and seals two PDFs with an embedded CJK font subset: seconds each on a busy machine.
  }, 120_000);

  it('a decision names the department, takes its 文号 from the department\'s series and prints each step\'s opinion under its label', async () => {
    const saved = await t.app.inject({ method: 'PUT', url: `/api/admin/departments/${w.deptA.id}/abbreviation`, headers: { cookie: cookies.admin }, payload: { abbreviation: '梅市监' } });
    expect(saved.statusCode, saved.body).toBe(200);
    const item = await makeItem(t.db, w.deptA.id);
    await t.db.updateTable('service_items').set({ review_chain: JSON.stringify(THREE_STEP_CHAIN) }).where('id', '=', item.id).execute();
    const checker = await makeUser(t.db, 'reviewer', { centreId: w.centre.id, departmentId: w.deptA.id });

    const decide = async (outcome: 'approve' | 'deny') => {
      const c = await submitted(item.id);
      await service.acceptCase({ db: t.db, actor: as(w.clerk), caseId: c.id });
      await service.claimCase({ db: t.db, actor: as(w.reviewerA), caseId: c.id });
      await service.completeReview({ db: t.db, actor: as(w.reviewerA), caseId: c.id, opinion: '材料齐全，符合条件' });
      await service.completeReview({ db: t.db, actor: as(checker), caseId: c.id, opinion: '经核，同意承办意见' });
      if (outcome === 'approve') await service.approveCase({ db: t.db, actor: as(w.headA), caseId: c.id, opinion: '同意准予许可' });
      else await service.denyCase({ db: t.db, actor: as(w.headA), caseId: c.id, reason: '经营场所不符合要求' });
      return c;
    };
    const granted = await decide('approve');
    const pdf = await notice(granted.id, 'approval');
    expect(pdf.statusCode, pdf.body).toBe(200);
    const text = extractPdfText(pdf.rawPayload);
    const lines = text.split('\n');
    expect(lines.slice(0, 3)).toEqual([w.deptA.name, '准予行政许可决定书', `梅市监许准〔${year()}〕1号`]);
    expect(text).toContain('承办意见：');
    expect(text).toContain('材料齐全，符合条件（测试reviewer');
    expect(text).toContain('审核意见：');
    expect(text).toContain('经核，同意承办意见');
    expect(text).toContain('批准意见：');
    expect(text).toContain('同意准予许可（测试department_head');
    expect(text).not.toContain('审查意见');
    // Signed by the department below its name.
    expect(lines.filter((l) => l === w.deptA.name)).toHaveLength(2);

    const denied = await decide('deny');
    const denial = extractPdfText((await notice(denied.id, 'denial')).rawPayload);
    expect(denial.split('\n').slice(0, 3)).toEqual([w.deptA.name, '不予行政许可决定书', `梅市监许不准〔${year()}〕2号`]);
    expect(denial).toContain('行政复议');

    // Parallel decisions take consecutive numbers: one series per organ and year, no gaps, no repeats.
    const ready = await Promise.all([0, 1].map(async () => {
      const c = await submitted(item.id);
      await service.acceptCase({ db: t.db, actor: as(w.clerk), caseId: c.id });
      await service.claimCase({ db: t.db, actor: as(w.reviewerA), caseId: c.id });
      await service.completeReview({ db: t.db, actor: as(w.reviewerA), caseId: c.id, opinion: '同意' });
      await service.completeReview({ db: t.db, actor: as(checker), caseId: c.id, opinion: '同意' });
      return c;
    }));
    await Promise.all(ready.map((c) => service.approveCase({ db: t.db, actor: as(w.headA), caseId: c.id })));
    const numbers = await t.db.selectFrom('case_events').select('data').where('action', 'in', ['approve', 'deny']).where('case_id', 'in', [granted.id, denied.id, ...ready.map((c) => c.id)]).execute();
    expect(numbers.map((e) => Number(/〔\d{4}〕(\d+)号/.exec(String(e.data.decisionNumber))![1])).sort((a, b) => a - b)).toEqual([1, 2, 3, 4]);
  }, 120_000);

  it('where the city concentrated licensing in a 行政审批局, the bureau decides, numbers and seals', async () => {
    const bureau = await makeDepartment(t.db, w.centre, '梅河口市行政审批局');
    await createSeal(t.db, sealSignerFor({ dataDir: t.dataDir }), { departmentId: bureau.id, actor: null });
    await t.app.inject({ method: 'PUT', url: `/api/admin/departments/${bureau.id}/abbreviation`, headers: { cookie: cookies.admin }, payload: { abbreviation: '梅审批' } });
    const clerkTry = await t.app.inject({ method: 'PUT', url: '/api/admin/decision-settings', headers: { cookie: cookies.clerk }, payload: { approvalBureauId: bureau.id, concentratedDepartmentIds: [w.deptA.id] } });
    expect(clerkTry.statusCode).toBe(403);
    const set = await t.app.inject({ method: 'PUT', url: '/api/admin/decision-settings', headers: { cookie: cookies.admin }, payload: { approvalBureauId: bureau.id, concentratedDepartmentIds: [w.deptA.id] } });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ approvalBureauId: bureau.id, concentratedDepartmentIds: [w.deptA.id] });

    const c = await submitted();
    await service.acceptCase({ db: t.db, actor: as(w.clerk), caseId: c.id });
    await service.claimCase({ db: t.db, actor: as(w.reviewerA), caseId: c.id });
    await service.completeReview({ db: t.db, actor: as(w.reviewerA), caseId: c.id, opinion: '符合条件' });
    await service.approveCase({ db: t.db, actor: as(w.reviewerA), caseId: c.id });
    const pdf = (await notice(c.id, 'approval')).rawPayload;
    expect(extractPdfText(pdf).split('\n').slice(0, 3)).toEqual(['梅河口市行政审批局', '准予行政许可决定书', `梅审批许准〔${year()}〕1号`]);
    expect((await verifyPdf(pdf)).json()).toMatchObject({ verdict: 'genuine', document: { issuerName: '梅河口市行政审批局', number: `梅审批许准〔${year()}〕1号` } });

    // Back to each department in its own name.
    await t.app.inject({ method: 'PUT', url: '/api/admin/decision-settings', headers: { cookie: cookies.admin }, payload: { approvalBureauId: null, concentratedDepartmentIds: [] } });
  }, 120_000);

  it('现场勘查 runs on the clock (refused as a stop); 专家评审 stops it with a written 特别程序告知书 naming ground, duration, basis and department', async () => {
    const c = await submitted();
    await t.app.inject({ method: 'POST', url: `/api/cases/${c.id}/accept`, headers: { cookie: cookies.clerk }, payload: {} });
    const reviewer = await loginCookie(t.app, w.reviewerA.username);
    const post = (action: string, payload: object) => t.app.inject({ method: 'POST', url: `/api/cases/${c.id}/${action}`, headers: { cookie: reviewer }, payload });
    expect((await post('claim', {})).statusCode).toBe(200);
    const before = await t.db.selectFrom('cases').select(['due_date', 'clock_stopped']).where('id', '=', c.id).executeTakeFirstOrThrow();

    // 现场勘查 is part of the review: the law leaves none of its time out of the limit.
    const inspection = await post('stop-clock', { kind: 'inspection', reason: '现场勘查经营场所', expectedWorkdays: 3 });
    expect(inspection.statusCode).toBe(409);
    expect(inspection.json().error).toMatchObject({ code: 'STOP_GROUND_NOT_ALLOWED', message: expect.stringContaining('现场勘查是审查的一部分') });
    expect((await post('stop-clock', { kind: 'other', reason: '其他', expectedWorkdays: 3 })).json().error.code).toBe('STOP_GROUND_NOT_ALLOWED');
    // The written notice needs to say how long.
    expect((await post('stop-clock', { kind: 'expert_review', reason: '组织专家评审' })).json().error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('预计所需工作日') });
    const unchanged = await t.db.selectFrom('cases').select(['due_date', 'clock_stopped', 'stop_count']).where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(unchanged).toMatchObject({ due_date: before.due_date, clock_stopped: false, stop_count: 0 });
    expect(await t.db.selectFrom('case_clock_stops').select('id').where('case_id', '=', c.id).execute()).toEqual([]);
    expect((await notice(c.id, 'special_procedure')).statusCode).toBe(404);

    const stopped = await post('stop-clock', { kind: 'expert_review', reason: '组织食品安全专家评审', expectedWorkdays: 10 });
    expect(stopped.statusCode, stopped.body).toBe(200);
    const calendar = await currentCalendar(t.db);
    const endDate = calendar.addWorkdays(chinaDate(), 10).due;
    const stop = await t.db.selectFrom('case_clock_stops').selectAll().where('case_id', '=', c.id).executeTakeFirstOrThrow();
    expect(stop).toMatchObject({ kind: 'expert_review', expected_workdays: 10, expected_end_date: endDate, ended_at: null });
    expect(stopped.json().case).toMatchObject({ clockStopped: true, clock: { stops: [{ kind: 'expert_review', kindLabel: '专家评审', expectedWorkdays: 10, expectedEndDate: endDate }] } });

    // The applicant and the staff download the same sealed notice, named with the case number.
    for (const cookie of [cookies.applicant, reviewer, cookies.clerk]) {
      const pdf = await notice(c.id, 'special_procedure', cookie);
      expect(pdf.statusCode, pdf.body).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.headers['content-disposition']).toBe(`inline; filename="${c.number}.pdf"; filename*=UTF-8''${encodeURIComponent(`特别程序告知书-${c.number}.pdf`)}`);
    }
    const pdf = (await notice(c.id, 'special_procedure', cookies.applicant)).rawPayload;
    const text = extractPdfText(pdf);
    expect(text.split('\n')[0]).toBe(w.deptA.name);
    const cn = (d: string) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
    for (const words of ['特别程序告知书', '特别程序：专家评审', '事由：组织食品安全专家评审', `预计需要 10 个工作日`, `预计至${cn(endDate)}`, '《中华人民共和国行政许可法》第四十五条', `承办部门：${w.deptA.name}`, '不计算在办理期限内']) {
      // Lines wrap anywhere in Chinese text: compared without whitespace.
      expect(text.replace(/\s+/g, ''), words).toContain(words.replace(/\s+/g, ''));
    }
    const documents = (await t.app.inject({ url: `/api/cases/${c.id}/documents`, headers: { cookie: cookies.applicant } })).json().documents as { kind: string; title: string; signedData: string }[];
    const sealed = documents.find((d) => d.kind === 'special_procedure')!;
    expect(sealed.title).toBe('特别程序告知书');
    expect(JSON.parse(sealed.signedData).list).toEqual([
      '特别程序：专家评审',
      '事由：组织食品安全专家评审',
      `所需时间：预计需要 10 个工作日（自${cn(chinaDate())}起，预计至${cn(endDate)}）`,
      '法律依据：《中华人民共和国行政许可法》第四十五条',
      `承办部门：${w.deptA.name}`,
    ]);
    expect((await verifyPdf(pdf)).json()).toMatchObject({ verdict: 'genuine', document: { kind: 'special_procedure', title: '特别程序告知书' } });
    // The applicant was told in the app too, with the duration.
    const told = await t.db.selectFrom('notifications').select(['title', 'body']).where('case_id', '=', c.id).where('title', '=', '特别程序告知').executeTakeFirstOrThrow();
    expect(told.body).toContain(`预计需要 10 个工作日（至 ${endDate}）`);
  }, 120_000);

  it('a notice signed before its seal was rotated and revoked still verifies as valid at signing time', async () => {
    const c = await submitted();
    await t.app.inject({ method: 'POST', url: `/api/cases/${c.id}/accept`, headers: { cookie: cookies.clerk }, payload: {} });
    const pdf = (await notice(c.id, 'acceptance')).rawPayload;
    const before = (await verifyPdf(pdf)).json();
    expect(before).toMatchObject({ verdict: 'genuine', sealVerdict: 'valid' });

    const rotated = await t.app.inject({ method: 'POST', url: '/api/admin/seals', headers: { cookie: cookies.admin }, payload: { departmentId: w.deptA.id } });
    expect(rotated.statusCode, rotated.body).toBe(201);
    const revoked = await t.app.inject({ method: 'POST', url: `/api/admin/seals/${before.document.seal.id}/revoke`, headers: { cookie: cookies.admin }, payload: { reason: '印章介质遗失' } });
    expect(revoked.statusCode, revoked.body).toBe(204);
    expect((await verifyPdf(pdf)).json()).toMatchObject({ verdict: 'genuine', sealVerdict: 'valid_at_signing_time', document: { seal: { status: 'revoked' } } });
    // The same notice downloaded again is the same signed file, not one re-signed with the new seal.
    expect((await notice(c.id, 'acceptance')).rawPayload.equals(pdf)).toBe(true);
  }, 120_000);
});
