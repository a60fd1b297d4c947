import type { Tx } from '../db/database.js';
import { withCreditCheck } from '../util/identity.js';

/** Demo accounts of the four-level network (listed in DEMO_ACCOUNTS and the README). */
export const NETWORK_DEMO_ACCOUNTS = [
  { username: 'townclerk1', role: '乡镇便民服务中心窗口（山城镇）', name: '周丽' },
  { username: 'villageagent1', role: '村代办员（山城镇中兴村代办点）', name: '吴桂兰' },
  { username: 'clerk2', role: '综合受理窗口（集安市，通办）', name: '郑凯' },
] as const;

/** 梅河口市's towns and villages with 12-digit 统计用区划代码, and a second county for 通办. */
export const DEMO_TOWNS = [
  { code: '220581100000', name: '山城镇' },
  { code: '220581101000', name: '红梅镇' },
] as const;
export const DEMO_VILLAGES = [
  { code: '220581100201', name: '中兴村', town: '220581100000' },
  { code: '220581100202', name: '新立村', town: '220581100000' },
  { code: '220581101203', name: '红梅村', town: '220581101000' },
] as const;
export const DEMO_SECOND_COUNTY = '220582';

/** Items the demo's guiding list holds: accepted in towns (收件转报), applied for by village agents (代办). */
const GUIDING_ITEMS = ['临时救助', '80周岁以上老年人高龄津贴发放', '困难残疾人生活补贴和重度残疾人护理补贴'];
/** On the 通办 list: any centre accepts them for 梅河口市, whose departments decide. */
const TONGBAN_ITEMS = ['无犯罪记录证明开具', '个体工商户设立登记', '临时救助'];

/**
 * The network below and beside the county centre: two towns and three villages, a town centre with
 * two windows and a clerk, two village points (one with an agent), and 集安市's centre with a clerk
 * who accepts 梅河口市's 通办 items.
 */
export async function seedDemoNetwork(trx: Tx, options: { countyCentreId: number; countyCode: string; passwordHash: string }): Promise<void> {
  const { countyCentreId, countyCode, passwordHash } = options;
  await trx.insertInto('regions').values(DEMO_TOWNS.map((t) => ({ code: t.code, name: t.name, parent_code: countyCode, level: 'town' as const }))).execute();
  await trx.insertInto('regions').values(DEMO_VILLAGES.map((v) => ({ code: v.code, name: v.name, parent_code: v.town, level: 'village' as const }))).execute();
  await trx.insertInto('regions').values({ code: DEMO_SECOND_COUNTY, name: '集安市', parent_code: '220500', level: 'county' }).execute();

  const hours = '周一至周五 8:30–11:30，13:00–17:00（节假日按国家规定）';
  const town = await trx
    .insertInto('centres')
    .values({
      name: '山城镇便民服务中心',
      kind: 'town_centre',
      region_code: DEMO_TOWNS[0].code,
      parent_centre_id: countyCentreId,
      address: '梅河口市山城镇人民路 18 号',
      phone: '0435-4310001',
      hours,
      functional_areas: JSON.stringify(['综合受理区', '自助服务区', '等候区']),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const [zhongxing] = await trx
    .insertInto('centres')
    .values([
      {
        name: '中兴村代办点',
        kind: 'agency_point',
        region_code: DEMO_VILLAGES[0].code,
        parent_centre_id: town.id,
        address: '山城镇中兴村村民委员会一楼',
        hours: '周一至周五 8:30–16:30',
        public_note: '村委会一楼便民服务室',
      },
      { name: '新立村便民服务站', kind: 'village_station', region_code: DEMO_VILLAGES[1].code, parent_centre_id: town.id, address: '山城镇新立村村民委员会', hours: '周一至周五 8:30–16:30' },
    ])
    .returning('id')
    .execute();
  const ji_an = await trx
    .insertInto('centres')
    .values({ name: '集安市政务服务中心', region_code: DEMO_SECOND_COUNTY, address: '集安市胜利路 1 号', phone: '0435-6221234', hours, functional_areas: JSON.stringify(['综合受理区', '出件区']) })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('departments')
    .values({ name: '集安市市场监督管理局', credit_code: withCreditCheck('11220582MB1234560'), region_code: DEMO_SECOND_COUNTY, centre_id: ji_an.id, phone: '0435-6221001' })
    .execute();

  const items = await trx.selectFrom('service_items').select(['id', 'name']).where('name', 'in', [...GUIDING_ITEMS, ...TONGBAN_ITEMS]).where('parent_id', 'is', null).execute();
  const itemId = (name: string) => items.find((i) => i.name === name)!.id;
  await trx
    .insertInto('item_level_modes')
    .values(
      GUIDING_ITEMS.flatMap((name) => [
        { item_id: itemId(name), level: 'town' as const, mode: 'forward' as const, guiding: true },
        { item_id: itemId(name), level: 'village' as const, mode: 'agency' as const, guiding: true },
      ]),
    )
    .execute();
  // The town offers two of the three guiding items so far: the compliance report names the third.
  await trx.insertInto('centre_items').values(GUIDING_ITEMS.slice(0, 2).map((name) => ({ centre_id: town.id, item_id: itemId(name), mode: 'forward' as const }))).execute();
  await trx.insertInto('centre_items').values(GUIDING_ITEMS.map((name) => ({ centre_id: zhongxing!.id, item_id: itemId(name), mode: 'agency' as const }))).execute();
  await trx.insertInto('tongban_items').values(TONGBAN_ITEMS.map((name) => ({ item_id: itemId(name), added_by: null }))).execute();

  const townWindows = await trx
    .insertInto('windows')
    .values([
      { centre_id: town.id, number: '01', name: '综合受理窗口', kind: 'comprehensive', kiosk_key_hash: null },
      { centre_id: town.id, number: '02', name: '社会救助窗口', kind: 'comprehensive', kiosk_key_hash: null },
    ])
    .returning('id')
    .execute();
  await trx.insertInto('window_items').values(GUIDING_ITEMS.slice(0, 2).map((name) => ({ window_id: townWindows[1]!.id, item_id: itemId(name) }))).execute();
  const jiAnWindow = await trx.insertInto('windows').values({ centre_id: ji_an.id, number: '01', name: '综合受理窗口（跨域通办）', kiosk_key_hash: null }).returning('id').executeTakeFirstOrThrow();

  const staff = { password_hash: passwordHash, applicant_kind: null, identity_number: null };
  await trx
    .insertInto('users')
    .values([
      { ...staff, username: 'townclerk1', display_name: '周丽', role: 'clerk', centre_id: town.id, window_id: townWindows[0]!.id, region_code: DEMO_TOWNS[0].code, phone: '13604350011' },
      { ...staff, username: 'villageagent1', display_name: '吴桂兰', role: 'agent', centre_id: zhongxing!.id, region_code: DEMO_VILLAGES[0].code, phone: '13604350012' },
      { ...staff, username: 'clerk2', display_name: '郑凯', role: 'clerk', centre_id: ji_an.id, window_id: jiAnWindow.id, region_code: DEMO_SECOND_COUNTY, phone: '13604350013' },
    ])
    .execute();
}
