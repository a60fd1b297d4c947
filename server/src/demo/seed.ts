import type { Database } from '../db/database.js';
import type { FormField } from '../db/schema.js';
import { hashPassword } from '../modules/auth/password.js';
import { withCreditCheck, withResidentCheck } from '../util/identity.js';

/** The demo accounts the README lists; all share ONEWINDOW_DEMO_PASSWORD. */
export const DEMO_ACCOUNTS = [
  { username: 'applicant1', role: '申请人（自然人）', name: '张伟' },
  { username: 'applicant2', role: '申请人（自然人）', name: '李娜' },
  { username: 'enterprise1', role: '申请人（法人）', name: '梅河口市鑫达食品有限公司' },
  { username: 'clerk1', role: '综合受理窗口', name: '王芳' },
  { username: 'reviewer1', role: '审批人员（市场监督管理局）', name: '刘洋' },
  { username: 'reviewer2', role: '审批人员（住房和城乡建设局）', name: '陈静' },
  { username: 'admin', role: '中心管理员', name: '赵敏' },
  { username: 'supervisor', role: '电子监察', name: '孙强' },
] as const;

export const DEMO_REGION = '220581';

const phoneField: FormField = { key: 'contactPhone', label: '联系电话', type: 'phone', required: true };
const contactField: FormField = { key: 'contactName', label: '联系人', type: 'text', required: true, maxLength: 50 };

/** A handful of real items; the catalogue work loads the full list. */
const DEMO_ITEMS: {
  code: string;
  name: string;
  department: string;
  kind: 'immediate' | 'promised';
  legal: number | null;
  promised: number;
  description: string;
  fields: FormField[];
}[] = [
  {
    code: '11220581MB1234567X-XK-00001-001',
    name: '食品经营许可（新办）',
    department: '梅河口市市场监督管理局',
    kind: 'promised',
    legal: 20,
    promised: 5,
    description: '依据《中华人民共和国食品安全法》第三十五条、《食品经营许可和备案管理办法》。',
    fields: [
      { key: 'operatorName', label: '经营者名称', type: 'text', required: true, maxLength: 100 },
      { key: 'premises', label: '经营场所', type: 'text', required: true, maxLength: 200 },
      { key: 'businessType', label: '主体业态', type: 'select', required: true, options: ['食品销售经营者', '餐饮服务经营者', '单位食堂'] },
      { key: 'scope', label: '经营项目', type: 'textarea', required: true, maxLength: 1000 },
      contactField,
      phoneField,
    ],
  },
  {
    code: '11220581MB1234567X-QT-00012-000',
    name: '个体工商户设立登记',
    department: '梅河口市市场监督管理局',
    kind: 'immediate',
    legal: 15,
    promised: 0,
    description: '依据《促进个体工商户发展条例》《中华人民共和国市场主体登记管理条例》第十九条。即办件，材料齐全当场办结。',
    fields: [
      { key: 'tradeName', label: '个体工商户名称', type: 'text', required: true, maxLength: 100 },
      { key: 'premises', label: '经营场所', type: 'text', required: true, maxLength: 200 },
      { key: 'scope', label: '经营范围', type: 'textarea', required: true, maxLength: 1000 },
      { key: 'capital', label: '资金数额（万元）', type: 'number', required: true },
      phoneField,
    ],
  },
  {
    code: '11220581MB2345678Y-XK-00031-000',
    name: '建筑工程施工许可证核发',
    department: '梅河口市住房和城乡建设局',
    kind: 'promised',
    legal: 7,
    promised: 3,
    description: '依据《中华人民共和国建筑法》第七条、《建筑工程施工许可管理办法》第二条。',
    fields: [
      { key: 'projectName', label: '工程名称', type: 'text', required: true, maxLength: 200 },
      { key: 'projectAddress', label: '建设地址', type: 'text', required: true, maxLength: 200 },
      { key: 'contractPrice', label: '合同价格（万元）', type: 'number', required: true },
      { key: 'startDate', label: '计划开工日期', type: 'date', required: true },
      contactField,
      phoneField,
    ],
  },
  {
    code: '11220581MB2345678Y-XK-00040-000',
    name: '商品房预售许可',
    department: '梅河口市住房和城乡建设局',
    kind: 'promised',
    legal: 20,
    promised: 10,
    description: '依据《中华人民共和国城市房地产管理法》第四十五条、《城市商品房预售管理办法》第七条。',
    fields: [
      { key: 'projectName', label: '项目名称', type: 'text', required: true, maxLength: 200 },
      { key: 'presaleArea', label: '预售面积（平方米）', type: 'number', required: true },
      contactField,
      phoneField,
    ],
  },
];

/**
 * Writes the demo city: 梅河口市 (220581) and its service centre, departments, windows, items and
 * the demo accounts. Runs in one transaction; callers decide whether the database wants it.
 */
export async function seedDemo(db: Database, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('regions')
      .values([
        { code: '220000', name: '吉林省', parent_code: null, level: 'province' },
        { code: '220500', name: '通化市', parent_code: '220000', level: 'city' },
        { code: DEMO_REGION, name: '梅河口市', parent_code: '220500', level: 'county' },
      ])
      .execute();
    const centre = await trx
      .insertInto('centres')
      .values({ name: '梅河口市政务服务中心', region_code: DEMO_REGION, address: '梅河口市人民大街 1 号', phone: '0435-12345' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const departments = await trx
      .insertInto('departments')
      .values([
        { name: '梅河口市市场监督管理局', credit_code: withCreditCheck('11220581MB1234567'), region_code: DEMO_REGION, centre_id: centre.id, phone: '0435-4221001' },
        { name: '梅河口市住房和城乡建设局', credit_code: withCreditCheck('11220581MB2345678'), region_code: DEMO_REGION, centre_id: centre.id, phone: '0435-4221002' },
      ])
      .returning(['id', 'name'])
      .execute();
    const departmentId = (name: string) => departments.find((d) => d.name === name)!.id;
    const windows = await trx
      .insertInto('windows')
      .values([
        { centre_id: centre.id, number: '01', name: '综合受理窗口 1' },
        { centre_id: centre.id, number: '02', name: '综合受理窗口 2' },
        { centre_id: centre.id, number: '10', name: '统一出件窗口' },
      ])
      .returning('id')
      .execute();
    await trx
      .insertInto('service_items')
      .values(
        DEMO_ITEMS.map((item) => ({
          code: item.code,
          name: item.name,
          department_id: departmentId(item.department),
          kind: item.kind,
          legal_limit_days: item.legal,
          promised_limit_days: item.promised,
          description: item.description,
          form_fields: JSON.stringify(item.fields),
        })),
      )
      .execute();
    const staff = { password_hash: passwordHash, applicant_kind: null, identity_number: null, region_code: DEMO_REGION };
    const market = departmentId('梅河口市市场监督管理局');
    const housing = departmentId('梅河口市住房和城乡建设局');
    await trx
      .insertInto('users')
      .values([
        { ...staff, username: 'applicant1', display_name: '张伟', role: 'applicant', applicant_kind: 'natural', identity_number: withResidentCheck('22058119850612003'), phone: '13843512345' },
        { ...staff, username: 'applicant2', display_name: '李娜', role: 'applicant', applicant_kind: 'natural', identity_number: withResidentCheck('22058119920308004'), phone: '13943567890' },
        { ...staff, username: 'enterprise1', display_name: '梅河口市鑫达食品有限公司', role: 'applicant', applicant_kind: 'legal', identity_number: withCreditCheck('91220581MA0Y3K2L8'), phone: '13504351234' },
        { ...staff, username: 'clerk1', display_name: '王芳', role: 'clerk', centre_id: centre.id, window_id: windows[0]!.id, phone: '13604350001' },
        { ...staff, username: 'reviewer1', display_name: '刘洋', role: 'reviewer', centre_id: centre.id, department_id: market, phone: '13604350002' },
        { ...staff, username: 'reviewer2', display_name: '陈静', role: 'reviewer', centre_id: centre.id, department_id: housing, phone: '13604350003' },
        { ...staff, username: 'admin', display_name: '赵敏', role: 'admin', centre_id: centre.id, phone: '13604350004' },
        { ...staff, username: 'supervisor', display_name: '孙强', role: 'supervisor', phone: '13604350005' },
      ])
      .execute();
  });
}

/** Demo data goes only into an empty database: a second start must never reseed. */
export async function isEmptyDatabase(db: Database): Promise<boolean> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return row.n === 0;
}

export async function hasDemoAccounts(db: Database): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where('username', '=', DEMO_ACCOUNTS[0].username).executeTakeFirst();
  return row !== undefined;
}
