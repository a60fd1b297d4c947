import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { withResidentCheck } from '../../server/src/util/identity.js';
import { acceptViaApi, applyViaApi, button, checkWalkInMaterials, chooseOption, loginAs, postOk, sharedApi, startPlatform, type Platform } from './harness.js';

let platform: Platform;
/** Server steps may take a while on a busy machine. */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 30_000, interval: 250 });

beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(() => platform?.close());

/** Picks an option of the select with this id (the pages give their selects ids of their own). */
const choose = (page: Page, id: string, option: string) => chooseOption(page, page.locator(id), option);

const staffRow = (page: Page, username: string) => page.locator('tr', { has: page.getByRole('cell', { name: username, exact: true }) });

describe('the four-level network through the browser', () => {
  it('an administrator opens a town centre with two windows and a clerk, who can then log in', async () => {
    const admin = await loginAs(platform, 'admin');
    await admin.goto('/admin/network');
    await button(admin, '设立网点').click();
    await choose(admin, '#centre-region', '红梅镇（220581101000）');
    await choose(admin, '#centre-kind', '乡镇（街道）便民服务中心');
    await admin.locator('#centre-name').fill('红梅镇便民服务中心');
    await admin.locator('#centre-address').fill('梅河口市红梅镇兴业街 6 号');
    await admin.locator('#centre-hours').fill('周一至周五 8:30–16:30');
    await admin.locator('#centre-areas').fill('综合受理区，等候区');
    await button(admin, '设立').click();
    await admin.getByRole('cell').getByRole('link', { name: '红梅镇便民服务中心' }).click();
    await admin.getByText('梅河口市红梅镇兴业街 6 号').waitFor();

    for (const [number, name] of [['01', '综合受理窗口'], ['02', '社会救助窗口']] as const) {
      await button(admin, '开设窗口').click();
      await admin.locator('#window-number').fill(number);
      await admin.locator('#window-name').fill(name);
      await button(admin, '开设').click();
      await admin.getByRole('cell', { name, exact: true }).waitFor();
    }

    await button(admin, '人员入驻').click();
    await admin.locator('#staff-name').fill('孙红梅');
    await admin.locator('#staff-username').fill('hmclerk1');
    await choose(admin, '#staff-window', '01 综合受理窗口');
    await admin.locator('#staff-phone').fill('13604350031');
    await admin.locator('#staff-password').fill('Browser-Test-1');
    await button(admin, '入驻').click();
    await staffRow(admin, 'hmclerk1').waitFor();
    expect(await staffRow(admin, 'hmclerk1').innerText()).toContain('窗口人员');

    // The new clerk works at once, at the new centre's window.
    const clerk = await loginAs(platform, 'hmclerk1');
    await clerk.waitForURL('**/hall');
    const me = (await (await clerk.request.get('/api/auth/me')).json()) as { user: { centreId: number } };
    const town = ((await (await clerk.request.get('/api/centres?region=220581101000')).json()) as { centres: { id: number; name: string; functionalAreas: string[] }[] }).centres;
    expect(town.map((c) => [c.name, c.functionalAreas])).toEqual([['红梅镇便民服务中心', ['综合受理区', '等候区']]]);
    expect(me.user.centreId).toBe(town[0]!.id);
  });

  it('a reviewer moves department (open cases go to the AB partner); a clerk who leaves is refused at once', async () => {
    // Setup by API: reviewer1 holds an open case of 市场监督管理局.
    const [citizen, clerk1, reviewer1] = await Promise.all([sharedApi(platform, 'applicant1'), sharedApi(platform, 'clerk1'), sharedApi(platform, 'reviewer1')]);
    const { items } = (await (await citizen.get(`/api/catalog/items?q=${encodeURIComponent('食品经营许可')}`)).json()) as { items: { id: number; name: string }[] };
    const formData = { operatorName: '梅河口市百味小厨', premises: '梅河口市建设街 8 号', businessType: '餐饮服务经营者', scope: '热食类食品制售', contactName: '张伟', contactPhone: '13843512345' };
    const held = await applyViaApi(citizen, items.find((i) => i.name === '食品经营许可（新办）')!.id, formData);
    await acceptViaApi(clerk1, held.id);
    await postOk(reviewer1, `/api/cases/${held.id}/claim`);
    const leaving = await loginAs(platform, 'hallclerk4');

    const admin = await loginAs(platform, 'admin');
    await admin.goto('/admin/network');
    await admin.getByRole('cell').getByRole('link', { name: '梅河口市政务服务中心' }).click();
    await staffRow(admin, 'reviewer1').getByRole('button', { name: /调\s*整/ }).click();
    await choose(admin, '#move-department', '梅河口市住房和城乡建设局');
    await button(admin, '确认调整').click();
    await admin.getByText(/件在办件已转交 AB 角/).waitFor();
    await poll(async () => (await staffRow(admin, 'reviewer1').innerText()).includes('住房和城乡建设局')).toBe(true);
    const reviewer3 = await sharedApi(platform, 'reviewer3');
    const handed = (await (await reviewer3.get(`/api/cases/${held.id}`)).json()) as { case: { assigneeName: string } };
    expect(handed.case.assigneeName).toBe('马超');

    await staffRow(admin, 'hallclerk4').getByRole('button', { name: /离\s*岗/ }).click();
    await admin.locator('.ant-popconfirm').getByRole('button', { name: /确认离岗/ }).click();
    await admin.getByText('已办理离岗').waitFor();
    // The next request of the one who left is refused, and the page sends them to the login.
    expect((await leaving.request.get('/api/auth/me')).status()).toBe(401);
    await leaving.goto('/hall');
    await leaving.waitForURL('**/login**');
  });

  it('a village agent applies for a villager, who signs on the pad', async () => {
    const agent = await loginAs(platform, 'villageagent1');
    await agent.goto('/village');
    await choose(agent, '#village-item', '临时救助');
    await agent.locator('#villager-name').fill('王秀英');
    await agent.locator('#villager-id').fill(withResidentCheck('22058119480302002'));
    await agent.locator('#villager-phone').fill('13943500001');
    // The pad sits below the fold of a 720 px window: the mouse only draws where the page is shown.
    await agent.locator('#signature-pad').scrollIntoViewIfNeeded();
    const pad = (await agent.locator('#signature-pad').boundingBox())!;
    await agent.mouse.move(pad.x + 40, pad.y + 100);
    await agent.mouse.down();
    for (const [x, y] of [[90, 60], [140, 110], [200, 50], [260, 120]]) await agent.mouse.move(pad.x + x!, pad.y + y!, { steps: 4 });
    await agent.mouse.up();
    await agent.getByLabel('现居住地址').fill('山城镇中兴村三组 12 号');
    await agent.getByLabel('联系人').fill('王秀英');
    await agent.getByLabel('联系电话').fill('13943500001');
    await button(agent, '提交代办申请').click();
    // The page answers with one message: success, or what is wrong.
    await poll(() => agent.locator('.ant-message-notice').first().innerText()).toContain('代办申请已提交');
    const row = agent.locator('tr', { hasText: '王秀英' });
    await poll(() => row.innerText()).toContain('待受理');
    expect(await row.innerText()).toContain('临时救助');
    expect(await row.innerText()).toMatch(/220581-\d{8}-\d{5}/);

    // The point's public page (四公开) names the agent, the items and the place.
    const visitor = await platform.browser.newPage({ baseURL: platform.baseUrl });
    const points = (await (await visitor.request.get('/api/centres?kind=agency_point')).json()) as { centres: { id: number }[] };
    const point = (await (await visitor.request.get(`/api/centres/${points.centres[0]!.id}`)).json()) as { agents: { name: string }[]; address: string; offered: { name: string }[] };
    expect(point.agents.map((a) => a.name)).toEqual(['吴桂兰']);
    expect(point.address).toBe('山城镇中兴村村民委员会一楼');
    expect(point.offered.map((o) => o.name)).toContain('临时救助');
  });

  it('a clerk of 集安市 accepts a 梅河口市 item under 通办; 梅河口市 decides', async () => {
    const clerk = await loginAs(platform, 'clerk2');
    await clerk.goto('/hall/walk-in');
    await clerk.getByText('通办事项（异地受理）').click();
    await clerk.getByLabel('姓名 / 单位名称').fill('赵刚');
    await clerk.getByLabel('身份证号 / 统一社会信用代码').fill(withResidentCheck('22058219800101001'));
    await clerk.getByLabel('手机号').fill('13900001111');
    await clerk.getByLabel('办理事项').click();
    await clerk.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '无犯罪记录证明开具' }).first().click();
    await clerk.getByLabel('现居住地址').fill('集安市胜利路 18 号');
    await clerk.getByLabel('联系人').fill('赵刚');
    await clerk.getByLabel('联系电话').fill('13900001111');
    await checkWalkInMaterials(clerk);
    await button(clerk, '登记').click();
    await clerk.getByText('已当场受理').waitFor();
    await clerk.getByRole('button', { name: /查看办件/ }).click();
    await clerk.waitForURL(/\/hall\/cases\/[0-9a-f-]{36}$/);
    const caseId = clerk.url().split('/').at(-1)!;

    // 梅河口市公安局 decides (its reviewer's own steps are tested elsewhere).
    const police = await sharedApi(platform, 'reviewer_ga');
    await postOk(police, `/api/cases/${caseId}/claim`);
    await postOk(police, `/api/cases/${caseId}/complete-review`, { opinion: '经查询无犯罪记录' });
    await postOk(police, `/api/cases/${caseId}/approve`);
    const detail = (await (await police.get(`/api/cases/${caseId}`)).json()) as { case: { status: string; statusLabel: string; departmentName: string; timeline: { action: string; actorName: string | null }[] } };
    expect(detail.case.status).toBe('approved');
    expect(detail.case.departmentName).toBe('梅河口市公安局');
    expect(detail.case.timeline.map((e) => [e.action, e.actorName])).toEqual([
      ['submit', '郑凯'],
      ['accept', '郑凯'],
      ['claim', expect.any(String)],
      ['complete_review', expect.any(String)],
      ['approve', expect.any(String)],
    ]);
    // The receiving window sees the decision on the same case.
    await clerk.reload();
    await poll(() => clerk.getByTestId('case-status').first().innerText()).toBe(detail.case.statusLabel);
  });
});
