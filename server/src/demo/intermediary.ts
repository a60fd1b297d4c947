import crypto from 'node:crypto';
import path from 'node:path';
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import { toActor } from '../modules/auth/actor.js';
import { recordEvent } from '../modules/intermediary/events.js';
import { postAnnouncement, respond, selectIntermediary, signContract } from '../modules/intermediary/announcements.js';
import { addNaturalDays } from '../modules/intermediary/registry.js';
import { FileStore } from '../modules/materials/storage.js';
import { chinaDate } from '../util/china-time.js';
import { withCreditCheck } from '../util/identity.js';

/** The demo city's 中介超市: the list of services, four intermediaries, and a month of selections. */

const SERVICE_TYPES = [
  { code: 'HP-01', name: '建设项目环境影响评价文件编制', legal: '《中华人民共和国环境影响评价法》第十六条、第十九条', fee: '市场调节价（报告书、报告表分别计价）', days: 20, match: `legal_basis::text LIKE '%环境影响评价法%'` },
  { code: 'SB-01', name: '水土保持方案编制', legal: '《中华人民共和国水土保持法》第二十五条', fee: '市场调节价', days: 15, match: `legal_basis::text LIKE '%水土保持法%'` },
  { code: 'JN-01', name: '固定资产投资项目节能报告编制', legal: '《固定资产投资项目节能审查办法》第六条', fee: '市场调节价', days: 15, match: `name LIKE '%节能审查%'` },
  { code: 'DZ-01', name: '地质灾害危险性评估', legal: '《地质灾害防治条例》第二十一条', fee: '市场调节价', days: 20, match: `name LIKE '%地质灾害%'` },
  { code: 'CH-01', name: '建设工程规划放线及竣工测绘', legal: '《中华人民共和国测绘法》第三十一条', fee: '《测绘生产成本费用定额》', days: 10, match: `name LIKE '%规划%'` },
  { code: 'ST-01', name: '施工图设计文件审查', legal: '《房屋建筑和市政基础设施工程施工图设计文件审查管理办法》第三条', fee: '政府购买服务，建设单位不付费', days: 10, match: `name LIKE '%施工许可%'` },
  { code: 'AP-01', name: '危险化学品经营安全评价', legal: '《危险化学品安全管理条例》第三十三条', fee: '市场调节价', days: 15, match: `name LIKE '%危险化学品%'` },
] as const;

const AGENCIES = [
  { stem: '91220500MA17LY3Q1', name: '吉林省绿源环境科技有限公司', presence: 'hall', rep: '韩立新', address: '梅河口市政务服务中心三楼中介服务区 3-06', phone: '0435-4231101', contact: '韩雪', types: ['HP-01', 'SB-01'], account: 'agency1' },
  { stem: '91220502MA0Y8C2D5', name: '通化市正衡工程咨询有限公司', presence: 'online', rep: '孟凡东', address: '通化市东昌区新华大街 1699 号', phone: '0435-3627788', contact: '孟晓', types: ['HP-01', 'JN-01', 'ST-01'], account: 'agency2' },
  { stem: '12220581MB1508923', name: '梅河口市地质勘查测绘院', presence: 'hall', rep: '于海波', address: '梅河口市政务服务中心三楼中介服务区 3-08', phone: '0435-4256620', contact: '于洋', types: ['DZ-01', 'CH-01', 'HP-01'], account: 'agency3' },
  { stem: '91220100MA14W7RT6', name: '长白山安全技术评价有限公司', presence: 'online', rep: '姜涛', address: '长春市南关区人民大街 5188 号', phone: '0431-85901234', contact: '姜宁', types: ['AP-01'], account: 'agency4' },
] as const;

export async function seedDemoIntermediary(db: Database, passwordHash: string, options: { dataDir?: string } = {}): Promise<void> {
  const today = chinaDate();
  const typeIds = new Map<string, number>();
  for (const t of SERVICE_TYPES) {
    const row = await db
      .insertInto('intermediary_service_types')
      .values({ code: t.code, name: t.name, legal_basis: t.legal, fee_basis: t.fee, usual_days: t.days })
      .returning('id')
      .executeTakeFirstOrThrow();
    typeIds.set(t.code, row.id);
    await sql`INSERT INTO intermediary_service_items (service_type_id, item_id) SELECT ${row.id}, id FROM service_items WHERE ${sql.raw(t.match)} ON CONFLICT DO NOTHING`.execute(db);
  }
  const admin = await db.selectFrom('users').selectAll().where('username', '=', 'admin').executeTakeFirstOrThrow();
  const agencyIds = new Map<string, number>();
  for (const [i, a] of AGENCIES.entries()) {
    const creditCode = withCreditCheck(a.stem);
    const user = await db
      .insertInto('users')
      .values({ username: a.account, password_hash: passwordHash, display_name: a.name, role: 'intermediary', applicant_kind: null, identity_number: creditCode, phone: `1360435${String(1100 + i).padStart(4, '0')}`, region_code: '220581', centre_id: null, department_id: null, window_id: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    // The last one registered online this week and waits for the centre's review.
    const approved = i < 3;
    const row = await db
      .insertInto('intermediaries')
      .values({
        credit_code: creditCode,
        name: a.name,
        presence: a.presence,
        legal_representative: a.rep,
        address: a.address,
        phone: a.phone,
        contact_name: a.contact,
        introduction: `${a.name}，具备相应资质，入驻梅河口市中介超市。`,
        offices: JSON.stringify([{ address: a.address, phone: a.phone }]),
        status: approved ? 'approved' : 'pending',
        reviewed_by: approved ? admin.id : null,
        reviewed_at: approved ? new Date() : null,
        review_note: approved ? '资质材料齐全，准予入驻' : null,
        account_user_id: user.id,
        region_code: '220581',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    agencyIds.set(a.account, row.id);
    await db
      .insertInto('intermediary_qualifications')
      .values(
        a.types.map((code, k) => ({
          intermediary_id: row.id,
          service_type_id: typeIds.get(code)!,
          certificate_number: `吉${code.slice(0, 2)}资字第${2200 + i * 10 + k}号`,
          grade: k === 0 ? '甲级' : '乙级',
          valid_from: addNaturalDays(today, -500),
          // One of 正衡's qualifications lapses in three weeks: the sweep will suspend it then.
          valid_to: addNaturalDays(today, a.account === 'agency2' && code === 'ST-01' ? 21 : 900),
          fee_standard: code === 'ST-01' ? '政府购买服务，建设单位不付费' : '报告书 3–8 万元，报告表 0.8–2 万元，按工作量协商',
        })),
      )
      .execute();
    await db.insertInto('intermediary_staff').values([
      { intermediary_id: row.id, name: a.contact, title: '项目负责人', certificate_number: `HP${String(30012 + i)}` },
      { intermediary_id: row.id, name: a.rep, title: '技术负责人', certificate_number: null },
    ]).execute();
    await db.transaction().execute((trx) => recordEvent(trx, toActor(admin), { action: approved ? 'approved' : 'registered', entity: 'intermediary', entityId: row.id, data: { demo: true } }));
  }

  // A month of the supermarket at work, played through the services with their clocks set back.
  const ownerRow = await db.selectFrom('users').selectAll().where('username', '=', 'enterprise1').executeTakeFirstOrThrow();
  const owner = toActor(ownerRow);
  const agent = async (account: string) => toActor(await db.selectFrom('users').selectAll().where('username', '=', account).executeTakeFirstOrThrow());
  const daysAgo = (n: number, hour = 10) => new Date(Date.parse(`${addNaturalDays(today, -n)}T${String(hour).padStart(2, '0')}:00:00+08:00`));

  // 1. 环评 for the cold-store extension: random draw among three, contracted, delivered on time, rated 非常满意.
  const first = await postAnnouncement(db, {
    actor: owner,
    now: daysAgo(40),
    input: { serviceTypeId: typeIds.get('HP-01')!, projectName: '鑫达食品冷库扩建项目', funding: 'own', budgetCeiling: 30_000, serviceDays: 20, dayUnit: 'workday', requirements: '编制环境影响报告表，含现场踏勘和公众参与说明', method: 'random', responseDeadline: daysAgo(36, 17) },
  });
  await respond(db, { actor: await agent('agency1'), announcementId: first.id, quote: 18_000, promisedDays: 15, now: daysAgo(39) });
  await respond(db, { actor: await agent('agency2'), announcementId: first.id, quote: 16_500, promisedDays: 18, now: daysAgo(38) });
  await respond(db, { actor: await agent('agency3'), announcementId: first.id, quote: 21_000, promisedDays: 12, now: daysAgo(37) });
  await selectIntermediary(db, { actor: owner, announcementId: first.id, now: daysAgo(35) });
  const firstSigned = await dayAfterPublicity(db, first.id);
  const firstContract = await signContract(db, { actor: owner, announcementId: first.id, today: firstSigned });
  const deliveredOn = addNaturalDays(firstSigned, 10) < today ? addNaturalDays(firstSigned, 10) : today;
  await deliver(db, firstContract.id, deliveredOn, options.dataDir);
  await db.insertInto('intermediary_ratings').values({ contract_id: firstContract.id, level: 5, comment: '踏勘及时，报告一次通过', rated_by: owner.id }).execute();

  // 2. 节能报告: lowest price, contracted, now past its due date without a report (red for the centre).
  const second = await postAnnouncement(db, {
    actor: owner,
    now: daysAgo(45),
    input: { serviceTypeId: typeIds.get('JN-01')!, projectName: '鑫达食品冷库扩建项目', funding: 'own', budgetCeiling: 15_000, serviceDays: 10, dayUnit: 'workday', requirements: '编制固定资产投资项目节能报告', method: 'lowest_price', responseDeadline: daysAgo(42, 17) },
  });
  await respond(db, { actor: await agent('agency2'), announcementId: second.id, quote: 9_800, promisedDays: 10, now: daysAgo(44) });
  await selectIntermediary(db, { actor: owner, announcementId: second.id, now: daysAgo(41) });
  await signContract(db, { actor: owner, announcementId: second.id, today: await dayAfterPublicity(db, second.id) });

  // 3. Open now: 地质灾害危险性评估, responses close in five days.
  const open = await postAnnouncement(db, {
    actor: owner,
    input: { serviceTypeId: typeIds.get('DZ-01')!, projectName: '鑫达食品二期厂房', funding: 'own', budgetCeiling: 25_000, serviceDays: 20, dayUnit: 'workday', requirements: '场地地质灾害危险性评估（二级），提交评估报告及备案材料', method: 'quality_price', priceWeight: 0.4, responseDeadline: new Date(Date.now() + 5 * 86_400_000) },
  });
  await respond(db, { actor: await agent('agency3'), announcementId: open.id, quote: 19_000, promisedDays: 15 });
}

/** Contracts are signed the day after the result's publicity ends (a holiday can stretch it). */
async function dayAfterPublicity(db: Database, announcementId: number): Promise<string> {
  const row = await db.selectFrom('intermediary_announcements').select('publicity_ends_on').where('id', '=', announcementId).executeTakeFirstOrThrow();
  const next = addNaturalDays(row.publicity_ends_on!, 1);
  return next < chinaDate() ? next : chinaDate();
}

/** Marks a demo contract delivered, with a small report file when the platform has a data folder. */
async function deliver(db: Database, contractId: number, on: string, dataDir?: string) {
  const content = Buffer.from('%PDF-1.4\n% demo report\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  const fileId = dataDir ? crypto.randomUUID() : null;
  if (fileId && dataDir) await new FileStore(path.join(dataDir, 'files')).write(fileId, content);
  await db
    .updateTable('intermediary_contracts')
    .set({ status: 'delivered', delivered_on: on, delivered_at: new Date(`${on}T15:00:00+08:00`), report_file_id: fileId, report_name: fileId ? '环境影响报告表.pdf' : null, report_sm3: fileId ? crypto.createHash('sm3').update(content).digest() : null, report_content_type: fileId ? 'application/pdf' : null })
    .where('id', '=', contractId)
    .execute();
  await db.transaction().execute((trx) => recordEvent(trx, null, { action: 'report_delivered', entity: 'contract', entityId: contractId, data: { demo: true, on } }));
}
