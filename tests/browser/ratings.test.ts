import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { button, completedFoodLicence, confirmDialog, loginAs, postOk, registerWalkIn, sharedApi, startPlatform, type Platform } from './harness.js';

/** 好差评 as people use it: the window tablet, online, a 差评 rectified and called back, the public ranking. */

let platform: Platform;
let windowId: number;
let kioskPath: string;
let kioskKey: string;

beforeAll(async () => {
  platform = await startPlatform();
  // The administrator issues the tablet at clerk1's window its address (the admin page's 窗口评价器 card).
  const admin = await sharedApi(platform, 'admin');
  const { windows } = (await (await admin.get('/api/admin/windows')).json()) as { windows: { id: number; number: string }[] };
  const clerkWindow = await platform.db!.selectFrom('users').select('window_id').where('username', '=', 'clerk1').executeTakeFirstOrThrow();
  windowId = windows.find((w) => w.id === clerkWindow.window_id)!.id;
  const { url } = await postOk<{ url: string }>(admin, `/api/admin/windows/${windowId}/kiosk-key`);
  kioskPath = new URL(url).pathname + new URL(url).search;
  kioskKey = new URL(url).searchParams.get('key')!;
});
afterAll(() => platform?.close());

/** Taps the n-th star (1–5) of an antd Rate inside the element with this test id. */
const tapStar = (page: Page, testId: string, stars: number) => page.getByTestId(testId).getByRole('radio').nth(stars - 1).click();
/** One signed-in page per account for the whole file: each login costs a password hash. */
const pages = new Map<string, Promise<Page>>();
const signedIn = (username: string) => {
  if (!pages.has(username)) pages.set(username, loginAs(platform, username));
  return pages.get(username)!;
};
const rowOf = (page: Page, text: string) => page.getByTestId('rectification-row').filter({ hasText: text });

describe('好差评 through the browser', () => {
  it('a citizen rates at the window tablet; the screen resets and the service cannot be rated twice', async () => {
    // The tablet: no login, only its address with the window's key.
    const tablet = await (await platform.browser.newContext({ baseURL: platform.baseUrl, locale: 'zh-CN' })).newPage();
    await tablet.goto(kioskPath);
    await tablet.getByText('欢迎来到梅河口市政务服务中心').waitFor();

    // The clerk serves a walk-in applicant and pushes the service to the tablet.
    const clerk = await signedIn('clerk1');
    await registerWalkIn(clerk, { name: '孙七', idNumber: '11010519491231002X', phone: '13512340000', business: '孙七便利店', premises: '梅河口市银河大街 5 号' });
    await expect.poll(() => clerk.locator('body').innerText()).toContain('已当场受理');
    const caseNumber = (await clerk.locator('.ant-result-subtitle').textContent())!.replace('申请编号', '').trim();
    await button(clerk, '推送评价').click();
    await clerk.getByText('已推送到窗口评价器').waitFor();

    // The tablet shows it (it polls every 2 s); the citizen taps 满意 and the indicators.
    await tablet.getByRole('heading', { name: '请对本次服务进行评价' }).waitFor();
    expect(await tablet.getByTestId('kiosk').innerText()).toContain('王芳');
    const { service } = (await (await tablet.request.get(`/api/kiosk/windows/${windowId}/current?key=${kioskKey}`)).json()) as { service: { serviceId: string } };
    await button(tablet, '满意').click();
    await tapStar(tablet, 'indicator-efficiency', 4);
    await tapStar(tablet, 'indicator-serviceLevel', 5);
    await tapStar(tablet, 'indicator-attitude', 5);
    await button(tablet, '提交评价').click();
    await tablet.getByText('感谢您的评价！').waitFor();
    // … and the screen resets for the next person.
    await tablet.getByText('欢迎来到梅河口市政务服务中心').waitFor({ timeout: 8000 });

    // The same service again, straight at the API, as a replaying tablet would: refused, nothing written.
    const again = await tablet.request.post(`/api/kiosk/windows/${windowId}/ratings`, { data: { key: kioskKey, serviceId: service.serviceId, level: 1 } });
    expect(again.status()).toBe(409);
    expect((await again.json()).error.code).toBe('CONFLICT');
    const forged = await tablet.request.post(`/api/kiosk/windows/${windowId}/ratings`, { data: { key: 'x'.repeat(32), serviceId: service.serviceId, level: 1 } });
    expect(forged.status()).toBe(404);

    // The rating is tied to the case, item, department, window and clerk.
    const admin = await sharedApi(platform, 'admin');
    const { ratings } = (await (await admin.get('/api/ratings/export')).json()) as { ratings: Record<string, unknown>[] };
    expect(ratings).toHaveLength(1);
    expect(ratings[0]).toMatchObject({
      channel: 'window',
      level: 4,
      levelName: '满意',
      bad: false,
      indicators: { efficiency: 4, serviceLevel: 5, attitude: 5 },
      caseNumber,
      itemName: '食品经营许可（新办）',
      departmentName: expect.stringContaining('市场监督管理局'),
      windowNumber: expect.any(String),
      staffId: expect.any(Number),
    });
  });

  it('a citizen rates a completed case online, once', async () => {
    const done = await completedFoodLicence(platform, 'applicant1', '张伟小厨');
    const citizen = await signedIn('applicant1');
    await citizen.goto(`/portal/cases/${done.id}`);
    await citizen.getByTestId('rate-case').waitFor();
    await tapStar(citizen, 'level', 5);
    await tapStar(citizen, 'indicator-efficiency', 5);
    await tapStar(citizen, 'indicator-guideAccuracy', 4);
    await citizen.getByLabel('意见建议').fill('网上申请很方便，一次没跑');
    await button(citizen, '提交评价').click();
    await citizen.getByTestId('rated').waitFor();
    await citizen.reload();
    await citizen.getByTestId('case-number').waitFor();
    expect(await citizen.getByTestId('rate-case').count()).toBe(0);
    const again = await citizen.request.post(`/api/cases/${done.id}/rating`, { data: { level: 1 } });
    expect((await again.json()).error.code).toBe('CONFLICT');
  });

  it('a 差评 goes through rectification, an appeal, the callback and the citizen’s rating of the fix; overdue shows red', async () => {
    const done = await completedFoodLicence(platform, 'applicant2', '李娜面馆');
    const citizen = await signedIn('applicant2');
    await citizen.goto(`/portal/cases/${done.id}`);
    await tapStar(citizen, 'level', 1);
    await citizen.getByLabel('意见建议').fill('窗口要求重复提交营业执照');
    await button(citizen, '提交评价').click();
    await citizen.getByText('相关部门将在规定期限内整改并回访').waitFor();

    // The department sees it, starts, and appeals it as a mistaken rating.
    const department = await signedIn('reviewer1');
    await department.goto('/review');
    await department.getByRole('tab', { name: '差评整改' }).click();
    const row = rowOf(department, done.number);
    await row.getByText('待整改').waitFor();
    await button(row, '开始整改').click();
    await row.getByText('整改中').waitFor();
    await button(row, '申诉无效评价').click();
    await confirmDialog(department, { '申诉理由（恶意或误评的依据）': '营业执照为申请人自行重复上传，系误评' });
    await row.getByText('申诉待审核').waitFor();

    // The supervisor rejects the appeal: the department must rectify.
    const supervisor = await signedIn('supervisor');
    await supervisor.goto('/supervise/rectifications');
    const seen = rowOf(supervisor, done.number);
    await seen.getByText('申诉：恶意或误评').waitFor();
    await button(seen, '驳回申诉').click();
    await confirmDialog(supervisor, { 审核意见: '系统确实提示重复上传，应整改' });
    await seen.getByText('整改中').waitFor();

    // The department rectifies and calls the citizen back.
    await department.reload();
    await department.getByRole('tab', { name: '差评整改' }).click();
    await button(row, '整改完成').click();
    await confirmDialog(department, { 整改措施: '已优化材料复用，营业执照从证照库自动调取' });
    await row.getByText('待回访').waitFor();
    await button(row, '回访').click();
    await confirmDialog(department, { 回访记录: '电话回访李娜，已知晓整改措施' });
    await row.getByText('已回访').waitFor();

    // The citizen rates the fix from 我的评价.
    await citizen.goto('/portal/ratings');
    const mine = rowOf(citizen, done.number);
    await button(mine, '评价整改结果').click();
    // The fourth star (满意); clicked again until it holds, as the dialog may still be opening on a busy machine.
    const star = citizen.getByRole('dialog').getByRole('radio').nth(3);
    await expect.poll(async () => {
      if ((await star.getAttribute('aria-checked')) !== 'true') await star.click();
      return star.getAttribute('aria-checked');
    }).toBe('true');
    await citizen.getByRole('dialog').getByRole('button', { name: /确\s*定/ }).click();
    await mine.getByText('群众对整改：满意').waitFor();
    expect(await mine.getByRole('button').count()).toBe(0);

    // The supervisor's page shows it done; a 差评 past its deadline shows red.
    const kiosk = await sharedApi(platform, 'clerk1');
    await postOk(kiosk, '/api/hall/window-service');
    const { service } = (await (await kiosk.get(`/api/kiosk/windows/${windowId}/current?key=${kioskKey}`)).json()) as { service: { serviceId: string } };
    await postOk(kiosk, `/api/kiosk/windows/${windowId}/ratings`, { key: kioskKey, serviceId: service.serviceId, level: 2, comment: '排队时间太长' });
    await platform.db!.updateTable('rectifications').set({ due_date: '2026-01-05' }).where('status', '=', 'pending').execute();
    await supervisor.reload();
    await rowOf(supervisor, done.number).getByText('已整改').waitFor();
    expect(await rowOf(supervisor, done.number).innerText()).toContain('已回访');
    const late = rowOf(supervisor, '排队时间太长');
    await late.getByText('整改超期').waitFor();
    expect(await late.getAttribute('data-overdue')).toBe('true');
    expect(await late.evaluate((el) => getComputedStyle(el).borderLeftColor)).toBe('rgb(207, 19, 34)');
    // Without a case, the centre answers for its window: the administrator sees it to act on.
    const admin = await signedIn('admin');
    await admin.goto('/admin/rectifications');
    await button(rowOf(admin, '排队时间太长'), '开始整改').waitFor();
  });

  it('the public ranking page shows the numbers behind the ratings', async () => {
    // So far: 市场监督管理局 has 满意 (window), 非常满意 and 非常不满意 (online); clerk1's window has
    // 满意 and 不满意 (the service without a case).
    const visitor = await platform.browser.newPage({ baseURL: platform.baseUrl, locale: 'zh-CN' });
    await visitor.goto('/ratings');
    await visitor.getByText('全部', { exact: true }).click();
    const department = visitor.getByTestId('ranking-row').filter({ hasText: '市场监督管理局' });
    await department.waitFor();
    const cells = async (row: typeof department) => (await row.locator('td').allInnerTexts()).map((t) => t.trim());
    expect(await cells(department)).toEqual(['1', expect.stringContaining('市场监督管理局'), '3', '2', '1', '66.7%', '33.3%', '3.33']);

    await visitor.getByText('窗口（文明窗口）').click();
    const window = visitor.getByTestId('ranking-row').filter({ hasText: '01 综合受理窗口 1' });
    await window.first().waitFor();
    expect(await cells(window.first())).toEqual(['1', expect.any(String), '2', '1', '1', '50.0%', '50.0%', '3']);
    // With at least 5 ratings required, nobody is ranked yet.
    await visitor.getByText('≥5 条').click();
    await visitor.getByText('本月暂无足够的评价').waitFor();
  });
});
