import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database.js';
import type { FormField, ItemMaterial, Role } from '../db/schema.js';
import { hashPassword } from '../modules/auth/password.js';
import { withCreditCheck, withResidentCheck } from '../util/identity.js';

/** Test data built on demand, each call unique, so tests never depend on a fixture dump. */

export const TEST_PASSWORD = 'Test-Password-1';
let passwordHash: Promise<string> | undefined;
const hashed = () => (passwordHash ??= hashPassword(TEST_PASSWORD));
let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}${crypto.randomBytes(2).toString('hex')}`;
const digits = (n: number) => Array.from({ length: n }, () => crypto.randomInt(10)).join('');

export async function makeCentre(db: Database, regionCode = '220581') {
  await db
    .insertInto('regions')
    .values({ code: regionCode, name: `测试区划${regionCode}`, parent_code: null, level: 'county' })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return db
    .insertInto('centres')
    .values({ name: `测试政务服务中心${unique()}`, region_code: regionCode })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function makeDepartment(db: Database, centre: { id: number; region_code: string }, name?: string) {
  return db
    .insertInto('departments')
    .values({
      name: name ?? `测试局${unique()}`,
      credit_code: withCreditCheck(`11${centre.region_code}MB${digits(7)}`),
      region_code: centre.region_code,
      centre_id: centre.id,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function makeUser(
  db: Database,
  role: Role,
  scope: { centreId?: number; departmentId?: number; regionCode?: string; kind?: 'natural' | 'legal' } = {},
) {
  const kind = role === 'applicant' ? (scope.kind ?? 'natural') : null;
  return db
    .insertInto('users')
    .values({
      username: `${role}_${unique()}`,
      password_hash: await hashed(),
      display_name: role === 'applicant' ? '张三' : `测试${role}`,
      role,
      applicant_kind: kind,
      identity_number:
        kind === 'natural' ? withResidentCheck(`220581199001${digits(5)}`) : kind === 'legal' ? withCreditCheck(`91220581MA${digits(7)}`) : null,
      phone: `139${digits(8)}`,
      region_code: scope.regionCode ?? '220581',
      centre_id: scope.centreId ?? null,
      department_id: scope.departmentId ?? null,
      window_id: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export const SIMPLE_FORM: FormField[] = [
  { key: 'name', label: '名称', type: 'text', required: true },
  { key: 'phone', label: '联系电话', type: 'phone', required: true },
  { key: 'count', label: '数量', type: 'number', required: false },
];

export async function makeItem(
  db: Database,
  departmentId: number,
  overrides: { promised?: number; legal?: number | null; status?: 'draft' | 'published'; fields?: FormField[]; materials?: ItemMaterial[] } = {},
) {
  return db
    .insertInto('service_items')
    .values({
      code: `TEST-${unique()}`,
      name: `测试事项${unique()}`,
      department_id: departmentId,
      kind: overrides.promised === 0 ? 'immediate' : 'promised',
      legal_limit_days: overrides.legal === undefined ? 20 : overrides.legal,
      promised_limit_days: overrides.promised ?? 5,
      status: overrides.status ?? 'published',
      form_fields: JSON.stringify(overrides.fields ?? SIMPLE_FORM),
      ...(overrides.materials && { materials: JSON.stringify(overrides.materials) }),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A listed material (申请材料) for makeItem: required unless said otherwise. */
export function listedMaterial(id: string, name: string, extra: Partial<ItemMaterial> = {}): ItemMaterial {
  return { id, name, requirement: 'required', form: 'copy', copies: 1, source: '申请人自备', ...extra };
}

/**
 * 预上传 through the API: a small PDF for one listed material of an item, as the online hall sends
 * it before submitting; the id goes into POST /api/cases `materials`.
 */
export async function stageMaterial(app: FastifyInstance, cookie: string, itemId: number, materialId: string): Promise<string> {
  const { multipartBody } = await import('./multipart.js');
  const { pdfWith } = await import('./files.js');
  const body = multipartBody({ materialId, filename: `${materialId}.pdf`, content: pdfWith() });
  const response = await app.inject({ method: 'POST', url: `/api/catalog/items/${itemId}/uploads`, headers: { ...body.headers, cookie }, payload: body.payload });
  if (response.statusCode !== 201) throw new Error(`staging ${materialId} failed: ${response.body}`);
  return response.json().id;
}

/** A small world: one centre with two departments, each role, and a published item per department. */
export async function makeWorld(db: Database) {
  const centre = await makeCentre(db);
  const deptA = await makeDepartment(db, centre);
  const deptB = await makeDepartment(db, centre);
  const otherCentre = await makeCentre(db, '220582');
  const [applicant, applicant2, clerk, reviewerA, reviewerB, admin, supervisor, foreignClerk] = await Promise.all([
    makeUser(db, 'applicant'),
    makeUser(db, 'applicant'),
    makeUser(db, 'clerk', { centreId: centre.id }),
    makeUser(db, 'reviewer', { centreId: centre.id, departmentId: deptA.id }),
    makeUser(db, 'reviewer', { centreId: centre.id, departmentId: deptB.id }),
    makeUser(db, 'admin', { centreId: centre.id }),
    makeUser(db, 'supervisor', { regionCode: '220581' }),
    makeUser(db, 'clerk', { centreId: otherCentre.id, regionCode: '220582' }),
  ]);
  // 部门负责人 of department A (approves its extensions) and the region's 人民政府负责人.
  const headA = await makeUser(db, 'department_head', { centreId: centre.id, departmentId: deptA.id });
  const governmentHead = await makeUser(db, 'government_head', { regionCode: '220581' });
  const itemA = await makeItem(db, deptA.id);
  const itemB = await makeItem(db, deptB.id);
  return { centre, deptA, deptB, applicant, applicant2, clerk, reviewerA, reviewerB, admin, supervisor, foreignClerk, headA, governmentHead, itemA, itemB };
}

/** Logs in through the API and returns the cookie header value for later `inject` calls. */
export async function loginCookie(app: FastifyInstance, username: string, password = TEST_PASSWORD): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (response.statusCode !== 200) throw new Error(`login ${username} failed: ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'ow_session');
  if (!cookie) throw new Error('no session cookie');
  return `ow_session=${cookie.value}`;
}

/** A session cookie for each of these users, by the name the test calls them. */
export async function loginCookies<K extends string>(app: FastifyInstance, users: Record<K, { username: string }>): Promise<Record<K, string>> {
  const cookies = {} as Record<K, string>;
  // One after another, as people log in: the login limiter counts attempts per address.
  for (const [name, user] of Object.entries(users) as [K, { username: string }][]) cookies[name] = await loginCookie(app, user.username);
  return cookies;
}

export function toActorOf(user: Awaited<ReturnType<typeof makeUser>>) {
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    role: user.role,
    applicantKind: user.applicant_kind,
    centreId: user.centre_id,
    departmentId: user.department_id,
    windowId: user.window_id,
    regionCode: user.region_code,
  };
}

/** Takes an accepted case through 认领 and 审查 so it stands at the decision step. */
export async function reviewToDecision(db: Database, caseId: string, reviewer: Awaited<ReturnType<typeof makeUser>>) {
  const { claimCase, completeReview } = await import('../modules/cases/service.js');
  await claimCase({ db, actor: toActorOf(reviewer), caseId });
  await completeReview({ db, actor: toActorOf(reviewer), caseId, opinion: '材料齐全，符合法定条件' });
}
