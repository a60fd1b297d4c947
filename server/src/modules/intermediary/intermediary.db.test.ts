import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { loginCookie, makeUser, makeWorld, TEST_PASSWORD, toActorOf } from '../../test/factories.js';
import { extractPdfText } from '../../test/pdf-text.js';
import { chinaDate } from '../../util/china-time.js';
import { withCreditCheck } from '../../util/identity.js';
import { calendarFor } from '../calendar/service.js';
import * as cases from '../cases/service.js';
import { computeScore } from './assessment.js';
import { verifyEventChain } from './events.js';
import { addNaturalDays, sweepIntermediaries } from './registry.js';
import * as repo from './repo.js';
import { drawRandom } from './selection.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;
let admin: string;
let owner: Awaited<ReturnType<typeof makeUser>>;
let ownerCookie: string;
let serviceTypeId: number;
const today = chinaDate();
let counter = 0;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t.db);
  admin = await loginCookie(t.app, w.admin.username);
  owner = await makeUser(t.db, 'applicant', { kind: 'legal' });
  ownerCookie = await loginCookie(t.app, owner.username);
  const created = await call('POST', '/api/intermediary/service-types', admin, {
    code: 'HP-01',
    name: '环境影响评价',
    legalBasis: '《中华人民共和国环境影响评价法》第十六条',
    feeBasis: '市场调节价',
    usualDays: 20,
    dayUnit: 'workday',
    itemIds: [w.itemA.id],
  });
  expect(created.status).toBe(201);
  serviceTypeId = created.body.id;
});
afterAll(() => t.destroy());

async function call(method: 'GET' | 'POST' | 'PUT', url: string, cookie?: string, payload?: unknown) {
  const response = await t.app.inject({ method, url, headers: cookie ? { cookie } : {}, payload: payload as never });
  const json = String(response.headers['content-type']).includes('json');
  return { status: response.statusCode, body: json ? response.json() : undefined, raw: response };
}

/** A registered, approved intermediary qualified for the service type, signed in. */
async function intermediary(options: { validTo?: string } = {}) {
  const n = ++counter;
  const username = `agency_${n}_${Date.now().toString(36)}`;
  const creditCode = withCreditCheck(`91220581MA${String(1000000 + n * 7919).slice(-7)}`);
  // Registered at the hall by the centre (the online path has its own test and a per-address limit).
  const registered = await call('POST', '/api/intermediary/agencies', admin, {
    creditCode,
    name: `梅河口市第${n}环境咨询有限公司`,
    legalRepresentative: '王五',
    address: '梅河口市新华大街 8 号',
    phone: '0435-4211234',
    contactName: '赵六',
    account: { username, password: TEST_PASSWORD },
  });
  expect(registered.status).toBe(201);
  const id = registered.body.id as number;
  expect((await call('POST', `/api/intermediary/agencies/${id}/review`, admin, { approve: true })).body).toEqual({ status: 'approved' });
  const cookie = await loginCookie(t.app, username);
  const q = await call('POST', '/api/intermediary/me/qualifications', cookie, {
    serviceTypeId,
    certificateNumber: `国环评证乙字第${n}号`,
    grade: '乙级',
    validFrom: addNaturalDays(today, -400),
    validTo: options.validTo ?? addNaturalDays(today, 400),
    feeStandard: '报告书 3–8 万元，报告表 0.8–2 万元',
  });
  expect(q.status).toBe(201);
  return { id, cookie, username };
}

async function announce(overrides: Record<string, unknown> = {}) {
  const deadline = new Date(Date.now() + 2 * 3_600_000).toISOString();
  const response = await call('POST', '/api/intermediary/announcements', ownerCookie, {
    serviceTypeId,
    projectName: '年产 5 万吨饲料加工项目',
    funding: 'own',
    budgetCeiling: 60_000,
    serviceDays: 20,
    dayUnit: 'workday',
    requirements: '编制环境影响报告表，含现场踏勘',
    method: 'random',
    responseDeadline: deadline,
    ...overrides,
  });
  expect(response.status).toBe(201);
  return response.body.id as number;
}

/** Moves the response deadline into the past, as time passing would. */
const closeResponses = (id: number) => sql`UPDATE intermediary_announcements SET response_deadline = now() - interval '1 minute' WHERE id = ${id}`.execute(t.db);

describe('the intermediary supermarket', () => {
  it('runs an announcement from responses to a random draw, publicity, contract, late delivery, rating and use in the approval', async () => {
    const agencies = [await intermediary(), await intermediary(), await intermediary()];
    const id = await announce();
    const quotes = [48_000, 52_000, 45_000];
    for (const [i, a] of agencies.entries()) {
      expect((await call('POST', `/api/intermediary/announcements/${id}/responses`, a.cookie, { quote: quotes[i], promisedDays: 15 })).status).toBe(201);
    }
    // Sealed: until the deadline the owner sees how many answered, not who or at what price.
    const sealed = (await call('GET', `/api/intermediary/announcements/${id}`, ownerCookie)).body;
    expect(sealed).toMatchObject({ sealed: true, responses: [] });
    expect(sealed.announcement.responseCount).toBe(3);
    expect((await call('POST', `/api/intermediary/announcements/${id}/select`, ownerCookie, {})).body.error.code).toBe('INVALID_STATE');

    await closeResponses(id);
    // A department reviewer tries to choose for the owner: refused, and on the record.
    const reviewer = await loginCookie(t.app, w.reviewerA.username);
    const attempt = await call('POST', `/api/intermediary/announcements/${id}/select`, reviewer, { responseId: 1 });
    expect(attempt.status).toBe(403);
    const logged = await t.db.selectFrom('intermediary_events').selectAll().where('action', '=', 'designation_refused').where('entity_id', '=', id).execute();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ actor_id: w.reviewerA.id, actor_role: 'reviewer' });

    const selected = await call('POST', `/api/intermediary/announcements/${id}/select`, ownerCookie, {});
    expect(selected.status).toBe(200);
    const responses = await repo.listResponses(t.db, id);
    // The published seed reproduces the draw.
    const again = drawRandom(responses.map((r) => ({ responseId: r.id, quote: r.quote, creditScore: 0 })), selected.body.seed);
    expect(selected.body.responseId).toBe(again.winner.responseId);
    const calendar = await calendarFor(t.db, '220581');
    expect(selected.body.publicityEndsOn).toBe(calendar.addWorkdays(today, 3).due);

    // Published: the public list names the chosen intermediary.
    const published = (await call('GET', '/api/public/intermediary/announcements')).body.announcements.find((a: { id: number }) => a.id === id);
    const winner = responses.find((r) => r.id === selected.body.responseId)!;
    expect(published).toMatchObject({ status: 'selected', selectedIntermediaryName: winner.intermediary_name, drawSeed: selected.body.seed });

    // No contract during the publicity period.
    expect((await call('POST', `/api/intermediary/announcements/${id}/contract`, ownerCookie)).body.error.message).toContain('公示期满后');
    await sql`UPDATE intermediary_announcements SET publicity_ends_on = ${addNaturalDays(today, -1)} WHERE id = ${id}`.execute(t.db);
    const contract = await call('POST', `/api/intermediary/announcements/${id}/contract`, ownerCookie);
    expect(contract.status).toBe(201);
    expect(contract.body.dueDate).toBe(calendar.addWorkdays(today, 15).due);
    const contractId = contract.body.id as number;

    const agency = agencies.find((a) => a.id === winner.intermediary_id)!;
    const before = (await call('GET', `/api/public/intermediary/agencies/${agency.id}`)).body.intermediary;
    expect(before).toMatchObject({ score: 80, grade: 'AA' });

    // The service runs late: its due date passes without a report, and the centre sees red.
    const due = calendar.previousWorkday(calendar.previousWorkday(today));
    await sql`UPDATE intermediary_contracts SET due_date = ${due}, warn_date = ${due} WHERE id = ${contractId}`.execute(t.db);
    const supervisor = await loginCookie(t.app, w.supervisor.username);
    const watched = (await call('GET', '/api/intermediary/contracts', supervisor)).body.contracts.find((c: { id: number }) => c.id === contractId);
    expect(watched.light).toBe('red');

    const report = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from('1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n')]);
    const delivered = await t.app.inject({
      method: 'POST',
      url: `/api/intermediary/contracts/${contractId}/report`,
      headers: { cookie: agency.cookie, 'content-type': 'multipart/form-data; boundary=X' },
      payload: `--X\r\nContent-Disposition: form-data; name="file"; filename="hp.pdf"\r\nContent-Type: application/pdf\r\n\r\n${report.toString('latin1')}\r\n--X--\r\n`,
    });
    expect(delivered.statusCode).toBe(200);
    expect(delivered.json()).toEqual({ light: 'done_late' });

    expect((await call('POST', `/api/intermediary/contracts/${contractId}/rating`, ownerCookie, { level: 2, comment: '超期交付' })).status).toBe(201);
    expect((await call('POST', `/api/intermediary/contracts/${contractId}/rating`, ownerCookie, { level: 5 })).body.error.code).toBe('CONFLICT');
    const after = (await call('GET', `/api/public/intermediary/agencies/${agency.id}`)).body.intermediary;
    const daysLate = Math.round((Date.parse(today) - Date.parse(due)) / 86_400_000);
    // 80 − 4 (不满意) − 5 (late) − days late
    expect(after.score).toBe(80 - 4 - 5 - daysLate);
    expect(after.grade).not.toBe('AA');

    // The scores recompute to the same value from their records.
    const records = (await repo.assessmentRecords(t.db, today, [agency.id])).get(agency.id)!;
    expect(records).toEqual({ ratings: [2], deliveries: [daysLate], overdueRunning: [], upheldComplaints: 0, warnings: 0, suspensions: 0 });
    expect(computeScore(records, await repo.readRules(t.db)).score).toBe(after.score);

    // The owner attaches the report to its approval case as a material.
    const { caseId } = await cases.submitApplication({ db: t.db, actor: toActorOf(owner), itemId: w.itemA.id, formData: { name: '饲料厂', phone: '13800138000' } });
    const attached = await call('POST', `/api/intermediary/contracts/${contractId}/attach`, ownerCookie, { caseId });
    expect(attached.status).toBe(201);
    const materials = await t.db.selectFrom('case_materials').select(['name', 'content_type']).where('case_id', '=', caseId).execute();
    expect(materials).toEqual([{ name: expect.stringContaining('环境影响评价成果'), content_type: 'application/pdf' }]);
    // Another applicant's case is not reachable.
    const foreign = await cases.submitApplication({ db: t.db, actor: toActorOf(w.applicant), itemId: w.itemA.id, formData: { name: '别人', phone: '13800138000' } });
    expect((await call('POST', `/api/intermediary/contracts/${contractId}/attach`, ownerCookie, { caseId: foreign.caseId })).status).toBe(404);

    expect(await verifyEventChain(t.db)).toMatchObject({ brokenAt: null });
    // An insider who edits a recorded step is found out.
    await sql`UPDATE intermediary_events SET data = data || '{"quote": 1}' WHERE action = 'responded' AND entity_id = ${id}`.execute(t.db);
    expect((await verifyEventChain(t.db)).brokenAt).not.toBeNull();
    await sql`UPDATE intermediary_events SET data = data - 'quote' || jsonb_build_object('quote', (SELECT quote FROM intermediary_responses r WHERE r.id = (data->>'responseId')::int)) WHERE action = 'responded' AND entity_id = ${id}`.execute(t.db);
  });

  it('blocks a response under an expired qualification, and the sweep suspends the service type', async () => {
    const expired = await intermediary({ validTo: addNaturalDays(today, -1) });
    const id = await announce();
    const refused = await call('POST', `/api/intermediary/announcements/${id}/responses`, expired.cookie, { quote: 40_000, promisedDays: 10 });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('过期');
    // Saved while already past its date, it was stored expired; one that lapses later is caught by the sweep.
    const lapsing = await intermediary();
    await sql`UPDATE intermediary_qualifications SET valid_to = ${addNaturalDays(today, -2)} WHERE intermediary_id = ${lapsing.id}`.execute(t.db);
    const swept = await sweepIntermediaries(t.db, today);
    expect(swept.expired).toBeGreaterThanOrEqual(1);
    const row = await t.db.selectFrom('intermediary_qualifications').select('status').where('intermediary_id', '=', lapsing.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('expired');
    expect((await call('POST', `/api/intermediary/announcements/${id}/responses`, lapsing.cookie, { quote: 40_000, promisedDays: 10 })).status).toBe(403);
  });

  it('lets no department user post, select or narrow for an owner, and refuses requirements that name an intermediary', async () => {
    const agency = await intermediary();
    const id = await announce();
    await call('POST', `/api/intermediary/announcements/${id}/responses`, agency.cookie, { quote: 30_000, promisedDays: 10 });
    await closeResponses(id);
    for (const user of [w.reviewerA, w.clerk, w.admin]) {
      const cookie = await loginCookie(t.app, user.username);
      expect((await call('POST', `/api/intermediary/announcements/${id}/select`, cookie, {})).status).toBe(403);
      expect((await call('POST', '/api/intermediary/announcements', cookie, { serviceTypeId, projectName: 'x', funding: 'public', budgetCeiling: 1, serviceDays: 1, dayUnit: 'workday', requirements: 'x', method: 'random', responseDeadline: new Date(Date.now() + 7_200_000).toISOString() })).status).toBe(403);
    }
    const attempts = await t.db.selectFrom('intermediary_events').select(['actor_id', 'data']).where('action', '=', 'designation_refused').where('actor_id', 'in', [w.reviewerA.id, w.clerk.id, w.admin.id])
      .where((eb) => eb.or([eb('entity_id', '=', id), eb('entity_id', 'is', null)])).execute();
    expect(attempts).toHaveLength(6);
    const supervisor = await loginCookie(t.app, w.supervisor.username);
    const seen = (await call('GET', '/api/intermediary/events?action=designation_refused', supervisor)).body;
    expect(seen.events.length).toBeGreaterThanOrEqual(6);
    expect(seen.chain.brokenAt).toBeNull();

    const name = (await t.db.selectFrom('intermediaries').select('name').where('id', '=', agency.id).executeTakeFirstOrThrow()).name;
    const naming = await call('POST', '/api/intermediary/announcements', ownerCookie, {
      serviceTypeId, projectName: '项目', funding: 'own', budgetCeiling: 10_000, serviceDays: 10, dayUnit: 'workday',
      requirements: `须由${name}承担`, method: 'random', responseDeadline: new Date(Date.now() + 7_200_000).toISOString(),
    });
    expect(naming.status).toBe(400);
    expect(naming.body.error.details[0].field).toBe('body.requirements');
  });

  it('allows direct choice only to an enterprise paying with its own funds', async () => {
    const publicBody = await t.db
      .insertInto('users')
      .values({ ...(await t.db.selectFrom('users').select(['password_hash']).where('id', '=', owner.id).executeTakeFirstOrThrow()), username: `school_${Date.now()}`, display_name: '梅河口市第一中学', role: 'applicant', applicant_kind: 'legal', identity_number: withCreditCheck('12220581MB1234567'), phone: '13900000000', region_code: '220581', centre_id: null, department_id: null, window_id: null })
      .returning('username')
      .executeTakeFirstOrThrow();
    const school = await loginCookie(t.app, publicBody.username);
    const base = { serviceTypeId, projectName: '教学楼加固', budgetCeiling: 30_000, serviceDays: 10, dayUnit: 'workday', requirements: '结构安全鉴定', responseDeadline: new Date(Date.now() + 7_200_000).toISOString() };
    expect((await call('POST', '/api/intermediary/announcements', school, { ...base, funding: 'public', method: 'direct' })).body.error.details[0].field).toBe('body.method');
    expect((await call('POST', '/api/intermediary/announcements', school, { ...base, funding: 'own', method: 'random' })).body.error.details[0].field).toBe('body.funding');
    expect((await call('POST', '/api/intermediary/announcements', school, { ...base, funding: 'public', method: 'random' })).status).toBe(201);

    const a = await intermediary();
    const b = await intermediary();
    const id = await announce({ method: 'direct' });
    await call('POST', `/api/intermediary/announcements/${id}/responses`, a.cookie, { quote: 30_000, promisedDays: 10 });
    await call('POST', `/api/intermediary/announcements/${id}/responses`, b.cookie, { quote: 20_000, promisedDays: 10 });
    await closeResponses(id);
    const chosen = (await repo.listResponses(t.db, id)).find((r) => r.intermediary_id === a.id)!;
    const result = await call('POST', `/api/intermediary/announcements/${id}/select`, ownerCookie, { responseId: chosen.id });
    expect(result.body).toMatchObject({ status: 'selected', responseId: chosen.id, seed: null });
  });

  it('takes suspended intermediaries out of the choice, lists the services an item needs, and prints a contact card', async () => {
    const a = await intermediary();
    const b = await intermediary();
    const id = await announce({ method: 'lowest_price' });
    await call('POST', `/api/intermediary/announcements/${id}/responses`, a.cookie, { quote: 10_000, promisedDays: 10 });
    await call('POST', `/api/intermediary/announcements/${id}/responses`, b.cookie, { quote: 20_000, promisedDays: 10 });
    // a would win on price, but is suspended for 30 days before the choice.
    expect((await call('POST', `/api/intermediary/agencies/${a.id}/sanctions`, admin, { kind: 'suspension', reason: '出具虚假报告', days: 30 })).status).toBe(201);
    await closeResponses(id);
    const result = await call('POST', `/api/intermediary/announcements/${id}/select`, ownerCookie, {});
    const winner = (await repo.listResponses(t.db, id)).find((r) => r.id === result.body.responseId)!;
    expect(winner.intermediary_id).toBe(b.id);
    const card = (await call('GET', `/api/public/intermediary/agencies/${a.id}`)).body.intermediary;
    expect(card.status).toBe('suspended');
    expect(card.scoreLines).toContainEqual({ rule: 'suspension', label: '暂停', count: 1, points: -15 });

    const forItem = (await call('GET', `/api/public/intermediary/service-types?itemId=${w.itemA.id}`)).body.serviceTypes;
    expect(forItem.map((s: { code: string }) => s.code)).toEqual(['HP-01']);
    expect((await call('GET', `/api/public/intermediary/service-types?itemId=${w.itemB.id}`)).body.serviceTypes).toEqual([]);

    const pdf = await call('GET', `/api/public/intermediary/agencies/${b.id}/card.pdf`);
    expect(pdf.raw.headers['content-type']).toBe('application/pdf');
    const text = await extractPdfText(pdf.raw.rawPayload);
    expect(text).toContain('联系卡');
    expect(text).toContain('环境影响评价');

    const stats = (await call('GET', '/api/public/intermediary/stats')).body.rows.find((r: { code: string }) => r.code === 'HP-01');
    expect(stats.announcements).toBeGreaterThanOrEqual(4);
    expect(stats.priceToBudget).toBeGreaterThan(0);
  });

  it('takes an online registration that waits for the centre’s review before it may respond', async () => {
    const username = `online_${Date.now().toString(36)}`;
    const registered = await call('POST', '/api/public/intermediary/register', undefined, {
      creditCode: withCreditCheck('91220581MA7777777'), name: '吉林省网上测绘有限公司', legalRepresentative: '钱七', address: '通化市江南路 1 号',
      phone: '13804351111', contactName: '孙八', account: { username, password: TEST_PASSWORD },
    });
    expect(registered.status).toBe(201);
    const cookie = await loginCookie(t.app, username);
    const me = (await call('GET', '/api/intermediary/me', cookie)).body.intermediary;
    expect(me).toMatchObject({ presence: 'online', status: 'pending' });
    await call('POST', '/api/intermediary/me/qualifications', cookie, { serviceTypeId, certificateNumber: '甲测资字 1', validFrom: addNaturalDays(today, -10), validTo: addNaturalDays(today, 300), feeStandard: '按国家测绘收费标准' });
    const id = await announce();
    const refused = await call('POST', `/api/intermediary/announcements/${id}/responses`, cookie, { quote: 1000, promisedDays: 5 });
    expect(refused.body.error.message).toContain('尚未通过入驻审核');
    expect((await call('GET', `/api/public/intermediary/agencies/${me.id}`)).status).toBe(404);
    // A second registration of the same credit code is refused.
    const twice = await call('POST', '/api/public/intermediary/register', undefined, {
      creditCode: withCreditCheck('91220581MA7777777'), name: '同一家', legalRepresentative: '钱七', address: '通化市', phone: '13804351111', contactName: '孙八',
      account: { username: `${username}x`, password: TEST_PASSWORD },
    });
    expect(twice.body.error.code).toBe('CONFLICT');
  });

  it('answers bad input with the documented error shape', async () => {
    const bad = await call('POST', '/api/public/intermediary/register', undefined, { creditCode: '91220581MA00000000', name: '', account: { username: 'x', password: 'short' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const wrongCheck = await call('POST', '/api/public/intermediary/register', undefined, {
      creditCode: '91220581MA00000001', name: '某公司', legalRepresentative: '甲', address: '某地', phone: '13800000000', contactName: '乙',
      account: { username: 'check_digit', password: TEST_PASSWORD },
    });
    expect(wrongCheck.body.error.details).toEqual([{ field: 'body.creditCode', label: '统一社会信用代码', message: '统一社会信用代码校验位不正确' }]);
    expect((await call('GET', '/api/public/intermediary/agencies/9999999999')).status).toBe(400);
    expect((await call('GET', '/api/public/intermediary/agencies/2147483647')).status).toBe(404);
    expect((await call('GET', '/api/intermediary/announcements')).status).toBe(401);
  });
});
