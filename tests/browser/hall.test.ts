import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate } from '../../server/src/util/china-time.js';
import { button, loginAs, postOk, sharedApi, startPlatform, type Platform } from './harness.js';

/** The hall at work: a booking checked in at the kiosk goes ahead of a walk-in, is called on the display and at the window, served and rated. */

let platform: Platform;
let centreId: number;
let slotId: number;

beforeAll(async () => {
  platform = await startPlatform();
  const db = platform.db!;
  const centre = await db.selectFrom('centres').select('id').where('name', '=', '梅河口市政务服务中心').executeTakeFirstOrThrow();
  centreId = centre.id;
  const category = await db.selectFrom('hall_categories').select('id').where('centre_id', '=', centreId).where('prefix', '=', 'A').executeTakeFirstOrThrow();
  // A slot starting in a few minutes, whatever the hour the test runs at (the demo's are office hours).
  const starts = new Date(Date.now() + 4 * 60_000);
  slotId = (
    await db
      .insertInto('appointment_slots')
      .values({ centre_id: centreId, category_id: category.id, day: chinaDate(starts), starts_at: starts, ends_at: new Date(starts.getTime() + 30 * 60_000), kind: 'extended', capacity: 2 })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => platform?.close());

const pick = async (page: Page, testId: string, option: string, search?: string) => {
  await page.getByTestId(testId).click();
  if (search) await page.keyboard.type(search);
  await page.locator('.ant-select-item-option', { hasText: option }).first().click();
};

const freshPage = async () => (await platform.browser.newContext({ baseURL: platform.baseUrl, locale: 'zh-CN' })).newPage();

describe('the hall through the browser', () => {
  // Four pages and a login each: generous on a loaded machine; about 30 s on a quiet one.
  it('book → check in at the kiosk → called on the display and at the window → served → rated; the walk-in waits behind', { timeout: 300_000 }, async () => {
    // The citizen books online.
    const citizen = await loginAs(platform, 'applicant1');
    await citizen.goto('/portal/appointments');
    await pick(citizen, 'category', 'A 综合受理');
    await pick(citizen, 'item', '食品经营许可（新办）', '食品经营许可');
    await citizen.getByTestId(`slot-${slotId}`).click();
    const code = (await citizen.getByTestId('booked').locator('strong').first().textContent())!.trim();
    expect(code).toMatch(/^\d{6}$/);

    // The hall display, the window tablet and the clerk's calling bar are open.
    const display = await freshPage();
    await display.goto(`/hall-display/${centreId}`);
    await display.getByText('欢迎光临').waitFor();
    const admin = await sharedApi(platform, 'admin');
    const clerkWindow = await platform.db!.selectFrom('users').select('window_id').where('username', '=', 'clerk1').executeTakeFirstOrThrow();
    const { url } = await postOk<{ url: string }>(admin, `/api/admin/windows/${clerkWindow.window_id}/kiosk-key`);
    const tablet = await freshPage();
    await tablet.goto(new URL(url).pathname + new URL(url).search);
    const clerk = await loginAs(platform, 'clerk1');
    await clerk.goto('/hall/queue');

    // A walk-in takes a number first; then the citizen arrives and checks in with the code.
    const kiosk = await freshPage();
    await kiosk.goto(`/kiosk/queue/${centreId}`);
    await kiosk.getByTestId('take-A').click();
    const walkIn = (await kiosk.getByTestId('ticket-number').textContent())!.trim();
    expect(await kiosk.getByTestId('ahead').innerText()).toContain('前面还有 0 人');
    await button(kiosk, '完成').click();
    await kiosk.getByText('预约签到').click();
    await kiosk.getByTestId('check-in-code').fill(code);
    await kiosk.getByTestId('check-in').click();
    const booked = (await kiosk.getByTestId('ticket-number').textContent())!.trim();
    expect(await kiosk.getByTestId('receipt').innerText()).toContain('预约优先');
    // The booking goes ahead of the walk-in who came earlier.
    expect(await kiosk.getByTestId('ahead').innerText()).toContain('前面还有 0 人');

    // 叫号 at window 01: the booked number, on the bar and on the display (live, through the event stream).
    await clerk.getByTestId('call-next').click();
    await expect.poll(() => clerk.locator('.ant-statistic-content').first().innerText(), { timeout: 15_000 }).toBe(booked);
    await expect.poll(() => display.getByTestId('latest-call').innerText(), { timeout: 15_000 }).toBe(`请 ${booked} 号 到 01 号窗口`);

    // 完成: the tablet asks for the rating; the citizen taps 满意.
    await clerk.getByTestId('complete').click();
    await button(clerk, '完成并推送评价').click();
    await tablet.getByRole('heading', { name: '请对本次服务进行评价' }).waitFor();
    await button(tablet, '满意').click();
    await button(tablet, '提交评价').click();
    await tablet.getByText('感谢您的评价！').waitFor();
    await expect.poll(() => clerk.getByTestId('served').innerText(), { timeout: 15_000 }).toContain('满意');

    // Next: the walk-in.
    await clerk.getByTestId('call-next').click();
    await expect.poll(() => clerk.locator('.ant-statistic-content').first().innerText(), { timeout: 15_000 }).toBe(walkIn);
    await expect.poll(() => display.getByTestId('latest-call').innerText(), { timeout: 15_000 }).toBe(`请 ${walkIn} 号 到 01 号窗口`);
    const appointment = await platform.db!.selectFrom('appointments').select('status').where('code', '=', code).executeTakeFirstOrThrow();
    expect(appointment.status).toBe('checked_in');
  });
});
