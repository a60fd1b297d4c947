import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { loginCookie, makeDepartment, makeItem, makeUser, makeWorld, reviewToDecision, toActorOf } from '../../test/factories.js';
import { chinaDate } from '../../util/china-time.js';
import { nowMs } from '../../util/clock.js';
import { scoreMonth } from '../assessment/compute.js';
import { DEFAULT_SCHEME } from '../assessment/scheme.js';
import { calendarFor } from '../calendar/service.js';
import * as cases from '../cases/service.js';

/**
 * 提前办结率 over a hand-made month of 即办件 and 承诺件: only 承诺件 can be early, and the rate
 * divides by the completed 承诺件. The month is the one 45 days before the platform's clock, so it
 * is finished whatever day the test runs on.
 *
 * Department C, one window, one clerk, one reviewer; nine cases completed in the month:
 *   承诺件 P1 decided 2 working days before its deadline   → early
 *   承诺件 P2 decided 1 working day before its deadline    → early
 *   承诺件 P3 decided on its deadline                      → on time
 *   承诺件 P4 decided 1 working day after its deadline     → late
 *   即办件 I1, I2, I4 decided on the spot, on their deadline → on time
 *   即办件 I3 decided the working day before its deadline  → on time, never early
 *   V1: an item that is a 承诺件 now but was an 即办件 in the catalogue version the case was
 *       opened under, decided before its deadline          → counted as the 即办件 it was
 * Hand count: completed 9, completed 承诺件 4, early 2 → 提前办结率 2 / 4 = 50 %. (Counting over
 * every case, as before, would have said 4 / 9.) On time 8 of 9.
 */
let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;
let month: string;
let supervisor: string;
let deptC: Awaited<ReturnType<typeof makeDepartment>>;
let windowId: number;

const at = (day: string, time = '10:00') => new Date(`${day}T${time}:00+08:00`);

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t.db);
  supervisor = await loginCookie(t.app, w.supervisor.username);
  deptC = await makeDepartment(t.db, w.centre, '提前办结测试局');
  const reviewer = await makeUser(t.db, 'reviewer', { departmentId: deptC.id });
  const clerk = await makeUser(t.db, 'clerk', { centreId: w.centre.id });
  windowId = (await t.db.insertInto('windows').values({ centre_id: w.centre.id, number: 'C01', name: '提前办结窗口' }).returning('id').executeTakeFirstOrThrow()).id;
  await t.db.updateTable('users').set({ window_id: windowId, decides_immediate: true }).where('id', '=', clerk.id).execute();
  clerk.window_id = windowId;

  const promisedItem = await makeItem(t.db, deptC.id, { promised: 5 });
  const immediateItem = await makeItem(t.db, deptC.id, { promised: 0 });
  const changedItem = await makeItem(t.db, deptC.id, { promised: 5 });
  // The version the V1 case was opened under: the item was still an 即办件 then.
  const oldVersion = await t.db
    .insertInto('service_item_versions')
    .values({ item_id: changedItem.id, version_no: 1, action: 'publish', actor_id: null, created_at: at('2020-01-01'), snapshot: JSON.stringify({ kind: 'immediate', promisedLimitDays: 0 }) })
    .returning('id')
    .executeTakeFirstOrThrow();

  month = chinaDate(new Date(nowMs() - 45 * 86_400_000)).slice(0, 7);
  const calendar = await calendarFor(t.db, w.centre.region_code);
  const lastDay = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);
  const workdays = calendar.days(`${month}-01`, lastDay).filter((d) => d.workday).map((d) => d.date);
  expect(workdays.length).toBeGreaterThanOrEqual(10);

  /** A completed case moved into the month: accepted on workday a, decided on workday d, due on workday due. */
  const completed = async (itemId: number, flow: 'review' | 'on_spot', a: number, d: number, due: number, versionId: number | null = null) => {
    const { caseId } = await cases.submitApplication({ db: t.db, actor: toActorOf(w.applicant), itemId, formData: { name: '提前', phone: '13800138000' } });
    if (flow === 'on_spot') {
      await cases.decideOnSpot({ db: t.db, actor: toActorOf(clerk), caseId });
    } else {
      await cases.acceptCase({ db: t.db, actor: toActorOf(clerk), caseId });
      await reviewToDecision(t.db, caseId, reviewer);
      await cases.approveCase({ db: t.db, actor: toActorOf(reviewer), caseId });
    }
    await cases.issueResult({ db: t.db, actor: toActorOf(clerk), caseId, delivery: { method: 'window' } });
    await t.db
      .updateTable('cases')
      .set({
        submitted_at: at(workdays[a]!, '09:00'),
        accepted_at: at(workdays[a]!, '09:30'),
        decided_at: at(workdays[d]!, '15:00'),
        completed_at: at(workdays[d]!, '16:00'),
        base_due_date: workdays[due]!,
        due_date: workdays[due]!,
        item_version_id: versionId,
      })
      .where('id', '=', caseId)
      .execute();
  };
  await completed(promisedItem.id, 'review', 0, 3, 5); // P1 early
  await completed(promisedItem.id, 'review', 1, 5, 6); // P2 early
  await completed(promisedItem.id, 'review', 2, 7, 7); // P3 on time
  await completed(promisedItem.id, 'review', 3, 9, 8); // P4 late
  await completed(immediateItem.id, 'on_spot', 4, 4, 4); // I1
  await completed(immediateItem.id, 'on_spot', 5, 5, 5); // I2
  await completed(immediateItem.id, 'on_spot', 6, 6, 7); // I3: before its deadline, still not early
  await completed(immediateItem.id, 'on_spot', 8, 8, 8); // I4
  await completed(changedItem.id, 'review', 2, 2, 3, oldVersion.id); // V1: an 即办件 when opened
});
afterAll(() => t.destroy());

const monthRange = () => {
  const lastDay = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);
  return { from: `${month}-01`, to: lastDay };
};

describe('提前办结率 counts 承诺件 only', () => {
  it('the statistics match the hand count', async () => {
    const { from, to } = monthRange();
    const response = await t.app.inject({ url: `/api/supervision/stats?from=${from}&to=${to}&dimension=department&key=${deptC.id}`, headers: { cookie: supervisor } });
    expect(response.statusCode).toBe(200);
    const row = response.json().rows[0];
    expect(row).toMatchObject({ received: 9, completed: 9, completed_promised: 4, early: 2, on_time: 8, late: 1 });
    expect(row.earlyRate).toBe(0.5);
    expect(row.onTimeRate).toBe(8 / 9);
    // The window and the item dimensions follow the same rule.
    const byWindow = (await t.app.inject({ url: `/api/supervision/stats?from=${from}&to=${to}&dimension=window&key=${windowId}`, headers: { cookie: supervisor } })).json().rows[0];
    expect(byWindow).toMatchObject({ completed: 9, completed_promised: 4, early: 2, earlyRate: 0.5 });
  });

  it('the monthly circular shows the rate with the counts behind it', async () => {
    const response = await t.app.inject({ url: `/api/supervision/circular?month=${month}`, headers: { cookie: supervisor } });
    expect(response.statusCode).toBe(200);
    const line = response.json().lines.find((l: { departmentId: number }) => l.departmentId === deptC.id);
    expect(line).toMatchObject({ completed: 9, completedPromised: 4, early: 2, earlyRate: 0.5 });
  });

  it('the monthly assessment scores the window on its 承诺件', async () => {
    const scores = await scoreMonth(t.db, { centreId: w.centre.id, month, scheme: DEFAULT_SCHEME });
    const window = scores.find((s) => s.subjectType === 'window' && s.subjectId === windowId)!;
    const early = window.indicators.find((i) => i.key === 'early')!;
    expect(early.value).toBe('2/4');
    expect(early.score).toBe(50);
    expect(early.records.ids).toHaveLength(4);
    expect(window.indicators.find((i) => i.key === 'on_time')!.value).toBe('8/9');
  });
});
