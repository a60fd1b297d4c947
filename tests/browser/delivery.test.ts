import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptViaApi, applyViaApi, button, loginAs, openCase, postOk, sharedApi, startPlatform, type Platform } from './harness.js';

let platform: Platform;

beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(() => platform?.close());

describe('统一出件 as the applicant chose it', () => {
  it('the clerk sees the ten-day delivery clock, and hands over at the window only with the consent of an applicant who chose express', async () => {
    const [citizen, clerkApi, reviewer] = await Promise.all([sharedApi(platform, 'applicant1'), sharedApi(platform, 'clerk1'), sharedApi(platform, 'reviewer1')]);
    const { items } = (await (await citizen.get(`/api/catalog/items?q=${encodeURIComponent('食品经营许可')}`)).json()) as { items: { id: number; name: string }[] };
    const item = items.find((i) => i.name === '食品经营许可（新办）')!;
    const formData = { operatorName: '送达小馆', premises: '梅河口市建设街 8 号', businessType: '餐饮服务经营者', scope: '热食类食品制售', contactName: '张伟', contactPhone: '13843512345' };
    const created = await applyViaApi(citizen, item.id, formData);
    await postOk(citizen, `/api/cases/${created.id}/delivery`, { preference: { method: 'post', recipient: '张伟', phone: '13843512345', address: '梅河口市建设街 8 号' } });
    await acceptViaApi(clerkApi, created.id);
    await postOk(reviewer, `/api/cases/${created.id}/claim`);
    await postOk(reviewer, `/api/cases/${created.id}/complete-review`, { opinion: '材料齐全，符合条件' });
    await postOk(reviewer, `/api/cases/${created.id}/approve`);

    const clerk = await loginAs(platform, 'clerk1');
    await openCase(clerk, created.number, { path: '/hall', tab: '待出件' });
    await expect.poll(() => clerk.getByTestId('delivery-light').innerText()).toContain('送达期限正常');
    await expect.poll(() => clerk.getByTestId('delivery-due-date').innerText()).toMatch(/\d{4}年/);

    await button(clerk, '出件办结').click();
    const modal = clerk.getByRole('dialog');
    await modal.getByText('窗口领取', { exact: true }).click();
    await expect.poll(() => modal.innerText()).toContain('须记录申请人的同意');
    await modal.getByLabel('同意人').fill('张伟');
    await modal.getByText('电话确认').click();
    await modal.getByRole('button', { name: /确\s*定/ }).click();
    await modal.waitFor({ state: 'hidden' });
    await expect.poll(() => clerk.getByTestId('case-status').textContent()).toContain('已办结');
    await expect.poll(() => clerk.locator('body').innerText()).toContain('电话确认');
    await expect.poll(() => clerk.getByTestId('notice-delivery').innerText()).toContain('送达回证');
    const href = await clerk.getByTestId('notice-delivery').getByRole('link').first().getAttribute('href');
    const pdf = await clerk.request.get(href!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-disposition']).toContain(encodeURIComponent(`送达回证-${created.number}.pdf`));
  });
});
