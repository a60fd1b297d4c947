import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { loginCookie, makeDepartment, makeItem, makeUser, makeWorld, reviewToDecision, toActorOf } from '../../test/factories.js';
import * as cases from '../cases/service.js';
import { pullCaseEvents } from './service.js';
import { sequenceFeed } from './sequencer.js';
import type { FeedEvent } from './format.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;
const as = toActorOf;
const FORM = { name: '鑫达食品店', phone: '13912345678' };

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t.db);
});
afterAll(() => t.destroy());

async function pullAll(reader: Parameters<typeof pullCaseEvents>[1], after = 0, limit = 3): Promise<{ events: FeedEvent[]; cursor: number }> {
  const events: FeedEvent[] = [];
  let cursor = after;
  for (;;) {
    const page = await pullCaseEvents(t.db, reader, { after: cursor, limit });
    if (!page.events.length) return { events, cursor };
    events.push(...page.events);
    cursor = page.nextCursor;
  }
}

/** A case through every clock move: accepted, stopped, resumed, extended, approved, issued by post. */
async function caseWithClockMoves(): Promise<string> {
  const db = t.db;
  const { caseId } = await cases.submitApplication({ db, actor: as(w.applicant), itemId: w.itemA.id, formData: FORM });
  await cases.chooseDelivery({ db, actor: as(w.applicant), caseId, preference: { method: 'post', recipient: '张三', phone: '13912345678', address: '梅河口市和平街 8 号' } });
  await cases.acceptCase({ db, actor: as(w.clerk), caseId, note: '申请人电话 13912345678' });
  await reviewToDecision(db, caseId, w.reviewerA);
  await cases.stopClock({ db, actor: as(w.reviewerA), caseId, kind: 'expert_review', reason: '组织专家评审', expectedWorkdays: 10 });
  await cases.resumeClock({ db, actor: as(w.reviewerA), caseId });
  await cases.requestExtension({ db, actor: as(w.reviewerA), caseId, workdays: 5, reason: '情况复杂' });
  await cases.decideExtension({ db, actor: as(w.headA), caseId, approve: true });
  await cases.approveCase({ db, actor: as(w.reviewerA), caseId });
  await cases.issueResult({ db, actor: as(w.clerk), caseId, delivery: { method: 'post', courier: 'EMS', trackingNumber: 'EMS1234567890' } });
  return caseId;
}

describe('e-supervision feed: pull', () => {
  it('exports each timeline row once, oldest first, in the documented format, with nothing personal', async () => {
    const caseId = await caseWithClockMoves();
    const c = await t.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
    const { events } = await pullAll({ actor: as(w.supervisor) });
    const mine = events.filter((e) => e.caseNumber === c.number);
    expect(mine.map((e) => e.action)).toEqual([
      'submit', 'choose_delivery', 'accept', 'claim', 'complete_review', 'stop_clock', 'resume_clock', 'request_extension', 'approve_extension', 'approve', 'issue',
    ]);
    expect(mine.map((e) => e.seq)).toEqual(mine.map((_, i) => i + 1));
    expect(events.map((e) => e.position)).toEqual([...events.map((e) => e.position)].sort((a, b) => a - b));

    const accept = mine[2]!;
    expect(accept).toMatchObject({
      caseNumber: c.number,
      actionName: '受理',
      fromStatus: 'submitted',
      fromStatusName: '待受理',
      toStatus: 'accepted',
      actorRole: 'clerk',
      staffId: w.clerk.id,
      itemCode: w.itemA.code,
      itemName: w.itemA.name,
      departmentCode: w.deptA.credit_code,
      departmentName: w.deptA.name,
      regionCode: '220581',
      channel: 'online',
    });
    expect(accept.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00$/);
    expect(accept.clock).toMatchObject({ dueDate: expect.stringMatching(/^\d{4}-\d\d-\d\d$/), legalDueDate: expect.any(String) });
    expect(mine[0]).toMatchObject({ actorRole: 'applicant', staffId: null, clock: null, prevHash: null });
    expect(mine[1]!.prevHash).toBe(mine[0]!.hash);
    expect(mine[5]!.clock).toMatchObject({ stopKind: 'expert_review', stopKindName: '专家评审' });
    expect(mine[6]!.clock).toMatchObject({ stopKind: 'expert_review', stoppedWorkdays: expect.any(Number), dueDate: expect.any(String) });
    expect(mine[8]).toMatchObject({ actorRole: 'department_head', staffId: w.headA.id, clock: { extensionWorkdays: 5, dueDate: c.due_date } });
    expect(mine[10]!.toStatus).toBe('completed');

    // Notes, addresses, tracking numbers, names and numbers stay home.
    const text = JSON.stringify(mine);
    for (const secret of ['13912345678', '和平街', 'EMS1234567890', '张三', '鑫达', w.applicant.identity_number!, c.query_code]) {
      expect(text).not.toContain(secret);
    }
  });

  it('never skips an event whose transaction drew a smaller id but committed later', async () => {
    const db = t.db;
    const { caseId: slowCase } = await cases.submitApplication({ db, actor: as(w.applicant), itemId: w.itemA.id, formData: FORM });
    const { caseId: fastCase } = await cases.submitApplication({ db, actor: as(w.applicant2), itemId: w.itemA.id, formData: FORM });
    const start = (await pullAll({ actor: as(w.supervisor) })).cursor;

    // Transaction A writes its timeline row (drawing the smaller id) and stays open.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let written!: () => void;
    const wroteA = new Promise<void>((resolve) => (written = resolve));
    const slow = db.transaction().execute(async (trx) => {
      const c = await trx.selectFrom('cases').selectAll().where('id', '=', slowCase).forUpdate().executeTakeFirstOrThrow();
      await cases.recordOnTimeline(trx, c, { action: 'directive', actor: as(w.supervisor), data: {} });
      written();
      await gate;
    });
    await wroteA;
    // Transaction B draws the larger id and commits first; a reader takes it.
    await cases.acceptCase({ db, actor: as(w.clerk), caseId: fastCase });
    const first = await pullAll({ actor: as(w.supervisor) }, start);
    expect(first.events.map((e) => e.action)).toEqual(['accept']);

    release();
    await slow;
    const second = await pullAll({ actor: as(w.supervisor) }, first.cursor);
    expect(second.events.map((e) => e.action)).toEqual(['directive']);
    // Paging by event id would have lost it: A's id is below the id the reader already passed.
    expect(second.events[0]!.id).toBeLessThan(first.events[0]!.id);
    expect(second.events[0]!.position).toBeGreaterThan(first.events[0]!.position);
  });

  it('never exports a timeline row whose transaction rolled back', async () => {
    const { caseId } = await cases.submitApplication({ db: t.db, actor: as(w.applicant), itemId: w.itemA.id, formData: FORM });
    const start = (await pullAll({ actor: as(w.supervisor) })).cursor;
    await expect(
      t.db.transaction().execute(async (trx) => {
        const c = await trx.selectFrom('cases').selectAll().where('id', '=', caseId).forUpdate().executeTakeFirstOrThrow();
        await cases.recordOnTimeline(trx, c, { action: 'directive', data: {} });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await sequenceFeed(t.db)).toBe(0);
    expect((await pullAll({ actor: as(w.supervisor) }, start)).events).toEqual([]);
  });

  it('gives a supervisor their region and an administrator their centre, nobody else', async () => {
    const otherCentre = await t.db.selectFrom('centres').selectAll().where('region_code', '=', '220582').executeTakeFirstOrThrow();
    const dept = await makeDepartment(t.db, otherCentre);
    const item = await makeItem(t.db, dept.id);
    const { caseId } = await cases.submitApplication({ db: t.db, actor: as(w.applicant), itemId: item.id, formData: FORM });
    const number = (await t.db.selectFrom('cases').select('number').where('id', '=', caseId).executeTakeFirstOrThrow()).number;
    const numbers = async (reader: Parameters<typeof pullCaseEvents>[1]) => (await pullAll(reader, 0, 500)).events.map((e) => e.caseNumber);

    expect(await numbers({ actor: as(w.supervisor) })).not.toContain(number);
    expect(await numbers({ actor: as(w.admin) })).not.toContain(number);
    await t.db.insertInto('regions').values({ code: '220500', name: '通化市', parent_code: null, level: 'city' }).onConflict((oc) => oc.doNothing()).execute();
    const citySupervisor = await makeUser(t.db, 'supervisor', { regionCode: '220500' });
    expect(await numbers({ actor: as(citySupervisor) })).toContain(number);
    await expect(pullCaseEvents(t.db, { actor: as(w.reviewerA) }, { after: 0, limit: 10 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('e-supervision feed: HTTP and machine access', () => {
  it('answers supervisors and administrators, refuses others, and pages with nextCursor', async () => {
    const supervisor = await loginCookie(t.app, w.supervisor.username);
    const page = await t.app.inject({ method: 'GET', url: '/api/feed/case-events?after=0&limit=2', headers: { cookie: supervisor } });
    expect(page.statusCode).toBe(200);
    const body = page.json() as { events: FeedEvent[]; nextCursor: number };
    expect(body.events).toHaveLength(2);
    expect(body.nextCursor).toBe(body.events[1]!.position);
    const next = (await t.app.inject({ method: 'GET', url: `/api/feed/case-events?after=${body.nextCursor}&limit=2`, headers: { cookie: supervisor } })).json();
    expect(next.events[0].position).toBeGreaterThan(body.nextCursor);

    const reviewer = await loginCookie(t.app, w.reviewerA.username);
    expect((await t.app.inject({ method: 'GET', url: '/api/feed/case-events', headers: { cookie: reviewer } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/feed/case-events' })).json().error.code).toBe('UNAUTHENTICATED');
    expect((await t.app.inject({ method: 'GET', url: '/api/feed/case-events?limit=5000', headers: { cookie: supervisor } })).json().error.code).toBe('VALIDATION_FAILED');
  });

  it('lets a subscriber pull with the bearer token the administrator issued, and with nothing else', async () => {
    const admin = await loginCookie(t.app, w.admin.username);
    const created = await t.app.inject({ method: 'POST', url: '/api/admin/feed/subscribers', headers: { cookie: admin }, payload: { name: '吉林省电子监察系统' } });
    expect(created.statusCode).toBe(201);
    const { subscriber, secret } = created.json();
    expect(secret).toBeNull();
    const issued = await t.app.inject({ method: 'POST', url: `/api/admin/feed/subscribers/${subscriber.id}/token`, headers: { cookie: admin } });
    const { token } = issued.json() as { token: string };
    expect(token).toMatch(/^owf_/);
    // Only a hash is kept.
    const stored = await t.db.selectFrom('feed_subscribers').select('token_hash').where('id', '=', subscriber.id).executeTakeFirstOrThrow();
    expect(stored.token_hash!.toString('hex')).not.toContain(Buffer.from(token).toString('hex'));

    const bearer = { authorization: `Bearer ${token}` };
    const pulled = await t.app.inject({ method: 'GET', url: '/api/feed/case-events?limit=1000', headers: bearer });
    expect(pulled.statusCode).toBe(200);
    const events = pulled.json().events as FeedEvent[];
    expect(events.length).toBeGreaterThan(10);
    expect(new Set(events.map((e) => e.regionCode))).toEqual(new Set(['220581']));

    // Scoped to the feed: the token is no session anywhere else.
    expect((await t.app.inject({ method: 'GET', url: '/api/admin/feed/subscribers', headers: bearer })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/feed/case-events', headers: { authorization: 'Bearer owf_wrong' } })).statusCode).toBe(401);

    // A new token retires the old one; a disabled subscriber cannot pull.
    await t.app.inject({ method: 'POST', url: `/api/admin/feed/subscribers/${subscriber.id}/token`, headers: { cookie: admin } });
    expect((await t.app.inject({ method: 'GET', url: '/api/feed/case-events', headers: bearer })).statusCode).toBe(401);
    const fresh = (await t.app.inject({ method: 'POST', url: `/api/admin/feed/subscribers/${subscriber.id}/token`, headers: { cookie: admin } })).json().token;
    await t.app.inject({ method: 'PUT', url: `/api/admin/feed/subscribers/${subscriber.id}`, headers: { cookie: admin }, payload: { name: '吉林省电子监察系统', url: null, active: false } });
    expect((await t.app.inject({ method: 'GET', url: '/api/feed/case-events', headers: { authorization: `Bearer ${fresh}` } })).statusCode).toBe(401);

    const audit = await t.db.selectFrom('audit_events').select('action').where('target_type', '=', 'feed_subscriber').execute();
    expect(audit.map((a) => a.action)).toEqual(['feed.subscriber.create', 'feed.subscriber.token', 'feed.subscriber.token', 'feed.subscriber.token', 'feed.subscriber.update']);
  });

  it('keeps subscribers to their own centre', async () => {
    const admin = await loginCookie(t.app, w.admin.username);
    const { subscriber } = (await t.app.inject({ method: 'POST', url: '/api/admin/feed/subscribers', headers: { cookie: admin }, payload: { name: '甲', url: 'https://example.org/hook' } })).json();
    const otherCentre = await t.db.selectFrom('centres').select('id').where('region_code', '=', '220582').executeTakeFirstOrThrow();
    const otherAdmin = await makeUser(t.db, 'admin', { centreId: otherCentre.id, regionCode: '220582' });
    const other = await loginCookie(t.app, otherAdmin.username);
    expect((await t.app.inject({ method: 'POST', url: `/api/admin/feed/subscribers/${subscriber.id}/token`, headers: { cookie: other } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/admin/feed/subscribers', headers: { cookie: other } })).json().subscribers).toEqual([]);
    const bad = await t.app.inject({ method: 'POST', url: '/api/admin/feed/subscribers', headers: { cookie: admin }, payload: { name: '乙', url: 'ftp://example.org' } });
    expect(bad.json().error.details[0].field).toBe('body.url');
  });
});
