import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyForFoodLicence, button, confirmDialog, loginAs, MATERIAL_PDF, openCase, registerWalkIn, startPlatform, verifyRequiredMaterials, type Platform } from './harness.js';

let platform: Platform;

beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(() => platform?.close());

const status = (page: Page) => page.getByTestId('case-status').first().textContent();
const licence = { name: '李娜', phone: '13943567890', business: '梅河口市老街面馆', premises: '梅河口市老街 12 号' };

describe('the life of a case, as people use it', () => {
  it('a correction round, a special procedure that stops the clock, and a postal delivery', { timeout: 300_000 }, async () => {
    const citizen = await loginAs(platform, 'applicant2');
    const number = await applyForFoodLicence(citizen, licence);

    // The clerk checks the list: the application form is not signed. Acceptance must wait.
    const clerk = await loginAs(platform, 'clerk1');
    await openCase(clerk, number, { path: '/hall' });
    await clerk.getByTestId('checklist-M01').getByRole('button', { name: /不合格/ }).click();
    await confirmDialog(clerk, { 不合格原因: '申请书未签字' });
    await expect.poll(() => clerk.getByTestId('checklist-M01').innerText()).toContain('不合格：申请书未签字');
    await button(clerk, '受理').click();
    await expect.poll(() => clerk.locator('body').innerText()).toContain('尚未核验通过，不能受理');

    // The clerk tells the applicant once, in one notice, everything to correct: the unsigned form
    // (already ticked) and one point more.
    await button(clerk, '一次性告知补正').click();
    await confirmDialog(clerk, { '其他需要补正的内容（每行一项）': '经营场所平面图' });
    await expect.poll(() => status(clerk)).toContain('待补正');

    // The applicant sees every point; a new file answers the first, words the second.
    await openCase(citizen, number, { path: '/portal/cases' });
    await expect.poll(() => citizen.getByTestId('correction-points').innerText()).toContain('经营场所平面图');
    expect(await citizen.getByTestId('correction-points').innerText()).toContain('申请书未签字');
    await citizen.getByTestId('checklist-M01').locator('input[type=file]').setInputFiles(MATERIAL_PDF);
    await expect.poll(() => citizen.getByTestId('checklist-M01').innerText()).toContain('已上传 2 个文件');
    await button(citizen, '补正后重新提交').click();
    await confirmDialog(citizen, { '2. 经营场所平面图': '平面图已随申请书一并重新提交' });
    await expect.poll(() => status(citizen)).toContain('待受理');

    await openCase(clerk, number, { path: '/hall' });
    await verifyRequiredMaterials(clerk);
    await button(clerk, '受理').click();
    await expect.poll(() => status(clerk)).toContain('已受理');

    // The reviewer calls in an expert panel (专家评审, art. 45): the clock stops (grey), the
    // applicant is told in writing how long, then it runs again. (现场核查 would run on the clock.)
    const reviewer = await loginAs(platform, 'reviewer1');
    await openCase(reviewer, number, { path: '/review', tab: '待认领' });
    await button(reviewer, '认领').click();
    await button(reviewer, '中止计时').click();
    await confirmDialog(reviewer, { 预计所需工作日: '10', 具体说明: '组织专家评审经营场所布局' });
    await expect.poll(() => reviewer.getByTestId('case-light').textContent()).toContain('暂停计时');
    await expect.poll(() => reviewer.getByTestId('clock-stop').first().innerText()).toContain('专家评审');
    await expect.poll(() => reviewer.getByTestId('notice-special_procedure').innerText()).toContain('特别程序告知书');
    await button(reviewer, '恢复计时').click();
    await expect.poll(() => reviewer.locator('body').innerText()).toContain('恢复计时');
    await button(reviewer, '审查完成').click();
    await confirmDialog(reviewer, { 审查意见: '现场核查合格' });
    await button(reviewer, '准予').click();
    await confirmDialog(reviewer);
    await expect.poll(() => status(reviewer)).toContain('准予');

    // Issued by express post, with courier and tracking number, within the ten working days of
    // art. 44 (the issuance desk shows that clock); the applicant left no address, so the window
    // takes it down. A 送达回证 is produced.
    await openCase(clerk, number, { path: '/hall', tab: '待出件' });
    await expect.poll(() => clerk.getByTestId('delivery-light').innerText()).toContain('送达期限正常');
    await button(clerk, '出件办结').click();
    const modal = clerk.getByRole('dialog');
    await modal.getByText('快递送达').click();
    await modal.getByLabel('快递公司').fill('中国邮政EMS');
    await modal.getByLabel('运单号').fill('1187654321098');
    await modal.getByLabel('收件人手机').fill('13800138000');
    await modal.getByLabel('收件地址').fill('梅河口市新华大街 88 号');
    await modal.getByRole('button', { name: /确\s*定/ }).click();
    await modal.waitFor({ state: 'hidden' });
    await expect.poll(() => status(clerk)).toContain('已办结');
    await expect.poll(() => clerk.locator('body').innerText()).toContain('1187654321098');
    await expect.poll(() => clerk.getByTestId('notice-delivery').innerText()).toContain('送达回证');
  });

  it('a walk-in applicant is registered and accepted on the spot, with the notice printed', async () => {
    const clerk = await loginAs(platform, 'clerk1');
    await registerWalkIn(clerk, { name: '赵六', idNumber: '11010519491231002X', phone: '13512345678', business: '赵六小吃', premises: '梅河口市站前路 3 号' });
    await expect.poll(() => clerk.locator('body').innerText()).toContain('已当场受理');
    const href = await clerk.getByRole('link', { name: /打印受理通知书/ }).getAttribute('href');
    const pdf = await clerk.request.get(href!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
  });

  it('a refusal states its reasons', async () => {
    const citizen = await loginAs(platform, 'enterprise1');
    const number = await applyForFoodLicence(citizen, licence);
    const clerk = await loginAs(platform, 'clerk1');
    await openCase(clerk, number, { path: '/hall' });
    await button(clerk, '不予受理').click();
    await confirmDialog(clerk, { 不予受理理由: '申请事项依法不属于本机关职权范围' });
    await expect.poll(() => status(clerk)).toContain('不予受理');
    await openCase(citizen, number, { path: '/portal/cases' });
    await expect.poll(() => citizen.locator('body').innerText()).toContain('不属于本机关职权范围');
  });
});
