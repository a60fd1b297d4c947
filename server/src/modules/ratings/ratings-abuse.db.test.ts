import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { loginCookie, loginCookies, makeWorld, reviewToDecision, toActorOf } from '../../test/factories.js';
import * as cases from '../cases/service.js';
import { nowMs } from '../../util/clock.js';

/**
 * Forged and duplicate ratings through the API: each answers its documented error code (README,
 * "好差评 errors") and writes nothing, not a rating, a rectification, nor a window service.
 */

let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;
let windowA: number;
let windowB: number;
let cookies: Record<'applicant' | 'applicant2' | 'clerk' | 'admin' | 'reviewer' | 'foreignClerk', string>;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t.db);
  const windows = await t.db
    .insertInto('windows')
    .values([
      { centre_id: w.centre.id, number: '07', name: '综合受理窗口 7' },
      { centre_id: w.centre.id, number: '08', name: '综合受理窗口 8' },
    ])
    .returning('id')
    .execute();
  [windowA, windowB] = windows.map((r) => r.id) as [number, number];
  await t.db.updateTable('users').set({ window_id: windowA }).where('id', '=', w.clerk.id).execute();
  cookies = await loginCookies(t.app, {
    applicant: w.applicant,
    applicant2: w.applicant2,
    clerk: w.clerk,
    admin: w.admin,
    reviewer: w.reviewerA,
    foreignClerk: w.foreignClerk,
  });
});
afterAll(() => t.destroy());

/** Rows that a rating may write. */
async function written() {
  const count = async (table: 'ratings' | 'rectifications' | 'window_services') =>
    Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  return { ratings: await count('ratings'), rectifications: await count('rectifications'), services: await count('window_services') };
}

/** Runs a request that must fail with `code` and leave every rating table as it was. */
async function refused(code: string, request: () => Promise<{ statusCode: number; json(): { error: { code: string; details?: { field: string }[] } } }>) {
  const before = await written();
  const response = await request();
  expect(response.json().error.code, JSON.stringify(response.json())).toBe(code);
  expect(await written()).toEqual(before);
  return response;
}

async function submittedCase(applicant = w.applicant) {
  return (await cases.submitApplication({ db: t.db, actor: toActorOf(applicant), itemId: w.itemA.id, formData: { name: '伪造测试', phone: '13800138000' } })).caseId;
}

async function completedCase(applicant = w.applicant) {
  const caseId = await submittedCase(applicant);
  await cases.acceptCase({ db: t.db, actor: toActorOf(w.clerk), caseId });
  await reviewToDecision(t.db, caseId, w.reviewerA);
  await cases.approveCase({ db: t.db, actor: toActorOf(w.reviewerA), caseId });
  await cases.issueResult({ db: t.db, actor: toActorOf(w.clerk), caseId, delivery: { method: 'window' } });
  return caseId;
}

const rateOnline = (caseId: string, cookie: string | undefined, payload: unknown) =>
  t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/rating`, headers: cookie ? { cookie } : {}, payload: payload as Record<string, unknown> });

describe('一事一评: forged and duplicate online ratings', () => {
  it('another applicant’s case answers NOT_FOUND, as if it did not exist', async () => {
    const caseId = await completedCase();
    await refused('NOT_FOUND', () => rateOnline(caseId, cookies.applicant2, { level: 1, comment: '恶意差评' }));
    await refused('NOT_FOUND', () => rateOnline('00000000-0000-4000-8000-000000000000', cookies.applicant, { level: 5 }));
  });

  it('staff and visitors cannot rate a citizen’s case', async () => {
    const caseId = await completedCase();
    await refused('FORBIDDEN', () => rateOnline(caseId, cookies.clerk, { level: 5 }));
    await refused('FORBIDDEN', () => rateOnline(caseId, cookies.reviewer, { level: 5 }));
    await refused('UNAUTHENTICATED', () => rateOnline(caseId, undefined, { level: 5 }));
  });

  it('a case not yet completed answers INVALID_STATE', async () => {
    const submitted = await submittedCase();
    await refused('INVALID_STATE', () => rateOnline(submitted, cookies.applicant, { level: 5 }));
    const accepted = await submittedCase();
    await cases.acceptCase({ db: t.db, actor: toActorOf(w.clerk), caseId: accepted });
    await refused('INVALID_STATE', () => rateOnline(accepted, cookies.applicant, { level: 1 }));
  });

  it('a second rating of the same case answers CONFLICT, also when both arrive at once', async () => {
    const caseId = await completedCase();
    expect((await rateOnline(caseId, cookies.applicant, { level: 4 })).statusCode).toBe(201);
    await refused('CONFLICT', () => rateOnline(caseId, cookies.applicant, { level: 1, comment: '改成差评' }));

    const raced = await completedCase();
    const before = await written();
    const answers = await Promise.all(Array.from({ length: 6 }, () => rateOnline(raced, cookies.applicant, { level: 1 })));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    // One rating and, being a 差评, one rectification: never two.
    expect(await written()).toEqual({ ...before, ratings: before.ratings + 1, rectifications: before.rectifications + 1 });
  });

  it('levels outside 1–5, unknown indicators and bad indicator values answer VALIDATION_FAILED', async () => {
    const caseId = await completedCase();
    for (const level of [0, 6, -1, 2.5, '5', null]) {
      const response = await refused('VALIDATION_FAILED', () => rateOnline(caseId, cookies.applicant, { level }));
      expect(response.json().error.details![0]!.field).toBe('body.level');
    }
    await refused('VALIDATION_FAILED', () => rateOnline(caseId, cookies.applicant, {}));
    // 服务态度 is a window indicator, not an online one.
    const wrongChannel = await refused('VALIDATION_FAILED', () => rateOnline(caseId, cookies.applicant, { level: 5, indicators: { attitude: 5 } }));
    expect(wrongChannel.json().error.details![0]!.field).toBe('body.indicators.attitude');
    await refused('VALIDATION_FAILED', () => rateOnline(caseId, cookies.applicant, { level: 5, indicators: { efficiency: 9 } }));
    await refused('VALIDATION_FAILED', () => rateOnline(caseId, cookies.applicant, { level: 5, indicators: { efficiency: 0 } }));
    await refused('VALIDATION_FAILED', () => rateOnline(caseId, cookies.applicant, { level: 5, indicators: { efficiency: 'good' } }));
    await refused('VALIDATION_FAILED', () => rateOnline(caseId, cookies.applicant, { level: 5, comment: '长'.repeat(501) }));
    // After all that, the one honest rating still goes through.
    expect((await rateOnline(caseId, cookies.applicant, { level: 5, indicators: { efficiency: 5, guideAccuracy: 4 } })).statusCode).toBe(201);
  });
});

describe('一次一评: forged and duplicate ratings at the window tablet', () => {
  let keyA: string;
  let keyB: string;
  // Its own client address: the kiosk route is rate-limited per address.
  let address = 0;
  const post = (windowId: number, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: `/api/kiosk/windows/${windowId}/ratings`, payload, remoteAddress: `10.0.7.${address}` });
  const push = async (caseId?: string) => {
    const response = await t.app.inject({ method: 'POST', url: '/api/hall/window-service', headers: { cookie: cookies.clerk }, payload: caseId ? { caseId } : {} });
    expect(response.statusCode).toBe(201);
    return response.json().serviceId as string;
  };
  const issueKey = async (windowId: number) => {
    const { url } = (await t.app.inject({ method: 'POST', url: `/api/admin/windows/${windowId}/kiosk-key`, headers: { cookie: cookies.admin } })).json();
    return new URL(url).searchParams.get('key')!;
  };

  beforeAll(async () => {
    keyA = await issueKey(windowA);
    keyB = await issueKey(windowB);
  });

  it('a missing key answers VALIDATION_FAILED; a wrong key, another window’s key or an unconfigured window NOT_FOUND', async () => {
    address = 1;
    const serviceId = await push();
    await refused('VALIDATION_FAILED', () => post(windowA, { serviceId, level: 5 }));
    await refused('NOT_FOUND', () => post(windowA, { key: 'forged-key-000000', serviceId, level: 5 }));
    await refused('NOT_FOUND', () => post(windowA, { key: keyB, serviceId, level: 5 }));
    const unconfigured = (await t.db.insertInto('windows').values({ centre_id: w.centre.id, number: '09', name: '未配置窗口' }).returning('id').executeTakeFirstOrThrow()).id;
    await refused('NOT_FOUND', () => post(unconfigured, { key: 'a'.repeat(32), serviceId, level: 5 }));
    await refused('NOT_FOUND', () => post(999_999, { key: keyA, serviceId, level: 5 }));
    // Reading the screen needs the key just the same.
    expect((await t.app.inject(`/api/kiosk/windows/${windowA}/current?key=${keyB}`)).json().error.code).toBe('NOT_FOUND');
    expect((await t.app.inject(`/api/kiosk/windows/${windowA}/current`)).json().error.code).toBe('VALIDATION_FAILED');
    // A re-issued key retires the old one.
    const renewed = await issueKey(windowA);
    await refused('NOT_FOUND', () => post(windowA, { key: keyA, serviceId, level: 5 }));
    keyA = renewed;
    expect((await post(windowA, { key: keyA, serviceId, level: 5 })).statusCode).toBe(201);
  });

  it('a service never pushed, or pushed at another window, answers NOT_FOUND', async () => {
    address = 2;
    await refused('NOT_FOUND', () => post(windowA, { key: keyA, serviceId: '00000000-0000-4000-8000-000000000000', level: 1 }));
    const atA = await push();
    // Window B's own tablet, with its own valid key, cannot rate window A's service.
    await refused('NOT_FOUND', () => post(windowB, { key: keyB, serviceId: atA, level: 1 }));
    await refused('VALIDATION_FAILED', () => post(windowA, { key: keyA, serviceId: 'not-a-uuid', level: 1 }));
  });

  it('a rated service answers CONFLICT when replayed, also when both arrive at once', async () => {
    address = 3;
    const serviceId = await push();
    const body = { key: keyA, serviceId, level: 2, indicators: { attitude: 2 }, comment: '等候太久' };
    const first = await post(windowA, body);
    expect(first.statusCode).toBe(201);
    await refused('CONFLICT', () => post(windowA, body));
    await refused('CONFLICT', () => post(windowA, { ...body, level: 5 }));

    const raced = await push();
    const before = await written();
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(windowA, { key: keyA, serviceId: raced, level: 1 })));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(await written()).toEqual({ ...before, ratings: before.ratings + 1, rectifications: before.rectifications + 1 });
  });

  it('a service superseded by the next push, or long past, answers INVALID_STATE', async () => {
    address = 4;
    const earlier = await push();
    const later = await push();
    await refused('INVALID_STATE', () => post(windowA, { key: keyA, serviceId: earlier, level: 1 }));
    await t.db.updateTable('window_services').set({ started_at: new Date(nowMs() - 31 * 60_000) }).where('id', '=', later).execute();
    await refused('INVALID_STATE', () => post(windowA, { key: keyA, serviceId: later, level: 1 }));
    expect((await t.app.inject(`/api/kiosk/windows/${windowA}/current?key=${keyA}`)).json()).toMatchObject({ service: null });
  });

  it('out-of-range levels and another channel’s indicators answer VALIDATION_FAILED', async () => {
    address = 5;
    const serviceId = await push();
    for (const level of [0, 6, 3.5]) await refused('VALIDATION_FAILED', () => post(windowA, { key: keyA, serviceId, level }));
    const online = await refused('VALIDATION_FAILED', () => post(windowA, { key: keyA, serviceId, level: 5, indicators: { guideAccuracy: 5 } }));
    expect(online.json().error.details![0]!.field).toBe('body.indicators.guideAccuracy');
    await refused('VALIDATION_FAILED', () => post(windowA, { key: keyA, serviceId, level: 5, indicators: { attitude: 6 } }));
    expect((await post(windowA, { key: keyA, serviceId, level: 5, indicators: { attitude: 5, serviceLevel: 4, efficiency: 5 } })).statusCode).toBe(201);
  });

  it('only a clerk at a window pushes, and only for a case of their centre', async () => {
    const pushAs = (cookie: string, payload: Record<string, unknown> = {}) => t.app.inject({ method: 'POST', url: '/api/hall/window-service', headers: { cookie }, payload });
    // The foreign clerk has no window; an applicant is no clerk.
    await refused('FORBIDDEN', () => pushAs(cookies.foreignClerk));
    await refused('FORBIDDEN', () => pushAs(cookies.applicant));
    const foreignWindow = await t.db.insertInto('windows').values({ centre_id: w.foreignClerk.centre_id!, number: '01', name: '外中心窗口' }).returning('id').executeTakeFirstOrThrow();
    await t.db.updateTable('users').set({ window_id: foreignWindow.id }).where('id', '=', w.foreignClerk.id).execute();
    const foreign = await loginCookie(t.app, w.foreignClerk.username);
    const caseId = await submittedCase();
    await refused('NOT_FOUND', () => pushAs(foreign, { caseId }));
  });
});
