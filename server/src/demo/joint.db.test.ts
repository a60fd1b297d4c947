import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/database.js';
import { toActor } from '../modules/auth/actor.js';
import { acceptJointApplication, submitJointApplication } from '../modules/joint/service.js';
import { projectBoard } from '../modules/projects/service.js';
import { withResidentCheck } from '../util/identity.js';
import { chinaDate } from '../util/china-time.js';
import { DEMO_BUNDLES, seedDemoProject } from './joint.js';
import { seedDemo } from './seed.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db, 'Demo-Password-1');
}, 120_000);
afterAll(() => t.destroy());

const user = async (username: string) => toActor(await t.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirstOrThrow());
const contact = { contactName: '周建国', contactPhone: '13504351234' };

/** What a person would write on each demo bundle's one form. */
const FORMS: Record<string, Record<string, unknown>> = {
  'YJS-QYKB': {
    companyName: '梅河口市云岭数字科技有限公司',
    address: '梅河口市人民大街 88 号',
    legalRepresentative: '周建国',
    legalRepIdNumber: withResidentCheck('22058119800101001'),
    registeredCapital: 100,
    businessScope: '软件开发；食品销售',
    employees: 6,
    sealTypes: '公章、财务专用章、发票专用章',
    invoiceType: '数电发票（普通发票）',
    fundRate: '12%',
    sellsFood: '是',
    foodBusinessType: '食品销售经营者',
    ...contact,
  },
  'YJS-XSECS': {
    babyName: '王小满',
    babyGender: '女',
    birthDate: chinaDate(),
    birthPlace: '梅河口市中心医院',
    fatherName: '王海',
    motherName: '李娜',
    guardianIdNumber: withResidentCheck('22058119920308004'),
    address: '梅河口市山城镇西村 3 组',
    ...contact,
  },
  'YJS-KBCYD': {
    tradeName: '梅河口市老街面馆',
    operatorName: '李娜',
    premises: '梅河口市老街 12 号',
    scope: '热食类食品制售',
    capital: 10,
    seats: 40,
    dischargesWastewater: '是',
    outdoorSign: '是',
    signSize: '6×1.2',
    foodBusinessType: '餐饮服务经营者',
    ...contact,
  },
};

describe('the demo bundles', () => {
  it('each one form feeds every member item, optional ones included, and opens one case per member', async () => {
    const [enterprise, citizen, clerk] = await Promise.all([user('enterprise1'), user('applicant2'), user('clerk1')]);
    for (const spec of DEMO_BUNDLES.filter((b) => b.kind === 'bundle')) {
      const bundle = await t.db.selectFrom('bundles').select('id').where('code', '=', spec.code).executeTakeFirstOrThrow();
      const actor = spec.target === 'legal' ? enterprise : citizen;
      const row = await submitJointApplication({ db: t.db, actor, bundleId: bundle.id, formData: FORMS[spec.code]! });
      expect(row.item_ids, spec.name).toHaveLength(spec.members.length);
      await acceptJointApplication({ db: t.db, actor: clerk, id: row.id });
      const cases = await t.db.selectFrom('cases').select('status').where('joint_application_id', '=', row.id).execute();
      expect(cases.map((c) => c.status), spec.name).toEqual(spec.members.map(() => 'accepted'));
    }
  });

  it('the demo key project is coded, green-channelled and under way in its first stage', async () => {
    await seedDemoProject(t.db);
    const [project] = await projectBoard(t.db, await user('supervisor'));
    expect(project!.code).toMatch(new RegExp(`^${chinaDate().slice(0, 4)}-220581-14-03-000001$`));
    expect(project!.keyProject).toBe(true);
    expect(project!.agentName).toBe('周敏');
    expect(project!.stages.map((s) => s.status)).toEqual(['open', 'waiting', 'waiting', 'waiting']);
    expect(project!.stages[0]!.cells).toHaveLength(3);
  });
});
