import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptViaApi, uploadRequiredMaterials, applyForFoodLicence, button, DEMO_PASSWORD, loginAs, sharedApi, startPlatform, type Platform } from './harness.js';

let platform: Platform;

beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(() => platform?.close());

/** From the login page through the identity provider's page and back, signed in. */
async function throughProvider(login: string, kind: '个人' | '法人'): Promise<Page> {
  const context = await platform.browser.newContext({ baseURL: platform.baseUrl, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByRole('link', { name: new RegExp(`统一身份认证登录 · ${kind}`) }).click();
  await page.getByLabel('账号').fill(login);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录并授权' }).click();
  await page.waitForURL('**/portal');
  return page;
}

describe('统一身份认证, fees and enterprise 经办人 through the browser', () => {
  it('a citizen signs in through the identity provider, pays the fee online and follows the case', async () => {
    const citizen = await throughProvider('wangxiuying', '个人');
    await expect.poll(() => citizen.getByTestId('user-menu').getAttribute('aria-label')).toBe('王秀英：账户菜单');

    await citizen.getByPlaceholder(/搜索事项/).fill('居民身份证换领');
    await citizen.getByPlaceholder(/搜索事项/).press('Enter');
    await citizen.locator('.ant-card', { hasText: '居民身份证换领' }).first().getByText('在线申请').click();
    await uploadRequiredMaterials(citizen);
    await button(citizen, '提交申请').click();
    await citizen.getByTestId('case-number').waitFor();
    await button(citizen, '查看办件').click();
    await citizen.waitForURL('**/portal/cases/**');
    const caseId = citizen.url().split('/').pop()!;

    // The window accepts it: the 缴款通知书 follows from the item's fee rules.
    await acceptViaApi(await sharedApi(platform, 'clerk1'), caseId);
    await citizen.reload();
    await expect.poll(() => citizen.getByTestId('fee-amount').textContent()).toBe('¥20.00');
    await citizen.getByRole('button', { name: /在线缴费/ }).click();
    await citizen.waitForURL('**/pay/simulator/**');
    await citizen.getByRole('button', { name: /确认支付 ¥20\.00/ }).click();
    await citizen.getByText('支付成功').waitFor();
    await button(citizen, '返回我的办件').click();
    await citizen.waitForURL(`**/portal/cases/${caseId}`);
    await expect.poll(() => citizen.getByTestId('case-fee').textContent()).toContain('已缴费');
    expect(await citizen.locator('body').innerText()).toContain('已缴费');
  });

  it('an enterprise 经办人 applies, and the 法定代表人 removes them: their next request is refused', async () => {
    const handler = await throughProvider('xinda_liu', '法人');
    await expect.poll(() => handler.getByTestId('user-menu').textContent()).toContain('经办人 刘晓燕');
    const number = await applyForFoodLicence(handler, { name: '刘晓燕', phone: '13504352468', business: '梅河口市鑫达食品有限公司', premises: '梅河口市和平路 18 号' });
    expect(number).toMatch(/^220581-/);
    await button(handler, '查看办件').click();
    await handler.waitForURL('**/portal/cases/**');
    // The case names its 经办人, and the enterprise sees its own credit code in full.
    await expect.poll(() => handler.locator('body').innerText()).toContain('91220581MA0Y3K2L8');
    expect(await handler.locator('body').innerText()).toContain('刘晓燕');

    const rep = await loginAs(platform, 'enterprise1');
    await rep.goto('/portal/enterprise');
    const row = rep.locator('tr', { hasText: '刘晓燕' });
    await button(row, '移除').click();
    await rep.locator('.ant-popconfirm').getByRole('button', { name: /移\s*除/ }).click();
    await rep.getByText('已移除经办人 刘晓燕').waitFor();
    await expect.poll(() => rep.locator('tr', { hasText: '刘晓燕' }).count()).toBe(1); // only the "已移除" table row is left

    await handler.goto('/portal/cases');
    await handler.waitForURL('**/login**');
  });
});
