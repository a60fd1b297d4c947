import type { Database } from '../db/database.js';
import { hashPassword } from '../modules/auth/password.js';
import { withCreditCheck, withResidentCheck } from '../util/identity.js';
import { seedDemoCatalog } from './catalog.js';
import { seedDemoTrading, TRADING_DEMO_ACCOUNTS } from './trading.js';
import { NETWORK_DEMO_ACCOUNTS, seedDemoNetwork } from './network.js';
import { DEMO_JOINT_REVIEWERS, seedDemoJoint } from './joint.js';
import { seedDemoLicences, type DemoLicenceOptions } from './licences.js';
import { seedDemoDocuments } from './documents.js';
import { HALL_DEMO_ACCOUNTS, seedDemoHall } from './hall.js';
import { seedDemoIntermediary } from './intermediary.js';
import { seedDemoEnterprisePeople } from './identity.js';
import { seedDemoFeeRules } from './fees.js';

/** The demo accounts the README lists; all share ONEWINDOW_DEMO_PASSWORD. */
export const DEMO_ACCOUNTS = [
  { username: 'applicant1', role: '申请人（自然人）', name: '张伟' },
  { username: 'applicant2', role: '申请人（自然人）', name: '李娜' },
  { username: 'enterprise1', role: '申请人（法人）', name: '梅河口市鑫达食品有限公司' },
  { username: 'clerk1', role: '综合受理窗口', name: '王芳' },
  { username: 'reviewer1', role: '审批人员（市场监督管理局）', name: '刘洋' },
  { username: 'reviewer2', role: '审批人员（住房和城乡建设局）', name: '陈静' },
  { username: 'reviewer3', role: '审批人员（市场监督管理局，reviewer1 的 B 角）', name: '马超' },
  { username: 'admin', role: '中心管理员', name: '赵敏' },
  { username: 'supervisor', role: '电子监察', name: '孙强' },
  { username: 'head1', role: '部门负责人（市场监督管理局）', name: '周建国' },
  { username: 'mayor1', role: '本级人民政府负责人（梅河口市人民政府）', name: '吴海' },
  ...NETWORK_DEMO_ACCOUNTS,
  { username: 'agent1', role: '代办员（全程代办，重点项目代办）', name: '周敏' },
  ...TRADING_DEMO_ACCOUNTS,
  ...DEMO_JOINT_REVIEWERS.map((r) => ({ username: r.username, role: `审批人员（${r.department.replace('梅河口市', '').replace('国家税务总局', '')}）`, name: r.name })),
  ...HALL_DEMO_ACCOUNTS,
  { username: 'agency1', role: '中介机构（中介超市，实体入驻）', name: '吉林省绿源环境科技有限公司' },
] as const;

export const DEMO_REGION = '220581';

/**
 * Writes the demo city: 梅河口市 (220581) and its service centre, departments, windows, items and
 * the demo accounts. Runs in one transaction; callers decide whether the database wants it.
 */
export async function seedDemo(db: Database, password: string, licences?: DemoLicenceOptions): Promise<void> {
  const passwordHash = await hashPassword(password);
  const centreId = await db.transaction().execute(async (trx) => {
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
      .values({ name: '梅河口市政务服务中心', region_code: DEMO_REGION, address: '梅河口市人民大街 1 号', phone: '0435-12345', hours: '周一至周五 8:30—12:00，13:00—17:00（法定节假日休息；网上办事大厅全天可用）' })
      .returning('id')
      .executeTakeFirstOrThrow();
    // The catalogue: departments, items with their versions (demo/catalog.ts).
    const departmentIds = await seedDemoCatalog(trx, centre.id);
    const departmentId = (name: string) => departmentIds.get(name)!;
    const windows = await trx
      .insertInto('windows')
      .values([
        { centre_id: centre.id, number: '01', name: '综合受理窗口 1' },
        { centre_id: centre.id, number: '02', name: '综合受理窗口 2' },
        { centre_id: centre.id, number: '10', name: '统一出件窗口' },
      ])
      .returning('id')
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
        // clerk1 may decide 即办件 on the spot.
        { ...staff, username: 'clerk1', display_name: '王芳', role: 'clerk', centre_id: centre.id, window_id: windows[0]!.id, phone: '13604350001', decides_immediate: true },
        // reviewer1 and reviewer2 also head their departments: warnings and 督办 reach them.
        { ...staff, username: 'reviewer1', display_name: '刘洋', role: 'reviewer', centre_id: centre.id, department_id: market, phone: '13604350002', heads_department: true },
        { ...staff, username: 'reviewer2', display_name: '陈静', role: 'reviewer', centre_id: centre.id, department_id: housing, phone: '13604350003', heads_department: true },
        { ...staff, username: 'admin', display_name: '赵敏', role: 'admin', centre_id: centre.id, phone: '13604350004' },
        { ...staff, username: 'supervisor', display_name: '孙强', role: 'supervisor', phone: '13604350005' },
        { ...staff, username: 'reviewer3', display_name: '马超', role: 'reviewer', centre_id: centre.id, department_id: market, phone: '13604350006' },
        // 部门负责人 approves the department's extensions and signs where a chain gives them the decision.
        { ...staff, username: 'head1', display_name: '周建国', role: 'department_head', centre_id: centre.id, department_id: market, phone: '13604350007' },
        // 本级人民政府负责人 approves the extensions of joint applications in the city.
        { ...staff, username: 'mayor1', display_name: '吴海', role: 'government_head', phone: '13604350008' },
      ])
      .execute();
    // AB角: reviewer1 and reviewer3 stand in for each other.
    const id = async (username: string) => (await trx.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
    const [first, third] = [await id('reviewer1'), await id('reviewer3')];
    await trx.updateTable('users').set({ backup_user_id: third }).where('id', '=', first).execute();
    await trx.updateTable('users').set({ backup_user_id: first }).where('id', '=', third).execute();
    await seedDemoNetwork(trx, { countyCentreId: centre.id, countyCode: DEMO_REGION, passwordHash });
    await seedDemoJoint(trx, centre.id, passwordHash);
    await seedDemoHall(trx, { centreId: centre.id, passwordHash, regionCode: DEMO_REGION });
    await seedDemoEnterprisePeople(trx);
    await seedDemoFeeRules(trx);
    await seedDemoDocuments(trx, centre.id);
    return centre.id;
  });
  // Trading runs through its own services (each its own transaction), after the city exists.
  const supervisor = await db.selectFrom('users').select('id').where('username', '=', 'supervisor').executeTakeFirstOrThrow();
  await seedDemoTrading(db, passwordHash, centreId, supervisor.id);
  await seedDemoIntermediary(db, passwordHash, { dataDir: licences?.dataDir });
  // Seals need the platform's seal key (data folder or configuration), so only callers that have one seed them.
  if (licences) await seedDemoLicences(db, licences);
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
