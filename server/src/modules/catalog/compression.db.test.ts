import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { loginCookie, makeCentre, makeDepartment, makeUser } from '../../test/factories.js';
import { composeItemCode } from './codes.js';
import type { TItemContent } from './schema.js';

/**
 * 承诺时限压缩 between two catalogue rounds, over a hand-made history written through the admin
 * API and dated by moving each version's timestamp (China time):
 *
 *   item  published (A-round)          change before B          B-round
 *   1     03-01  promised 10 / legal 20  05-01 → promised 6      6 / 20
 *   2     03-01  promised  8 / legal 20  05-01 → promised 5      5 / 20
 *   3     03-01  当场办结 (0) / legal 20  —                      0 / 20
 *   4     03-31 23:00 promised 4 / legal 15 (counts for 03-31)   4 / 15
 *   5     03-01  promised 12 / legal 30  05-02 cancelled         —
 *   6     —                              05-03 published 3 / 10  3 / 10
 *   7     a draft (no version)           never counted
 * A = 2025-03-31: items 1–5; promised 10+8+0+4+12 = 34, average 6.8; legal 105 → 1 − 34/105;
 *   within 5 days: items 3, 4 → 2/5 = 40 %.
 * B = 2025-06-30: items 1, 2, 3, 4, 6; promised 6+5+0+4+3 = 18, average 3.6; legal 85 → 1 − 18/85;
 *   within 5 days: items 2, 3, 4, 6 → 4/5 = 80 %.
 * Change: −16 working days, −16/34 = −47.06 %; average −3.2; within five +40 points.
 * Another centre's item (published 03-01, 7 / 20) counts for the public figures only.
 */
let t: TestApp;
let admin: string;
let mainNo = 300;

const at = (day: string, time = '10:00') => new Date(`${day}T${time}:00+08:00`);

function content(d: { id: number; credit_code: string }, limits: { promised: string; legal?: string; kind?: 'immediate' | 'promised' }): TItemContent {
  return {
    code: composeItemCode({ creditCode: d.credit_code, level: 4, division: '220581', itemType: '01', mainNo: mainNo++, handlingNo: 0 }),
    name: `压缩测试事项${mainNo}`,
    departmentId: d.id,
    implementingBody: '',
    kind: limits.kind ?? 'promised',
    legalLimitText: limits.legal ?? '20个工作日',
    promisedLimitText: limits.promised,
    description: '',
    conditions: '',
    legalBasis: [{ law: '《中华人民共和国行政许可法》', articles: '第四十二条' }],
    materials: [],
    fees: { free: true, items: [] },
    trips: 1,
    onlineDepth: 2,
    channels: ['window'],
    windows: '',
    consultPhone: '',
    complaintPhone: '',
    process: [],
    target: 'both',
    themes: [],
    formFields: [],
  };
}

beforeAll(async () => {
  t = await createTestApp();
  const centre = await makeCentre(t.db);
  const dept = await makeDepartment(t.db, centre, '梅河口市压缩测试局');
  admin = await loginCookie(t.app, (await makeUser(t.db, 'admin', { centreId: centre.id })).username);
  const other = await makeCentre(t.db);
  const otherDept = await makeDepartment(t.db, other, '另一中心测试局');
  const otherAdmin = await loginCookie(t.app, (await makeUser(t.db, 'admin', { centreId: other.id })).username);

  const post = async (url: string, payload: object, cookie = admin) => {
    const response = await t.app.inject({ method: 'POST', url, payload, headers: { cookie } });
    expect(response.statusCode, response.body).toBeLessThan(300);
    return response.json().item as { id: number; code: string };
  };
  /** Runs one step and dates the version it wrote. */
  const dated = async (itemId: number, when: Date, step: () => Promise<unknown>) => {
    await step();
    const newest = await t.db.selectFrom('service_item_versions').select('id').where('item_id', '=', itemId).orderBy('version_no', 'desc').executeTakeFirstOrThrow();
    await t.db.updateTable('service_item_versions').set({ created_at: when }).where('id', '=', newest.id).execute();
  };
  const publishedItem = async (limits: Parameters<typeof content>[1], when: Date, cookie = admin, d = dept) => {
    const item = await post('/api/admin/items', content(d, limits), cookie);
    await dated(item.id, when, () => post(`/api/admin/items/${item.id}/publish`, {}, cookie));
    return item;
  };
  const change = (item: { id: number; code: string }, limits: Parameters<typeof content>[1], when: Date) =>
    dated(item.id, when, () => post(`/api/admin/items/${item.id}/change`, { reason: '第四次集中压缩承诺时限', item: { ...content(dept, limits), code: item.code } }));

  const item1 = await publishedItem({ promised: '10个工作日' }, at('2025-03-01'));
  const item2 = await publishedItem({ promised: '8个工作日' }, at('2025-03-01'));
  await publishedItem({ promised: '当场办结', kind: 'immediate' }, at('2025-03-01'));
  await publishedItem({ promised: '4个工作日', legal: '15个工作日' }, at('2025-03-31', '23:00'));
  const item5 = await publishedItem({ promised: '12个工作日', legal: '30个工作日' }, at('2025-03-01'));
  await change(item1, { promised: '6个工作日' }, at('2025-05-01'));
  await change(item2, { promised: '5个工作日' }, at('2025-05-01'));
  await dated(item5.id, at('2025-05-02'), () => post(`/api/admin/items/${item5.id}/cancel`, { reason: '上级取消该事项' }));
  await publishedItem({ promised: '3个工作日', legal: '10个工作日' }, at('2025-05-03'));
  await post('/api/admin/items', content(dept, { promised: '1个工作日' }));
  await publishedItem({ promised: '7个工作日' }, at('2025-03-01'), otherAdmin, otherDept);
});
afterAll(() => t.destroy());

describe('承诺时限压缩 between catalogue rounds', () => {
  it('compares the centre’s catalogue at two dates, as counted by hand', async () => {
    const response = await t.app.inject({ url: '/api/admin/items/stats/compression?from=2025-03-31&to=2025-06-30', headers: { cookie: admin } });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.from).toEqual({
      date: '2025-03-31',
      items: 5,
      counted: 5,
      totalPromisedDays: 34,
      averagePromisedDays: 6.8,
      withinFiveDays: 2,
      withinFiveDaysRate: 0.4,
      comparable: 5,
      totalLegalDays: 105,
      comparablePromisedDays: 34,
      compressionRate: Math.round((1 - 34 / 105) * 10000) / 10000,
    });
    expect(body.to).toEqual({
      date: '2025-06-30',
      items: 5,
      counted: 5,
      totalPromisedDays: 18,
      averagePromisedDays: 3.6,
      withinFiveDays: 4,
      withinFiveDaysRate: 0.8,
      comparable: 5,
      totalLegalDays: 85,
      comparablePromisedDays: 18,
      compressionRate: Math.round((1 - 18 / 85) * 10000) / 10000,
    });
    expect(body.change).toEqual({ promisedDays: -16, promisedDaysRate: -0.4706, averagePromisedDays: -3.2, withinFiveDaysRate: 0.4 });
  });

  it('reads the catalogue as it stood at the end of the day, and the public figures cover every centre', async () => {
    // 03-30: item 4 (published 03-31 23:00) is not there yet; 05-01: items 1 and 2 already changed, item 5 not yet cancelled.
    const early = (await t.app.inject({ url: '/api/admin/items/stats/compression?from=2025-03-30&to=2025-05-01', headers: { cookie: admin } })).json();
    expect(early.from).toMatchObject({ items: 4, totalPromisedDays: 30 });
    expect(early.to).toMatchObject({ items: 5, totalPromisedDays: 6 + 5 + 0 + 4 + 12 });
    // Before anything was published: nothing to count, no rates.
    const empty = (await t.app.inject({ url: '/api/catalog/stats/compression?from=2024-12-31&to=2025-03-31' })).json();
    expect(empty.from).toMatchObject({ items: 0, totalPromisedDays: 0, averagePromisedDays: null, withinFiveDaysRate: null, compressionRate: null });
    expect(empty.to).toMatchObject({ items: 6, totalPromisedDays: 34 + 7 });
    expect(empty.change.promisedDaysRate).toBeNull();
  });

  it('refuses a reversed or malformed period with VALIDATION_FAILED', async () => {
    const reversed = await t.app.inject({ url: '/api/catalog/stats/compression?from=2025-06-30&to=2025-03-31' });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error).toMatchObject({ code: 'VALIDATION_FAILED', message: '对比起点不能晚于终点' });
    const malformed = await t.app.inject({ url: '/api/catalog/stats/compression?from=2025-6-30&to=2025-07-01' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('VALIDATION_FAILED');
  });
});
