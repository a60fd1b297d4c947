import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { listedMaterial, loginCookie, makeItem, makeWorld } from '../../test/factories.js';
import { pdfWith } from '../../test/files.js';
import { multipartBody } from '../../test/multipart.js';
import { chinaDate } from '../../util/china-time.js';
import { sweepWarnings } from '../alerts/sweep.js';

/** 材料核验 against the item's list: submission, 容缺, the clerk's verdicts, acceptance, correction. */
let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;
let item: { id: number };
let cookies: Record<'applicant' | 'clerk', string>;
const PDF = pdfWith();
const FORM = { name: '核验测试', phone: '13800138000' };

/** The China date `days` after today (fixtures follow the injectable clock). */
function daysFromToday(days: number): string {
  const d = new Date(`${chinaDate()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

async function stage(materialId: string): Promise<string> {
  const body = multipartBody({ materialId, filename: `${materialId}.pdf`, content: PDF });
  const response = await t.app.inject({ method: 'POST', url: `/api/catalog/items/${item.id}/uploads`, headers: { ...body.headers, cookie: cookies.applicant }, payload: body.payload });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

async function submit(payload: Record<string, unknown>) {
  return t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: cookies.applicant }, payload: { itemId: item.id, formData: FORM, ...payload } });
}

/** A case submitted with M01 (required) attached and nothing else. */
async function submittedWithM01(extra: Record<string, unknown> = {}): Promise<string> {
  const response = await submit({ materials: [await stage('M01')], ...extra });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().case.id;
}

const post = (cookie: string, url: string, payload: unknown = {}) => t.app.inject({ method: 'POST', url, headers: { cookie }, payload: payload as Record<string, unknown> });
const verify = (caseId: string, materialId: string, verdict: 'accepted' | 'defective', reason?: string) =>
  post(cookies.clerk, `/api/cases/${caseId}/checklist/${materialId}/verify`, { verdict, ...(reason && { reason }) });

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t.db);
  item = await makeItem(t.db, w.deptA.id, {
    materials: [
      listedMaterial('M01', '申请书'),
      listedMaterial('M02', '场所平面图', { deferrable: true }),
      listedMaterial('M03', '其他说明', { requirement: 'optional' }),
    ],
  });
  cookies = { applicant: await loginCookie(t.app, w.applicant.username), clerk: await loginCookie(t.app, w.clerk.username) };
});
afterAll(() => t.destroy());

describe('submission against the list', () => {
  it('refuses an application without a required material, naming every one missing', async () => {
    const response = await submit({});
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('MATERIALS_MISSING');
    expect(response.json().error.message).toContain('M01 申请书、M02 场所平面图');
    expect(await t.db.selectFrom('cases').select('id').where('item_id', '=', item.id).execute()).toEqual([]);
  });

  it('attaches uploads to the listed material; a file for a material not on the list is refused', async () => {
    const body = multipartBody({ materialId: 'M09', filename: 'x.pdf', content: PDF });
    const wrong = await t.app.inject({ method: 'POST', url: `/api/catalog/items/${item.id}/uploads`, headers: { ...body.headers, cookie: cookies.applicant }, payload: body.payload });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.message).toBe('事项的材料清单中没有 M09');

    const m02 = await stage('M02');
    const caseId = await submittedWithM01({ materials: [await stage('M01'), m02, await stage('M01')] });
    const list = await t.app.inject({ url: `/api/cases/${caseId}/materials`, headers: { cookie: cookies.clerk } });
    expect(list.json().materials.map((m: { materialId: string; name: string }) => `${m.materialId} ${m.name}`).sort()).toEqual(['M01 申请书', 'M01 申请书', 'M02 场所平面图']);
    // Staged files leave the staging area with the submission; a second use is refused.
    expect(await t.db.selectFrom('staged_materials').select('id').where('id', '=', m02).execute()).toEqual([]);
    expect((await submit({ materials: [m02] })).statusCode).toBe(400);
  });

  it('defers only a material the item allows 容缺 for, to a date after today', async () => {
    const notDeferrable = await submit({ materials: [], deferred: [{ materialId: 'M01', promisedDate: daysFromToday(5) }] });
    expect(notDeferrable.statusCode).toBe(400);
    expect(notDeferrable.json().error.message).toBe('「申请书」不允许容缺受理，须在受理前提交');
    const today = await submit({ materials: [await stage('M01')], deferred: [{ materialId: 'M02', promisedDate: chinaDate() }] });
    expect(today.statusCode).toBe(400);
  });
});

describe('the clerk’s check before acceptance', () => {
  it('refuses acceptance while a required material is unverified or defective; each verdict is on the timeline and the audit', async () => {
    const caseId = await submittedWithM01({ materials: [await stage('M01'), await stage('M02')] });
    const unverified = await post(cookies.clerk, `/api/cases/${caseId}/accept`);
    expect(unverified.statusCode).toBe(409);
    expect(unverified.json().error).toMatchObject({ code: 'MATERIALS_UNVERIFIED', message: '以下必要材料尚未核验通过，不能受理：M01 申请书（未核验）、M02 场所平面图（未核验）' });

    expect((await verify(caseId, 'M01', 'defective')).statusCode).toBe(400);
    expect((await verify(caseId, 'M01', 'defective', '未签字')).statusCode).toBe(200);
    const checked = await verify(caseId, 'M02', 'accepted');
    expect(checked.json().materials.map((m: { id: string; verdict: string; reason: string | null; fileCount: number }) => [m.id, m.verdict, m.reason, m.fileCount])).toEqual([
      ['M01', 'defective', '未签字', 1],
      ['M02', 'accepted', null, 1],
      ['M03', 'unverified', null, 0],
    ]);
    const defective = await post(cookies.clerk, `/api/cases/${caseId}/accept`);
    expect(defective.json().error.message).toBe('以下必要材料尚未核验通过，不能受理：M01 申请书（不合格：未签字）');

    expect((await verify(caseId, 'M01', 'accepted')).statusCode).toBe(200);
    expect((await post(cookies.clerk, `/api/cases/${caseId}/accept`)).statusCode).toBe(200);

    const timeline = await t.db.selectFrom('case_events').select(['action', 'data']).where('case_id', '=', caseId).orderBy('seq').execute();
    expect(timeline.map((e) => [e.action, (e.data as { materialId?: string }).materialId ?? null])).toEqual([
      ['submit', null],
      ['verify_material', 'M01'],
      ['verify_material', 'M02'],
      ['verify_material', 'M01'],
      ['accept', null],
    ]);
    const audit = await t.db.selectFrom('audit_events').select('action').where('target_id', '=', caseId).where('action', '=', 'material.verify').execute();
    expect(audit).toHaveLength(3);
  });

  it('only a clerk verifies, and only before acceptance', async () => {
    const caseId = await submittedWithM01({ materials: [await stage('M01'), await stage('M02')] });
    expect((await post(cookies.applicant, `/api/cases/${caseId}/checklist/M01/verify`, { verdict: 'accepted' })).statusCode).toBe(403);
    expect((await verify(caseId, 'M07', 'accepted')).statusCode).toBe(404);
    await verify(caseId, 'M01', 'accepted');
    await verify(caseId, 'M02', 'accepted');
    await post(cookies.clerk, `/api/cases/${caseId}/accept`);
    expect((await verify(caseId, 'M01', 'defective', '晚了')).json().error.code).toBe('INVALID_STATE');
  });
});

describe('容缺受理', () => {
  it('accepts with the minor material promised, warns once when the date passes, and closes when it arrives and is verified', async () => {
    const promisedDate = daysFromToday(3);
    const caseId = await submittedWithM01({ deferred: [{ materialId: 'M02', promisedDate }] });
    await verify(caseId, 'M01', 'accepted');
    expect((await post(cookies.clerk, `/api/cases/${caseId}/accept`)).statusCode).toBe(200);
    const listed = await t.app.inject({ url: `/api/cases/${caseId}/checklist`, headers: { cookie: cookies.applicant } });
    expect(listed.json().materials[1]).toMatchObject({ id: 'M02', verdict: 'unverified', deferral: { promisedDate, closed: false, overdue: false } });

    // On the promised day nothing happens; the day after, one warning, and only one.
    expect((await sweepWarnings(t.db, { today: promisedDate })).deferredOverdue).toBe(0);
    expect((await sweepWarnings(t.db, { today: daysFromToday(4) })).deferredOverdue).toBe(1);
    expect((await sweepWarnings(t.db, { today: daysFromToday(5) })).deferredOverdue).toBe(0);
    const warned = await t.db.selectFrom('case_events').select(['action', 'data']).where('case_id', '=', caseId).where('action', '=', 'material_overdue').execute();
    expect(warned.map((e) => e.data)).toEqual([expect.objectContaining({ materialId: 'M02', promisedDate })]);
    const notified = await t.db.selectFrom('notifications').select(['user_id', 'title']).where('case_id', '=', caseId).where('kind', '=', 'material_overdue').execute();
    expect(notified.map((n) => n.user_id).sort()).toEqual([w.applicant.id, w.clerk.id].sort());

    // After acceptance only the deferred material may still arrive.
    const other = multipartBody({ materialId: 'M03', filename: 'x.pdf', content: PDF });
    const refused = await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/materials`, headers: { ...other.headers, cookie: cookies.applicant }, payload: other.payload });
    expect(refused.statusCode).toBe(409);
    const late = multipartBody({ materialId: 'M02', filename: '平面图.pdf', content: PDF });
    const arrived = await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/materials`, headers: { ...late.headers, cookie: cookies.applicant }, payload: late.payload });
    expect(arrived.statusCode, arrived.body).toBe(201);
    const closed = await verify(caseId, 'M02', 'accepted');
    expect(closed.json().materials[1]).toMatchObject({ verdict: 'accepted', fileCount: 1, deferral: { promisedDate, closed: true, overdue: false } });
    const delivered = await t.db.selectFrom('case_events').select('data').where('case_id', '=', caseId).where('action', '=', 'verify_material').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(delivered.data).toMatchObject({ materialId: 'M02', deferredDelivered: true });
  });

  it('lets the clerk record the promise at acceptance', async () => {
    const caseId = await submittedWithM01({ materials: [await stage('M01')], deferred: [{ materialId: 'M02', promisedDate: daysFromToday(2) }] });
    await t.db.deleteFrom('case_deferred_materials').where('case_id', '=', caseId).execute();
    await verify(caseId, 'M01', 'accepted');
    expect((await post(cookies.clerk, `/api/cases/${caseId}/accept`)).json().error.code).toBe('MATERIALS_UNVERIFIED');
    const accepted = await post(cookies.clerk, `/api/cases/${caseId}/accept`, { deferred: [{ materialId: 'M02', promisedDate: daysFromToday(7) }] });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const row = await t.db.selectFrom('case_deferred_materials').select(['promised_date', 'recorded_by']).where('case_id', '=', caseId).executeTakeFirstOrThrow();
    expect(row).toEqual({ promised_date: daysFromToday(7), recorded_by: w.clerk.id });
  });
});

describe('one-time correction, answered in full', () => {
  it('refuses a resubmission that answers 1 of 3 points and takes it once every point has a new file or an answer', async () => {
    const caseId = await submittedWithM01({ materials: [await stage('M01'), await stage('M02')] });
    const notice = await post(cookies.clerk, `/api/cases/${caseId}/request-correction`, {
      corrections: [
        { materialId: 'M01', text: '未签字' },
        { materialId: 'M02', text: '比例不清' },
      ],
      missing: ['申请表联系电话有误'],
    });
    expect(notice.statusCode, notice.body).toBe(200);
    const shown = await t.app.inject({ url: `/api/cases/${caseId}/checklist`, headers: { cookie: cookies.applicant } });
    expect(shown.json().correction.points.map((p: { text: string }) => p.text)).toEqual(['申请书：未签字', '场所平面图：比例不清', '申请表联系电话有误']);

    const fixed = multipartBody({ materialId: 'M01', filename: '申请书.pdf', content: PDF });
    await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/materials`, headers: { ...fixed.headers, cookie: cookies.applicant }, payload: fixed.payload });
    const partial = await post(cookies.applicant, `/api/cases/${caseId}/resubmit`, {});
    expect(partial.statusCode).toBe(409);
    expect(partial.json().error).toMatchObject({
      code: 'CORRECTION_UNANSWERED',
      message: '补正通知共 3 项，尚有 2 项未补正：第 2 项「场所平面图：比例不清」、第 3 项「申请表联系电话有误」',
    });
    const blank = await post(cookies.applicant, `/api/cases/${caseId}/resubmit`, { answers: [{ index: 1, text: '已重新绘制' }, { index: 2, text: ' ' }] });
    expect(blank.json().error.code).toBe('CORRECTION_UNANSWERED');

    const full = await post(cookies.applicant, `/api/cases/${caseId}/resubmit`, { answers: [{ index: 1, text: '纸质件已寄出' }, { index: 2, text: '电话已更正为 13900139000' }] });
    expect(full.statusCode, full.body).toBe(200);
    expect(full.json().case.status).toBe('submitted');
  });
});

describe('the window', () => {
  it('accepts a walk-in on the spot only with every required material ticked or deferred', async () => {
    const walkIn = (payload: Record<string, unknown>) =>
      post(cookies.clerk, '/api/hall/walk-in', {
        applicant: { kind: 'natural', name: '窗口申请人', identityNumber: '11010519491231002X', phone: '13800138001' },
        itemId: item.id,
        formData: FORM,
        ...payload,
      });
    const short = await walkIn({ checklist: ['M01'] });
    expect(short.json().error).toMatchObject({ code: 'MATERIALS_UNVERIFIED', message: '以下必要材料尚未核验通过，不能受理：M02 场所平面图（未核验）' });
    const accepted = await walkIn({ checklist: ['M01'], deferred: [{ materialId: 'M02', promisedDate: daysFromToday(3) }] });
    expect(accepted.statusCode, accepted.body).toBe(201);
    expect(accepted.json().case.status).toBe('accepted');
  });
});
