import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { button, loginAs, postOk, sharedApi, startPlatform, type Platform } from './harness.js';

/** 中介超市 as an owner, three intermediaries and the centre use it. */

let platform: Platform;
beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(() => platform?.close());

describe('the intermediary supermarket in the browser', () => {
  it('an owner’s announcement gets three responses, a random draw, publicity, a late report, a rating that lowers the grade', async () => {
    const db = platform.db!;
    const owner = await sharedApi(platform, 'enterprise1');
    const { serviceTypes } = (await (await owner.get('/api/public/intermediary/service-types')).json()) as { serviceTypes: { id: number; code: string }[] };
    const hp = serviceTypes.find((t) => t.code === 'HP-01')!;
    const { id } = await postOk<{ id: number }>(owner, '/api/intermediary/announcements', {
      serviceTypeId: hp.id,
      projectName: '浏览器测试冷链物流中心',
      funding: 'own',
      budgetCeiling: 40_000,
      serviceDays: 20,
      dayUnit: 'workday',
      requirements: '编制环境影响报告表',
      method: 'random',
      responseDeadline: new Date(Date.now() + 2 * 3_600_000).toISOString(),
    });
    for (const [account, quote] of [['agency1', 30_000], ['agency2', 28_000], ['agency3', 35_000]] as const) {
      await postOk(await sharedApi(platform, account), `/api/intermediary/announcements/${id}/responses`, { quote, promisedDays: 15 });
    }
    // The response deadline passes.
    await sql`UPDATE intermediary_announcements SET response_deadline = now() - interval '1 minute' WHERE id = ${id}`.execute(db);

    const page = await loginAs(platform, 'enterprise1');
    await page.goto('/portal/intermediary');
    await page.getByRole('row', { name: /浏览器测试冷链物流中心/ }).getByRole('button', { name: /查\s*看/ }).click();
    const drawer = page.locator('.ant-drawer');
    await drawer.getByText('吉林省绿源环境科技有限公司').waitFor();
    await button(drawer, '随机抽取').click();
    await drawer.getByText('选定', { exact: true }).waitFor();
    const chosen = await db
      .selectFrom('intermediary_announcements as a')
      .innerJoin('intermediary_responses as r', 'r.id', 'a.selected_response_id')
      .innerJoin('intermediaries as m', 'm.id', 'r.intermediary_id')
      .select(['m.id', 'm.name', 'a.draw_seed'])
      .where('a.id', '=', id)
      .executeTakeFirstOrThrow();
    expect(chosen.draw_seed).toMatch(/^[0-9a-f]{64}$/);

    // The result is public, with the seed that reproduces it.
    const visitor = await (await platform.browser.newContext({ baseURL: platform.baseUrl, locale: 'zh-CN' })).newPage();
    await visitor.goto('/intermediary');
    await visitor.getByRole('tab', { name: '选取公告与结果公示' }).click();
    const card = visitor.locator('.ant-card-small', { hasText: '浏览器测试冷链物流中心' });
    await card.getByText(chosen.name).waitFor();
    await card.getByText('已选定（公示中）').waitFor();

    // Publicity over: the owner signs; then the due date passes without a report.
    await sql`UPDATE intermediary_announcements SET publicity_ends_on = current_date - 1 WHERE id = ${id}`.execute(db);
    await page.keyboard.press('Escape');
    await page.reload();
    await page.getByRole('row', { name: /浏览器测试冷链物流中心/ }).getByRole('button', { name: /签\s*约/ }).click();
    await page.getByText('已签约，服务时限开始计算').waitFor();
    await sql`UPDATE intermediary_contracts SET due_date = current_date - 3, warn_date = current_date - 5 WHERE announcement_id = ${id}`.execute(db);

    const admin = await loginAs(platform, 'admin');
    await admin.goto('/admin/intermediary');
    await admin.getByRole('tab', { name: '服务时限' }).click();
    await admin.getByRole('row', { name: /浏览器测试冷链物流中心/ }).getByText('已超期').waitFor();

    // The chosen intermediary delivers, late.
    const account = { 吉林省绿源环境科技有限公司: 'agency1', 通化市正衡工程咨询有限公司: 'agency2', 梅河口市地质勘查测绘院: 'agency3' }[chosen.name]!;
    const agency = await sharedApi(platform, account);
    const contract = await db.selectFrom('intermediary_contracts').select('id').where('announcement_id', '=', id).executeTakeFirstOrThrow();
    const delivered = await agency.post(`/api/intermediary/contracts/${contract.id}/report`, {
      multipart: { file: { name: '环评报告表.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n') } },
    });
    expect(await delivered.json()).toEqual({ light: 'done_late' });

    const before = ((await (await owner.get(`/api/public/intermediary/agencies/${chosen.id}`)).json()) as { intermediary: { score: number } }).intermediary.score;
    await page.reload();
    const row = page.getByRole('row', { name: new RegExp(chosen.name) }).filter({ hasText: '超期交付' });
    await row.getByRole('button', { name: /评\s*价/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('radio').nth(1).click();
    await dialog.getByLabel('评价意见').fill('报告超期三天交付');
    await button(dialog, '提交评价').click();
    await page.getByText('感谢评价').waitFor();

    await visitor.goto(`/intermediary/agencies/${chosen.id}`);
    await visitor.getByText('信用分的构成').waitFor();
    await visitor.getByRole('cell', { name: '服务评价 不满意' }).waitFor();
    const after = ((await (await owner.get(`/api/public/intermediary/agencies/${chosen.id}`)).json()) as { intermediary: { score: number } }).intermediary.score;
    expect(after).toBe(before - 4);
  }, 300_000);
});
