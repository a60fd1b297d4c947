import type { Tx } from '../db/database.js';
import type { FeeRuleLine } from '../db/schema.js';

const REGISTRATION = '发改价格规〔2016〕2559号';
const HOUSE_TYPE = { 住宅: 8000, 非住宅: 55000 };

/**
 * The demo catalogue's fees as computable rules (fen), read off the standards its guides quote
 * (demo/catalog.ts). 不动产登记 charges by the house's use; a form without that field is charged
 * as 住宅, the common case, and the window corrects a 非住宅 one by 减免/补缴 at acceptance.
 */
export const DEMO_FEE_RULES: Record<string, FeeRuleLine[]> = {
  国有建设用地使用权及房屋所有权首次登记: [{ name: '不动产登记费', kind: 'by_option', field: 'houseType', options: HOUSE_TYPE, amountFen: 8000, unit: '件', basis: REGISTRATION }],
  '国有建设用地使用权及房屋所有权转移登记（二手房）': [{ name: '不动产登记费', kind: 'by_option', field: 'houseType', options: HOUSE_TYPE, amountFen: 8000, unit: '件', basis: REGISTRATION }],
  抵押权首次登记: [{ name: '不动产登记费', kind: 'fixed', amountFen: 8000, unit: '件', basis: REGISTRATION }],
  居民身份证申领: [{ name: '居民身份证工本费', kind: 'fixed', amountFen: 2000, unit: '证', basis: '发改价格〔2003〕2322号' }],
  居民身份证换领: [{ name: '居民身份证工本费', kind: 'fixed', amountFen: 2000, unit: '证', basis: '发改价格〔2003〕2322号' }],
  居民身份证补领: [{ name: '居民身份证工本费（丢失补领）', kind: 'fixed', amountFen: 4000, unit: '证', basis: '发改价格〔2003〕2322号' }],
  临时居民身份证核发: [{ name: '临时居民身份证工本费', kind: 'fixed', amountFen: 1000, unit: '证', basis: '发改价格〔2005〕436号' }],
  普通护照签发: [{ name: '普通护照', kind: 'fixed', amountFen: 12000, unit: '本', basis: '发改价格规〔2019〕914号' }],
  往来港澳通行证及签注签发: [
    { name: '往来港澳通行证', kind: 'fixed', amountFen: 6000, unit: '证', basis: '发改价格规〔2019〕914号' },
    { name: '签注', kind: 'fixed', amountFen: 1500, unit: '次', basis: '发改价格规〔2019〕914号' },
  ],
  机动车驾驶证补证换证: [{ name: '机动车驾驶证工本费', kind: 'fixed', amountFen: 1000, unit: '证', basis: '发改价格〔2004〕2831号' }],
  机动车注册登记: [
    { name: '汽车号牌工本费', kind: 'fixed', amountFen: 10000, unit: '副', basis: '计价格〔1994〕783号' },
    { name: '行驶证工本费', kind: 'fixed', amountFen: 1000, unit: '证', basis: '计价格〔1994〕783号' },
  ],
  社会保障卡挂失与补换: [{ name: '社会保障卡补换工本费', kind: 'fixed', amountFen: 2000, unit: '卡', basis: '吉林省社会保障卡工本费收费标准' }],
};

/** Writes the demo items' fee rules (inside the seed's transaction, after the catalogue). */
export async function seedDemoFeeRules(trx: Tx): Promise<number> {
  const items = await trx.selectFrom('service_items').select(['id', 'name']).where('name', 'in', Object.keys(DEMO_FEE_RULES)).execute();
  if (items.length === 0) return 0;
  await trx
    .insertInto('item_fee_rules')
    .values(items.map((item) => ({ item_id: item.id, lines: JSON.stringify(DEMO_FEE_RULES[item.name]) })))
    .execute();
  return items.length;
}
