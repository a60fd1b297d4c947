import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemTypeCode } from '../../db/schema.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { loginCookie, makeCentre, makeDepartment, makeUser } from '../../test/factories.js';
import { extractPdfText } from '../../test/pdf-text.js';
import { composeItemCode, parseItemCode } from './codes.js';
import { withCreditCheck } from '../../util/identity.js';

/** 梅河口市某镇人民政府's 统一社会信用代码 (check character computed). */
const TOWN_CREDIT_CODE = withCreditCheck('11220581MB1234567');
import { findApplicableItem } from './repo.js';
import type { TItemContent } from './schema.js';

let t: TestApp;
let admin: string;
let dept: Awaited<ReturnType<typeof makeDepartment>>;
let mainNo = 100;

beforeAll(async () => {
  t = await createTestApp();
  const centre = await makeCentre(t.db);
  dept = await makeDepartment(t.db, centre, '梅河口市测试市场监督管理局');
  admin = await loginCookie(t.app, (await makeUser(t.db, 'admin', { centreId: centre.id })).username);
});
afterAll(() => t.destroy());

function content(d: { id: number; credit_code: string }, overrides: Partial<TItemContent> & { type?: ItemTypeCode; handlingNo?: number } = {}): TItemContent {
  const { type = '01', handlingNo = 0, ...rest } = overrides;
  return {
    code: composeItemCode({ creditCode: d.credit_code, level: 4, division: '220581', itemType: type, mainNo: mainNo++, handlingNo }),
    name: '食品经营许可（新办）',
    departmentId: d.id,
    implementingBody: '',
    kind: 'promised',
    legalLimitText: '20个工作日',
    promisedLimitText: '5个工作日',
    description: '',
    conditions: '取得营业执照；具有与经营的食品品种、数量相适应的经营场所。',
    legalBasis: [{ law: '《中华人民共和国食品安全法》', articles: '第三十五条' }],
    materials: [
      { name: '食品经营许可申请书', requirement: 'required', form: 'original', copies: 1, blankForm: '申请书空白表格', source: '申请人自备' },
      { name: '营业执照', requirement: 'required', form: 'original', copies: 1, licenceType: '营业执照', source: '市场监督管理部门核发' },
    ],
    fees: { free: true, items: [] },
    trips: 0,
    onlineDepth: 4,
    channels: ['online', 'window'],
    windows: '一楼 A区 1-8 号',
    consultPhone: '0435-4221001',
    complaintPhone: '0435-12345',
    process: [
      { name: '申请', description: '网上或窗口提交' },
      { name: '受理', description: '一次性告知' },
    ],
    target: 'legal',
    themes: ['准营准办'],
    formFields: [{ key: 'contactPhone', label: '联系电话', type: 'phone', required: true }],
    ...rest,
  };
}

const post = (url: string, payload: object, cookie = admin) => t.app.inject({ method: 'POST', url, payload, headers: { cookie } });
const auditCount = async (targetId: number) =>
  (await t.db.selectFrom('audit_events').select('action').where('target_type', '=', 'service_item').where('target_id', '=', String(targetId)).orderBy('id').execute()).map((a) => a.action);

describe('catalogue lifecycle and versions', () => {
  it('drafts, publishes, changes, suspends, resumes, delegates and cancels with a version and an audit row for each step', async () => {
    const created = await post('/api/admin/items', content(dept));
    expect(created.statusCode).toBe(201);
    const item = created.json().item;
    expect(item).toMatchObject({ status: 'draft', versionId: null, hierarchy: 'main', itemType: '01', basicCode: expect.stringMatching(/^XK-\d{5}-000$/), implementingBody: dept.name });
    expect(item.legalLimitDays).toBe(20);
    expect(item.promisedLimitUnit).toBe('workday');

    // A draft is invisible to the public and cannot be applied for.
    expect((await t.app.inject({ url: `/api/catalog/items/${item.id}` })).statusCode).toBe(404);
    expect(await findApplicableItem(t.db, item.id)).toBeUndefined();

    const published = (await post(`/api/admin/items/${item.id}/publish`, {})).json().item;
    expect(published).toMatchObject({ status: 'published', versionNo: 1 });
    const v1 = (await findApplicableItem(t.db, item.id))!;
    expect(v1.version_id).toBe(published.versionId);

    // Publishing twice is refused with a plain message.
    // The other handling items of the same basic code are listed beside the guide.
    const sibling = (await post('/api/admin/items', { ...content(dept), code: item.code.replace(/-00$/, '-02'), name: '食品经营许可（变更）' })).json().item;
    await post(`/api/admin/items/${sibling.id}/publish`, {});
    const guide = (await t.app.inject({ url: `/api/catalog/items/${item.id}` })).json();
    expect(guide.related).toEqual([{ id: sibling.id, name: '食品经营许可（变更）', hierarchy: 'handling', handlingKind: 'change' }]);

    const again = await post(`/api/admin/items/${item.id}/publish`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('只有草稿可以发布');
    // A published item is not edited in place.
    expect((await t.app.inject({ method: 'PUT', url: `/api/admin/items/${item.id}`, payload: content(dept), headers: { cookie: admin } })).statusCode).toBe(409);

    const changed = await post(`/api/admin/items/${item.id}/change`, { reason: '依据《食品经营许可和备案管理办法》压缩承诺时限', item: { ...content(dept), code: item.code, promisedLimitText: '3个工作日' } });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().item).toMatchObject({ versionNo: 2, promisedLimitDays: 3, status: 'published' });
    const v2 = (await findApplicableItem(t.db, item.id))!;
    expect(v2.version_id).not.toBe(v1.version_id);

    // A case applied under version 1 still finds version 1 as it was.
    const old = await t.app.inject({ url: `/api/admin/items/${item.id}/versions/${v1.version_id}`, headers: { cookie: admin } });
    expect(old.json()).toMatchObject({ versionNo: 1, item: { promisedLimitDays: 5 } });
    const publicOld = await t.app.inject({ url: `/api/catalog/items/${item.id}/versions/${v1.version_id}` });
    expect(publicOld.json()).toMatchObject({ versionNo: 1, action: 'publish', item: { promisedLimitDays: 5, name: '食品经营许可（新办）' } });
    expect((await t.app.inject({ url: `/api/catalog/items/${item.id + 1000}/versions/${v1.version_id}` })).statusCode).toBe(404);

    expect((await post(`/api/admin/items/${item.id}/suspend`, { reason: '系统升级暂停受理' })).json().item.status).toBe('suspended');
    expect(await findApplicableItem(t.db, item.id)).toBeUndefined();
    expect((await t.app.inject({ url: `/api/catalog/items/${item.id}` })).statusCode).toBe(404);
    expect((await post(`/api/admin/items/${item.id}/resume`, { reason: '恢复受理' })).json().item.status).toBe('published');

    const delegated = (await post(`/api/admin/items/${item.id}/delegate`, { reason: '赋权乡镇', to: '梅河口市海龙镇人民政府', level: 5, creditCode: TOWN_CREDIT_CODE, regionCode: '220581' })).json().item;
    expect(delegated).toMatchObject({ delegatedTo: '梅河口市海龙镇人民政府', implementingLevel: 5, implementingBody: '梅河口市海龙镇人民政府', versionNo: 5 });
    expect((await post(`/api/admin/items/${item.id}/delegate`, { reason: '再下放', to: '某村', level: 4 })).statusCode).toBe(409);

    expect((await post(`/api/admin/items/${item.id}/cancel`, { reason: '国务院决定取消' })).json().item.status).toBe('cancelled');
    expect((await post(`/api/admin/items/${item.id}/resume`, { reason: '恢复' })).statusCode).toBe(409);
    expect((await post(`/api/admin/items/${item.id}/suspend`, { reason: 'x' })).statusCode).toBe(400);

    const versions = (await t.app.inject({ url: `/api/admin/items/${item.id}/versions`, headers: { cookie: admin } })).json().versions;
    expect(versions.map((v: { versionNo: number; action: string }) => `${v.versionNo}:${v.action}`)).toEqual(['6:cancel', '5:delegate', '4:resume', '3:suspend', '2:change', '1:publish']);
    expect(versions[4]).toMatchObject({ reason: '依据《食品经营许可和备案管理办法》压缩承诺时限', actorName: '测试admin' });
    expect(await auditCount(item.id)).toEqual([
      'catalog.item.create',
      'catalog.item.publish',
      'catalog.item.change',
      'catalog.item.suspend',
      'catalog.item.resume',
      'catalog.item.delegate',
      'catalog.item.cancel',
    ]);
  });

  it('regenerates the implementation code when an item is delegated down or taken over, keeping the old code in its history and still found', async () => {
    const item = (await post('/api/admin/items', content(dept, { name: '公共场所卫生许可（新办）', handlingNo: 1 }))).json().item;
    await post(`/api/admin/items/${item.id}/publish`, {});
    const countyCode = item.code as string;

    // Without the receiving body's credit code (and no department of that name) no code can be made.
    const unnamed = await post(`/api/admin/items/${item.id}/delegate`, { reason: '赋权乡镇', to: '梅河口市山城镇人民政府', level: 5 });
    expect(unnamed.statusCode).toBe(400);
    expect(unnamed.json().error.message).toContain('统一社会信用代码');

    const delegated = (await post(`/api/admin/items/${item.id}/delegate`, { reason: '赋权乡镇', to: '梅河口市山城镇人民政府', level: 5, creditCode: TOWN_CREDIT_CODE, regionCode: '220581' })).json().item;
    const townCode = `${TOWN_CREDIT_CODE}-5-220581-${countyCode.split('-').slice(3).join('-')}`;
    expect(delegated).toMatchObject({ code: townCode, implementingLevel: 5, implementingBody: '梅河口市山城镇人民政府', basicCode: item.basicCode, handlingKind: 'new' });
    expect(parseItemCode(delegated.code).ok).toBe(true);

    // The old code still leads to the item, with its history.
    const found = await t.app.inject({ url: `/api/catalog/codes/${encodeURIComponent(countyCode)}` });
    expect(found.json()).toMatchObject({ itemId: item.id, code: townCode, former: true, history: [{ code: countyCode, replacedBy: townCode, action: 'delegate', actionName: '下放' }] });
    expect((await t.app.inject({ url: `/api/catalog/codes/${encodeURIComponent(townCode)}` })).json()).toMatchObject({ itemId: item.id, former: false });
    const audit = await t.db.selectFrom('audit_events').select('detail').where('target_id', '=', String(item.id)).where('action', '=', 'catalog.item.delegate').executeTakeFirstOrThrow();
    expect(audit.detail).toMatchObject({ formerCode: countyCode, code: townCode });

    // 承接 back by the department: the code follows it again; both former codes are history.
    const taken = (await post(`/api/admin/items/${item.id}/take-over`, { reason: '乡镇承接能力不足，收回县级实施', from: '梅河口市山城镇人民政府' })).json().item;
    expect(taken).toMatchObject({ code: countyCode, implementingLevel: 4, implementingBody: dept.name });
    const history = (await t.app.inject({ url: `/api/catalog/codes/${encodeURIComponent(townCode)}` })).json();
    expect(history).toMatchObject({ code: countyCode, former: true });
    expect(history.history.map((h: { code: string; action: string }) => `${h.action}:${h.code}`).sort()).toEqual([`delegate:${countyCode}`, `take_over:${townCode}`].sort());
    expect((await t.app.inject({ url: '/api/catalog/codes/11220581MB0000000X-4-220581-XK-99999-000-00' })).statusCode).toBe(404);
  });

  it('keeps the item\'s own 受理后补正 rule: off by default, set in the item\'s API, kept by an edit that leaves it out', async () => {
    const created = (await post('/api/admin/items', content(dept))).json().item;
    expect(created.correctionStopAllowed).toBe(false);
    const put = (body: object) => t.app.inject({ method: 'PUT', url: `/api/admin/items/${created.id}`, payload: body, headers: { cookie: admin } });
    const on = await put({ ...content(dept), code: created.code, correctionStopAllowed: true });
    expect(on.statusCode, on.body).toBe(200);
    expect(on.json().item.correctionStopAllowed).toBe(true);
    // Left out (an import, an older editor), the rule stays as it was.
    expect((await put({ ...content(dept), code: created.code, name: '食品经营许可（新办，改名）' })).json().item.correctionStopAllowed).toBe(true);
    expect((await t.app.inject({ url: `/api/admin/items/${created.id}`, headers: { cookie: admin } })).json().item.correctionStopAllowed).toBe(true);
    const off = await put({ ...content(dept), code: created.code, correctionStopAllowed: false });
    expect(off.json().item.correctionStopAllowed).toBe(false);
    expect((await put({ ...content(dept), code: created.code, correctionStopAllowed: '是' })).json().error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('受理后可补正中止计时') });
  });

  it('lets only one of two simultaneous publications through', async () => {
    const item = (await post('/api/admin/items', content(dept, { name: '兽药经营许可' }))).json().item;
    const codes = (await Promise.all([post(`/api/admin/items/${item.id}/publish`, {}), post(`/api/admin/items/${item.id}/publish`, {})])).map((r) => r.statusCode).sort();
    expect(codes).toEqual([200, 409]);
    const versions = await t.db.selectFrom('service_item_versions').select('version_no').where('item_id', '=', item.id).execute();
    expect(versions).toEqual([{ version_no: 1 }]);
  });

  it('takes over an item delegated from above and publishes it', async () => {
    const item = (await post('/api/admin/items', content(dept, { name: '二级建造师执业资格注册（初审）' }))).json().item;
    const taken = (await post(`/api/admin/items/${item.id}/take-over`, { reason: '省政府赋权县级实施', from: '通化市住房和城乡建设局' })).json().item;
    expect(taken).toMatchObject({ status: 'published', takenOverFrom: '通化市住房和城乡建设局', versionNo: 1 });
  });

  it('reports every invalid field of an item at once', async () => {
    const bad = await post('/api/admin/items', content(dept, { code: 'XK-1', legalLimitText: '视情况', kind: 'immediate', themes: ['不存在的主题'] }));
    expect(bad.statusCode).toBe(400);
    const fields = bad.json().error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(['body.code', 'body.legalLimitText', 'body.themes']);
    const longer = await post('/api/admin/items', content(dept, { promisedLimitText: '30个工作日' }));
    expect(longer.json().error.details).toEqual([{ field: 'body.promisedLimitText', label: '承诺时限说明', message: '承诺时限（30个工作日）不能长于法定时限（20个工作日）' }]);
    const immediate = await post('/api/admin/items', content(dept, { kind: 'immediate' }));
    expect(immediate.json().error.details[0].field).toBe('body.kind');
    const code = content(dept).code;
    expect((await post('/api/admin/items', content(dept, { code }))).statusCode).toBe(201);
    expect((await post('/api/admin/items', content(dept, { code }))).statusCode).toBe(409);
  });

  it('lets only administrators of the item’s centre manage it', async () => {
    const item = (await post('/api/admin/items', content(dept))).json().item;
    const clerk = await loginCookie(t.app, (await makeUser(t.db, 'clerk', { centreId: dept.centre_id })).username);
    expect((await post(`/api/admin/items/${item.id}/publish`, {}, clerk)).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/admin/items' })).statusCode).toBe(401);
    const otherCentre = await makeCentre(t.db, '220582');
    const foreign = await loginCookie(t.app, (await makeUser(t.db, 'admin', { centreId: otherCentre.id })).username);
    expect((await post(`/api/admin/items/${item.id}/publish`, {}, foreign)).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/admin/items/${item.id}`, headers: { cookie: foreign } })).statusCode).toBe(404);
  });
});

describe('search and browse', () => {
  it('finds published items by Chinese words, pinyin and initials, with filters and paging', async () => {
    const other = await makeDepartment(t.db, { id: dept.centre_id, region_code: '220581' }, '梅河口市测试公安局');
    const specs: [typeof dept, string, ItemTypeCode, string[], 'natural' | 'legal' | 'both'][] = [
      [dept, '药品零售企业经营许可', '01', ['准营准办', '医药卫生'], 'legal'],
      [dept, '食品生产许可（新办）', '01', ['准营准办'], 'legal'],
      [other, '居民身份证申领', '07', ['证件办理'], 'natural'],
      [other, '户口迁移（市内）', '07', ['户籍办理'], 'natural'],
    ];
    for (const [d, name, type, themes, target] of specs) {
      const kind = type === '01' ? 'promised' : 'promised';
      const created = (await post('/api/admin/items', content(d, { name, type, themes, target, kind, legalLimitText: '20个工作日', promisedLimitText: '10个工作日' }))).json().item;
      await post(`/api/admin/items/${created.id}/publish`, {});
    }
    const search = async (query: string) => (await t.app.inject({ url: `/api/catalog/items?${query}` })).json();
    const names = async (query: string) => {
      const r = await search(query);
      if (!r.items) throw new Error(`${query}: ${JSON.stringify(r)}`);
      return r.items.map((i: { name: string }) => i.name);
    };

    expect(await names('q=spjy')).toEqual(['食品经营许可（变更）']);
    expect(await names('q=sfz')).toEqual(['居民身份证申领']);
    expect(await names('q=shenfenzheng')).toEqual(['居民身份证申领']);
    expect(await names(`q=${encodeURIComponent('许可 药品')}`)).toEqual(['药品零售企业经营许可']);
    expect(await names('q=ypls')).toEqual(['药品零售企业经营许可']);
    expect(await names(`departmentId=${other.id}`)).toEqual(['居民身份证申领', '户口迁移（市内）']);
    expect(await names(`theme=${encodeURIComponent('医药卫生')}`)).toEqual(['药品零售企业经营许可']);
    expect(await names(`itemType=07&target=natural`)).toEqual(['居民身份证申领', '户口迁移（市内）']);
    const page = await search(`departmentId=${other.id}&pageSize=1&page=2`);
    expect(page).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(page.items).toHaveLength(1);
    // Paging walks the order of one big page: every item once, the same total on every page.
    for (const query of ['', 'q=xk&']) {
      const all = await search(`${query}pageSize=100`);
      expect(all.total).toBe(all.items.length);
      expect(all.total).toBeGreaterThan(2);
      const walked: number[] = [];
      for (let p = 1; p <= Math.ceil(all.total / 2); p++) {
        const r = await search(`${query}pageSize=2&page=${p}`);
        expect(r.total).toBe(all.total);
        walked.push(...r.items.map((i: { id: number }) => i.id));
      }
      expect(walked).toEqual(all.items.map((i: { id: number }) => i.id));
    }
    // Drafts and cancelled items never show publicly, but the admin list has them.
    const adminList = (await t.app.inject({ url: `/api/admin/items?status=published`, headers: { cookie: admin } })).json();
    expect(adminList.total).toBeGreaterThan(0);

    const themes = (await t.app.inject({ url: '/api/catalog/themes' })).json();
    expect(themes.themes.find((x: { name: string }) => x.name === '准营准办').count).toBeGreaterThanOrEqual(2);
    expect(themes.itemTypes).toHaveLength(11);
  });
});

describe('statistics', () => {
  it('computes the published figures exactly (hand-computed)', async () => {
    const centre = await makeCentre(t.db, '220523');
    const d = await makeDepartment(t.db, centre, '统计测试局');
    const cookie = await loginCookie(t.app, (await makeUser(t.db, 'admin', { centreId: centre.id })).username);
    const make = async (c: TItemContent, status: 'published' | 'draft' | 'suspended') => {
      const created = await post('/api/admin/items', { ...c, code: c.code.replace('-220581-', '-220523-') }, cookie);
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().item.id;
      if (status !== 'draft') await post(`/api/admin/items/${id}/publish`, {}, cookie);
      if (status === 'suspended') await post(`/api/admin/items/${id}/suspend`, { reason: '暂停受理' }, cookie);
    };
    // A: 20 → 5 working days, 0 trips, fully online
    await make(content(d, { legalLimitText: '20个工作日', promisedLimitText: '5个工作日', trips: 0, onlineDepth: 4 }), 'published');
    // B: 即办件, 20 → on the spot, 1 trip
    await make(content(d, { kind: 'immediate', legalLimitText: '20个工作日', promisedLimitText: '当场办结', trips: 1, onlineDepth: 3 }), 'published');
    // C: 行政确认 in natural days: not comparable in working days; 2 trips
    await make(content(d, { type: '07', legalLimitText: '60日', promisedLimitText: '30日', trips: 2, onlineDepth: 2, channels: ['window'] }), 'published');
    // D: 15 → 10 working days, 1 trip, fully online
    await make(content(d, { legalLimitText: '15个工作日', promisedLimitText: '10个工作日', trips: 1, onlineDepth: 4 }), 'published');
    // Not counted: a draft and a suspended item.
    await make(content(d, { legalLimitText: '30个工作日', promisedLimitText: '1个工作日' }), 'draft');
    await make(content(d, { legalLimitText: '30个工作日', promisedLimitText: '1个工作日' }), 'suspended');

    const stats = (await t.app.inject({ url: '/api/admin/items/stats', headers: { cookie } })).json();
    expect(stats).toEqual({
      total: 4,
      byType: [
        { itemType: '01', name: '行政许可', count: 3 },
        { itemType: '07', name: '行政确认', count: 1 },
      ],
      byDepartment: [{ departmentId: d.id, name: '统计测试局', count: 4 }],
      comparable: 3,
      averageLegalDays: 18.3333, // (20 + 20 + 15) / 3
      averagePromisedDays: 5, // (5 + 0 + 10) / 3
      totalLegalDays: 55,
      totalPromisedDays: 15,
      compressionRate: 0.7273, // 1 − 15/55
      withinFiveDaysRate: 0.5, // A and B of 4
      immediateRate: 0.25,
      zeroTripRate: 0.25,
      atMostOneTripRate: 0.75,
      fullyOnlineRate: 0.5,
    });
  });
});

describe('guide (办事指南)', () => {
  it('renders the public guide PDF with Chinese text, an embedded font and the QR code', async () => {
    const created = (await post('/api/admin/items', content(dept, { name: '食品小作坊登记（新办）', fees: { free: false, items: [{ name: '登记费', standard: '每件80元', basis: '发改价格规〔2016〕2559号' }] } }))).json().item;
    expect((await t.app.inject({ url: `/api/catalog/items/${created.id}/guide.pdf` })).statusCode).toBe(404);
    await post(`/api/admin/items/${created.id}/publish`, {});
    const pdf = await t.app.inject({ url: `/api/catalog/items/${created.id}/guide.pdf` });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const raw = pdf.rawPayload;
    expect(raw.subarray(0, 5).toString()).toBe('%PDF-');
    expect(raw.toString('latin1')).toMatch(/\/FontFile3?/);
    expect(raw.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansHans/);
    expect(raw.toString('latin1')).toContain('/Subtype /Image');
    const text = extractPdfText(raw).replace(/\s+/g, '');
    for (const expected of ['食品小作坊登记（新办）', '办事指南', '《中华人民共和国食品安全法》第三十五条', '食品经营许可申请书', '可用电子证照「营业执照」替代', '登记费：每件80元', '法定办结时限：20个工作日', '承诺办结时限：5个工作日', '0次（零跑动）', '扫码网上申请', '0435-4221001']) {
      expect(text).toContain(expected);
    }
  });
});

describe('application forms for download (空白表 and 样表)', () => {
  it('draws the item\'s own form blank and filled with examples, named in Chinese', async () => {
    const formFields = [
      { key: 'operatorName', label: '经营者名称', type: 'text' as const, required: true, maxLength: 100 },
      { key: 'businessType', label: '主体业态', type: 'select' as const, required: true, options: ['食品销售经营者', '餐饮服务经营者'] },
      { key: 'contactPhone', label: '联系电话', type: 'phone' as const, required: true },
    ];
    const created = (await post('/api/admin/items', content(dept, { name: '食品小摊点登记（新办）', formFields }))).json().item;
    expect((await t.app.inject({ url: `/api/catalog/items/${created.id}/form.pdf` })).statusCode).toBe(404);
    await post(`/api/admin/items/${created.id}/publish`, {});

    const blank = await t.app.inject({ url: `/api/catalog/items/${created.id}/form.pdf` });
    expect(blank.statusCode).toBe(200);
    expect(blank.headers['content-type']).toBe('application/pdf');
    expect(blank.headers['content-disposition']).toBe(`inline; filename="document.pdf"; filename*=UTF-8''${encodeURIComponent('食品小摊点登记（新办）申请表（空白表）.pdf')}`);
    const blankText = extractPdfText(blank.rawPayload).replace(/\s+/g, '');
    for (const expected of ['食品小摊点登记（新办）申请表', '单位名称', '统一社会信用代码', '经营者名称（必填）', '□食品销售经营者', '□餐饮服务经营者', '联系电话（必填）', '申请人（签字或盖章）']) expect(blankText).toContain(expected);
    expect(blankText).not.toContain('梅河口市某某餐饮有限公司');

    const sample = await t.app.inject({ url: `/api/catalog/items/${created.id}/form.pdf?kind=sample` });
    expect(sample.headers['content-disposition']).toContain(encodeURIComponent('申请表（样表）.pdf'));
    const sampleText = extractPdfText(sample.rawPayload).replace(/\s+/g, '');
    for (const expected of ['样表', '梅河口市某某餐饮有限公司', '■食品销售经营者', '□餐饮服务经营者', '13804350000', '本样表中的内容仅为填写示例']) expect(sampleText).toContain(expected);

    const wrong = await t.app.inject({ url: `/api/catalog/items/${created.id}/form.pdf?kind=filled` });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toMatchObject({ code: 'VALIDATION_FAILED', message: '类型：不在可选范围内，请重新选择', details: [{ field: 'query.kind', label: '类型' }] });
  });
});
