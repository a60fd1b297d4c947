import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { loginCookie, makeCentre, makeUser, makeWorld, toActorOf } from '../../test/factories.js';
import * as cases from '../cases/service.js';
import { visibleCases } from '../cases/policy.js';
import { regionPrefix, regionProblem } from './regions.js';
import { validateRegionTree } from './service.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;
let adminCookie: string;
const TOWN_A = '220581100000';
const TOWN_B = '220581101000';
const VILLAGE_A1 = '220581100201';

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t.db);
  // The world's county has no parents in the factories; give it its province and city.
  await t.db.insertInto('regions').values([
    { code: '220000', name: '吉林省', parent_code: null, level: 'province' },
    { code: '220500', name: '通化市', parent_code: '220000', level: 'city' },
  ]).execute();
  await t.db.updateTable('regions').set({ parent_code: '220500' }).where('code', 'in', ['220581', '220582']).execute();
  adminCookie = await loginCookie(t.app, w.admin.username);
});
afterAll(() => t.destroy());

const api = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, cookie: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload && { payload }) });

describe('region codes (统计用区划代码)', () => {
  it('knows each level by its shape and each subtree by its prefix', () => {
    expect(['220000', '220500', '220581', TOWN_A, VILLAGE_A1, '220581000000'].map(regionPrefix)).toEqual(['22', '2205', '220581', '220581100', VILLAGE_A1, '220581']);
    expect(regionProblem({ code: TOWN_A, level: 'town', parent: { code: '220581', level: 'county' } })).toBeNull();
    expect(regionProblem({ code: '22058110000', level: 'town', parent: { code: '220581', level: 'county' } })).toBe('区划代码应为 12 位数字（统计用区划代码）');
    expect(regionProblem({ code: VILLAGE_A1, level: 'town', parent: { code: '220581', level: 'county' } })).toBe('代码 220581100201 的格式不是乡镇（街道）级代码');
    expect(regionProblem({ code: '220582100000', level: 'town', parent: { code: '220581', level: 'county' } })).toBe('代码 220582100000 不以上级区划的代码 220581 开头');
    expect(regionProblem({ code: '220581101201', level: 'village', parent: { code: TOWN_A, level: 'town' } })).toBe('代码 220581101201 不以上级区划的代码 220581100 开头');
    expect(regionProblem({ code: TOWN_A, level: 'town', parent: null })).toBe('乡镇（街道）须有上级区划');
  });

  it('an administrator adds towns and villages through the API; wrong codes are refused with the reason', async () => {
    const town = await api('POST', '/api/admin/regions', adminCookie, { code: TOWN_A, name: '山城镇', parentCode: '220581', level: 'town' });
    expect(town.statusCode).toBe(200);
    expect(town.json()).toEqual({ code: TOWN_A, statCode: TOWN_A, name: '山城镇', level: 'town', parentCode: '220581' });
    expect((await api('POST', '/api/admin/regions', adminCookie, { code: TOWN_B, name: '红梅镇', parentCode: '220581', level: 'town' })).statusCode).toBe(200);
    expect((await api('POST', '/api/admin/regions', adminCookie, { code: VILLAGE_A1, name: '中兴村', parentCode: TOWN_A, level: 'village' })).statusCode).toBe(200);

    const misplaced = await api('POST', '/api/admin/regions', adminCookie, { code: '220581101202', name: '错位村', parentCode: TOWN_A, level: 'village' });
    expect(misplaced.statusCode).toBe(400);
    expect(misplaced.json().error.details).toEqual([{ field: 'body.code', label: '代码', message: '代码 220581101202 不以上级区划的代码 220581100 开头' }]);
    const duplicate = await api('POST', '/api/admin/regions', adminCookie, { code: TOWN_A, name: '山城镇', parentCode: '220581', level: 'town' });
    expect(duplicate.statusCode).toBe(409);
    // Another county's subtree is not this administrator's to extend.
    expect((await api('POST', '/api/admin/regions', adminCookie, { code: '220582100000', name: '外县镇', parentCode: '220582', level: 'town' })).statusCode).toBe(404);

    const tree = await t.app.inject({ method: 'GET', url: '/api/regions?under=220581' });
    expect(tree.json().regions.map((r: { statCode: string; level: string }) => [r.statCode, r.level])).toEqual([
      ['220581000000', 'county'],
      [TOWN_A, 'town'],
      [VILLAGE_A1, 'village'],
      [TOWN_B, 'town'],
    ]);
  });

  it('the database refuses a bad tree on write, and the whole stored tree validates', async () => {
    const insert = (code: string, parent: string | null, level: 'town' | 'village' | 'county') =>
      t.db.insertInto('regions').values({ code, name: '坏数据', parent_code: parent, level }).execute();
    await expect(insert('220581102201', TOWN_A, 'village')).rejects.toThrow(/does not start with its parent's prefix 220581100/);
    await expect(insert('220581103000', null, 'town')).rejects.toThrow(/needs its parent/);
    await expect(insert('220581104001', '220581', 'town')).rejects.toThrow(/regions_stat_code_shape/);
    await expect(insert('2205811050', '220581', 'town')).rejects.toThrow(/regions_code_check/);
    await expect(insert('220581106000', VILLAGE_A1, 'town')).rejects.toThrow(/a town cannot sit under a village/);
    expect(await validateRegionTree(t.db)).toEqual([]);
    // A row that slipped past (loaded with triggers off, as a restore may do) is reported.
    await t.db.transaction().execute(async (trx) => {
      await sql`ALTER TABLE regions DISABLE TRIGGER regions_check_parent`.execute(trx);
      await trx.insertInto('regions').values({ code: '220581101299', name: '挂错村', parent_code: TOWN_A, level: 'village' }).execute();
      await sql`ALTER TABLE regions ENABLE TRIGGER regions_check_parent`.execute(trx);
    });
    expect(await validateRegionTree(t.db)).toEqual([{ code: '220581101299', name: '挂错村', problem: '代码 220581101299 不以上级区划的代码 220581100 开头' }]);
    await t.db.deleteFrom('regions').where('code', '=', '220581101299').execute();
    const problems = await api('GET', '/api/regions/problems', adminCookie);
    expect(problems.json()).toEqual({ problems: [] });
  });
});

describe('centres at every level and subtree visibility', () => {
  it('opens a town centre and a village point, each level sees only its subtree', async () => {
    const town = await api('POST', '/api/admin/centres', adminCookie, {
      name: '山城镇便民服务中心',
      kind: 'town_centre',
      regionCode: TOWN_A,
      parentCentreId: w.centre.id,
      address: '山城镇人民路 18 号',
      hours: '周一至周五 8:30–17:00',
      functionalAreas: ['综合受理区', '等候区'],
    });
    expect(town.statusCode).toBe(200);
    expect(town.json()).toMatchObject({ kind: 'town_centre', level: 'town', regionName: '山城镇', functionalAreas: ['综合受理区', '等候区'], active: true });
    const townId = town.json().id as number;
    // A town centre cannot sit on a county code, nor a village point on a town.
    expect((await api('POST', '/api/admin/centres', adminCookie, { name: '错层中心', kind: 'town_centre', regionCode: '220581' })).statusCode).toBe(400);
    const point = await api('POST', '/api/admin/centres', adminCookie, { name: '中兴村代办点', kind: 'agency_point', regionCode: VILLAGE_A1, parentCentreId: townId });
    expect(point.statusCode).toBe(200);
    const otherTown = await api('POST', '/api/admin/centres', adminCookie, { name: '红梅镇便民服务中心', kind: 'town_centre', regionCode: TOWN_B, parentCentreId: w.centre.id });

    const listed = await t.app.inject({ method: 'GET', url: `/api/centres?region=${TOWN_A}` });
    expect(listed.json().centres.map((c: { name: string }) => c.name)).toEqual(['山城镇便民服务中心', '中兴村代办点']);

    // A case received at each town centre (收件转报 of a county item): the town's clerk registers it.
    await t.db.insertInto('centre_items').values([
      { centre_id: townId, item_id: w.itemA.id, mode: 'forward' },
      { centre_id: otherTown.json().id, item_id: w.itemA.id, mode: 'forward' },
    ]).execute();
    const townClerk = await makeUser(t.db, 'clerk', { centreId: townId, regionCode: TOWN_A });
    const otherClerk = await makeUser(t.db, 'clerk', { centreId: otherTown.json().id, regionCode: TOWN_B });
    const person = (n: string) => ({ kind: 'natural' as const, name: '村民' + n, identityNumber: '', phone: '13900000000' });
    const { withResidentCheck } = await import('../../util/identity.js');
    const walkIn = (clerk: typeof townClerk, n: string) =>
      cases.registerWalkIn({
        db: t.db,
        actor: toActorOf(clerk),
        applicant: { ...person(n), identityNumber: withResidentCheck(`22058119700101${n}`) },
        itemId: w.itemA.id,
        formData: { name: '村民申请', phone: '13900000000' },
        checklist: [],
        acceptNow: true,
      });
    const inTownA = await walkIn(townClerk, '111');
    const inTownB = await walkIn(otherClerk, '222');
    const stored = await t.db.selectFrom('cases').select(['id', 'centre_id', 'region_code', 'status']).where('id', 'in', [inTownA.caseId, inTownB.caseId]).orderBy('centre_id').execute();
    expect(stored).toEqual([
      { id: inTownA.caseId, centre_id: townId, region_code: '220581', status: 'accepted' },
      { id: inTownB.caseId, centre_id: otherTown.json().id, region_code: '220581', status: 'accepted' },
    ]);

    const seenBy = async (regionCode: string) => {
      const supervisor = await makeUser(t.db, 'supervisor', { regionCode });
      const rows = await t.db.selectFrom('cases').select('id').where(visibleCases(toActorOf(supervisor))).where('id', 'in', [inTownA.caseId, inTownB.caseId]).execute();
      return rows.map((r) => r.id).sort();
    };
    expect(await seenBy(TOWN_A)).toEqual([inTownA.caseId]);
    expect(await seenBy(TOWN_B)).toEqual([inTownB.caseId]);
    expect(await seenBy('220581')).toEqual([inTownA.caseId, inTownB.caseId].sort());
    expect(await seenBy('220500')).toEqual([inTownA.caseId, inTownB.caseId].sort());
    expect(await seenBy('220582')).toEqual([]);
    expect(await seenBy(VILLAGE_A1)).toEqual([]);
    // A town's clerk works their own centre's queue only.
    const mine = await t.db.selectFrom('cases').select('id').where(visibleCases(toActorOf(townClerk))).execute();
    expect(mine.map((r) => r.id)).toEqual([inTownA.caseId]);
  });

  it('a walk-in for an item the centre neither owns nor offers is still not this window\'s business', async () => {
    const centre = await makeCentre(t.db, '220582');
    const clerk = await makeUser(t.db, 'clerk', { centreId: centre.id, regionCode: '220582' });
    const { withResidentCheck } = await import('../../util/identity.js');
    await expect(
      cases.registerWalkIn({
        db: t.db,
        actor: toActorOf(clerk),
        applicant: { kind: 'natural', name: '外县群众', identityNumber: withResidentCheck('22058219700101333'), phone: '13900000000' },
        itemId: w.itemB.id,
        formData: { name: '申请', phone: '13900000000' },
        checklist: [],
        acceptNow: false,
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
