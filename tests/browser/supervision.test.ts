import type { APIRequestContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentCalendar } from '../../server/src/modules/calendar/service.js';
import { chinaDate } from '../../server/src/util/china-time.js';
import { acceptViaApi, applyViaApi, button, completedFoodLicence, confirmDialog, loginAs, postOk, sharedApi, startPlatform, type Platform } from './harness.js';

/**
 * 电子监察 as a supervisor's day goes: the tiles and lights, the overdue list, a case's timeline,
 * 督办 and the department's reply, the period's statistics, the monthly circular, and the hall's
 * big screen following a new application live.
 */

const DEPARTMENT = '市场监督管理局';
let platform: Platform;
let citizen: APIRequestContext;
let clerk: APIRequestContext;
let reviewer: APIRequestContext;
let itemId: number;
let supervisor: Page;
const today = chinaDate();
/** The overdue case: accepted eight working days ago with a five-day promise. */
let overdue: { id: string; number: string; accepted: string };

const formData = { operatorName: '监察测试食品店', premises: '梅河口市建设街 8 号', businessType: '餐饮服务经营者', scope: '热食类食品制售', contactName: '张伟', contactPhone: '13843512345' };
async function apply(): Promise<{ id: string; number: string }> {
  return applyViaApi(citizen, itemId, formData);
}
async function applyAndAccept() {
  const created = await apply();
  await acceptViaApi(clerk, created.id);
  return created;
}
const cells = async (row: ReturnType<Page['getByTestId']>) => (await row.locator('td').allInnerTexts()).map((t) => t.trim());

beforeAll(async () => {
  platform = await startPlatform();
  [citizen, clerk, reviewer] = await Promise.all([sharedApi(platform, 'applicant1'), sharedApi(platform, 'clerk1'), sharedApi(platform, 'reviewer1')]);
  const { items } = (await (await citizen.get(`/api/catalog/items?q=${encodeURIComponent('食品经营许可')}`)).json()) as { items: { id: number; name: string }[] };
  itemId = items.find((i) => i.name === '食品经营许可（新办）')!.id;

  // Six cases of 市场监督管理局, one of each kind the seat shows. Time moves by data, not by waiting.
  const db = platform.db!;
  const calendar = await currentCalendar(db);
  const a = await applyAndAccept();
  let accepted = today;
  for (let i = 0; i < 8; i++) accepted = calendar.previousWorkday(accepted);
  const due = calendar.addWorkdays(accepted, 5).due;
  await db
    .updateTable('cases')
    .set({ submitted_at: new Date(`${accepted}T09:00:00+08:00`), accepted_at: new Date(`${accepted}T09:30:00+08:00`), base_due_date: due, due_date: due, warn_date: calendar.previousWorkday(due) })
    .where('id', '=', a.id)
    .execute();
  // Days already rolled up would not see the back-dated case; let them be rolled again.
  await db.deleteFrom('stats_rolled_days').where('day', '>=', accepted).execute();
  overdue = { ...a, accepted };
  const yellow = await applyAndAccept();
  await db.updateTable('cases').set({ due_date: calendar.addWorkdays(today, 1).due, warn_date: today }).where('id', '=', yellow.id).execute();
  await applyAndAccept(); // green
  const stopped = await applyAndAccept();
  await postOk(reviewer, `/api/cases/${stopped.id}/claim`);
  await postOk(reviewer, `/api/cases/${stopped.id}/stop-clock`, { kind: 'expert_review', reason: '组织专家评审经营场所', expectedWorkdays: 10 });
  await completedFoodLicence(platform, 'applicant1', '按时办结小厨');
  const refused = await apply();
  await postOk(clerk, `/api/cases/${refused.id}/refuse`, { reason: '经营场所不在本辖区' });

  supervisor = await loginAs(platform, 'supervisor');
});
afterAll(() => platform?.close());

describe('the supervisor’s seat and the hall’s big screen', () => {
  it('a supervisor’s day: tiles, lights, the overdue list, 督办 and its reply, statistics, the circular', async () => {
    const started = Date.now();
    const page = supervisor;
    await page.waitForURL('**/supervise');
    // 概览: four running (one of each light), five received today (the overdue one came earlier).
    const tile = (id: string) => page.getByTestId(`tile-${id}`).locator('.ant-statistic-content-value');
    await expect.poll(() => tile('open').innerText()).toBe('4');
    expect(await Promise.all(['green', 'yellow', 'red', 'grey', 'received', 'accepted', 'completed', 'overdue'].map((id) => tile(id).innerText()))).toEqual(['1', '1', '1', '1', '5', '4', '1', '1']);

    // 好差评 and 差评整改 sit in the seat too: the rectification tile opens its tab.
    await page.getByTestId('tile-rectifications').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('tab')).toBe('rectifications');
    await page.getByRole('tab', { name: '好差评' }).click();
    await page.getByText('满意率排名').first().waitFor();

    // 红黄绿灯: the department's row; a click narrows the overdue list to it.
    await page.getByRole('tab', { name: '红黄绿灯' }).click();
    const light = page.getByTestId('light-row').filter({ hasText: DEPARTMENT });
    await light.waitFor();
    expect((await cells(light)).slice(1, 6)).toEqual(['1', '1', '1', '1', '4']);
    await page.getByTestId('lights-chart').locator('canvas').first().waitFor();
    await light.locator('td').first().click();
    await expect.poll(() => new URL(page.url()).searchParams.get('tab')).toBe('overdue');
    expect(await page.getByTestId('list-filter').innerText()).toContain(DEPARTMENT);
    const row = page.getByTestId('case-row').filter({ hasText: overdue.number });
    const over = -(await currentCalendar(platform.db!)).workdaysRemaining(today, (await platform.db!.selectFrom('cases').select('due_date').where('id', '=', overdue.id).executeTakeFirstOrThrow()).due_date!);
    expect(await row.getByTestId('days-over').innerText()).toBe(`超期 ${over} 个工作日`);
    expect(await row.innerText()).toContain('张*');
    expect(await row.innerText()).not.toContain('张伟');
    // The tab is in the address: a reload shows the same list.
    await page.reload();
    await row.waitFor();

    // 督办 from the list, then the case's timeline shows it.
    await button(row, '督办').click();
    await confirmDialog(page, { 督办事项: '该件已超期，请说明原因并于 2 个工作日内办结', '回复期限（工作日）': '2' });
    await row.click();
    await page.getByTestId('case-number').filter({ hasText: overdue.number }).waitFor();
    await page.getByText('该件已超期，请说明原因并于 2 个工作日内办结').waitFor();
    expect(await page.locator('.ant-timeline').innerText()).toMatch(/督办[\s\S]*回复期限：\d{4}-\d{2}-\d{2}/);

    // 督办 on the department from the lights table too.
    await page.goto('/supervise?tab=lights');
    await button(page.getByTestId('light-row').filter({ hasText: DEPARTMENT }), '督办').click();
    await confirmDialog(page, { 督办事项: '本月超期件较多，请梳理审批环节并报送整改措施' });

    // The department answers the case's 督办 (through the API); the 督办 list shows both.
    const { directives } = (await (await reviewer.get('/api/directives')).json()) as { directives: { id: number; caseNumber: string | null }[] };
    const onCase = directives.find((d) => d.caseNumber === overdue.number)!;
    await postOk(reviewer, `/api/directives/${onCase.id}/reply`, { reply: '已现场核实，明日办结' });
    await page.getByRole('tab', { name: /督办/ }).click();
    const listed = page.getByTestId('directive-row');
    await expect.poll(() => listed.count()).toBe(2);
    const replied = listed.filter({ hasText: overdue.number });
    await expect.poll(() => replied.getByTestId('directive-state').innerText()).toBe('已回复');
    expect(await replied.innerText()).toContain('已现场核实，明日办结');
    expect(await listed.filter({ hasText: '（部门）' }).getByTestId('directive-state').innerText()).toBe('待回复');

    // 统计 over the overdue case's acceptance day to today: the six cases, counted where they happened.
    await page.goto(`/supervise?tab=stats&from=${overdue.accepted}&to=${today}&dim=department`);
    const stats = page.getByTestId('stats-row').filter({ hasText: DEPARTMENT });
    await stats.waitFor();
    // 收件 受理 不予受理 办结 办结率 按时 提前 … 超期办结 在办超期 中止 延期
    const s = await cells(stats);
    expect([s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[9], s[10], s[11], s[12]]).toEqual(['6', '5', '1', '1', '20.0%', '100.0%', '100.0%', '0', '1', '1', '0']);
    expect((await cells(page.getByTestId('stats-total'))).slice(0, 5)).toEqual(['合计', '6', '5', '1', '1']);
    await page.getByTestId('trend-chart').locator('canvas').first().waitFor();

    // 月度通报: the department is named (a red case), and both files are what they say they are.
    await page.getByRole('tab', { name: '月度通报' }).click();
    const flagged = page.getByTestId('circular-row').filter({ hasText: DEPARTMENT.replace(/^梅河口市/, '') });
    expect(await flagged.getAttribute('data-flagged')).toBe('true');
    expect(await page.getByTestId('circular-flagged').innerText()).toContain(DEPARTMENT);
    for (const [id, magic] of [['download-xlsx', 'PK\u0003\u0004'], ['download-pdf', '%PDF-']] as const) {
      const href = await page.getByTestId(id).getAttribute('href');
      const file = await page.request.get(href!);
      expect(file.status()).toBe(200);
      expect((await file.body()).subarray(0, magic.length).toString('latin1')).toBe(magic);
    }
    console.log(`supervisor's day: ${Date.now() - started} ms`);
  });

  it('the big screen shows today’s intake and follows a new application live', async () => {
    // The seat lists the centres with their screen; the screen itself needs no login.
    await supervisor.goto('/supervise');
    const link = supervisor.getByTestId('centre-row').first().getByRole('link', { name: /打开大屏/ });
    const path = (await link.getAttribute('href'))!;
    expect(path).toMatch(/^\/screen\/\d+$/);
    const hall = await (await platform.browser.newContext({ baseURL: platform.baseUrl, locale: 'zh-CN', viewport: { width: 1920, height: 1080 } })).newPage();
    await hall.goto(path);
    await hall.locator('[data-testid="screen-live"][data-state="live"]').waitFor();
    const received = hall.getByTestId('screen-received');
    await expect.poll(() => received.innerText()).toMatch(/^\d+/);
    const before = parseInt(await received.innerText(), 10);
    expect(await hall.getByTestId('screen-clock').innerText()).toMatch(/\d{2}:\d{2}:\d{2}/);
    await hall.getByTestId('screen-trend').locator('canvas').first().waitFor();
    expect(await hall.locator('body').innerText()).not.toContain('张伟');

    const submitted = Date.now();
    await apply();
    await hall.waitForFunction((n) => parseInt(document.querySelector('[data-testid="screen-received"]')?.textContent ?? '', 10) === n, before + 1, { timeout: 2000, polling: 20 });
    const latency = Date.now() - submitted;
    console.log(`big screen: intake ${before} → ${before + 1} shown ${latency} ms after the application was submitted`);
    expect(latency).toBeLessThan(2000);
    await hall.context().close();

    // With the stream cut, the screen says so and still shows the figures (the minute's poll); it
    // comes back live by itself once the stream answers again.
    const cut = await (await platform.browser.newContext({ baseURL: platform.baseUrl, locale: 'zh-CN' })).newPage();
    await cut.route('**/events', (route) => route.abort());
    await cut.goto(path);
    await cut.locator('[data-testid="screen-live"][data-state="reconnecting"]').waitFor();
    expect(await cut.getByTestId('screen-live').innerText()).toContain('重连中');
    await expect.poll(() => cut.getByTestId('screen-received').innerText()).toMatch(new RegExp(`^${before + 1}`));
    await cut.unroute('**/events');
    await cut.locator('[data-testid="screen-live"][data-state="live"]').waitFor({ timeout: 10_000 });
    await cut.context().close();
  });
});
