import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { loginCookie, makeUser, makeWorld, reviewToDecision, toActorOf } from '../../test/factories.js';
import { withResidentCheck } from '../../util/identity.js';
import * as cases from '../cases/service.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;
let agentCookie: string;
let pointId: number;
const TOWN = '220581100000';
const VILLAGE = '220581100201';
// The smallest valid PNG: signature, IHDR … enough for the magic-number check.
const SIGNATURE = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(120, 7)]).toString('base64');
const villager = { name: '王秀英', identityNumber: withResidentCheck('22058119480302002'), phone: '13943500001' };

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t.db);
  await t.db.insertInto('regions').values([{ code: TOWN, name: '山城镇', parent_code: '220581', level: 'town' }]).execute();
  await t.db.insertInto('regions').values([{ code: VILLAGE, name: '中兴村', parent_code: TOWN, level: 'village' }]).execute();
  const point = await t.db.insertInto('centres').values({ name: '中兴村代办点', kind: 'agency_point', region_code: VILLAGE, address: '中兴村村委会', public_note: '村委会一楼' }).returning('id').executeTakeFirstOrThrow();
  pointId = point.id;
  await t.db.insertInto('item_level_modes').values({ item_id: w.itemA.id, level: 'village', mode: 'agency', guiding: true }).execute();
  await t.db.insertInto('centre_items').values({ centre_id: pointId, item_id: w.itemA.id, mode: 'agency' }).execute();
  const agent = await makeUser(t.db, 'agent', { centreId: pointId, regionCode: VILLAGE });
  agentCookie = await loginCookie(t.app, agent.username);
});
afterAll(() => t.destroy());

const api = (method: 'GET' | 'POST', url: string, cookie: string, payload?: object) => t.app.inject({ method, url, headers: { cookie }, ...(payload && { payload }) });

describe('村代办点', () => {
  it('an agent applies for a villager with a signed consent, scans papers, tracks, and hands the result back', async () => {
    // No consent, no application; a consent for an item the point does not offer is refused.
    expect((await api('POST', '/api/village/consents', agentCookie, { kind: 'signature', villager, itemId: w.itemB.id, signaturePng: SIGNATURE })).statusCode).toBe(404);
    expect((await api('POST', '/api/village/consents', agentCookie, { kind: 'signature', villager, itemId: w.itemA.id, signaturePng: Buffer.alloc(150, 1).toString('base64') })).statusCode).toBe(400);
    const consent = await api('POST', '/api/village/consents', agentCookie, { kind: 'signature', villager, itemId: w.itemA.id, signaturePng: SIGNATURE });
    expect(consent.json()).toEqual({ id: consent.json().id, kind: 'signature', confirmed: true, maskedPhone: '139****0001' });

    const applied = await api('POST', '/api/village/applications', agentCookie, { consentId: consent.json().id, formData: { name: '临时救助申请', phone: '13943500001' } });
    expect(applied.statusCode).toBe(201);
    const caseId = applied.json().caseId as string;
    // The consent is spent on this one application.
    expect((await api('POST', '/api/village/applications', agentCookie, { consentId: consent.json().id, formData: { name: '再来一件', phone: '13943500001' } })).statusCode).toBe(409);

    const stored = await t.db.selectFrom('cases').innerJoin('users', 'users.id', 'cases.applicant_id').select(['cases.status', 'cases.centre_id', 'users.display_name']).where('cases.id', '=', caseId).executeTakeFirstOrThrow();
    // Filed for the villager, waiting at the item's own centre for acceptance.
    expect(stored).toEqual({ status: 'submitted', centre_id: w.centre.id, display_name: '王秀英' });
    const first = await t.db.selectFrom('case_events').select(['actor_id', 'actor_role', 'data']).where('case_id', '=', caseId).where('seq', '=', 1).executeTakeFirstOrThrow();
    expect(first).toMatchObject({ actor_role: 'agent', data: { channel: 'window', receivedAt: pointId, receivedAs: 'offered' } });

    // Scanned paper materials go in through the materials API like an applicant's upload.
    const boundary = '----village';
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\n身份证复印件\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="scan.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
      pdf,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const upload = await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/materials`, headers: { cookie: agentCookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
    expect(upload.statusCode).toBe(201);

    // The agent tracks it; hand-back waits for the result.
    const tracked = (await api('GET', '/api/village/applications', agentCookie)).json().applications;
    expect(tracked).toMatchObject([{ caseId, villagerName: '王秀英', status: 'submitted', consentKind: 'signature', handedBackAt: null }]);
    expect((await api('GET', `/api/cases/${caseId}`, agentCookie)).statusCode).toBe(200);
    expect((await api('POST', `/api/village/applications/${caseId}/hand-back`, agentCookie, { note: '' })).statusCode).toBe(409);

    await cases.acceptCase({ db: t.db, actor: toActorOf(w.clerk), caseId });
    await reviewToDecision(t.db, caseId, w.reviewerA);
    await cases.approveCase({ db: t.db, actor: toActorOf(w.reviewerA), caseId, opinion: '准予' });
    await cases.issueResult({ db: t.db, actor: toActorOf(w.clerk), caseId, delivery: { method: 'window' } });
    expect((await api('POST', `/api/village/applications/${caseId}/hand-back`, agentCookie, { note: '本人签收' })).statusCode).toBe(200);

    // The public page of the point: 四公开 (agent's name and phone, items, place).
    const page = (await t.app.inject({ method: 'GET', url: `/api/centres/${pointId}` })).json();
    expect(page).toMatchObject({ name: '中兴村代办点', kind: 'agency_point', address: '中兴村村委会', publicNote: '村委会一楼', offered: [{ itemId: w.itemA.id, mode: 'agency' }] });
    expect(page.agents).toHaveLength(1);
    expect(page.agents[0].name).toBe('测试agent');

    // Supervision counts the point's agency cases.
    const supervisor = await loginCookie(t.app, w.supervisor.username);
    expect((await api('GET', '/api/supervision/agency-points', supervisor)).json()).toEqual({
      points: [{ pointId, pointName: '中兴村代办点', regionCode: VILLAGE, agents: 1, total: 1, open: 0, completed: 1, handedBack: 1 }],
    });
  });

  it('an SMS consent counts only once the villager reads the code back', async () => {
    const consent = await api('POST', '/api/village/consents', agentCookie, { kind: 'sms', villager, itemId: w.itemA.id });
    expect(consent.json()).toMatchObject({ kind: 'sms', confirmed: false });
    const id = consent.json().id as number;
    expect((await api('POST', '/api/village/applications', agentCookie, { consentId: id, formData: { name: '申请', phone: '13943500001' } })).statusCode).toBe(409);
    const sms = await t.db.selectFrom('outbox').select('payload').where('template', '=', 'agency_consent').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const code = /验证码 (\d{6})/.exec(JSON.stringify(sms.payload))![1]!;
    const wrong = code === '000000' ? '111111' : '000000';
    expect((await api('POST', `/api/village/consents/${id}/confirm`, agentCookie, { code: wrong })).json().confirmed).toBe(false);
    expect((await api('POST', `/api/village/consents/${id}/confirm`, agentCookie, { code })).json().confirmed).toBe(true);
    expect((await api('POST', '/api/village/applications', agentCookie, { consentId: id, formData: { name: '申请', phone: '13943500001' } })).statusCode).toBe(201);
    // A clerk or applicant cannot act as an agent.
    expect((await api('POST', '/api/village/consents', await loginCookie(t.app, w.clerk.username), { kind: 'sms', villager, itemId: w.itemA.id })).statusCode).toBe(403);
  });
});
