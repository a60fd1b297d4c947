import type { Database, Executor } from '../db/database.js';
import type { FormField } from '../db/schema.js';
import { toActor } from '../modules/auth/actor.js';
import { acceptJointApplication } from '../modules/joint/service.js';
import { openStage, registerProject } from '../modules/projects/service.js';

/**
 * The demo city's joint approval: the bundles (企业开办, 新生儿出生一件事, 开办餐饮店一件事), the
 * four stages of construction approval, the forms their member items lacked, and one key project
 * under way with its named agent. Runs after the city is written (it uses the services).
 */

const contact: FormField[] = [
  { key: 'contactName', label: '联系人', type: 'text', required: true, maxLength: 50 },
  { key: 'contactPhone', label: '联系电话', type: 'phone', required: true },
];
const YES_NO = ['是', '否'];
const SEALS = ['公章', '公章、财务专用章', '公章、财务专用章、发票专用章'];
const INVOICES = ['数电发票（普通发票）', '数电发票（增值税专用发票）'];
const FUND_RATES = ['5%', '8%', '12%'];

const text = (key: string, label: string, required = true, maxLength = 200): FormField => ({ key, label, type: 'text', required, maxLength });
const select = (key: string, label: string, options: string[]): FormField => ({ key, label, type: 'select', required: true, options });
const num = (key: string, label: string): FormField => ({ key, label, type: 'number', required: true });
const date = (key: string, label: string): FormField => ({ key, label, type: 'date', required: true });

interface MemberSpec {
  item: string;
  required?: boolean;
  condition?: { field: string; value: string };
  fieldMap?: Record<string, string>;
  /** The item's own form, set when the catalogue gave it none. */
  form?: FormField[];
}

interface BundleSpec {
  code: string;
  name: string;
  description: string;
  kind: 'bundle' | 'stage';
  stageNo?: number;
  target: 'natural' | 'legal' | 'both';
  promised: number;
  resultKind?: 'business_licence';
  form: FormField[];
  members: MemberSpec[];
}

const project = [text('projectName', '项目名称'), text('projectCode', '投资项目代码', true, 30), text('projectAddress', '建设地址')];

export const DEMO_BUNDLES: BundleSpec[] = [
  {
    code: 'YJS-QYKB',
    name: '企业开办',
    description: '营业执照、公章刻制、发票领用（税务）、单位社保登记、住房公积金缴存登记一表申请、一次受理、并联办理，1 个工作日内办结，营业执照多证合一。',
    kind: 'bundle',
    target: 'legal',
    promised: 1,
    resultKind: 'business_licence',
    form: [
      text('companyName', '企业名称', true, 100),
      text('address', '住所'),
      text('legalRepresentative', '法定代表人', true, 50),
      text('legalRepIdNumber', '法定代表人身份证号', true, 18),
      num('registeredCapital', '注册资本（万元）'),
      { key: 'businessScope', label: '经营范围', type: 'textarea', required: true, maxLength: 1000 },
      num('employees', '参保职工人数'),
      select('sealTypes', '刻制印章', SEALS),
      select('invoiceType', '申领发票种类', INVOICES),
      select('fundRate', '公积金缴存比例', FUND_RATES),
      select('sellsFood', '是否经营食品', YES_NO),
      ...contact,
    ],
    members: [
      { item: '有限责任公司设立登记', fieldMap: { entityName: 'companyName' } },
      { item: '公章刻制备案', fieldMap: { entityName: 'companyName' }, form: [text('entityName', '单位名称', true, 100), text('legalRepresentative', '法定代表人', true, 50), select('sealTypes', '刻制印章', SEALS), ...contact] },
      { item: '发票领用', fieldMap: { entityName: 'companyName' }, form: [text('entityName', '纳税人名称', true, 100), select('invoiceType', '发票种类', INVOICES), ...contact] },
      { item: '单位社会保险登记', fieldMap: { entityName: 'companyName' }, form: [text('entityName', '单位名称', true, 100), text('address', '单位地址'), num('employees', '参保职工人数'), ...contact] },
      { item: '单位住房公积金缴存登记', fieldMap: { entityName: 'companyName' }, form: [text('entityName', '单位名称', true, 100), num('employees', '缴存职工人数'), select('fundRate', '缴存比例', FUND_RATES), ...contact] },
      {
        item: '食品经营许可（新办）',
        required: false,
        condition: { field: 'sellsFood', value: '是' },
        fieldMap: { operatorName: 'companyName', premises: 'address', scope: 'businessScope', businessType: 'foodBusinessType' },
      },
    ],
  },
  {
    code: 'YJS-XSECS',
    name: '新生儿出生一件事',
    description: '出生医学证明、户口登记、城乡居民医保参保、社会保障卡申领一次申请，不用再跑医院、派出所、医保和人社四处。',
    kind: 'bundle',
    target: 'natural',
    promised: 3,
    form: [
      text('babyName', '新生儿姓名', true, 50),
      select('babyGender', '性别', ['男', '女']),
      date('birthDate', '出生日期'),
      text('birthPlace', '出生医院'),
      text('fatherName', '父亲姓名', true, 50),
      text('motherName', '母亲姓名', true, 50),
      text('guardianIdNumber', '申报人身份证号', true, 18),
      text('address', '户籍地址'),
      ...contact,
    ],
    members: [
      { item: '出生医学证明首次签发', form: [text('babyName', '新生儿姓名', true, 50), select('babyGender', '性别', ['男', '女']), date('birthDate', '出生日期'), text('birthPlace', '出生医院'), text('fatherName', '父亲姓名', true, 50), text('motherName', '母亲姓名', true, 50), ...contact] },
      { item: '出生登记', form: [text('babyName', '申报出生人姓名', true, 50), select('babyGender', '性别', ['男', '女']), date('birthDate', '出生日期'), text('address', '落户地址'), text('guardianIdNumber', '申报人身份证号', true, 18), ...contact] },
      { item: '城乡居民基本医疗保险参保登记' },
      { item: '社会保障卡申领' },
    ],
  },
  {
    code: 'YJS-KBCYD',
    name: '开办餐饮店一件事',
    description: '个体工商户登记与食品经营许可一并办理；需要排放餐饮污水、设置户外招牌的，同一张表一并申请。',
    kind: 'bundle',
    target: 'natural',
    promised: 5,
    form: [
      text('tradeName', '店铺名称（个体工商户名称）', true, 100),
      text('operatorName', '经营者姓名', true, 50),
      text('premises', '经营场所'),
      { key: 'scope', label: '经营范围', type: 'textarea', required: true, maxLength: 1000 },
      num('capital', '资金数额（万元）'),
      num('seats', '餐位数'),
      select('dischargesWastewater', '是否向市政管网排放餐饮污水', YES_NO),
      select('outdoorSign', '是否设置户外招牌', YES_NO),
      text('signSize', '招牌规格（长×宽，米）', false, 50),
      ...contact,
    ],
    members: [
      { item: '个体工商户设立登记' },
      { item: '食品经营许可（新办）', fieldMap: { operatorName: 'tradeName', businessType: 'foodBusinessType' } },
      { item: '城镇污水排入排水管网许可', required: false, condition: { field: 'dischargesWastewater', value: '是' }, fieldMap: { entityName: 'tradeName', address: 'premises' }, form: [text('entityName', '排水户名称', true, 100), text('address', '排水地址'), num('seats', '餐位数'), ...contact] },
      { item: '设置大型户外广告及在城市建筑物、设施上悬挂、张贴宣传品审批', required: false, condition: { field: 'outdoorSign', value: '是' }, fieldMap: { entityName: 'tradeName', address: 'premises' }, form: [text('entityName', '设置单位（个人）', true, 100), text('address', '设置地点'), text('signSize', '招牌规格（长×宽，米）', true, 50), ...contact] },
    ],
  },
  {
    code: 'GCJS-1',
    name: '立项用地规划许可阶段',
    description: '工程建设项目第一阶段：项目备案、用地预审与选址意见书、建设用地规划许可并联办理。',
    kind: 'stage',
    stageNo: 1,
    target: 'legal',
    promised: 10,
    form: [...project, num('investmentWan', '总投资（万元）'), num('landArea', '用地面积（平方米）'), text('landUse', '用地性质', true, 50), ...contact],
    members: [
      { item: '企业投资项目备案', form: [...project, num('investmentWan', '总投资（万元）'), ...contact] },
      { item: '建设项目用地预审与选址意见书核发', form: [...project, num('landArea', '用地面积（平方米）'), ...contact] },
      { item: '建设用地规划许可证核发', form: [...project, num('landArea', '用地面积（平方米）'), text('landUse', '用地性质', true, 50), ...contact] },
    ],
  },
  {
    code: 'GCJS-2',
    name: '工程建设许可阶段',
    description: '工程建设项目第二阶段：建设工程规划许可、人防报建、防雷设计审核并联办理，施工图联合审查。',
    kind: 'stage',
    stageNo: 2,
    target: 'legal',
    promised: 10,
    form: [...project, num('buildingArea', '总建筑面积（平方米）'), ...contact],
    members: [
      { item: '建设工程规划许可证核发', form: [...project, num('buildingArea', '总建筑面积（平方米）'), ...contact] },
      { item: '应建防空地下室的民用建筑项目报建审批', form: [...project, num('buildingArea', '总建筑面积（平方米）'), ...contact] },
      { item: '雷电防护装置设计审核', form: [...project, ...contact] },
    ],
  },
  {
    code: 'GCJS-3',
    name: '施工许可阶段',
    description: '工程建设项目第三阶段：施工许可、建筑垃圾处置核准、临时占用挖掘道路并联办理。',
    kind: 'stage',
    stageNo: 3,
    target: 'legal',
    promised: 5,
    form: [...project, num('contractPrice', '合同价格（万元）'), date('startDate', '计划开工日期'), ...contact],
    members: [
      { item: '建筑工程施工许可证核发' },
      { item: '城市建筑垃圾处置核准', form: [...project, ...contact] },
      { item: '临时占用城市道路、挖掘城市道路审批', form: [...project, date('startDate', '计划开工日期'), ...contact] },
    ],
  },
  {
    code: 'GCJS-4',
    name: '竣工验收阶段',
    description: '工程建设项目第四阶段：竣工验收备案、人防工程竣工验收备案、防雷装置竣工验收，联合验收一次出具意见。',
    kind: 'stage',
    stageNo: 4,
    target: 'legal',
    promised: 8,
    form: [...project, date('completedOn', '竣工日期'), ...contact],
    members: [
      { item: '建设工程竣工验收备案', form: [...project, date('completedOn', '竣工日期'), ...contact] },
      { item: '人防工程竣工验收备案', form: [...project, date('completedOn', '竣工日期'), ...contact] },
      { item: '雷电防护装置竣工验收', form: [...project, ...contact] },
    ],
  },
];

// 企业开办's optional food licence asks its business type on the one form too.
DEMO_BUNDLES[0]!.form.splice(DEMO_BUNDLES[0]!.form.length - 2, 0, { key: 'foodBusinessType', label: '食品经营主体业态（经营食品时填写）', type: 'select', required: false, options: ['食品销售经营者', '餐饮服务经营者', '单位食堂'] });
DEMO_BUNDLES[2]!.form.splice(DEMO_BUNDLES[2]!.form.length - 2, 0, { key: 'foodBusinessType', label: '主体业态', type: 'select', required: true, options: ['餐饮服务经营者', '食品销售经营者'] });

/** Writes the bundles of a centre (items found by name in that centre's catalogue). */
export async function seedBundles(db: Executor, centreId: number, specs: BundleSpec[] = DEMO_BUNDLES): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const spec of specs) {
    const bundle = await db
      .insertInto('bundles')
      .values({
        centre_id: centreId,
        code: spec.code,
        name: spec.name,
        description: spec.description,
        kind: spec.kind,
        stage_no: spec.stageNo ?? null,
        target: spec.target,
        promised_limit_days: spec.promised,
        form_fields: JSON.stringify(spec.form),
        result_kind: spec.resultKind ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.set(spec.code, bundle.id);
    for (const [position, m] of spec.members.entries()) {
      const item = await db
        .selectFrom('service_items')
        .innerJoin('departments', 'departments.id', 'service_items.department_id')
        .select(['service_items.id', 'service_items.form_fields'])
        .where('service_items.name', '=', m.item)
        .where('departments.centre_id', '=', centreId)
        .executeTakeFirst();
      if (!item) throw new Error(`demo bundle ${spec.name}: no item ${m.item}`);
      if (m.form && (item.form_fields as FormField[]).length === 0) {
        await db.updateTable('service_items').set({ form_fields: JSON.stringify(m.form) }).where('id', '=', item.id).execute();
      }
      await db
        .insertInto('bundle_items')
        .values({
          bundle_id: bundle.id,
          item_id: item.id,
          position,
          required: m.required ?? true,
          condition_field: m.condition?.field ?? null,
          condition_value: m.condition?.value ?? null,
          field_map: JSON.stringify(m.fieldMap ?? {}),
        })
        .execute();
    }
  }
  return ids;
}

/** 代办员 of the centre (全程代办, named agent of key projects). */
export const DEMO_AGENT = { username: 'agent1', name: '周敏', phone: '13604350007' };

/**
 * One reviewer for each other department taking part in the bundles and stages, so a person trying
 * the demo can take every child case through its department (市场监管 and 住建 have theirs).
 */
export const DEMO_JOINT_REVIEWERS = [
  { username: 'reviewer_ga', name: '赵磊', department: '梅河口市公安局' },
  { username: 'reviewer_sw', name: '钱丽', department: '国家税务总局梅河口市税务局' },
  { username: 'reviewer_rs', name: '孙浩', department: '梅河口市人力资源和社会保障局' },
  { username: 'reviewer_gjj', name: '李婷', department: '梅河口市住房公积金管理中心' },
  { username: 'reviewer_wj', name: '周洁', department: '梅河口市卫生健康局' },
  { username: 'reviewer_yb', name: '吴刚', department: '梅河口市医疗保障局' },
  { username: 'reviewer_fg', name: '郑伟', department: '梅河口市发展和改革局' },
  { username: 'reviewer_zy', name: '王磊', department: '梅河口市自然资源局' },
  { username: 'reviewer_rf', name: '冯军', department: '梅河口市人民防空办公室' },
  { username: 'reviewer_qx', name: '陈晨', department: '梅河口市气象局' },
  { username: 'reviewer_cg', name: '褚明', department: '梅河口市城市管理行政执法局' },
] as const;

/** Inside the city's seed transaction: the bundles and stages, the centre's agent and the departments' reviewers. */
export async function seedDemoJoint(trx: Executor, centreId: number, passwordHash: string): Promise<void> {
  await seedBundles(trx, centreId);
  const staff = { password_hash: passwordHash, applicant_kind: null, identity_number: null, region_code: '220581', centre_id: centreId };
  await trx.insertInto('users').values({ ...staff, username: DEMO_AGENT.username, display_name: DEMO_AGENT.name, role: 'agent', phone: DEMO_AGENT.phone }).execute();
  const departments = await trx.selectFrom('departments').select(['id', 'name']).where('centre_id', '=', centreId).execute();
  await trx
    .insertInto('users')
    .values(
      DEMO_JOINT_REVIEWERS.map((r, i) => ({
        ...staff,
        username: r.username,
        display_name: r.name,
        role: 'reviewer' as const,
        department_id: departments.find((d) => d.name === r.department)!.id,
        phone: `136043501${String(10 + i)}`,
        // Each is the one person of their department here: warnings and 督办 reach them.
        heads_department: true,
      })),
    )
    .execute();
}

/**
 * The demo key project: registered and coded, its first stage applied for by the owner and
 * accepted at the window, so the board shows four departments at work from the first start.
 */
export async function seedDemoProject(db: Database): Promise<void> {
  const user = (username: string) => db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
  const [clerk, owner, agent] = await Promise.all([user('clerk1'), user('enterprise1'), user(DEMO_AGENT.username)]);
  const registered = await registerProject({
    db,
    actor: toActor(clerk),
    request: { name: '鑫达食品年产 2 万吨绿色食品加工厂扩建项目', ownerId: owner.id, location: '梅河口市经济开发区食品产业园 8 号', investmentWan: 18600, industryCode: '14', projectType: '03', keyProject: true, agentId: agent.id },
  });
  const stage1 = await openStage({
    db,
    actor: toActor(owner),
    projectId: registered.id,
    stageNo: 1,
    formData: {
      projectName: registered.name,
      projectCode: registered.code,
      projectAddress: registered.location,
      landArea: 46000,
      landUse: '工业用地',
      investmentWan: 18600,
      contactName: '周建国',
      contactPhone: '13504351234',
    },
  });
  await acceptJointApplication({ db, actor: toActor(clerk), id: stage1.id });
}
