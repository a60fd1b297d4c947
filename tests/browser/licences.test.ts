import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptViaApi, uploadRequiredMaterials, button, loginAs, postOk, sharedApi, startPlatform, type Platform } from './harness.js';

let platform: Platform;

beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(() => platform?.close());

describe('electronic licences through the browser', () => {
  it('food licence issued → wallet → QR verification page → second application with the licence attached', async () => {
    // 1. The enterprise applies for a food business licence; its 营业执照 stands in for the paper copy.
    const enterprise = await loginAs(platform, 'enterprise1');
    await enterprise.goto('/portal');
    await enterprise.getByPlaceholder(/搜索事项/).fill('食品经营许可');
    await enterprise.getByPlaceholder(/搜索事项/).press('Enter');
    await enterprise.locator('.ant-card', { hasText: '食品经营许可（新办）' }).first().getByText('在线申请').click();
    await enterprise.getByLabel('经营者名称').fill('梅河口市鑫达食品有限公司');
    await enterprise.getByLabel('经营场所').fill('吉林省梅河口市福民街道 88 号');
    await enterprise.getByLabel('主体业态').click();
    await enterprise.locator('.ant-select-item-option', { hasText: '食品销售经营者' }).click();
    await enterprise.getByLabel('经营项目').fill('预包装食品销售；散装食品销售');
    await enterprise.getByLabel('联系人').fill('王经理');
    await enterprise.getByLabel('联系电话').fill('13504351234');
    await expect.poll(() => enterprise.getByText('使用我的「营业执照」').count()).toBe(1);
    await enterprise.getByTestId('authorise-licence-use').click();
    await uploadRequiredMaterials(enterprise);
    await button(enterprise, '提交申请').click();
    const number = (await enterprise.getByTestId('case-number').textContent())!.trim();

    // 2. The window and the department do their part (not what this journey tests).
    const [citizenApi, clerk, reviewer] = await Promise.all([sharedApi(platform, 'enterprise1'), sharedApi(platform, 'clerk1'), sharedApi(platform, 'reviewer1')]);
    const { cases } = (await (await citizenApi.get('/api/cases')).json()) as { cases: { id: string; number: string }[] };
    const caseId = cases.find((c) => c.number === number)!.id;
    await acceptViaApi(clerk, caseId);
    await postOk(reviewer, `/api/cases/${caseId}/claim`);
    await postOk(reviewer, `/api/cases/${caseId}/complete-review`, { opinion: '材料齐全，符合条件' });
    await postOk(reviewer, `/api/cases/${caseId}/approve`);

    // 3. The licence is in the wallet, sealed, with a link that the QR code also carries.
    await enterprise.goto('/portal/licences');
    const card = enterprise.getByTestId('wallet-licence').filter({ hasText: '食品经营许可证' });
    await card.waitFor();
    expect(await card.innerText()).toContain('梅河口市市场监督管理局');
    await card.getByRole('link', { name: '验真' }).click();
    await enterprise.waitForURL(/\/verify\?id=[0-9A-Z]{55}$/);
    const identifier = new URL(enterprise.url()).searchParams.get('id')!;

    // 4. Anyone scanning the QR code sees it genuine, the holder's code masked.
    const visitor = await platform.browser.newPage({ baseURL: platform.baseUrl });
    await visitor.goto(`/verify?id=${identifier}`);
    await expect.poll(() => visitor.getByTestId('verdict').getAttribute('data-verdict')).toBe('genuine');
    const page = await visitor.locator('body').innerText();
    expect(page).toContain('真实有效');
    expect(page).toContain('食品经营许可证');
    expect(page).not.toContain('91220581MA0Y3K2L8');

    // 5. The same enterprise applies to change the licence: the licence itself is attached, no upload.
    await enterprise.goto('/portal');
    await enterprise.getByPlaceholder(/搜索事项/).fill('食品经营许可');
    await enterprise.getByPlaceholder(/搜索事项/).press('Enter');
    await enterprise.locator('.ant-card', { hasText: '食品经营许可（变更）' }).first().getByText('在线申请').click();
    await enterprise.getByLabel('经营者名称').fill('梅河口市鑫达食品有限公司');
    await enterprise.getByLabel('经营场所').fill('吉林省梅河口市福民街道 99 号');
    await enterprise.getByLabel('主体业态').click();
    await enterprise.locator('.ant-select-item-option', { hasText: '食品销售经营者' }).click();
    await enterprise.getByLabel('经营项目').fill('预包装食品销售');
    await enterprise.getByLabel('联系人').fill('王经理');
    await enterprise.getByLabel('联系电话').fill('13504351234');
    await expect.poll(() => enterprise.getByText('使用我的「食品经营许可证」').count()).toBe(1);
    await enterprise.getByTestId('authorise-licence-use').click();
    await uploadRequiredMaterials(enterprise);
    await button(enterprise, '提交申请').click();
    await enterprise.getByTestId('case-number').waitFor();
    await button(enterprise, '查看办件').click();
    const reused = enterprise.getByTestId('reused-material').filter({ hasText: '食品经营许可证正本、副本' });
    await reused.waitFor();
    expect(await reused.innerText()).toContain('真实有效（已自动验真）');
  });
});
