import type { Database } from '../db/database.js';
import { toActor } from '../modules/auth/actor.js';
import { toChinaDate } from '../modules/calendar/engine.js';
import { calendarFor } from '../modules/calendar/service.js';
import { issueCertificate } from '../modules/trading/certificates.js';
import { registerEnterprise } from '../modules/trading/enterprises.js';
import { personRecord } from '../modules/trading/people.js';
import { earliestDeadline } from '../modules/trading/periods.js';
import { announceProject, registerProject, reviewProject } from '../modules/trading/projects.js';
import { generateKeyPair } from '../modules/trading/sm-crypto.js';
import { withCreditCheck, withResidentCheck } from '../util/identity.js';

/** The trading demo accounts (README table); the password is the demo password. */
export const TRADING_DEMO_ACCOUNTS = [
  { username: 'officer1', role: '交易中心工作人员', name: '吴静' },
  { username: 'tbagency1', role: '招标代理机构', name: '吉林省正信招标代理有限公司' },
  { username: 'tenderer1', role: '招标人（法人）', name: '梅河口市城市建设投资有限公司' },
  { username: 'bidder1', role: '投标人（法人）', name: '吉林省宏远建设集团有限公司' },
  { username: 'bidder2', role: '投标人（法人）', name: '通化市恒信建筑工程有限公司' },
  { username: 'bidder3', role: '投标人（法人）', name: '梅河口市金鼎建设有限公司' },
  { username: 'expert1', role: '评标专家（房屋建筑）', name: '高建华' },
  { username: 'expert2', role: '评标专家（房屋建筑）', name: '林海' },
  { username: 'expert3', role: '评标专家（工程造价）', name: '宋佳' },
  { username: 'expert4', role: '评标专家（房屋建筑）', name: '孟凡' },
] as const;

const ENTERPRISES = [
  { username: 'tenderer1', code: '91220581MA0Y4C1T0', rep: '赵立新' },
  { username: 'bidder1', code: '91220000MA1B2H3J4', rep: '王宏远' },
  { username: 'bidder2', code: '91220500MA2C3K4L5', rep: '刘恒信' },
  { username: 'bidder3', code: '91220581MA3D4M5N6', rep: '金大成' },
];

/**
 * 公共资源交易 demo: rooms, the centre's staff and an agency, a tenderer and three bidders with
 * certificates, an expert pool (with two experts of 通化市 for remote evaluation) and one open
 * tender whose bid deadline is the earliest the law allows. The certificates' private keys are
 * thrown away (a browser makes its own key pair when it applies: README).
 */
export async function seedDemoTrading(db: Database, passwordHash: string, centreId: number, supervisorId: number): Promise<void> {
  await db
    .insertInto('trading_rooms')
    .values([
      { centre_id: centreId, name: '第一开标室', purpose: 'opening' },
      { centre_id: centreId, name: '第二开标室', purpose: 'opening' },
      { centre_id: centreId, name: '第一评标室', purpose: 'evaluation' },
      { centre_id: centreId, name: '远程异地评标室', purpose: 'evaluation' },
    ])
    .execute();
  // The 公共资源交易中心 is a department of the centre with its own seal (made with every
  // department's seal by the licences demo), which signs the award notices.
  const tradingDepartment = await db
    .insertInto('departments')
    .values({ name: '梅河口市公共资源交易中心', credit_code: withCreditCheck('12220581MB0321460'), region_code: '220581', centre_id: centreId, phone: '0435-4239100' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('trading_centre_seals').values({ centre_id: centreId, department_id: tradingDepartment.id }).execute();
  const base = { password_hash: passwordHash, region_code: '220581', identity_number: null, applicant_kind: null };
  const credit = (code: string) => withCreditCheck(code.slice(0, 17));
  const names = new Map<string, string>(TRADING_DEMO_ACCOUNTS.map((a) => [a.username, a.name]));
  const users = await db
    .insertInto('users')
    .values([
      { ...base, username: 'officer1', display_name: '吴静', role: 'trading_officer', centre_id: centreId, phone: '13604350101' },
      { ...base, username: 'tbagency1', display_name: '吉林省正信招标代理有限公司', role: 'trading_agency', centre_id: centreId, phone: '13604350102' },
      ...ENTERPRISES.map((e, i) => ({ ...base, username: e.username, display_name: names.get(e.username)!, role: 'applicant' as const, applicant_kind: 'legal' as const, identity_number: credit(e.code), phone: `1350435020${i}` })),
      ...['expert1', 'expert2', 'expert3', 'expert4'].map((username, i) => ({ ...base, username, display_name: names.get(username)!, role: 'expert' as const, phone: `1370435030${i}` })),
    ])
    .returningAll()
    .execute();
  const user = (username: string) => users.find((u) => u.username === username)!;
  for (const e of ENTERPRISES) {
    const actor = toActor(user(e.username));
    await registerEnterprise(db, actor, {
      creditCode: credit(e.code),
      name: names.get(e.username)!,
      legalRepresentative: e.rep,
      address: '吉林省',
      licences: [{ name: '营业执照', number: credit(e.code), validUntil: null }],
      qualifications: e.username === 'tenderer1' ? [] : [{ name: '建筑工程施工总承包', level: '二级', number: `D222${e.code.slice(10, 16)}`, validUntil: '2029-12-31' }],
      performance: e.username === 'tenderer1' ? [] : [{ project: '梅河口市第三中学综合楼', year: 2024, amount: 12_600_000 }],
      people: [{ name: `${e.rep.slice(0, 1)}工`, identityNumber: withResidentCheck(`22058119800${ENTERPRISES.indexOf(e) + 1}01123`), title: '项目负责人' }],
    });
    await issueCertificate(db, actor, generateKeyPair().publicKey);
  }
  for (const holder of [user('officer1'), await db.selectFrom('users').selectAll().where('id', '=', supervisorId).executeTakeFirstOrThrow()]) {
    await issueCertificate(db, toActor(holder), generateKeyPair().publicKey);
  }
  const pool = [
    { name: '高建华', user: 'expert1', speciality: '房屋建筑', region: '220581', employer: '梅河口市建筑设计院' },
    { name: '林海', user: 'expert2', speciality: '房屋建筑', region: '220581', employer: '通化师范学院' },
    { name: '宋佳', user: 'expert3', speciality: '工程造价', region: '220581', employer: '吉林省造价咨询有限公司' },
    { name: '孟凡', user: 'expert4', speciality: '房屋建筑', region: '220581', employer: '梅河口市质监站（退休）' },
    { name: '韩松', user: null, speciality: '工程造价', region: '220581', employer: '梅河口市审计咨询中心' },
    { name: '白雪', user: null, speciality: '房屋建筑', region: '220500', employer: '通化市建筑工程学校' },
    { name: '郑远', user: null, speciality: '工程造价', region: '220500', employer: '通化市造价站' },
  ];
  await db
    .insertInto('trading_experts')
    .values(
      pool.map((p, i) => {
        const person = personRecord({ name: p.name, identityNumber: withResidentCheck(`22058119700${i + 1}02456`) });
        return { user_id: p.user ? user(p.user).id : null, name: p.name, id_hash: person.idHash, id_masked: person.idMasked, specialities: [p.speciality], region_code: p.region, employer_credit_code: null, employer_name: p.employer };
      }),
    )
    .execute();

  // One open tender, announced today with the earliest legal deadline.
  const tenderer = toActor(user('tenderer1'));
  const officer = toActor(user('officer1'));
  const { id } = await registerProject(db, tenderer, {
    title: '梅河口市实验小学教学楼改扩建工程',
    category: 'construction',
    budget: 12_800_000,
    qualifications: ['建筑工程施工总承包'],
    evaluationMethod: 'comprehensive',
    criteria: [
      { name: '商务', maxPoints: 20 },
      { name: '技术', maxPoints: 40 },
      { name: '报价', maxPoints: 40 },
    ],
    lots: [{ name: '施工总承包', budget: 12_800_000 }],
  });
  await reviewProject(db, officer, id, { approve: true, note: '招标方案已备案，资料齐全' });
  const today = toChinaDate(new Date());
  const deadline = new Date(`${earliestDeadline(await calendarFor(db, null), 'construction', today)}T09:30:00+08:00`);
  const room = await db.selectFrom('trading_rooms').select('id').where('name', '=', '第一开标室').where('centre_id', '=', centreId).executeTakeFirstOrThrow();
  await announceProject(db, tenderer, id, {
    documentsFrom: today,
    deadline,
    openingRoomId: room.id,
    body: '一、项目概况：教学楼改扩建，建筑面积约 8,600 平方米，最高投标限价 1,280 万元。\n二、资格要求：建筑工程施工总承包二级及以上资质，项目负责人具有二级及以上注册建造师。\n三、招标文件获取：自公告之日起在交易平台下载。\n四、投标截止及开标时间：见本公告，开标地点为梅河口市公共资源交易中心第一开标室，投标人远程解密。',
  });
}
