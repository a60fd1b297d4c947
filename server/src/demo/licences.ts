import type { Database } from '../db/database.js';
import type { ItemMaterial, LicenceField, LicenceLayout } from '../db/schema.js';
import { issueDirect } from '../modules/licences/issue.js';
import { sealSignerFor } from '../modules/seals/keystore.js';
import { createSeal } from '../modules/seals/service.js';
import { chinaDate } from '../util/china-time.js';

export interface DemoLicenceOptions {
  dataDir: string;
  sealKey?: string;
  publicUrl: string;
}

interface DemoType {
  name: string;
  department: string;
  sequence: string;
  holderKind: 'natural' | 'legal' | 'both';
  prefix: string;
  validityYears: number | null;
  fields: LicenceField[];
  layout: LicenceLayout;
  /** Items whose approval issues it. */
  items: string[];
}

const DEMO_TYPES: DemoType[] = [
  {
    name: '营业执照',
    department: '梅河口市市场监督管理局',
    sequence: '001',
    holderKind: 'both',
    prefix: '',
    validityYears: null,
    fields: [
      { key: 'name', label: '名称', formKey: 'tradeName|entityName' },
      { key: 'address', label: '住所（经营场所）', formKey: 'premises|address' },
      { key: 'scope', label: '经营范围', formKey: 'scope' },
      { key: 'capital', label: '注册资本（万元）', formKey: 'capital' },
    ],
    layout: { orientation: 'landscape', accent: '#b8860b', footnote: '国家企业信用信息公示系统可查询市场主体登记、备案、监管信息。' },
    items: ['个体工商户设立登记', '有限责任公司设立登记'],
  },
  {
    name: '食品经营许可证',
    department: '梅河口市市场监督管理局',
    sequence: '002',
    holderKind: 'both',
    prefix: 'JY',
    validityYears: 5,
    fields: [
      { key: 'operatorName', label: '经营者名称', formKey: 'operatorName' },
      { key: 'premises', label: '经营场所', formKey: 'premises' },
      { key: 'businessType', label: '主体业态', formKey: 'businessType' },
      { key: 'scope', label: '经营项目', formKey: 'scope' },
    ],
    layout: { orientation: 'portrait', accent: '#1d5fa8', footnote: '日常监督管理机构：梅河口市市场监督管理局　投诉举报电话：12315' },
    items: ['食品经营许可（新办）'],
  },
  {
    name: '建筑工程施工许可证',
    department: '梅河口市住房和城乡建设局',
    sequence: '001',
    holderKind: 'legal',
    prefix: 'SG',
    validityYears: null,
    fields: [
      { key: 'projectName', label: '工程名称', formKey: 'projectName' },
      { key: 'projectAddress', label: '建设地址', formKey: 'projectAddress' },
      { key: 'contractPrice', label: '合同价格（万元）', formKey: 'contractPrice' },
      { key: 'startDate', label: '合同开工日期', formKey: 'startDate' },
    ],
    layout: { orientation: 'landscape', accent: '#8b1a1a', footnote: '本证放置施工现场，作为准予施工的凭证。' },
    items: ['建筑工程施工许可证核发'],
  },
  {
    name: '出生医学证明',
    department: '梅河口市卫生健康局',
    sequence: '001',
    holderKind: 'natural',
    prefix: 'CS',
    validityYears: null,
    fields: [
      { key: 'babyName', label: '新生儿姓名' },
      { key: 'sex', label: '性别' },
      { key: 'birthTime', label: '出生时间' },
      { key: 'birthPlace', label: '出生地点' },
      { key: 'institution', label: '助产机构' },
    ],
    layout: { orientation: 'portrait', accent: '#2e7d32', footnote: '出生医学证明是新生儿申报户口的依据，请妥善保管。' },
    items: ['出生医学证明首次签发'],
  },
  {
    name: '不动产权证书',
    department: '梅河口市不动产登记中心',
    sequence: '001',
    holderKind: 'both',
    prefix: 'BDC',
    validityYears: null,
    fields: [
      { key: 'location', label: '坐落', formKey: 'address' },
      { key: 'unitNumber', label: '不动产单元号' },
      { key: 'rightType', label: '权利类型' },
      { key: 'use', label: '用途' },
      { key: 'area', label: '面积' },
    ],
    layout: { orientation: 'portrait', accent: '#6a1b9a', footnote: '根据《中华人民共和国民法典》等法律法规，为保护不动产权利人合法权益，对不动产权利人申请登记的本证所列不动产权利，经审查核实，准予登记，颁发此证。' },
    items: ['国有建设用地使用权及房屋所有权首次登记'],
  },
];

/** Materials the demo marks as replaced by a licence the government issued (减证便民). */
const REPLACED_MATERIALS: { item: string; material: string; licenceType: string }[] = [
  { item: '食品经营许可（变更）', material: '食品经营许可证正本、副本', licenceType: '食品经营许可证' },
  { item: '食品经营许可（延续）', material: '食品经营许可证正本、副本', licenceType: '食品经营许可证' },
  { item: '食品经营许可（注销）', material: '食品经营许可证正本、副本', licenceType: '食品经营许可证' },
];

/**
 * The demo's electronic licences: a seal for every department, the five licence types mapped to
 * the items that issue them, and licences the demo applicants already hold (the enterprise's
 * 营业执照, a citizen's 出生医学证明 and 不动产权证书), so reuse works from the first login.
 */
export async function seedDemoLicences(db: Database, options: DemoLicenceOptions): Promise<void> {
  const signer = sealSignerFor(options);
  const departments = await db.selectFrom('departments').select(['id', 'name', 'credit_code']).orderBy('id').execute();
  for (const department of departments) {
    await createSeal(db, signer, { departmentId: department.id, name: '行政审批专用章', actor: null });
  }
  const byName = new Map(departments.map((d) => [d.name, d]));
  const items = await db.selectFrom('service_items').select(['id', 'name', 'materials']).execute();
  const itemId = (name: string) => items.find((i) => i.name === name)?.id;
  const typeIds = new Map<string, number>();
  for (const type of DEMO_TYPES) {
    const department = byName.get(type.department)!;
    const row = await db
      .insertInto('licence_types')
      .values({
        code: `${department.credit_code}${type.sequence}`,
        name: type.name,
        department_id: department.id,
        holder_kind: type.holderKind,
        number_prefix: type.prefix,
        fields: JSON.stringify(type.fields),
        validity_years: type.validityYears,
        layout: JSON.stringify(type.layout),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    typeIds.set(type.name, row.id);
    const ids = type.items.map(itemId).filter((id): id is number => id !== undefined);
    if (ids.length) await db.insertInto('licence_type_items').values(ids.map((item_id) => ({ licence_type_id: row.id, item_id }))).execute();
  }
  for (const replaced of REPLACED_MATERIALS) {
    const item = items.find((i) => i.name === replaced.item);
    if (!item) continue;
    const materials: ItemMaterial[] = item.materials.map((m) => (m.name === replaced.material ? { ...m, licenceType: replaced.licenceType, source: '市场监督管理部门核发' } : m));
    await db.updateTable('service_items').set({ materials: JSON.stringify(materials) }).where('id', '=', item.id).execute();
  }

  const user = async (username: string) => (await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
  const deps = { signer, publicUrl: options.publicUrl };
  const today = chinaDate();
  const yearsAgo = (n: number) => `${Number(today.slice(0, 4)) - n}${today.slice(4, 10) === '-02-29' ? '-02-28' : today.slice(4)}`;
  await issueDirect(db, deps, {
    typeId: typeIds.get('营业执照')!,
    holderUserId: await user('enterprise1'),
    data: { name: '梅河口市鑫达食品有限公司', address: '吉林省梅河口市福民街道 88 号', scope: '食品销售；餐饮服务；食品互联网销售（依法须经批准的项目，经相关部门批准后方可开展经营活动）', capital: '500' },
    validFrom: yearsAgo(3),
  });
  const citizen = await user('applicant1');
  await issueDirect(db, deps, {
    typeId: typeIds.get('出生医学证明')!,
    holderUserId: citizen,
    data: { babyName: '张小雨', sex: '女', birthTime: `${yearsAgo(1)} 08:26`, birthPlace: '吉林省梅河口市', institution: '梅河口市中心医院' },
    validFrom: yearsAgo(1),
  });
  await issueDirect(db, deps, {
    typeId: typeIds.get('不动产权证书')!,
    holderUserId: citizen,
    data: { location: '梅河口市新华街道银河小区 3 栋 2 单元 501 室', unitNumber: '220581001001GB00101F00030201', rightType: '国有建设用地使用权/房屋所有权', use: '城镇住宅用地/住宅', area: '共有宗地面积 12,480㎡/房屋建筑面积 98.6㎡' },
    validFrom: yearsAgo(5),
  });
}
