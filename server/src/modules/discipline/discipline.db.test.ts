import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { loginCookie, makeUser, makeWorld, toActorOf } from '../../test/factories.js';
import { saveCategory } from '../hall-categories/service.js';
import { answerAsOwner, handOver, ownedEnquiries, recordWindowEnquiry } from '../inquiries/first-asked.js';
import { takeTicket } from '../queue/kiosk.js';
import { hallStaffing, signIn, signOut } from './attendance.js';
import { saveRule } from './findings.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;
let windowId: number;
let clerk: ReturnType<typeof toActorOf>;
let inspector: Awaited<ReturnType<typeof makeUser>>;
let ruleId: number;
let categoryId: number;
// The smallest valid PNG header is enough for the type check.
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]).toString('base64');

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t.db);
  windowId = (await t.db.insertInto('windows').values({ centre_id: w.centre.id, number: '31', name: '窗口 31' }).returning('id').executeTakeFirstOrThrow()).id;
  const user = await makeUser(t.db, 'clerk', { centreId: w.centre.id });
  await t.db.updateTable('users').set({ window_id: windowId, display_name: '王小明' }).where('id', '=', user.id).execute();
  clerk = { ...toActorOf(user), windowId, displayName: '王小明' };
  inspector = await makeUser(t.db, 'inspector', { centreId: w.centre.id });
  ruleId = (await saveRule(t.db, toActorOf(w.admin), { code: 'JL-01', title: '工作时间玩手机', points: 2, active: true })).id;
  categoryId = (await saveCategory({ db: t.db, actor: toActorOf(w.admin), input: { prefix: 'K', name: '纪律测试', departmentIds: [], windowIds: [windowId], active: true } })).id;
});
afterAll(() => t.destroy());

const post = (url: string, cookie: string, payload: unknown) => t.app.inject({ method: 'POST', url, headers: { cookie }, payload: payload as object });

describe('巡查 findings', () => {
  it('only the inspector records findings: clerk, administrator and supervisor get 403 and nothing is written', async () => {
    const body = { windowId, personId: clerk.id, ruleId, note: '10:20 窗口内玩手机', photo: PNG };
    for (const user of [w.clerk, w.admin, w.supervisor, w.applicant]) {
      const response = await post('/api/discipline/findings', await loginCookie(t.app, user.username), body);
      expect(response.statusCode).toBe(403);
    }
    expect(await t.db.selectFrom('inspection_findings').select('id').execute()).toHaveLength(0);
    const recorded = await post('/api/discipline/findings', await loginCookie(t.app, inspector.username), body);
    expect(recorded.statusCode).toBe(201);
    expect(await t.db.selectFrom('inspection_findings').select('id').execute()).toHaveLength(1);
  });

  it('the person explains, only the administrator confirms, and the 曝光台 shows it with the name masked', async () => {
    const inspectorCookie = await loginCookie(t.app, inspector.username);
    const { id } = (await post('/api/discipline/findings', inspectorCookie, { personId: clerk.id, ruleId, photo: PNG })).json();
    const clerkCookie = await loginCookie(t.app, (await t.db.selectFrom('users').select('username').where('id', '=', clerk.id).executeTakeFirstOrThrow()).username);
    const mine = (await t.app.inject({ method: 'GET', url: '/api/discipline/findings', headers: { cookie: clerkCookie } })).json().findings;
    expect(mine.map((f: { id: number }) => f.id)).toContain(id);
    const photo = await t.app.inject({ method: 'GET', url: `/api/discipline/findings/${id}/photo`, headers: { cookie: clerkCookie } });
    expect(photo.headers['content-type']).toBe('image/png');
    const explained = await post(`/api/discipline/findings/${id}/explain`, clerkCookie, { explanation: '当时在查询群众的电子证照' });
    expect(explained.json()).toMatchObject({ status: 'explained', explanation: '当时在查询群众的电子证照', windowNumber: '31' });

    // Neither the inspector nor the person may decide.
    expect((await post(`/api/discipline/findings/${id}/decide`, inspectorCookie, { decision: 'confirm' })).statusCode).toBe(403);
    expect((await post(`/api/discipline/findings/${id}/decide`, clerkCookie, { decision: 'confirm' })).statusCode).toBe(403);
    const admin = await loginCookie(t.app, w.admin.username);
    expect((await post(`/api/discipline/findings/${id}/decide`, admin, { decision: 'confirm', note: '核实属实' })).json().status).toBe('confirmed');
    expect((await post(`/api/discipline/findings/${id}/decide`, admin, { decision: 'dismiss' })).statusCode).toBe(409);

    const board = (await t.app.inject({ method: 'GET', url: `/api/public/exposure/${w.centre.id}` })).json();
    expect(board.entries).toEqual([{ id, foundAt: expect.any(String), window: '31 窗口 31', person: '王**', rule: '工作时间玩手机', decidedAt: expect.any(String) }]);
    expect(JSON.stringify(board)).not.toContain('王小明');
    expect(JSON.stringify(board)).not.toContain('电子证照');
  });

  it('refuses a photo that is not an image', async () => {
    const response = await post('/api/discipline/findings', await loginCookie(t.app, inspector.username), { windowId, ruleId, photo: Buffer.from('<svg/>').toString('base64') });
    expect(response.statusCode).toBe(400);
  });
});

describe('attendance at the window', () => {
  it('signing out while people wait for the window’s category is flagged; with nobody waiting it is not', async () => {
    await signIn(t.db, clerk);
    await expect(signIn(t.db, clerk)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await signOut(t.db, clerk)).toEqual({ flagged: false, waiting: 0 });

    await signIn(t.db, clerk);
    await takeTicket(t.db, { centreId: w.centre.id, categoryId });
    await takeTicket(t.db, { centreId: w.centre.id, categoryId });
    expect(await signOut(t.db, clerk)).toEqual({ flagged: true, waiting: 2 });
    const staffing = await hallStaffing(t.db, toActorOf(w.admin));
    expect(staffing.windows.find((x) => x.id === windowId)).toMatchObject({ staff: [], waiting: 2, unstaffed: true });
    expect(staffing.flags).toEqual([{ id: expect.any(Number), window: '31 窗口 31', person: '王小明', at: expect.any(String), waiting: 2, categories: '纪律测试' }]);
  });
});

describe('首问负责', () => {
  it('the first person asked owns the enquiry until they hand it over; the new owner answers it', async () => {
    const colleague = await makeUser(t.db, 'clerk', { centreId: w.centre.id });
    const { id } = await recordWindowEnquiry(t.db, clerk, { kind: 'consultation', subject: '个体户变更经营范围', content: '需要带哪些材料？', contactName: '刘女士', contactPhone: '13912345678', departmentId: w.deptA.id });
    expect((await ownedEnquiries(t.db, clerk)).map((e) => e.id)).toContain(id);
    await expect(answerAsOwner(t.db, toActorOf(colleague), id, '不是负责人')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await handOver(t.db, clerk, id, colleague.id, '涉及市场监管专业问题');
    expect((await ownedEnquiries(t.db, clerk)).map((e) => e.id)).not.toContain(id);
    const owned = await ownedEnquiries(t.db, toActorOf(colleague));
    expect(owned.find((e) => e.id === id)).toMatchObject({ firstAsked: '王小明', contactPhone: '139****5678', handoverNote: '涉及市场监管专业问题', repliedAt: null });
    await answerAsOwner(t.db, toActorOf(colleague), id, '带营业执照和身份证即可');
    const row = await t.db.selectFrom('inquiries').select(['reply', 'replied_by', 'owner_id', 'channel']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ reply: '带营业执照和身份证即可', replied_by: colleague.id, owner_id: colleague.id, channel: 'window' });
    await expect(answerAsOwner(t.db, toActorOf(colleague), id, '再答一次')).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });
});
