import crypto from 'node:crypto';
import type { Database } from '../db/database.js';
import { calendarFor } from '../modules/calendar/service.js';
import { createSeal, type SealSigner } from '../modules/seals/service.js';
import { toChinaDate } from '../modules/calendar/engine.js';
import { sealBid, type BidContent } from '../modules/trading/bid-envelope.js';
import { issueCertificate } from '../modules/trading/certificates.js';
import { registerEnterprise } from '../modules/trading/enterprises.js';
import { earliestDeadline } from '../modules/trading/periods.js';
import { announceProject, registerProject, reviewProject } from '../modules/trading/projects.js';
import { generateKeyPair, type KeyPair } from '../modules/trading/sm-crypto.js';
import { withCreditCheck, withResidentCheck } from '../util/identity.js';
import { makeCentre, makeDepartment, makeUser, toActorOf } from './factories.js';

/** Trading test data: a centre with rooms, its officer, key holders, enterprises with keys, experts. */

const digits = (n: number) => Array.from({ length: n }, () => crypto.randomInt(10)).join('');
export const randomCreditCode = () => withCreditCheck(`91220581MA${digits(7)}`);
export const randomIdNumber = () => withResidentCheck(`220581198${digits(1)}0${crypto.randomInt(1, 10)}1${digits(4)}`);

export type Actorish = ReturnType<typeof toActorOf>;

export interface TradingParty {
  user: Awaited<ReturnType<typeof makeUser>>;
  actor: Actorish;
  keys: KeyPair;
}

/** A user with a certificate for a key pair the test holds (as their browser would). */
export async function withCertificate(db: Database, user: Awaited<ReturnType<typeof makeUser>>): Promise<TradingParty> {
  const actor = toActorOf(user);
  const keys = generateKeyPair();
  await issueCertificate(db, actor, keys.publicKey);
  return { user, actor, keys };
}

/** A legal-person applicant with its registered enterprise (and staff) and a certificate. */
export async function makeEnterprise(db: Database, name: string, options: { people?: { name: string; identityNumber: string; title: string }[]; qualifications?: { name: string; level: string; number: string; validUntil: string }[] } = {}) {
  const user = await makeUser(db, 'applicant', { kind: 'legal' });
  await db.updateTable('users').set({ display_name: name }).where('id', '=', user.id).execute();
  const actor = toActorOf(user);
  const enterprise = await registerEnterprise(db, actor, {
    creditCode: user.identity_number!,
    name,
    legalRepresentative: '张建国',
    address: '梅河口市',
    licences: [{ name: '营业执照', number: user.identity_number!, validUntil: null }],
    qualifications: options.qualifications ?? [{ name: '建筑工程施工总承包', level: '二级', number: `D2${digits(8)}`, validUntil: '2099-12-31' }],
    performance: [],
    people: options.people ?? [{ name: '项目经理', identityNumber: randomIdNumber(), title: '项目负责人' }],
  });
  const party = await withCertificate(db, user);
  return { ...party, enterprise };
}

export async function makeTradingWorld(db: Database, signer: SealSigner) {
  const centre = await makeCentre(db);
  // The centre's 公共资源交易中心 and its seal, which signs award notices.
  const sealDepartment = await makeDepartment(db, centre, `公共资源交易中心${digits(4)}`);
  const seal = await createSeal(db, signer, { departmentId: sealDepartment.id, name: '交易专用章', actor: null });
  await db.insertInto('trading_centre_seals').values({ centre_id: centre.id, department_id: sealDepartment.id }).execute();
  const [openingRoom, evaluationRoom] = await db
    .insertInto('trading_rooms')
    .values([
      { centre_id: centre.id, name: `第一开标室${digits(4)}`, purpose: 'opening' },
      { centre_id: centre.id, name: `第一评标室${digits(4)}`, purpose: 'evaluation' },
    ])
    .returningAll()
    .execute();
  const officer = await withCertificate(db, await makeUser(db, 'trading_officer', { centreId: centre.id }));
  const supervisor = await withCertificate(db, await makeUser(db, 'supervisor', { regionCode: centre.region_code }));
  const agency = await makeUser(db, 'trading_agency', { centreId: centre.id });
  const tenderer = await makeEnterprise(db, `梅河口市城市建设投资有限公司${digits(3)}`);
  return { centre, seal, openingRoom: openingRoom!, evaluationRoom: evaluationRoom!, officer, supervisor, agency: toActorOf(agency), tenderer };
}

export type TradingWorld = Awaited<ReturnType<typeof makeTradingWorld>>;

/** Experts with accounts, in the world's region unless told otherwise. */
export async function makeExperts(db: Database, count: number, options: { speciality?: string; regionCode?: string; employerCreditCode?: string | null; identityNumbers?: string[] } = {}) {
  const experts = [];
  for (let i = 0; i < count; i++) {
    const user = await makeUser(db, 'expert');
    const party = await withCertificate(db, user);
    const row = await db
      .insertInto('trading_experts')
      .values({
        user_id: user.id,
        name: `专家${digits(4)}`,
        id_hash: (await import('../modules/trading/people.js')).personKey(options.identityNumbers?.[i] ?? randomIdNumber()),
        id_masked: '220581********0000',
        specialities: [options.speciality ?? '房屋建筑'],
        region_code: options.regionCode ?? '220581',
        employer_credit_code: options.employerCreditCode ?? null,
        employer_name: '',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    experts.push({ ...party, expertId: row.id });
  }
  return experts;
}

/** Registers, lists and announces a one-lot construction tender with the earliest legal deadline. */
export async function announcedProject(db: Database, world: TradingWorld, options: { budget?: number; method?: 'comprehensive' | 'lowest_price'; qualifications?: string[] } = {}) {
  const budget = options.budget ?? 1_000_000;
  const { id } = await registerProject(db, world.tenderer.actor, {
    title: `梅河口市第${digits(3)}小学教学楼建设工程`,
    category: 'construction',
    budget,
    qualifications: options.qualifications ?? ['建筑工程施工总承包'],
    evaluationMethod: options.method ?? 'comprehensive',
    criteria: options.method === 'lowest_price' ? [] : [
      { name: '商务', maxPoints: 30 },
      { name: '技术', maxPoints: 40 },
      { name: '报价', maxPoints: 30 },
    ],
    lots: [{ name: '施工', budget }],
  });
  await reviewProject(db, world.officer.actor, id, { approve: true, note: '资料齐全' });
  const today = toChinaDate(new Date());
  const deadlineDate = earliestDeadline(await calendarFor(db, null), 'construction', today);
  const deadline = new Date(`${deadlineDate}T09:30:00+08:00`);
  // A room of its own, so the tests' many projects never want one room at one time.
  const room = await db.insertInto('trading_rooms').values({ centre_id: world.centre.id, name: `开标室${digits(5)}`, purpose: 'opening' }).returning('id').executeTakeFirstOrThrow();
  await announceProject(db, world.tenderer.actor, id, { documentsFrom: today, deadline, openingRoomId: room.id, body: '招标公告正文：资格要求、招标文件获取方式、投标截止时间与开标地点。' });
  const lot = await db.selectFrom('trading_lots').select('id').where('project_id', '=', id).executeTakeFirstOrThrow();
  return { id, lotId: lot.id, deadline };
}

export function bidContent(overrides: Partial<BidContent> = {}): BidContent {
  return {
    price: 900_000,
    durationDays: 180,
    technical: `施工组织设计 ${crypto.randomBytes(8).toString('hex')}`,
    machineCode: `MC-${crypto.randomBytes(6).toString('hex')}`,
    depositAccount: `6222${digits(12)}`,
    personnel: [{ name: '李工', identityNumber: randomIdNumber(), role: '项目经理' }],
    ...overrides,
  };
}

/** What the bidder's client sends: the sealed, signed bid (and the content key it keeps to itself). */
export function sealedBidFor(party: { keys: KeyPair }, projectId: string, lotId: number, content: BidContent) {
  return sealBid({ projectId, lotId, content, publicKey: party.keys.publicKey, privateKey: party.keys.privateKey });
}

/** Moves the bid deadline (and the opening booking) into the past: time passes by data. */
export async function passDeadline(db: Database, projectId: string) {
  const past = new Date(Date.now() - 60_000);
  await db.updateTable('trading_projects').set({ bid_deadline: past }).where('id', '=', projectId).execute();
}
