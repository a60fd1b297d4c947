import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { makeCentre, makeDepartment, makeItem, makeUser } from '../../test/factories.js';

/**
 * Rates and rankings checked against known ratings: three departments, two windows, three staff,
 * two items, across March and April 2026 (China time), one rating found invalid on appeal.
 * Every expected number below is worked out by hand from the table, not by the code under test.
 */

let t: TestApp;
const ids = { D1: 0, D2: 0, D3: 0, W1: 0, W2: 0, S1: 0, S2: 0, S3: 0, I1: 0, I2: 0 };
const names: Record<string, string> = {};

// [China time, department, window, staff, item, level]
const TABLE: [string, 'D1' | 'D2' | 'D3', 'W1' | 'W2', 'S1' | 'S2' | 'S3', 'I1' | 'I2', number][] = [
  ['2026-03-02T09:00', 'D1', 'W1', 'S1', 'I1', 5], // 1
  ['2026-03-02T10:00', 'D1', 'W1', 'S1', 'I1', 5], // 2
  ['2026-03-03T09:00', 'D1', 'W1', 'S2', 'I1', 4], // 3
  ['2026-03-04T09:00', 'D1', 'W2', 'S2', 'I1', 3], // 4
  ['2026-03-05T09:00', 'D1', 'W2', 'S2', 'I1', 2], // 5
  ['2026-03-06T09:00', 'D2', 'W2', 'S3', 'I2', 5], // 6
  ['2026-03-09T09:00', 'D2', 'W2', 'S3', 'I2', 4], // 7
  ['2026-03-10T09:00', 'D2', 'W2', 'S3', 'I2', 4], // 8
  ['2026-03-11T09:00', 'D2', 'W1', 'S1', 'I2', 1], // 9
  ['2026-03-12T09:00', 'D2', 'W2', 'S3', 'I2', 1], // 10
  ['2026-03-13T09:00', 'D2', 'W2', 'S3', 'I2', 5], // 11
  ['2026-03-16T09:00', 'D3', 'W1', 'S1', 'I1', 5], // 12
  ['2026-03-31T23:30', 'D3', 'W1', 'S1', 'I1', 5], // 13: still March in China (15:30 UTC)
  ['2026-04-01T00:10', 'D3', 'W1', 'S1', 'I1', 1], // 14: April in China, though March 31 in UTC
  ['2026-04-10T09:00', 'D1', 'W2', 'S2', 'I1', 5], // 15
  ['2026-05-06T09:00', 'D1', 'W1', 'S1', 'I1', 4], // 16: May, a tie
  ['2026-05-06T10:00', 'D2', 'W2', 'S3', 'I2', 4], // 17
  ['2026-05-07T09:00', 'D3', 'W1', 'S1', 'I1', 3], // 18
];
// A 非常不满意 for D1 / W1 / S1 that a supervisor found malicious: it counts nowhere.
const INVALID: (typeof TABLE)[number] = ['2026-03-20T09:00', 'D1', 'W1', 'S1', 'I1', 1];

beforeAll(async () => {
  t = await createTestApp();
  const centre = await makeCentre(t.db);
  for (const d of ['D1', 'D2', 'D3'] as const) {
    const row = await makeDepartment(t.db, centre, `排名测试局${d}`);
    ids[d] = row.id;
    names[d] = row.name;
  }
  for (const [n, window] of [['W1', '01'], ['W2', '02']] as const) {
    const row = await t.db.insertInto('windows').values({ centre_id: centre.id, number: window, name: `综合窗口${window}` }).returning(['id', 'number', 'name']).executeTakeFirstOrThrow();
    ids[n] = row.id;
    names[n] = `${row.number} ${row.name}`;
  }
  for (const s of ['S1', 'S2', 'S3'] as const) {
    const row = await makeUser(t.db, 'clerk', { centreId: centre.id });
    await t.db.updateTable('users').set({ display_name: `窗口人员${s}` }).where('id', '=', row.id).execute();
    ids[s] = row.id;
    names[s] = `窗口人员${s}`;
  }
  for (const i of ['I1', 'I2'] as const) {
    const row = await makeItem(t.db, ids.D1);
    ids[i] = row.id;
    names[i] = row.name;
  }
  for (const row of [...TABLE, INVALID]) {
    const [at, d, window, staff, item, level] = row;
    const ratedAt = new Date(`${at}:00+08:00`);
    const service = await t.db
      .insertInto('window_services')
      .values({ window_id: ids[window], clerk_id: ids[staff], started_at: ratedAt, closed_at: ratedAt })
      .returning('id')
      .executeTakeFirstOrThrow();
    const rating = await t.db
      .insertInto('ratings')
      .values({ channel: 'window', window_service_id: service.id, level, department_id: ids[d], window_id: ids[window], staff_id: ids[staff], item_id: ids[item], created_at: ratedAt })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (row === INVALID) {
      await t.db.insertInto('rectifications').values({ rating_id: rating.id, department_id: ids.D1, due_date: '2026-03-27', status: 'invalid', region_code: centre.region_code }).execute();
    }
  }
});
afterAll(() => t.destroy());

const stats = async (query: string) => {
  const response = await t.app.inject(`/api/ratings/stats?${query}`);
  expect(response.statusCode).toBe(200);
  return response.json().rows as Record<string, unknown>[];
};
const MARCH = 'from=2026-03-01&to=2026-03-31';

describe('satisfaction and 差评 rates against the ratings behind them', () => {
  it('by department in March, ranked among those with at least 3 ratings', async () => {
    expect(await stats(`by=department&${MARCH}&minCount=3`)).toEqual([
      // D1: 5 5 4 3 2 (the invalid 1 left out): 4 of 5 satisfied, 1 差评, average 19/5
      { key: ids.D1, name: names.D1, total: 5, satisfied: 4, bad: 1, average: 3.8, satisfactionRate: 0.8, badRate: 0.2, rank: 1 },
      // D2: 5 4 4 1 1 5: 4 of 6, 2 差评, average 20/6
      { key: ids.D2, name: names.D2, total: 6, satisfied: 4, bad: 2, average: 3.33, satisfactionRate: 4 / 6, badRate: 2 / 6, rank: 2 },
    ]);
    // D3 has only 2 ratings in March: below the minimum it is not ranked; with no minimum it leads.
    const all = await stats(`by=department&${MARCH}&minCount=1`);
    expect(all.map((r) => [r.key, r.total, r.satisfactionRate, r.rank])).toEqual([
      [ids.D3, 2, 1, 1],
      [ids.D1, 5, 0.8, 2],
      [ids.D2, 6, 4 / 6, 3],
    ]);
  });

  it('by window and by staff member: the monthly 文明窗口 and staff ranking', async () => {
    expect(await stats(`by=window&${MARCH}&minCount=5`)).toEqual([
      // W1: 5 5 4 1 5 5
      { key: ids.W1, name: names.W1, total: 6, satisfied: 5, bad: 1, average: 4.17, satisfactionRate: 5 / 6, badRate: 1 / 6, rank: 1 },
      // W2: 3 2 5 4 4 1 5
      { key: ids.W2, name: names.W2, total: 7, satisfied: 5, bad: 2, average: 3.43, satisfactionRate: 5 / 7, badRate: 2 / 7, rank: 2 },
    ]);
    // S1 (5 5 1 5 5) and S3 (5 4 4 1 5) both 80 % satisfied: the higher average ranks first;
    // S2 (4 3 2) has 3 ratings, below the minimum of 4.
    expect(await stats(`by=staff&${MARCH}&minCount=4`)).toEqual([
      { key: ids.S1, name: names.S1, total: 5, satisfied: 4, bad: 1, average: 4.2, satisfactionRate: 0.8, badRate: 0.2, rank: 1 },
      { key: ids.S3, name: names.S3, total: 5, satisfied: 4, bad: 1, average: 3.8, satisfactionRate: 0.8, badRate: 0.2, rank: 2 },
    ]);
    expect((await stats(`by=staff&${MARCH}&minCount=1`)).map((r) => [r.key, r.total, r.bad, r.rank])).toEqual([
      [ids.S1, 5, 1, 1],
      [ids.S3, 5, 1, 2],
      [ids.S2, 3, 1, 3],
    ]);
  });

  it('by item, and equal results share a rank', async () => {
    expect((await stats(`by=item&${MARCH}&minCount=1`)).map((r) => [r.key, r.total, r.satisfied, r.bad, r.average])).toEqual([
      [ids.I1, 7, 6, 1, 4.14], // 5 5 4 3 2 5 5
      [ids.I2, 6, 4, 2, 3.33], // 5 4 4 1 1 5
    ]);
    // May: D1 (4) and D2 (4) are both all satisfied with average 4 and share rank 1; D3 (3) is
    // satisfied too but with a lower average, third.
    expect((await stats('by=department&from=2026-05-01&to=2026-05-31&minCount=1')).map((r) => [r.name, r.satisfactionRate, r.average, r.rank])).toEqual([
      [names.D1, 1, 4, 1],
      [names.D2, 1, 4, 1],
      [names.D3, 1, 3, 3],
    ]);
  });

  it('by month in China time, and the month boundary at midnight China time', async () => {
    expect(await stats('by=month&from=2026-03-01&to=2026-04-30&minCount=1')).toEqual([
      // 13 ratings in March: 10 satisfied, 3 差评 (2, 1, 1), sum 49
      { key: '2026-03', name: '2026-03', total: 13, satisfied: 10, bad: 3, average: 3.77, satisfactionRate: 10 / 13, badRate: 3 / 13, rank: null },
      { key: '2026-04', name: '2026-04', total: 2, satisfied: 1, bad: 1, average: 3, satisfactionRate: 0.5, badRate: 0.5, rank: null },
    ]);
    expect((await stats('by=department&from=2026-04-01&to=2026-04-30&minCount=1')).map((r) => [r.key, r.total, r.bad])).toEqual([
      [ids.D1, 1, 0],
      [ids.D3, 1, 1],
    ]);
  });

  it('refuses an unknown dimension and a bad date', async () => {
    expect((await t.app.inject(`/api/ratings/stats?by=region&${MARCH}`)).json().error.code).toBe('VALIDATION_FAILED');
    expect((await t.app.inject('/api/ratings/stats?by=window&from=2026-13-01&to=2026-03-31')).json().error.code).toBe('VALIDATION_FAILED');
  });
});
