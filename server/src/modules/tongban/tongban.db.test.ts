import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { loginCookie, makeUser, makeWorld, reviewToDecision, toActorOf } from '../../test/factories.js';
import { chinaDate } from '../../util/china-time.js';
import { withResidentCheck } from '../../util/identity.js';
import * as cases from '../cases/service.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t.db);
});
afterAll(() => t.destroy());

const walkIn = (itemId: number, delivery: object) => ({
  applicant: { kind: 'natural', name: '赵刚', identityNumber: withResidentCheck('22058219800101001'), phone: '13900001111' },
  itemId,
  formData: { name: '异地申请', phone: '13900001111' },
  checklist: ['身份证'],
  acceptNow: true,
  delivery,
});

describe('通办 (收受分离)', () => {
  it('another county accepts an item on the 通办 list, the item\'s own department decides, the pair is counted', async () => {
    const foreign = await loginCookie(t.app, w.foreignClerk.username);
    const post = (payload: object) => t.app.inject({ method: 'POST', url: '/api/tongban/walk-in', headers: { cookie: foreign }, payload });
    // Not on the list: still not this window's business.
    expect((await post(walkIn(w.itemA.id, { method: 'post' }))).statusCode).toBe(404);
    await t.db.insertInto('tongban_items').values({ item_id: w.itemA.id, added_by: w.admin.id }).execute();
    // The window's list of 通办 items names the deciding region; its own items are not on it.
    const listed = (await t.app.inject({ method: 'GET', url: '/api/tongban/items', headers: { cookie: foreign } })).json();
    expect(listed.items).toEqual([{ id: w.itemA.id, name: w.itemA.name, departmentName: w.deptA.name, regionCode: '220581', regionName: expect.any(String) }]);
    const received = await post(walkIn(w.itemA.id, { method: 'collect', pickupCentreId: w.foreignClerk.centre_id! }));
    expect(received.statusCode).toBe(201);
    const caseId = received.json().case.id as string;
    expect(received.json().case.status).toBe('accepted');

    const stored = await t.db.selectFrom('cases').select(['centre_id', 'region_code', 'department_id']).where('id', '=', caseId).executeTakeFirstOrThrow();
    expect(stored).toEqual({ centre_id: w.foreignClerk.centre_id, region_code: '220581', department_id: w.deptA.id });
    expect(await t.db.selectFrom('case_receptions').select(['receiving_region_code', 'deciding_region_code', 'received_by', 'delivery', 'pickup_centre_id']).where('case_id', '=', caseId).executeTakeFirstOrThrow()).toEqual({
      receiving_region_code: '220582',
      deciding_region_code: '220581',
      received_by: w.foreignClerk.id,
      delivery: 'collect',
      pickup_centre_id: w.foreignClerk.centre_id,
    });

    // The deciding department (220581) reviews and decides; the timeline names both sides.
    await reviewToDecision(t.db, caseId, w.reviewerA);
    await cases.approveCase({ db: t.db, actor: toActorOf(w.reviewerA), caseId, opinion: '准予' });
    const timeline = await t.db.selectFrom('case_events').select(['action', 'actor_id', 'data']).where('case_id', '=', caseId).orderBy('seq').execute();
    expect(timeline.map((e) => [e.action, e.actor_id])).toEqual([
      ['submit', w.foreignClerk.id],
      ['accept', w.foreignClerk.id],
      ['claim', w.reviewerA.id],
      ['complete_review', w.reviewerA.id],
      ['approve', w.reviewerA.id],
    ]);
    expect(timeline[0]!.data).toMatchObject({ receivedAt: w.foreignClerk.centre_id, receivedAs: 'tongban' });

    // Both counties' supervisors see it; the statistics count the pair with each side's time.
    const other = await makeUser(t.db, 'supervisor', { regionCode: '220582' });
    for (const supervisor of [w.supervisor, other]) {
      const cookie = await loginCookie(t.app, supervisor.username);
      expect((await t.app.inject({ method: 'GET', url: `/api/cases/${caseId}`, headers: { cookie } })).statusCode).toBe(200);
    }
    const cookie = await loginCookie(t.app, other.username);
    const today = chinaDate();
    const stats = (await t.app.inject({ method: 'GET', url: `/api/supervision/tongban?from=${today}&to=${today}`, headers: { cookie } })).json();
    expect(stats.pairs).toHaveLength(1);
    expect(stats.pairs[0]).toMatchObject({ receivingRegion: '220582', decidingRegion: '220581', cases: 1, completed: 0 });
    expect(stats.pairs[0].avgReceiveHours).toBeGreaterThanOrEqual(0);
    expect(stats.pairs[0].avgDecideHours).toBeGreaterThanOrEqual(0);
    // An own item goes through the ordinary walk-in.
    const own = await t.app.inject({ method: 'POST', url: '/api/tongban/walk-in', headers: { cookie: await loginCookie(t.app, w.clerk.username) }, payload: walkIn(w.itemA.id, { method: 'post' }) });
    expect(own.statusCode).toBe(400);
  });

  it('a county ranks its lower centres by the indicators it weighs', async () => {
    await t.db.insertInto('regions').values([
      { code: '220581100000', name: '山城镇', parent_code: '220581', level: 'town' },
      { code: '220581101000', name: '红梅镇', parent_code: '220581', level: 'town' },
    ]).execute();
    const [shan, hong] = await t.db
      .insertInto('centres')
      .values([
        { name: '山城镇便民服务中心', kind: 'town_centre', region_code: '220581100000' },
        { name: '红梅镇便民服务中心', kind: 'town_centre', region_code: '220581101000' },
      ])
      .returning('id')
      .execute();
    await t.db.insertInto('item_level_modes').values({ item_id: w.itemB.id, level: 'town', mode: 'forward', guiding: true }).execute();
    await t.db.insertInto('centre_items').values([{ centre_id: hong!.id, item_id: w.itemB.id, mode: 'forward' }]).execute();
    const clerk = await makeUser(t.db, 'clerk', { centreId: hong!.id, regionCode: '220581101000' });
    await cases.registerWalkIn({
      db: t.db,
      actor: toActorOf(clerk),
      applicant: { kind: 'natural', name: '镇上群众', identityNumber: withResidentCheck('22058119800101002'), phone: '13900002222' },
      itemId: w.itemB.id,
      formData: { name: '镇上申请', phone: '13900002222' },
      checklist: [],
      acceptNow: true,
    });
    const cookie = await loginCookie(t.app, w.supervisor.username);
    const month = chinaDate().slice(0, 7);
    const ranked = (await t.app.inject({ method: 'GET', url: `/api/supervision/lower-centres?month=${month}&weights=received:2,guidingCoverage:1`, headers: { cookie } })).json();
    expect(ranked.weights).toEqual({ received: 2, guidingCoverage: 1 });
    expect(ranked.centres.map((c: { rank: number; centreId: number; score: number }) => [c.rank, c.centreId, c.score])).toEqual([
      [1, hong!.id, 3],
      [2, shan!.id, 0],
    ]);
    expect(ranked.centres[0].values).toEqual({ received: 1, completed: 0, onTimeRate: 0, agencyCases: 0, guidingCoverage: 1 });
    const bad = await t.app.inject({ method: 'GET', url: `/api/supervision/lower-centres?month=${month}&weights=speed:1`, headers: { cookie } });
    expect(bad.statusCode).toBe(400);
  });

  it('the administrator stores the ranking weights (audited); the ranking and the supervisor read them', async () => {
    const admin = await loginCookie(t.app, w.admin.username);
    const supervisor = await loginCookie(t.app, w.supervisor.username);
    const put = (cookie: string, payload: object) => t.app.inject({ method: 'PUT', url: '/api/admin/lower-centre-weights', headers: { cookie }, payload });
    const weights = { received: 0, completed: 0, onTimeRate: 0, agencyCases: 0, guidingCoverage: 2 };
    expect((await put(supervisor, weights)).statusCode).toBe(403);
    expect((await put(admin, { ...weights, guidingCoverage: 0 })).statusCode).toBe(400);
    expect((await put(admin, { ...weights, received: -1 })).json().error.details[0].field).toBe('body.received');
    const saved = await put(admin, weights);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ weights, updatedBy: w.admin.display_name });
    const audit = await t.db.selectFrom('audit_events').select(['actor_id', 'detail']).where('action', '=', 'settings.lower_centre_weights').execute();
    expect(audit).toEqual([{ actor_id: w.admin.id, detail: { before: { received: 1, completed: 1, onTimeRate: 1, agencyCases: 1, guidingCoverage: 1 }, after: weights } }]);

    const stored = (await t.app.inject({ method: 'GET', url: '/api/supervision/lower-centres/weights', headers: { cookie: supervisor } })).json();
    expect(stored.weights).toEqual(weights);
    const month = chinaDate().slice(0, 7);
    const ranked = (await t.app.inject({ method: 'GET', url: `/api/supervision/lower-centres?month=${month}`, headers: { cookie: supervisor } })).json();
    expect(ranked.weights).toEqual(weights);
    expect(ranked.centres.map((c: { centreName: string; score: number }) => [c.centreName, c.score])).toEqual([
      ['红梅镇便民服务中心', 2],
      ['山城镇便民服务中心', 0],
    ]);
  });

  it('a county’s statistics roll up its towns; the total is the sum of the rows; a town drills down; another county is refused', async () => {
    const supervisor = await loginCookie(t.app, w.supervisor.username);
    const today = chinaDate();
    const levels = (query: string, cookie = supervisor) => t.app.inject({ method: 'GET', url: `/api/supervision/levels?from=${today}&to=${today}${query}`, headers: { cookie } });
    const county = await levels('');
    expect(county.statusCode, county.body).toBe(200);
    const body = county.json();
    expect(body.region.code).toBe('220581');
    expect(body.rows.map((r: { regionCode: string; own: boolean; received: number; accepted: number; centres: number }) => [r.regionCode, r.own, r.centres, r.received, r.accepted])).toEqual([
      ['220581', true, 1, 0, 0],
      ['220581100000', false, 1, 0, 0],
      ['220581101000', false, 1, 1, 1],
    ]);
    for (const key of ['centres', 'received', 'accepted', 'completed', 'onTime', 'openOverdue', 'agencyCases'] as const) {
      expect(body.total[key]).toBe(body.rows.reduce((n: number, r: Record<string, number>) => n + r[key]!, 0));
    }
    const town = (await levels('&under=220581101000')).json();
    expect(town.path.map((p: { code: string }) => p.code)).toEqual(['220581', '220581101000']);
    expect(town.rows).toEqual([expect.objectContaining({ regionCode: '220581101000', own: true, received: 1 })]);
    const other = await makeUser(t.db, 'supervisor', { regionCode: '220582' });
    expect((await levels('&under=220581', await loginCookie(t.app, other.username))).statusCode).toBe(404);
    const backwards = await t.app.inject({ method: 'GET', url: `/api/supervision/levels?from=${today}&to=2000-01-01`, headers: { cookie: supervisor } });
    expect(backwards.json().error.details[0].field).toBe('query.to');
  });
});

