import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyForFoodLicence, button, DEMO_PASSWORD, verifyRequiredMaterials, confirmDialog, loginAs, MATERIAL_PDF, openCase, PHONE, startPlatform, tabTo, type Platform } from './harness.js';

let platform: Platform;

beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(() => platform?.close());

describe('the first case through the browser, as the four roles', () => {
  it('applicant applies, clerk accepts, reviewer approves, clerk issues, the public sees it done', async () => {
    // 1. The citizen applies online, from a phone.
    const citizen = await loginAs(platform, 'applicant1', { viewport: PHONE });
    await citizen.waitForURL('**/portal');
    const number = await applyForFoodLicence(citizen, { name: '张伟', phone: '13843512345', business: '梅河口市好味道餐饮店', premises: '梅河口市新华大街 88 号' });
    const code = (await citizen.getByTestId('query-code').textContent())!.trim();
    expect(number).toMatch(/^220581-\d{8}-\d{5}$/);
    expect(code).toMatch(/^[A-Z2-9]{8}$/);

    // 2. The window clerk accepts it from the pre-review queue.
    const clerk = await loginAs(platform, 'clerk1');
    await clerk.waitForURL('**/hall');
    await openCase(clerk, number);
    // Each listed material is checked before acceptance.
    await verifyRequiredMaterials(clerk);
    await button(clerk, '受理').click();
    await expect.poll(() => clerk.getByTestId('case-status').textContent()).toContain('已受理');
    await expect.poll(() => clerk.getByTestId('due-date').textContent()).toMatch(/\d{4}年/);
    // The ID number is masked until the clerk gives a reason for the audited full view.
    expect(await clerk.getByTestId('pd-identityNumber').textContent()).toContain('*');
    await clerk.getByRole('button', { name: '查看完整证件号码' }).click();
    const reasonDialog = clerk.getByRole('dialog');
    await reasonDialog.getByRole('button', { name: /查\s*看/ }).click();
    await reasonDialog.waitFor({ state: 'hidden' });
    await expect.poll(() => clerk.getByTestId('pd-identityNumber').textContent()).toMatch(/^\d{17}[\dX]$/);
    await clerk.getByRole('button', { name: /隐\s*藏/ }).click();
    expect(await clerk.getByTestId('pd-identityNumber').textContent()).toContain('*');

    // 3. The department reviewer claims it, reviews and approves.
    const reviewer = await loginAs(platform, 'reviewer1');
    await reviewer.waitForURL('**/review');
    await openCase(reviewer, number, { path: '/review', tab: '待认领' });
    await button(reviewer, '认领').click();
    await button(reviewer, '审查完成').click();
    await confirmDialog(reviewer, { 审查意见: '材料齐全，经营场所符合要求' });
    await button(reviewer, '准予').click();
    await confirmDialog(reviewer);
    await expect.poll(() => reviewer.getByTestId('case-status').textContent()).toContain('准予');

    // 4. The clerk issues the result at the unified issuance window.
    await openCase(clerk, number, { path: '/hall', tab: '待出件' });
    await button(clerk, '出件办结').click();
    await confirmDialog(clerk);
    await expect.poll(() => clerk.getByTestId('case-status').textContent()).toContain('已办结');

    // 5. Anyone with the number and the query code sees it completed, without logging in.
    const visitor = await platform.browser.newPage({ baseURL: platform.baseUrl });
    await visitor.goto(`/progress?number=${encodeURIComponent(number)}&code=${code}`);
    await expect.poll(() => visitor.getByTestId('progress-status').textContent()).toContain('已办结');
    const text = await visitor.locator('body').innerText();
    expect(text).toContain('受理');
    expect(text).not.toContain('张伟');
    expect(text).not.toContain('13843512345');

    // The citizen's own list shows it done too.
    await citizen.goto('/portal/cases');
    await expect.poll(() => citizen.getByTestId('case-row').filter({ hasText: number }).textContent()).toContain('已办结');
  });

  it('a keyboard-only user in 长辈模式 logs in, finds the item and submits an application', async () => {
    const context = await platform.browser.newContext({ baseURL: platform.baseUrl, locale: 'zh-CN' });
    const page = await context.newPage();
    const keys = page.keyboard;
    await page.goto('/login');
    // Large print from the login page on, and it stays on after logging in.
    await tabTo(page, page.getByTestId('large-print'));
    await keys.press('Enter');
    await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains('large-print'))).toBe(true);
    await tabTo(page, page.locator('#username'));
    await keys.type('applicant1');
    await keys.press('Tab');
    await keys.type(DEMO_PASSWORD);
    await keys.press('Enter');
    await page.waitForURL('**/portal');
    expect(await page.evaluate(() => document.documentElement.classList.contains('large-print'))).toBe(true);

    await tabTo(page, page.getByPlaceholder(/搜索事项/));
    await keys.type('食品经营许可');
    await keys.press('Enter');
    await tabTo(page, page.getByRole('link', { name: '在线申请：食品经营许可（新办）' }));
    await keys.press('Enter');
    await page.waitForURL('**/portal/apply/**');

    // Submitting an empty form: the focus goes to the first field to correct and the errors are read out.
    await tabTo(page, button(page, '提交申请'));
    await keys.press('Enter');
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.id ?? '')).toMatch(/operatorName/);
    await expect.poll(() => page.getByTestId('form-errors-live').textContent()).toContain('请检查');

    await keys.type('梅河口市键盘小吃店');
    await tabTo(page, page.getByLabel('经营场所'));
    await keys.type('梅河口市新华大街 9 号');
    await tabTo(page, page.getByLabel('主体业态'));
    await keys.press('Enter');
    const active = page.locator('.ant-select-item-option-active');
    for (let i = 0; i < 10 && !((await active.textContent().catch(() => '')) ?? '').includes('餐饮服务经营者'); i++) await keys.press('ArrowDown');
    await keys.press('Enter');
    await expect.poll(() => page.locator('.ant-form-item', { has: page.getByText('主体业态', { exact: true }) }).innerText()).toContain('餐饮服务经营者');
    await tabTo(page, page.getByLabel('经营项目'));
    await keys.type('热食类食品制售');
    await tabTo(page, page.getByLabel('联系人'));
    await keys.type('李键');
    await tabTo(page, page.getByLabel('联系电话'));
    await keys.type('13843519876');

    // Each required material through its own named button and the system file dialog.
    const rows = page.locator('[data-testid^="apply-material-"][data-required="true"]');
    for (const row of await rows.all()) {
      const name = (await row.locator('strong').first().textContent())!.trim();
      // Listening for the dialog before the keys: Playwright turns on its interception of file
      // dialogs asynchronously, and an Enter sent at once could beat it.
      const chooser = page.waitForEvent('filechooser');
      await tabTo(page, page.getByRole('button', { name: `上传：${name}` }));
      await keys.press('Enter');
      await (await chooser).setFiles(MATERIAL_PDF);
      await row.getByText('已上传：').waitFor();
      // The focus stays where the user was, so the next Tab goes on down the list.
      expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`上传：${name}`);
    }
    await tabTo(page, button(page, '提交申请'));
    await keys.press('Enter');
    await expect.poll(() => page.getByTestId('case-number').textContent()).toMatch(/^220581-\d{8}-\d{5}$/);
    await context.close();
  });

  it('a wrong query code finds nothing', async () => {
    const visitor = await platform.browser.newPage({ baseURL: platform.baseUrl });
    await visitor.goto('/progress?number=220581-20260101-00001&code=AAAAAAAA');
    await expect.poll(() => visitor.getByText('未查询到办件').count()).toBe(1);
  });

  it('role pages send a visitor to the login page', async () => {
    const visitor = await platform.browser.newPage({ baseURL: platform.baseUrl });
    await visitor.goto('/hall');
    await visitor.waitForURL('**/login?next=%2Fhall');
    await visitor.locator('#username').waitFor();
  });
});
