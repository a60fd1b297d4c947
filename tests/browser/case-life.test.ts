import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, startPlatform, type Platform } from './harness.js';

let platform: Platform;

beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(() => platform?.close());

const button = (page: Page, text: string) => page.getByRole('button', { name: new RegExp(`^\\s*${text.split('').join('\\s*')}\\s*$`) });

async function dialog(page: Page, fields: Record<string, string> = {}) {
  const modal = page.getByRole('dialog');
  for (const [label, text] of Object.entries(fields)) await modal.getByLabel(label).fill(text);
  await modal.getByRole('button', { name: /确\s*定/ }).click();
  await modal.waitFor({ state: 'hidden' });
}

const status = (page: Page) => page.getByTestId('case-status').first().textContent();

async function applyForFoodLicence(page: Page): Promise<string> {
  await page.goto('/portal');
  await page.getByPlaceholder(/搜索事项/).fill('食品经营许可');
  await page.getByPlaceholder(/搜索事项/).press('Enter');
  await page.locator('.ant-card', { hasText: '食品经营许可（新办）' }).first().getByText('在线申请').click();
  await page.getByLabel('经营者名称').fill('梅河口市老街面馆');
  await page.getByLabel('经营场所').fill('梅河口市老街 12 号');
  await page.getByLabel('主体业态').click();
  await page.locator('.ant-select-item-option', { hasText: '餐饮服务经营者' }).click();
  await page.getByLabel('经营项目').fill('热食类食品制售');
  await page.getByLabel('联系人').fill('李娜');
  await page.getByLabel('联系电话').fill('13943567890');
  await button(page, '提交申请').click();
  return (await page.getByTestId('case-number').textContent())!.trim();
}

async function open(page: Page, path: string, number: string, tab?: string) {
  await page.goto(path);
  if (tab) await page.getByRole('tab', { name: tab }).click();
  await page.getByTestId('case-row').filter({ hasText: number }).first().click();
  await expect.poll(() => page.getByTestId('case-number').first().textContent()).toContain(number);
}

describe('the life of a case, as people use it', () => {
  it('a correction round, a special procedure that stops the clock, and a postal delivery', async () => {
    const citizen = await loginAs(platform, 'applicant2');
    const number = await applyForFoodLicence(citizen);

    // The clerk tells the applicant once, in one notice, everything that is missing.
    const clerk = await loginAs(platform, 'clerk1');
    await open(clerk, '/hall', number);
    await button(clerk, '一次性告知补正').click();
    await dialog(clerk, { '需要补正的全部材料或内容（每行一项）': '营业执照副本复印件\n经营场所平面图' });
    await expect.poll(() => status(clerk)).toContain('待补正');

    // The applicant sees the list and resubmits.
    await open(citizen, '/portal/cases', number);
    await expect.poll(() => citizen.locator('body').innerText()).toContain('经营场所平面图');
    await button(citizen, '补正后重新提交').click();
    await dialog(citizen, { 补正说明: '已补齐营业执照副本和平面图' });
    await expect.poll(() => status(citizen)).toContain('待受理');

    await open(clerk, '/hall', number);
    await button(clerk, '受理').click();
    await expect.poll(() => status(clerk)).toContain('已受理');

    // The reviewer sends inspectors out: the clock stops (grey), then runs again.
    const reviewer = await loginAs(platform, 'reviewer1');
    await open(reviewer, '/review', number, '待认领');
    await button(reviewer, '认领').click();
    await button(reviewer, '中止计时').click();
    await dialog(reviewer, { 具体说明: '需现场核查经营场所' });
    await expect.poll(() => reviewer.getByTestId('case-light').textContent()).toContain('暂停计时');
    await button(reviewer, '恢复计时').click();
    await expect.poll(() => reviewer.locator('body').innerText()).toContain('恢复计时');
    await button(reviewer, '审查完成').click();
    await dialog(reviewer, { 审查意见: '现场核查合格' });
    await button(reviewer, '准予').click();
    await dialog(reviewer);
    await expect.poll(() => status(reviewer)).toContain('准予');

    // Issued by express post, with courier and tracking number.
    await open(clerk, '/hall', number, '待出件');
    await button(clerk, '出件办结').click();
    const modal = clerk.getByRole('dialog');
    await modal.getByText('快递送达').click();
    await modal.getByLabel('快递公司').fill('中国邮政EMS');
    await modal.getByLabel('运单号').fill('1187654321098');
    await modal.getByRole('button', { name: /确\s*定/ }).click();
    await modal.waitFor({ state: 'hidden' });
    await expect.poll(() => status(clerk)).toContain('已办结');
    await expect.poll(() => clerk.locator('body').innerText()).toContain('1187654321098');
  });

  it('a walk-in applicant is registered and accepted on the spot, with the notice printed', async () => {
    const clerk = await loginAs(platform, 'clerk1');
    await clerk.goto('/hall/walk-in');
    await clerk.getByLabel('姓名 / 单位名称').fill('赵六');
    await clerk.getByLabel('身份证号 / 统一社会信用代码').fill('11010519491231002X');
    await clerk.getByLabel('手机号').fill('13512345678');
    await clerk.getByLabel('办理事项').click();
    await clerk.getByLabel('办理事项').fill('食品经营许可（新办）');
    await clerk.locator('.ant-select-item-option', { hasText: '食品经营许可（新办）' }).first().click();
    await clerk.getByLabel('经营者名称').fill('赵六小吃');
    await clerk.getByLabel('经营场所').fill('梅河口市站前路 3 号');
    await clerk.getByLabel('主体业态').click();
    await clerk.locator('.ant-select-item-option', { hasText: '食品销售经营者' }).click();
    await clerk.getByLabel('经营项目').fill('预包装食品销售');
    await clerk.getByLabel('联系人').fill('赵六');
    await clerk.getByLabel('联系电话').fill('13512345678');
    await clerk.getByText('营业执照', { exact: true }).click();
    await button(clerk, '登记').click();
    await expect.poll(() => clerk.locator('body').innerText()).toContain('已当场受理');
    const href = await clerk.getByRole('link', { name: /打印受理通知书/ }).getAttribute('href');
    const pdf = await clerk.request.get(href!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
  });

  it('a refusal states its reasons', async () => {
    const citizen = await loginAs(platform, 'enterprise1');
    const number = await applyForFoodLicence(citizen);
    const clerk = await loginAs(platform, 'clerk1');
    await open(clerk, '/hall', number);
    await button(clerk, '不予受理').click();
    await dialog(clerk, { 不予受理理由: '申请事项依法不属于本机关职权范围' });
    await expect.poll(() => status(clerk)).toContain('不予受理');
    await open(citizen, '/portal/cases', number);
    await expect.poll(() => citizen.locator('body').innerText()).toContain('不属于本机关职权范围');
  });
});
