import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIRequestContext } from 'playwright-core';
import { bidContent } from '../../server/src/test/trading-factories.js';
import { openContentKey, sealBid } from '../../server/src/modules/trading/bid-envelope.js';
import { fromHex, fromUtf8, generateKeyPair, signRecord, unseal, type KeyPair } from '../../server/src/modules/trading/sm-crypto.js';
import { button, loginAs, postOk, sharedApi, startPlatform, type Platform } from './harness.js';

/**
 * 公共资源交易 from announcement to award, as the tenderer, the centre, three bidders, the key
 * holders and the experts do it. What is judged runs in the browser (registration, review, the
 * announcement and its legal period, a sealed bid, the late bid, the opening, the draw and a key
 * share, scoring and signing, candidates, the objection and its answer, the award); the other
 * parties act through their own clients (the API) with keys of their own. The clock is moved
 * through the database only where waiting is the point (the bid deadline, the publicity period).
 */

let platform: Platform;
beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(() => platform?.close());

const TITLE = '梅河口市第二中学风雨操场建设工程';

/** The certificate panel's own button: a key pair made in this browser, its public key certified. */
async function certify(page: Page): Promise<void> {
  const panel = page.getByTestId('certificate-panel').first();
  await panel.getByRole('button', { name: '生成密钥并申请证书' }).click();
  await panel.getByText(/私钥在本浏览器/).waitFor();
}

/** A party's own client: a key pair it keeps, its public key certified by the centre's CA. */
async function certifiedKeys(api: APIRequestContext): Promise<KeyPair> {
  const keys = generateKeyPair();
  await postOk(api, '/api/trading/certificates', { publicKey: keys.publicKey });
  return keys;
}

const status = (page: Page, text: string) => page.getByTestId('project-status').filter({ hasText: text }).waitFor();

describe('public resource trading in the browser', () => {
  // Twelve stages by six parties: the longest journey of the suite, hence its own time limit.
  it('a tender is announced, bid by three, opened, evaluated by drawn experts and awarded', async () => {
    const db = platform.db!;

    // The tenderer registers the project; the centre reviews it into the directory.
    const tenderer = await loginAs(platform, 'tenderer1');
    await tenderer.goto('/trading/bidder');
    await tenderer.getByRole('button', { name: '登记交易项目' }).click();
    const registration = tenderer.getByRole('dialog');
    await registration.getByLabel('项目名称').fill(TITLE);
    await registration.getByLabel('标段 1 最高限价（元）').fill('3600000');
    await registration.getByRole('button', { name: '提交交易中心审核' }).click();
    await tenderer.waitForURL(/\/trading\/projects\/[0-9a-f-]{36}$/);
    const projectId = tenderer.url().split('/').pop()!;
    await status(tenderer, '待审核');

    const officer = await loginAs(platform, 'officer1');
    await officer.goto(`/trading/projects/${projectId}`);
    await officer.getByRole('button', { name: '审核入库' }).click();
    await status(officer, '已入库');

    // An announcement inside the legal period is refused with its article; the earliest legal deadline is accepted.
    await tenderer.reload();
    const legal = (await tenderer.getByTestId('legal-deadline').textContent())!;
    const earliest = legal.match(/\d{4}-\d{2}-\d{2}/)![0];
    const today = await tenderer.getByLabel('招标文件发出日期').inputValue();
    await tenderer.getByLabel('投标截止（开标）日期').fill(today);
    await tenderer.getByLabel('投标截止（开标）时间').fill('14:00');
    await tenderer.getByLabel('开标室').click();
    await tenderer.locator('.ant-select-item-option', { hasText: '第二开标室' }).click();
    await tenderer.getByRole('button', { name: '发布招标公告' }).click();
    await tenderer.locator('.ant-message').getByText(/第二十四条.*不得少于20日/).waitFor();
    await tenderer.getByLabel('投标截止（开标）日期').fill(earliest);
    await tenderer.getByRole('button', { name: '发布招标公告' }).click();
    await status(tenderer, '招标中');

    // Three bidders seal and sign their bids: one in its browser, two with their own bidding tools (the API).
    const lotId = (await db.selectFrom('trading_lots').select('id').where('project_id', '=', projectId).executeTakeFirstOrThrow()).id;
    const tools: { api: APIRequestContext; keys: KeyPair; bidId: string }[] = [];
    for (const [username, price] of [['bidder2', 3_380_000], ['bidder3', 3_510_000]] as const) {
      const api = await sharedApi(platform, username);
      const keys = await certifiedKeys(api);
      const { contentKey: _kept, ...sealed } = sealBid({ projectId, lotId, content: bidContent({ price }), publicKey: keys.publicKey, privateKey: keys.privateKey });
      const { bidId } = await postOk<{ bidId: string }>(api, `/api/trading/projects/${projectId}/bids`, sealed);
      tools.push({ api, keys, bidId });
    }
    const bidder = await loginAs(platform, 'bidder1');
    await bidder.goto(`/trading/bidder/${projectId}`);
    await certify(bidder);
    await bidder.getByRole('button', { name: '递交投标文件' }).click();
    await bidder.getByRole('dialog').getByLabel('投标报价（元）').fill('3420000');
    await bidder.getByRole('button', { name: '加密并递交' }).click();
    await bidder.getByTestId('my-bids').getByText('已加密').waitFor();
    // Nothing of a bid's content is readable before the opening, not even by the centre.
    const stored = await db.selectFrom('trading_bids').select(['price', 'ciphertext']).where('project_id', '=', projectId).execute();
    expect(stored.map((b) => b.price)).toEqual([null, null, null]);
    expect(stored.every((b) => !Buffer.from(b.ciphertext).toString('utf8').includes('3420000'))).toBe(true);

    // The deadline passes: a late bid is refused.
    await sql`UPDATE trading_projects SET bid_deadline = now() - interval '1 minute' WHERE id = ${projectId}`.execute(db);
    const late = bidder;
    await late.getByRole('button', { name: '递交投标文件' }).click();
    await late.getByRole('dialog').getByLabel('投标报价（元）').fill('3300000');
    await late.getByRole('button', { name: '加密并递交' }).click();
    await late.locator('.ant-message').getByText(/已过，投标文件不予接收/).waitFor();
    await late.getByRole('button', { name: /取\s*消/ }).click();

    // The opening: the centre opens, each bidder decrypts remotely, the record is published.
    await officer.reload();
    await button(officer, '开标').click();
    await status(officer, '开标解密中');
    await bidder.reload();
    await button(bidder, '解密').click();
    await bidder.getByTestId('my-bids').getByText('已解密').waitFor();
    for (const tool of tools) {
      const { bids } = (await (await tool.api.get(`/api/trading/projects/${projectId}/my-bids`)).json()) as { bids: { id: string; sealedKey: string; status: string }[] };
      const mine = bids.find((b) => b.status === 'sealed')!;
      await postOk(tool.api, `/api/trading/bids/${mine.id}/decrypt`, { contentKey: openContentKey(mine.sealedKey, tool.keys.privateKey) });
    }
    await officer.getByRole('button', { name: '结束解密并公布开标记录' }).click();
    await status(officer, '评标中');
    const visitor = await (await platform.browser.newContext({ baseURL: platform.baseUrl, locale: 'zh-CN' })).newPage();
    await visitor.goto('/trading');
    await visitor.getByText(`${TITLE}开标记录`).first().waitFor();

    // The key holders: the tenderer certifies in its browser; the supervisor and the centre with their own keys.
    await tenderer.goto('/trading/bidder');
    await certify(tenderer);
    const supervisorApi = await sharedApi(platform, 'supervisor');
    const supervisorKeys = await certifiedKeys(supervisorApi);
    await certifiedKeys(await sharedApi(platform, 'officer1'));
    await officer.goto(`/trading/projects/${projectId}`);
    const drawForm = officer.getByRole('form', { name: '抽取评标专家' });
    await drawForm.getByLabel('专业 1').click();
    await officer.locator('.ant-select-item-option', { hasText: '房屋建筑' }).click();
    for (const holder of await drawForm.getByRole('checkbox').all()) await holder.check();
    await drawForm.getByRole('button', { name: '抽取并加密' }).click();
    await officer.getByTestId('draw').getByText(/已加密，需 2 人出示密钥份额/).waitFor();
    // Two of the three present their shares: the supervisor through its client, the tenderer on the page.
    const { shares } = (await (await supervisorApi.get('/api/trading/key-shares')).json()) as { shares: { drawId: string; projectId: string; sealedShare: string }[] };
    const share = shares.find((x) => x.projectId === projectId)!;
    await postOk(supervisorApi, `/api/trading/draws/${share.drawId}/shares`, { share: fromUtf8(fromHex(unseal(share.sealedShare, supervisorKeys.privateKey)!)) });
    await tenderer.goto(`/trading/projects/${projectId}`);
    await tenderer.getByRole('button', { name: '出示我的密钥份额' }).click();
    await tenderer.locator('.ant-message').getByText('密钥份额已出示').waitFor();
    await officer.reload();
    await officer.getByTestId('draw').getByText(/已解密/).waitFor();

    // The two drawn members: one scores and signs in the browser, the other through the API.
    const members = await db
      .selectFrom('trading_draw_members as m')
      .innerJoin('trading_draws as d', 'd.id', 'm.draw_id')
      .innerJoin('trading_experts as e', 'e.id', 'm.expert_id')
      .innerJoin('users as u', 'u.id', 'e.user_id')
      .select(['u.username', 'm.draw_id'])
      .where('d.project_id', '=', projectId)
      .where('m.role', '=', 'member')
      .orderBy('u.username')
      .execute();
    expect(members).toHaveLength(2);
    const [first, second] = members as [(typeof members)[0], (typeof members)[0]];

    const expert = await loginAs(platform, first.username);
    await expert.goto('/trading/expert');
    await certify(expert);
    await expert.getByRole('button', { name: '确认参加' }).click();
    const sheet = expert.getByTestId('scoring-sheet');
    // Points per criterion of the documents: 投标报价 (40), 技术方案 (40), 商务资信 (20).
    for (const [bidder, points] of [['吉林省宏远建设集团有限公司', [36, 35, 18]], ['通化市恒信建筑工程有限公司', [38, 33, 17]], ['梅河口市金鼎建设有限公司', [33, 30, 16]]] as const) {
      for (const [i, criterion] of ['投标报价', '技术方案', '商务资信'].entries()) await sheet.getByLabel(`${bidder} ${criterion}`).fill(String(points[i]));
    }
    await sheet.getByRole('button', { name: '提交评分' }).click();
    await expert.locator('.ant-message').getByText('评分已提交').waitFor();

    const other = await sharedApi(platform, second.username);
    const keys = await certifiedKeys(other);
    await postOk(other, `/api/trading/draws/${second.draw_id}/respond`, { accept: true });
    const otherSheet = (await (await other.get(`/api/trading/projects/${projectId}/scoring`)).json()) as { bids: { id: string }[]; criteria: { name: string; maxPoints: number }[] };
    await postOk(other, `/api/trading/projects/${projectId}/scores`, {
      scores: otherSheet.bids.flatMap((b, i) => otherSheet.criteria.map((c) => ({ bidId: b.id, criterion: c.name, points: Math.max(0, c.maxPoints - 3 - i) }))),
    });

    await officer.reload();
    await officer.getByRole('button', { name: '汇总评分生成评标报告' }).click();
    await officer.locator('.ant-message').getByText('评标报告已生成').waitFor();
    await expert.reload();
    await expert.getByRole('button', { name: '签署评标报告' }).click();
    await expert.locator('.ant-message').getByText('已提交').waitFor();
    const { report } = (await (await other.get(`/api/trading/projects/${projectId}/scoring`)).json()) as { report: { digest: string } };
    await postOk(other, `/api/trading/projects/${projectId}/report/sign`, { signature: signRecord({ purpose: 'evaluation_report', projectId, digest: report.digest }, keys.privateKey) });

    // Candidates published for 3 days; a bidder objects and the tenderer answers.
    await tenderer.reload();
    await tenderer.getByRole('button', { name: '公示中标候选人' }).click();
    await status(tenderer, '候选人公示');
    const objector = bidder;
    await objector.reload();
    await objector.getByRole('button', { name: '提出异议' }).click();
    await objector.getByLabel('异议内容').fill('第一中标候选人项目负责人同时在建其他项目，请核查。');
    await objector.getByRole('button', { name: /确\s*定/ }).click();
    await objector.locator('.ant-message').getByText('已提交').waitFor();
    await tenderer.reload();
    await tenderer.getByTestId('objection').getByLabel('答复内容').fill('经核查，该项目负责人无在建项目，异议不成立。');
    await button(tenderer.getByTestId('objection'), '答复').click();
    await tenderer.getByTestId('objection').getByText(/答复：经核查/).waitFor();

    // The publicity period ends: the award, its notice sealed by the centre, and the result published.
    await sql`UPDATE trading_publications SET publicity_ends_at = now() - interval '1 minute' WHERE project_id = ${projectId} AND kind = 'candidates'`.execute(db);
    await tenderer.getByRole('button', { name: '确定中标人并签发中标通知书' }).click();
    await status(tenderer, '已定标');
    const notice = tenderer.getByRole('link', { name: /中标通知书/ });
    const pdf = await tenderer.request.get((await notice.getAttribute('href'))!);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await visitor.reload();
    await visitor.getByText(`${TITLE}中标结果公告`).first().waitFor();
  }, 240_000);
});
