import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestApp, type TestApp } from '../../test/app.js';
import { loginCookie, makeItem, makeWorld } from '../../test/factories.js';
import { chinaDate } from '../../util/china-time.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;
const cookies: Record<string, string> = {};
let item: Awaited<ReturnType<typeof makeItem>>;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t.db);
  for (const [key, user] of Object.entries({ applicant: w.applicant, clerk: w.clerk, reviewer: w.reviewerA, admin: w.admin, supervisor: w.supervisor })) {
    cookies[key] = await loginCookie(t.app, user.username);
  }
  item = await makeItem(t.db, w.deptA.id, {
    fields: [
      { key: 'name', label: '名称', type: 'text', required: true },
      { key: 'houseType', label: '房屋用途', type: 'select', required: true, options: ['住宅', '非住宅'] },
      { key: 'copies', label: '证书份数', type: 'number', required: false },
    ],
  });
});
afterAll(() => t.destroy());

const call = (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { cookie: cookies[who]! }, ...(payload !== undefined && { payload: payload as object }) });

async function acceptedCase(formData: Record<string, unknown>) {
  const created = await call('applicant', 'POST', '/api/cases', { itemId: item.id, formData });
  expect(created.statusCode).toBe(201);
  const id = created.json().case.id as string;
  expect((await call('clerk', 'POST', `/api/cases/${id}/accept`, {})).statusCode).toBe(200);
  return id;
}

async function approve(id: string) {
  for (const [path, body] of [['claim', {}], ['complete-review', { opinion: '符合条件' }], ['approve', {}]] as const) {
    const response = await call('reviewer', 'POST', `/api/cases/${id}/${path}`, body);
    expect(response.statusCode, response.body).toBe(200);
  }
}

const timelineActions = async (id: string) => (await call('applicant', 'GET', `/api/cases/${id}`)).json().case.timeline.map((e: { action: string }) => e.action);

describe('收费', () => {
  let id: string;
  it('computes the notice from the rules on acceptance, for the applicant and the window only', async () => {
    const rules = {
      lines: [
        { name: '不动产登记费', kind: 'by_option', field: 'houseType', options: { 住宅: 8000, 非住宅: 55000 }, amountFen: 8000, basis: '发改价格规〔2016〕2559号' },
        { name: '证书工本费', kind: 'per_unit', field: 'copies', amountFen: 1000, unit: '本', basis: '同上' },
      ],
    };
    expect((await call('applicant', 'PUT', `/api/admin/items/${item.id}/fee-rules`, rules)).statusCode).toBe(403);
    const saved = await call('admin', 'PUT', `/api/admin/items/${item.id}/fee-rules`, rules);
    expect(saved.statusCode).toBe(200);

    id = await acceptedCase({ name: '张三', houseType: '非住宅', copies: 2 });
    const { notice } = (await call('applicant', 'GET', `/api/cases/${id}/fee`)).json();
    expect(notice).toMatchObject({ amountFen: 57000, amountText: '570.00', amountInWords: '伍佰柒拾元整', status: 'unpaid', canPay: true, canExempt: false });
    expect(notice.lines.map((l: { name: string; amountFen: number }) => [l.name, l.amountFen])).toEqual([
      ['不动产登记费', 55000],
      ['证书工本费', 2000],
    ]);
    expect(notice.paymentCode).toMatch(/^220581\d{14}$/);
    expect((await call('clerk', 'GET', `/api/cases/${id}/fee`)).json().notice).toMatchObject({ canPay: false, canExempt: true });
    // Another applicant cannot even see it.
    const other = await loginCookie(t.app, w.applicant2.username);
    expect((await t.app.inject({ method: 'GET', url: `/api/cases/${id}/fee`, headers: { cookie: other } })).statusCode).toBe(404);

    const pdf = await call('applicant', 'GET', `/api/cases/${id}/fee/notice.pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('blocks issuance until paid, and records the simulated bank\'s signed notification once', async () => {
    await approve(id);
    const blocked = await call('clerk', 'POST', `/api/cases/${id}/issue`, { delivery: { method: 'window' } });
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().error.message).toBe('该办件的费用尚未缴纳，缴费或办理减免后方可出件');

    const started = await call('applicant', 'POST', `/api/cases/${id}/fee/pay`, {});
    const redirectUrl = started.json().redirectUrl as string;
    const paymentId = redirectUrl.split('/').pop()!;
    expect(redirectUrl).toBe(`/pay/simulator/${paymentId}`);
    const page = await t.app.inject({ method: 'GET', url: `/api/payments/simulator/${paymentId}` });
    expect(page.json()).toMatchObject({ status: 'pending', amountText: '570.00', itemName: item.name, caseId: id });
    expect(page.body).not.toContain('张三');

    // A notification not signed by the gateway is refused and changes nothing.
    const forged = await t.app.inject({
      method: 'POST',
      url: '/api/payments/notify/simulator',
      payload: { paymentId, status: 'succeeded', amountFen: 57000, gatewayTxn: 'FAKE', signature: '00'.repeat(32) },
    });
    expect(forged.statusCode).toBe(403);

    const paid = await t.app.inject({ method: 'POST', url: `/api/payments/simulator/${paymentId}/confirm`, payload: { result: 'paid' } });
    expect(paid.json()).toEqual({ status: 'succeeded', caseId: id });
    const again = await t.app.inject({ method: 'POST', url: `/api/payments/simulator/${paymentId}/confirm`, payload: { result: 'paid' } });
    expect(again.statusCode).toBe(200);
    expect((await call('applicant', 'GET', `/api/cases/${id}/fee`)).json().notice).toMatchObject({ status: 'paid', canPay: false, gatewayLabel: '模拟支付（演示）' });
    expect((await timelineActions(id)).filter((a: string) => a.startsWith('fee_'))).toEqual(['fee_notice', 'fee_paid']);
    expect((await call('applicant', 'POST', `/api/cases/${id}/fee/pay`, {})).statusCode).toBe(409);

    const issued = await call('clerk', 'POST', `/api/cases/${id}/issue`, { delivery: { method: 'window' } });
    expect(issued.statusCode, issued.body).toBe(200);
  });

  it('lists the day\'s payments for reconciliation, with the line-by-line export', async () => {
    // 对账: today's payments, by day and department, and the line-by-line export.
    const today = chinaDate();
    const report = (await call('admin', 'GET', `/api/fees/reconciliation?from=${today}&to=${today}`)).json();
    expect(report.total).toEqual({ count: 1, amountFen: 57000 });
    expect(report.days).toEqual([{ day: today, count: 1, amountFen: 57000, departments: [{ departmentName: w.deptA.name, gatewayLabel: '模拟支付（演示）', count: 1, amountFen: 57000 }] }]);
    expect((await call('supervisor', 'GET', `/api/fees/reconciliation?from=${today}&to=${today}`)).json().total.count).toBe(1);
    expect((await call('clerk', 'GET', `/api/fees/reconciliation?from=${today}&to=${today}`)).statusCode).toBe(403);
    const csv = (await call('admin', 'GET', `/api/fees/payments.csv?from=${today}&to=${today}`)).body;
    const csvLines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(csvLines).toHaveLength(2);
    expect(csvLines[1]).toContain(`,${item.name},${w.deptA.name},`);
    expect(csvLines[1]).toContain(',570.00,模拟支付（演示）,SIM');
    const xlsx = await call('admin', 'GET', `/api/fees/payments.xlsx?from=${today}&to=${today}`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('缴费明细')!;
    expect(sheet.getRow(3).getCell(7).value).toBe(570);
    expect(sheet.getRow(4).getCell(1).value).toBe('合计');
  });

  it('a clerk exempts the fee with its basis, and the case may then be issued', async () => {
    const id = await acceptedCase({ name: '李四', houseType: '住宅' });
    expect((await call('applicant', 'GET', `/api/cases/${id}/fee`)).json().notice.amountFen).toBe(8000 + 1000);
    expect((await call('applicant', 'POST', `/api/cases/${id}/fee/exempt`, { reason: '城乡低保对象' })).statusCode).toBe(403);
    const exempted = await call('clerk', 'POST', `/api/cases/${id}/fee/exempt`, { reason: '城乡低保对象，依规免收' });
    expect(exempted.json().notice).toMatchObject({ status: 'exempted', exemptReason: '城乡低保对象，依规免收' });
    expect((await call('clerk', 'POST', `/api/cases/${id}/fee/exempt`, { reason: '再次减免' })).statusCode).toBe(409);
    await approve(id);
    expect((await call('clerk', 'POST', `/api/cases/${id}/issue`, { delivery: { method: 'window' } })).statusCode).toBe(200);
    expect((await timelineActions(id)).filter((a: string) => a.startsWith('fee_'))).toEqual(['fee_notice', 'fee_exempted']);
  });

  it('an item without rules owes nothing', async () => {
    const free = await makeItem(t.db, w.deptA.id);
    const created = await call('applicant', 'POST', '/api/cases', { itemId: free.id, formData: { name: '王五', phone: '13912345678' } });
    const id = created.json().case.id;
    await call('clerk', 'POST', `/api/cases/${id}/accept`, {});
    expect((await call('applicant', 'GET', `/api/cases/${id}/fee`)).json()).toEqual({ notice: null });
  });
});

// 我的工作 shares this file's world: the cases above were accepted by the clerk and decided by the reviewer.
describe('我的工作 (staff self-service)', () => {
  it('shows each member of staff their own figures, queue and ratings, and nothing to applicants', async () => {
    const today = chinaDate();
    const reviewer = (await call('reviewer', 'GET', `/api/me/work?from=${today}&to=${today}`)).json();
    expect(reviewer.figures).toMatchObject({ completed: 2, onTime: 2, late: 0, onTimeRate: 1 });
    expect(reviewer.queue).toEqual({ open: 0, warning: 0, overdue: 0 });
    const clerk = (await call('clerk', 'GET', `/api/me/work?from=${today}&to=${today}`)).json();
    expect(clerk.figures.accepted).toBe(3);
    expect(clerk.ratings).toMatchObject({ count: 0, satisfaction: null });

    const [issuedCase] = await t.db.selectFrom('cases').select(['id', 'item_id', 'department_id']).where('status', '=', 'completed').execute();
    await t.db
      .insertInto('ratings')
      .values({ channel: 'online', case_id: issuedCase!.id, level: 2, comment: '等候时间较长', item_id: issuedCase!.item_id, department_id: issuedCase!.department_id, staff_id: w.reviewerA.id, rater_id: w.applicant.id })
      .execute();
    const rated = (await call('reviewer', 'GET', `/api/me/work?from=${today}&to=${today}`)).json().ratings;
    expect(rated.count).toBe(1);
    expect(rated.satisfaction).toBe(0);
    expect(rated.byLevel.find((l: { level: number }) => l.level === 2).count).toBe(1);
    expect(rated.recent).toMatchObject([{ level: 2, label: '不满意', comment: '等候时间较长', itemName: item.name }]);

    expect((await call('applicant', 'GET', `/api/me/work?from=${today}&to=${today}`)).statusCode).toBe(403);
  });
});
