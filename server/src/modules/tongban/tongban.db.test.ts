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
});
