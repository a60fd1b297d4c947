import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, startPlatform, type Platform } from './harness.js';

let platform: Platform;

beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(() => platform?.close());

/** antd puts a space between two CJK characters on buttons ("受 理"); match either way. */
const button = (page: Page, text: string) => page.getByRole('button', { name: new RegExp(`^\\s*${text.split('').join('\\s*')}\\s*$`) });

async function openCase(page: Page, number: string) {
  await page.getByTestId('case-row').filter({ hasText: number }).first().click();
  await expect.poll(() => page.getByTestId('case-number').first().textContent()).toContain(number);
}

async function confirmDialog(page: Page, fill?: { label: string; text: string }) {
  const dialog = page.getByRole('dialog');
  if (fill) await dialog.getByLabel(fill.label).fill(fill.text);
  await dialog.getByRole('button', { name: /确\s*定/ }).click();
  await dialog.waitFor({ state: 'hidden' });
}

describe('the first case through the browser, as the four roles', () => {
  it('applicant applies, clerk accepts, reviewer approves, clerk issues, the public sees it done', async () => {
    // 1. The citizen applies online.
    const citizen = await loginAs(platform, 'applicant1');
    await citizen.waitForURL('**/portal');
    await citizen.getByPlaceholder(/搜索事项/).fill('食品经营许可');
    await citizen.getByPlaceholder(/搜索事项/).press('Enter');
    await citizen.locator('.ant-card', { hasText: '食品经营许可（新办）' }).first().getByText('在线申请').click();
    await citizen.getByLabel('经营者名称').fill('梅河口市好味道餐饮店');
    await citizen.getByLabel('经营场所').fill('梅河口市新华大街 88 号');
    await citizen.getByLabel('主体业态').click();
    await citizen.locator('.ant-select-item-option', { hasText: '餐饮服务经营者' }).click();
    await citizen.getByLabel('经营项目').fill('热食类食品制售');
    await citizen.getByLabel('联系人').fill('张伟');
    await citizen.getByLabel('联系电话').fill('13843512345');
    await button(citizen, '提交申请').click();
    const number = (await citizen.getByTestId('case-number').textContent())!.trim();
    const code = (await citizen.getByTestId('query-code').textContent())!.trim();
    expect(number).toMatch(/^220581-\d{8}-\d{5}$/);
    expect(code).toMatch(/^[A-Z2-9]{8}$/);

    // 2. The window clerk accepts it from the pre-review queue.
    const clerk = await loginAs(platform, 'clerk1');
    await clerk.waitForURL('**/hall');
    await openCase(clerk, number);
    await button(clerk, '受理').click();
    await expect.poll(() => clerk.getByTestId('case-status').textContent()).toContain('已受理');
    await expect.poll(() => clerk.getByTestId('due-date').textContent()).toMatch(/\d{4}年/);

    // 3. The department reviewer claims it, reviews and approves.
    const reviewer = await loginAs(platform, 'reviewer1');
    await reviewer.waitForURL('**/review');
    await reviewer.getByRole('tab', { name: '待认领' }).click();
    await openCase(reviewer, number);
    await button(reviewer, '认领').click();
    await button(reviewer, '审查完成').click();
    await confirmDialog(reviewer, { label: '审查意见', text: '材料齐全，经营场所符合要求' });
    await button(reviewer, '准予').click();
    await confirmDialog(reviewer);
    await expect.poll(() => reviewer.getByTestId('case-status').textContent()).toContain('准予');

    // 4. The clerk issues the result at the unified issuance window.
    await clerk.goto('/hall');
    await clerk.getByRole('tab', { name: '待出件' }).click();
    await openCase(clerk, number);
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
