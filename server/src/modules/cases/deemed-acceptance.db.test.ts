import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { listedMaterial, loginCookie, makeItem, makeWorld, stageMaterial, toActorOf } from '../../test/factories.js';
import { chinaDate } from '../../util/china-time.js';
import { sweepWarnings } from '../alerts/sweep.js';
import { dayNumber, type WorkdayCalendar } from '../calendar/engine.js';
import { calendarFor } from '../calendar/service.js';
import { dashboardTiles } from '../supervision/dashboard.js';
import { rollupPending } from '../supervision/rollup.js';
import { getCaseDetail } from './view.js';

/**
 * 行政许可法第三十二条: an application nobody answered with the one-time correction notice within
 * five working days counts as accepted from the day its materials were received. The dates are
 * built around an official holiday taken from the calendar, so the test means the same on any day.
 */
let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;
let item: { id: number };
let calendar: WorkdayCalendar;
let cookies: Record<'applicant' | 'clerk', string>;
/** The receipt day, two working days before a statutory holiday; the fifth and sixth working days after it. */
let received: string;
let dayFive: string;
let daySix: string;

/** The first day of the official holiday nearest to today (the calendar carries several years' schedules). */
function holidayNearToday(): string {
  const today = chinaDate();
  const from = new Date(Date.parse(`${today}T00:00:00Z`) - 800 * 86_400_000).toISOString().slice(0, 10);
  const to = new Date(Date.parse(`${today}T00:00:00Z`) + 400 * 86_400_000).toISOString().slice(0, 10);
  const days = calendar.days(from, to);
  const starts = days.filter((d, i) => d.kind === 'holiday' && days[i - 1]?.kind !== 'holiday').map((d) => d.date);
  expect(starts.length).toBeGreaterThan(0);
  return starts.reduce((best, d) => (Math.abs(dayNumber(d) - dayNumber(today)) < Math.abs(dayNumber(best) - dayNumber(today)) ? d : best));
}

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t.db);
  item = await makeItem(t.db, w.deptA.id, { promised: 5, legal: 20, materials: [listedMaterial('M01', '申请书')] });
  cookies = { applicant: await loginCookie(t.app, w.applicant.username), clerk: await loginCookie(t.app, w.clerk.username) };
  calendar = await calendarFor(t.db, w.centre.region_code);
  received = calendar.addWorkdays(holidayNearToday(), -2).due;
  dayFive = calendar.addWorkdays(received, 5).due;
  daySix = calendar.addWorkdays(received, 6).due;
});
afterAll(() => t.destroy());

/** An application with its one required material uploaded (not yet verified), received on `received` at 10:00. */
async function applicationReceived(): Promise<string> {
  const materials = [await stageMaterial(t.app, cookies.applicant, item.id, 'M01')];
  const response = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: cookies.applicant }, payload: { itemId: item.id, formData: { name: '视为受理', phone: '13800138000' }, materials } });
  expect(response.statusCode, response.body).toBe(201);
  const caseId = response.json().case.id as string;
  // Received on the chosen day; the dates are left for the sweep to compute, as for a case waiting
  // from before the acceptance clock existed.
  const at = new Date(`${received}T10:00:00+08:00`);
  await t.db.updateTable('cases').set({ submitted_at: at, received_at: at, acceptance_due_date: null, acceptance_warn_date: null }).where('id', '=', caseId).execute();
  return caseId;
}

const row = (caseId: string) => t.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();

describe('the five-day acceptance rule (art. 32)', () => {
  it('a new application carries its acceptance clock from receipt', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: { cookie: cookies.applicant },
      payload: { itemId: item.id, formData: { name: '新申请', phone: '13800138000' }, materials: [await stageMaterial(t.app, cookies.applicant, item.id, 'M01')] },
    });
    const c = await row(response.json().case.id);
    const today = chinaDate(c.submitted_at);
    expect(c).toMatchObject({ acceptance_due_date: calendar.addWorkdays(today, 5).due, acceptance_warn_date: calendar.addWorkdays(today, 4).due, deemed_accepted: false });
    expect(c.received_at!.getTime()).toBe(c.submitted_at.getTime());
    const listed = (await t.app.inject({ url: '/api/cases?status=submitted', headers: { cookie: cookies.clerk } })).json().cases.find((x: { id: string }) => x.id === c.id);
    expect(listed).toMatchObject({ acceptanceDueDate: c.acceptance_due_date, acceptanceLight: 'green', acceptanceWorkdaysLeft: 5, deemedAccepted: false });
  });

  it('an unanswered application is accepted by law on the sixth working day, across a holiday, its deadline counted from receipt', async () => {
    // The five working days span the holiday: far more than a week of calendar days.
    expect(calendar.days(received, dayFive).some((d) => d.kind === 'holiday')).toBe(true);
    expect(dayNumber(dayFive) - dayNumber(received)).toBeGreaterThan(7);
    const caseId = await applicationReceived();

    // Day five: still the clerk's to answer; the sweep gives the waiting case its dates.
    expect((await sweepWarnings(t.db, { today: dayFive })).deemedAccepted).toBe(0);
    expect(await row(caseId)).toMatchObject({ status: 'submitted', acceptance_due_date: dayFive, acceptance_warn_date: calendar.addWorkdays(received, 4).due, accepted_at: null });

    // Its lights, for the clerk and for supervision.
    const clerk = toActorOf(w.clerk);
    const light = async (today: string) => (await getCaseDetail(t.db, clerk, caseId, { today })).acceptanceLight;
    expect(await light(calendar.addWorkdays(received, 1).due)).toBe('green');
    expect(await light(calendar.addWorkdays(received, 4).due)).toBe('yellow');
    expect(await light(dayFive)).toBe('red');
    const tiles = await dashboardTiles(t.db, { scope: { regionPrefix: w.centre.region_code }, today: dayFive });
    expect(tiles.acceptanceLights.red).toBeGreaterThanOrEqual(1);

    // The statistics of the receipt day are rolled up before anyone knew it would hold an acceptance.
    await rollupPending(t.db, { through: received });
    const acceptedOnReceipt = async () =>
      (await t.db.selectFrom('stats_daily').select('accepted').where('day', '=', received).where('dimension', '=', 'department').where('key', '=', w.deptA.id).executeTakeFirst())?.accepted ?? 0;
    expect(await acceptedOnReceipt()).toBe(0);

    // Day six: accepted by law, as of the day of receipt.
    const swept = await sweepWarnings(t.db, { today: daySix });
    expect(swept.deemedAccepted).toBeGreaterThanOrEqual(1);
    const c = await row(caseId);
    expect(c).toMatchObject({ status: 'accepted', deemed_accepted: true, clerk_id: null });
    expect(c.accepted_at!.toISOString()).toBe(new Date(`${received}T10:00:00+08:00`).toISOString());
    expect(c.promised_limit_unit).toBe('workday');
    expect(c.due_date).toBe(calendar.addWorkdays(received, 5).due);
    expect(c.legal_due_date).toBe(calendar.addWorkdays(received, 20).due);
    // Counted from receipt, not from the day the sweep ran.
    expect(c.due_date).not.toBe(calendar.addWorkdays(daySix, 5).due);

    // On its timeline, in the law's words, with the unverified material on record.
    const detail = await getCaseDetail(t.db, clerk, caseId, { today: daySix });
    const step = detail.timeline.at(-2)!.action === 'deem_accept' ? detail.timeline.at(-2)! : detail.timeline.find((e) => e.action === 'deem_accept')!;
    expect(step).toMatchObject({
      action: 'deem_accept',
      actionLabel: '五个工作日内未告知补正，依法视为受理',
      fromStatus: 'submitted',
      toStatus: 'accepted',
      actorName: '系统（依法视为受理）',
      data: { receivedOn: received, acceptanceDueDate: dayFive, legalBasis: '《中华人民共和国行政许可法》第三十二条', materialsVerified: false, unverifiedMaterials: ['M01 申请书（未核验）'], dueDate: c.due_date },
    });
    expect(JSON.stringify(step)).not.toMatch(/"actorName":"system"/);
    expect(detail).toMatchObject({ deemedAccepted: true, acceptanceLight: null, acceptanceDueDate: null });
    const events = await t.db.selectFrom('case_events').select(['action', 'actor_id']).where('case_id', '=', caseId).orderBy('seq').execute();
    expect(events.slice(0, 2)).toEqual([
      { action: 'submit', actor_id: w.applicant.id },
      { action: 'deem_accept', actor_id: null },
    ]);
    // The applicant is told, and the review chain starts as after any acceptance.
    const told = await t.db.selectFrom('notifications').select('body').where('case_id', '=', caseId).where('title', '=', '申请已依法视为受理').executeTakeFirstOrThrow();
    expect(told.body).toContain(received);
    expect(c.review_step).not.toBeNull();

    // The receipt day is rolled again: the acceptance counts on the day it is deemed to have happened.
    await rollupPending(t.db, { through: received });
    expect(await acceptedOnReceipt()).toBe(1);

    // Once is enough: a second sweep accepts nothing more.
    expect((await sweepWarnings(t.db, { today: daySix })).deemedAccepted).toBe(0);
    expect((await t.db.selectFrom('case_events').select('id').where('case_id', '=', caseId).where('action', '=', 'deem_accept').execute()).length).toBe(1);
  });

  it('an application answered in time with the correction notice is not accepted by law; its answer starts five new days', async () => {
    const caseId = await applicationReceived();
    const asked = await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/request-correction`, headers: { cookie: cookies.clerk }, payload: { missing: ['申请书须本人签字'] } });
    expect(asked.statusCode, asked.body).toBe(200);
    await sweepWarnings(t.db, { today: daySix });
    expect(await row(caseId)).toMatchObject({ status: 'correction_required', deemed_accepted: false, accepted_at: null });

    const answered = await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/resubmit`, headers: { cookie: cookies.applicant }, payload: { answers: [{ index: 0, text: '已签字' }] } });
    expect(answered.statusCode, answered.body).toBe(200);
    const c = await row(caseId);
    const answeredOn = chinaDate(c.received_at!);
    expect(c).toMatchObject({ status: 'submitted', acceptance_due_date: calendar.addWorkdays(answeredOn, 5).due });
  });
});
