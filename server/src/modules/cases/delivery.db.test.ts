import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { loginCookies, makeItem, makeWorld, reviewToDecision, toActorOf } from '../../test/factories.js';
import { extractPdfText } from '../../test/pdf-text.js';
import { chinaDate } from '../../util/china-time.js';
import { clockOffsetMs, setClock } from '../../util/clock.js';
import { sweepWarnings } from '../alerts/sweep.js';
import { calendarFor } from '../calendar/service.js';
import { sealSignerFor } from '../seals/keystore.js';
import { createSeal } from '../seals/service.js';
import { warnDateBefore } from './clock.js';
import { DELIVERY_YELLOW_WORKDAYS, LICENCE_DELIVERY_WORKDAYS } from './delivery.js';
import * as service from './service.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;
let cookies: Record<'applicant' | 'clerk' | 'supervisor' | 'stranger', string>;
const as = toActorOf;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t.db);
  await createSeal(t.db, sealSignerFor({ dataDir: t.dataDir }), { departmentId: w.deptA.id, actor: null });
  await t.db.updateTable('users').set({ heads_department: true }).where('id', '=', w.headA.id).execute();
  cookies = await loginCookies(t.app, {
    applicant: w.applicant,
    clerk: w.clerk,
    supervisor: w.supervisor,
    stranger: w.applicant2,
  });
});
afterAll(() => t.destroy());

const post = (url: string, cookie: string, payload: object = {}) => t.app.inject({ method: 'POST', url, headers: { cookie }, payload });
const get = (url: string, cookie: string) => t.app.inject({ url, headers: { cookie } });
const row = (caseId: string) => t.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
const events = (caseId: string) => t.db.selectFrom('case_events').select(['action', 'data']).where('case_id', '=', caseId).orderBy('seq').execute();
const EXPRESS = { method: 'post', recipient: '张三', phone: '13800138000', address: '梅河口市新华大街 88 号' } as const;

/** A licence (item type 01) of department A, submitted online, accepted and granted. */
async function grantedCase(itemId = w.itemA.id) {
  const submitted = await post('/api/cases', cookies.applicant, { itemId, formData: { name: '送达测试', phone: '13800138000' } });
  expect(submitted.statusCode, submitted.body).toBe(201);
  const c = submitted.json().case as { id: string; number: string };
  await service.acceptCase({ db: t.db, actor: as(w.clerk), caseId: c.id });
  await reviewToDecision(t.db, c.id, w.reviewerA);
  await service.approveCase({ db: t.db, actor: as(w.reviewerA), caseId: c.id, opinion: '同意' });
  return c;
}

describe('the applicant\'s chosen delivery at issuance', () => {
  it('issuing by express without a tracking number is refused and writes nothing', async () => {
    const c = await grantedCase();
    await post(`/api/cases/${c.id}/delivery`, cookies.applicant, { preference: EXPRESS });
    const before = (await events(c.id)).length;
    const refused = await post(`/api/cases/${c.id}/issue`, cookies.clerk, { delivery: { method: 'post', courier: '中国邮政EMS' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'body.delivery.trackingNumber', label: '运单号' }] });
    expect((await events(c.id)).length).toBe(before);
    expect((await row(c.id)).status).toBe('approved');

    const issued = await post(`/api/cases/${c.id}/issue`, cookies.clerk, { delivery: { method: 'post', courier: '中国邮政EMS', trackingNumber: 'EA123456789CN' } });
    expect(issued.statusCode, issued.body).toBe(200);
    expect((await events(c.id)).at(-1)).toMatchObject({ action: 'issue', data: { delivery: { method: 'post', courier: '中国邮政EMS', trackingNumber: 'EA123456789CN' } } });
  });

  it('express needs the applicant\'s address: one taken at the window is kept on the case, never on the timeline', async () => {
    const c = await grantedCase();
    const waybill = { method: 'post', courier: '顺丰速运', trackingNumber: 'SF1234567890' };
    const noAddress = await post(`/api/cases/${c.id}/issue`, cookies.clerk, { delivery: waybill });
    expect(noAddress.statusCode).toBe(400);
    expect(noAddress.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'body.delivery.postAddress', label: '邮寄地址' }] });
    const issued = await post(`/api/cases/${c.id}/issue`, cookies.clerk, { delivery: { ...waybill, postAddress: { recipient: '李四', phone: '13900139000', address: '梅河口市解放大街 1 号' } } });
    expect(issued.statusCode, issued.body).toBe(200);
    expect((await row(c.id)).delivery_preference).toEqual({ method: 'post', recipient: '李四', phone: '13900139000', address: '梅河口市解放大街 1 号' });
    expect(JSON.stringify((await events(c.id)).at(-1))).not.toContain('解放大街');
  });

  it('handing over at the window after the applicant chose express is refused without consent and recorded with it', async () => {
    const c = await grantedCase();
    await post(`/api/cases/${c.id}/delivery`, cookies.applicant, { preference: EXPRESS });
    const before = (await events(c.id)).length;
    const refused = await post(`/api/cases/${c.id}/issue`, cookies.clerk, { delivery: { method: 'window' } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'DELIVERY_CONSENT_REQUIRED', details: [{ field: 'body.delivery.consent' }] });
    expect((await events(c.id)).length).toBe(before);

    const consentedAt = new Date(Date.now() + clockOffsetMs() - 10 * 60_000).toISOString();
    const issued = await post(`/api/cases/${c.id}/issue`, cookies.clerk, {
      delivery: { method: 'window', consent: { consentedBy: '张三', method: 'phone', consentedAt } },
    });
    expect(issued.statusCode, issued.body).toBe(200);
    expect((await events(c.id)).at(-1)).toMatchObject({
      action: 'issue',
      data: { delivery: { method: 'window' }, consent: { consentedBy: '张三', method: 'phone', methodLabel: '电话确认', consentedAt } },
    });
    const detail = (await get(`/api/cases/${c.id}`, cookies.applicant)).json().case;
    expect(detail.timeline.at(-1)).toMatchObject({ action: 'issue', data: { consent: { consentedBy: '张三' } } });
  });

  it('produces a 送达回证 at issuance, downloadable by the applicant and the window, with the case, the way, the place, the recipient and the clerk', async () => {
    const c = await grantedCase();
    await post(`/api/cases/${c.id}/delivery`, cookies.applicant, { preference: EXPRESS });
    const issued = await post(`/api/cases/${c.id}/issue`, cookies.clerk, {
      delivery: { method: 'window', consent: { consentedBy: '张三', method: 'signed_at_window' } },
      note: '申请人到窗口领取',
    });
    expect(issued.statusCode, issued.body).toBe(200);
    // Sealed right after the issuance (the archive of the finished case holds it), not on first download.
    const documents = (await get(`/api/cases/${c.id}/documents`, cookies.applicant)).json().documents as { kind: string; title: string; number: string; issuerName: string }[];
    expect(documents.find((d) => d.kind === 'delivery')).toMatchObject({ title: '送达回证', issuerName: w.deptA.name });

    const pdf = await get(`/api/cases/${c.id}/notices/delivery`, cookies.applicant);
    expect(pdf.statusCode, pdf.body).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(`送达回证-${c.number}.pdf`)}`);
    // Long values wrap inside the form's cells: read the text as one line.
    const flat = extractPdfText(pdf.rawPayload).replace(/\n/g, '');
    for (const expected of [w.deptA.name, '送达回证', c.number, '准予行政许可决定书', '送达方式', '直接送达（统一出件窗口领取）', '送达地点', `${w.centre.name}统一出件窗口`, '受送达人', '送达时间', '送达人', w.clerk.display_name, '窗口当面签字确认', '受送达人（签名）', '申请人到窗口领取']) {
      expect(flat, expected).toContain(expected);
    }
    expect((await get(`/api/cases/${c.id}/notices/delivery`, cookies.clerk)).rawPayload.equals(pdf.rawPayload)).toBe(true);
    expect((await get(`/api/cases/${c.id}/notices/delivery`, cookies.stranger)).statusCode).toBe(404);

    // Posted: the address, the courier and the waybill, the phone masked.
    const posted = await grantedCase();
    await post(`/api/cases/${posted.id}/delivery`, cookies.applicant, { preference: EXPRESS });
    await post(`/api/cases/${posted.id}/issue`, cookies.clerk, { delivery: { method: 'post', courier: '中国邮政EMS', trackingNumber: 'EA123456789CN' } });
    const postedText = extractPdfText((await get(`/api/cases/${posted.id}/notices/delivery`, cookies.clerk)).rawPayload).replace(/\n/g, '');
    for (const expected of ['邮寄送达（中国邮政EMS，运单号 EA123456789CN）', '梅河口市新华大街 88 号', '138****8000']) expect(postedText, expected).toContain(expected);
    expect(postedText).not.toContain('13800138000');
  }, 120_000);
});

describe('the ten working days to deliver a licence (行政许可法 art. 44)', () => {
  it('a licence granted before a holiday and not delivered by its tenth working day is warned once by the sweep and counted late', async () => {
    const calendar = await calendarFor(t.db, w.centre.region_code);
    // The first day of the latest holiday on the calendar, and the working day before it.
    let day = chinaDate();
    while (calendar.day(day).kind !== 'holiday') day = addDay(day, -1);
    while (calendar.day(addDay(day, -1)).kind === 'holiday') day = addDay(day, -1);
    const decidedOn = calendar.previousWorkday(day);
    const dueDate = calendar.addWorkdays(decidedOn, LICENCE_DELIVERY_WORKDAYS).due;
    const warnDate = warnDateBefore(calendar, dueDate, DELIVERY_YELLOW_WORKDAYS);
    const dayAfter = calendar.nextWorkday(dueDate);
    // Ten working days across the holiday take more than fourteen calendar days.
    expect(calendar.days(decidedOn, dueDate).some((d) => d.kind === 'holiday')).toBe(true);
    expect(daysBetween(decidedOn, dueDate)).toBeGreaterThan(14);

    const saved = clockOffsetMs();
    const at = (date: string, time = '10:00') => setClock(`${date}T${time}:00+08:00`);
    try {
      at(decidedOn);
      const late = await grantedCase();
      const onTime = await grantedCase();
      const service20 = await makeItem(t.db, w.deptA.id);
      await t.db.updateTable('service_items').set({ item_type: '20' }).where('id', '=', service20.id).execute();
      const publicService = await grantedCase(service20.id);
      expect(await row(late.id)).toMatchObject({ delivery_due_date: dueDate, delivery_warn_date: warnDate });
      // Other item types follow their own rules: no art. 44 clock.
      expect((await row(publicService.id)).delivery_due_date).toBeNull();

      // The issuance desk's lights: green, yellow with two working days left, red once past.
      const summary = async (id: string) => (await get(`/api/cases/${id}`, cookies.clerk)).json().case;
      expect(await summary(late.id)).toMatchObject({ deliveryDueDate: dueDate, deliveryLight: 'green', deliveryWorkdaysLeft: LICENCE_DELIVERY_WORKDAYS });
      at(warnDate);
      expect(await summary(late.id)).toMatchObject({ deliveryLight: 'yellow', deliveryWorkdaysLeft: DELIVERY_YELLOW_WORKDAYS });
      const desk = (await get('/api/cases?status=approved,denied', cookies.clerk)).json().cases as { id: string; deliveryLight: string | null }[];
      expect(desk.find((x) => x.id === late.id)?.deliveryLight).toBe('yellow');
      expect(desk.find((x) => x.id === publicService.id)?.deliveryLight).toBeNull();

      expect(await sweepWarnings(t.db, { today: calendar.previousWorkday(warnDate) })).toMatchObject({ deliveryYellow: 0, deliveryRed: 0 });
      expect(await sweepWarnings(t.db, { today: warnDate })).toMatchObject({ deliveryYellow: 2, deliveryRed: 0 });
      expect(await sweepWarnings(t.db, { today: warnDate })).toMatchObject({ deliveryYellow: 0, deliveryRed: 0 });

      // Delivered on its last day: on time.
      at(dueDate, '16:00');
      expect((await post(`/api/cases/${onTime.id}/issue`, cookies.clerk, { delivery: { method: 'window' } })).statusCode).toBe(200);
      expect(await row(onTime.id)).toMatchObject({ delivered_late: false });

      at(dayAfter);
      expect(await summary(late.id)).toMatchObject({ deliveryLight: 'red', deliveryWorkdaysLeft: -1 });
      expect(await sweepWarnings(t.db, { today: dayAfter })).toMatchObject({ deliveryYellow: 0, deliveryRed: 1 });
      expect(await sweepWarnings(t.db, { today: dayAfter })).toMatchObject({ deliveryRed: 0 });
      expect((await events(late.id)).map((e) => e.action).filter((a) => a.startsWith('warn_delivery'))).toEqual(['warn_delivery_yellow', 'warn_delivery_red']);
      expect((await events(late.id)).at(-1)!.data).toEqual({ deliveryDueDate: dueDate, today: dayAfter });
      // The window that accepted it and the department's head hear of it.
      const told = await t.db.selectFrom('notifications').select('user_id').where('case_id', '=', late.id).where('kind', '=', 'warn_delivery_red').execute();
      expect(told.map((n) => n.user_id).sort()).toEqual([w.clerk.id, w.headA.id].sort());
      expect((await events(publicService.id)).some((e) => e.action.startsWith('warn_delivery'))).toBe(false);

      const figures = async (from = decidedOn) => {
        const response = await get(`/api/supervision/delivery?from=${from}&to=${dayAfter}`, cookies.supervisor);
        expect(response.statusCode, response.body).toBe(200);
        return response.json();
      };
      // The other tests' licences, issued on the day they were granted, may fall in the period.
      const others = (await t.db
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('delivered_late', '=', false)
        .where('id', 'not in', [onTime.id])
        .where('completed_at', '>=', new Date(`${decidedOn}T00:00:00+08:00`))
        .where('completed_at', '<', new Date(`${dayAfter}T24:00:00+08:00`))
        .executeTakeFirstOrThrow()).n;
      expect(await figures()).toMatchObject({ waiting: { red: 1, total: 1 }, delivered: Number(others) + 1, deliveredLate: 0, lateRate: 0 });

      const issued = await post(`/api/cases/${late.id}/issue`, cookies.clerk, { delivery: { method: 'window' } });
      expect(issued.statusCode, issued.body).toBe(200);
      expect((await events(late.id)).at(-1)).toMatchObject({ action: 'issue', data: { deliveryDueDate: dueDate, deliveredLate: true } });
      const delivered = Number(others) + 2;
      expect(await figures()).toEqual({ from: decidedOn, to: dayAfter, waiting: { green: 0, yellow: 0, red: 0, total: 0 }, delivered, deliveredLate: 1, lateRate: 1 / delivered });
      // The seat's overview carries this month's figure to today.
      const dashboard = (await get('/api/supervision/dashboard', cookies.supervisor)).json();
      expect(dashboard.delivery).toEqual(await figures(`${dayAfter.slice(0, 8)}01`));
      expect(dashboard.delivery.deliveredLate).toBe(1);
    } finally {
      setClock(new Date(Date.now() + saved));
    }
  }, 120_000);
});

function addDay(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
}
