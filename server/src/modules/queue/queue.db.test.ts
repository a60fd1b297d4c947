import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { loginCookie, makeUser, makeWorld, toActorOf } from '../../test/factories.js';
import { chinaDate } from '../../util/china-time.js';
import { withResidentCheck } from '../../util/identity.js';
import * as cases from '../cases/service.js';
import { saveCategory } from '../hall-categories/service.js';
import { issueKioskKey, rateWindowService } from '../ratings/service.js';
import { hallDisplay, ticketStatus, windowBoard } from './board.js';
import { callNext, callTicket, completeTicket, recallTicket, skipTicket, transferTicket } from './calls.js';
import { ageFromResidentId, checkInAtKiosk, takeTicket } from './kiosk.js';
import { queueStats } from './stats.js';
import { abandonStaleTickets } from './sweep.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;
let catA: number;
let catB: number;
let windowA: number;
let windowB: number;
let clerkA: ReturnType<typeof toActorOf>;
let clerkB: ReturnType<typeof toActorOf>;

async function window(number: string) {
  return (await t.db.insertInto('windows').values({ centre_id: w.centre.id, number, name: `窗口 ${number}` }).returning('id').executeTakeFirstOrThrow()).id;
}

async function clerkAt(windowId: number) {
  const user = await makeUser(t.db, 'clerk', { centreId: w.centre.id });
  await t.db.updateTable('users').set({ window_id: windowId }).where('id', '=', user.id).execute();
  return { user, actor: { ...toActorOf(user), windowId } };
}

/** Empties the lines between tests, so each starts with nobody waiting. */
async function clearLines() {
  await t.db.updateTable('queue_tickets').set({ status: 'abandoned' }).where('status', 'in', ['waiting', 'called', 'skipped']).execute();
}

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t.db);
  [windowA, windowB] = [await window('21'), await window('22')];
  const admin = toActorOf(w.admin);
  catA = (await saveCategory({ db: t.db, actor: admin, input: { prefix: 'A', name: '市场准入', departmentIds: [w.deptA.id], windowIds: [windowA], active: true } })).id;
  catB = (await saveCategory({ db: t.db, actor: admin, input: { prefix: 'B', name: '不动产', departmentIds: [w.deptB.id], windowIds: [windowB], active: true } })).id;
  clerkA = (await clerkAt(windowA)).actor;
  clerkB = (await clerkAt(windowB)).actor;
});
afterAll(() => t.destroy());

describe('calling by category', () => {
  it('a window cannot call a ticket of a category it does not serve; the right window can', async () => {
    await clearLines();
    const ticket = await takeTicket(t.db, { centreId: w.centre.id, categoryId: catB });
    expect(ticket.number).toMatch(/^B\d{3}$/);
    await expect(callTicket(t.db, clerkA, ticket.id)).rejects.toMatchObject({ code: 'FORBIDDEN', message: `${ticket.number} 不属于本窗口办理的业务类别` });
    // 叫号 at window A finds nobody: B's line is not A's.
    expect(await callNext(t.db, clerkA)).toBeNull();
    expect(await callTicket(t.db, clerkB, ticket.id)).toEqual({ id: ticket.id, number: ticket.number });

    const cookie = await loginCookie(t.app, (await t.db.selectFrom('users').select('username').where('id', '=', clerkA.id).executeTakeFirstOrThrow()).username);
    const other = await takeTicket(t.db, { centreId: w.centre.id, categoryId: catB });
    const http = await t.app.inject({ method: 'POST', url: `/api/queue/tickets/${other.id}/call`, headers: { cookie }, payload: {} });
    expect(http.statusCode).toBe(403);
    expect(http.json().error.code).toBe('FORBIDDEN');
    await skipTicket(t.db, clerkB, ticket.id);
  });

  it('only a clerk at a window calls; an applicant gets 403', async () => {
    const cookie = await loginCookie(t.app, w.applicant.username);
    expect((await t.app.inject({ method: 'POST', url: '/api/queue/call-next', headers: { cookie } })).statusCode).toBe(403);
    const noWindow = await loginCookie(t.app, w.clerk.username);
    expect((await t.app.inject({ method: 'POST', url: '/api/queue/call-next', headers: { cookie: noWindow } })).statusCode).toBe(403);
  });
});

describe('the line', () => {
  it('a checked-in booking goes ahead of a walk-in who came earlier; the elderly too; each ticket says who is ahead', async () => {
    await clearLines();
    const walkIn = await takeTicket(t.db, { centreId: w.centre.id, categoryId: catA });
    expect(walkIn).toMatchObject({ ahead: 0, priorityReason: null, smsSent: false });

    const person = await makeUser(t.db, 'applicant');
    // A slot under way now, booked earlier (booking itself refuses slots already begun): today on any date.
    const now = Date.now();
    const s = await t.db
      .insertInto('appointment_slots')
      .values({ centre_id: w.centre.id, category_id: catA, day: chinaDate(), starts_at: new Date(now - 5 * 60_000), ends_at: new Date(now + 25 * 60_000), kind: 'regular', capacity: 5, booked: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const booking = await t.db.insertInto('appointments').values({ slot_id: s.id, applicant_id: person.id, item_id: w.itemA.id, code: '246810' }).returningAll().executeTakeFirstOrThrow();
    const booked = await checkInAtKiosk(t.db, { centreId: w.centre.id, identityNumber: person.identity_number! });
    expect(booked).toMatchObject({ priorityReason: 'appointment', ahead: 0, smsSent: true });
    expect((await t.db.selectFrom('appointments').select('status').where('id', '=', booking.id).executeTakeFirstOrThrow()).status).toBe('checked_in');
    await expect(checkInAtKiosk(t.db, { centreId: w.centre.id, code: booking.code })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const sms = await t.db.selectFrom('notifications').select('title').where('user_id', '=', person.id).where('kind', '=', 'queue_ticket').executeTakeFirstOrThrow();
    expect(sms.title).toBe(`您的排队号 ${booked.number}`);

    const elder = await takeTicket(t.db, { centreId: w.centre.id, categoryId: catA, identityNumber: withResidentCheck('22058119500101001') });
    expect(elder).toMatchObject({ priorityReason: 'elderly', ahead: 1 });
    const token = (await t.db.selectFrom('queue_tickets').select('token').where('id', '=', walkIn.id).executeTakeFirstOrThrow()).token;
    expect((await ticketStatus(t.db, walkIn.id, token)).ahead).toBe(2);
    await expect(ticketStatus(t.db, walkIn.id, 'wrong-token-123')).rejects.toMatchObject({ code: 'NOT_FOUND' });

    expect((await callNext(t.db, clerkA))!.number).toBe(booked.number);
    await expect(callNext(t.db, clerkA)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await completeTicket(t.db, clerkA, booked.id, {});
    expect((await callNext(t.db, clerkA))!.number).toBe(elder.number);
    await completeTicket(t.db, clerkA, elder.id, {});
    expect((await callNext(t.db, clerkA))!.number).toBe(walkIn.number);
    expect((await ticketStatus(t.db, walkIn.id, token))).toMatchObject({ status: 'called', windowNumber: '21', ahead: 0 });
    await completeTicket(t.db, clerkA, walkIn.id, {});
  });

  it('two windows calling the same line at once get different tickets', async () => {
    await clearLines();
    const shared = await window('23');
    await saveCategory({ db: t.db, actor: toActorOf(w.admin), id: catA, input: { prefix: 'A', name: '市场准入', departmentIds: [w.deptA.id], windowIds: [windowA, shared], active: true } });
    const second = (await clerkAt(shared)).actor;
    const tickets = [await takeTicket(t.db, { centreId: w.centre.id, categoryId: catA }), await takeTicket(t.db, { centreId: w.centre.id, categoryId: catA })];
    const [x, y] = await Promise.all([callNext(t.db, clerkA), callNext(t.db, second)]);
    expect(new Set([x!.id, y!.id])).toEqual(new Set(tickets.map((tk) => tk.id)));
    await completeTicket(t.db, clerkA, x!.id, {});
    await completeTicket(t.db, second, y!.id, {});
  });

  it('转窗 moves the visitor to the other category, ahead of later arrivals there', async () => {
    await clearLines();
    const moved = await takeTicket(t.db, { centreId: w.centre.id, categoryId: catA });
    const later = await takeTicket(t.db, { centreId: w.centre.id, categoryId: catB });
    await callTicket(t.db, clerkA, moved.id);
    await transferTicket(t.db, clerkA, moved.id, { categoryId: catB });
    expect((await callNext(t.db, clerkB))!.id).toBe(moved.id);
    await completeTicket(t.db, clerkB, moved.id, {});
    expect((await callNext(t.db, clerkB))!.id).toBe(later.id);
    await completeTicket(t.db, clerkB, later.id, {});
    const events = await t.db.selectFrom('queue_events').select('action').where('ticket_id', '=', moved.id).orderBy('id').execute();
    expect(events.map((e) => e.action)).toEqual(['issue', 'call', 'transfer', 'call', 'complete']);
  });
});

describe('served, rated, counted', () => {
  it('完成 links the case and opens the window tablet; the rating shows on the ticket; the display shows the calls', async () => {
    await clearLines();
    const ticket = await takeTicket(t.db, { centreId: w.centre.id, categoryId: catA });
    await callNext(t.db, clerkA);
    await recallTicket(t.db, clerkA, ticket.id);
    const { caseId } = await cases.submitApplication({ db: t.db, actor: toActorOf(w.applicant), itemId: w.itemA.id, formData: { name: '窗口', phone: '13800138000' } });
    const done = await completeTicket(t.db, clerkA, ticket.id, { caseId });
    const key = new URL((await issueKioskKey({ db: t.db, actor: toActorOf(w.admin), windowId: windowA, publicUrl: 'http://x' })).url).searchParams.get('key')!;
    await rateWindowService({ db: t.db, windowId: windowA, key, serviceId: done!.serviceId, level: 5, indicators: {}, comment: '' });
    const board = await windowBoard(t.db, clerkA);
    expect(board.served[0]).toMatchObject({ id: ticket.id, caseId, ratingLevel: 5, callCount: 2, status: 'done' });
    const rating = await t.db.selectFrom('ratings').select(['case_id', 'staff_id', 'window_id']).where('window_service_id', '=', done!.serviceId).executeTakeFirstOrThrow();
    expect(rating).toEqual({ case_id: caseId, staff_id: clerkA.id, window_id: windowA });
    const display = await hallDisplay(t.db, w.centre.id);
    expect(display.calls.slice(0, 2).map((c) => [c.number, c.windowNumber, c.recall])).toEqual([
      [ticket.number, '21', true],
      [ticket.number, '21', false],
    ]);
    const http = await t.app.inject({ method: 'GET', url: `/api/public/queue/${w.centre.id}/display` });
    expect(http.statusCode).toBe(200);
    expect(http.body).not.toContain(w.applicant.display_name);
  });

  it('statistics: waiting avg, p90 and max, service time and abandoned, from the tickets’ own times', async () => {
    const day = '2026-01-05';
    const at = (minutes: number) => new Date(Date.parse(`${day}T09:00:00+08:00`) + minutes * 60_000);
    // Waits of 2, 4, 6, 8 and 30 minutes; services of 5 and 15; one 过号, one never called.
    const rows = [
      { wait: 2, service: 5, status: 'done' as const },
      { wait: 4, service: 15, status: 'done' as const },
      { wait: 6, service: null, status: 'skipped' as const },
      { wait: 8, service: null, status: 'skipped' as const },
      { wait: 30, service: null, status: 'skipped' as const },
      { wait: null, service: null, status: 'abandoned' as const },
    ];
    for (const [i, r] of rows.entries()) {
      await t.db
        .insertInto('queue_tickets')
        .values({
          centre_id: w.centre.id,
          category_id: catB,
          day,
          number: `B9${String(i).padStart(2, '0')}`,
          token: `token-${i}-stats`,
          status: r.status,
          window_id: r.wait === null ? null : windowB,
          issued_at: at(0),
          queued_at: at(0),
          first_called_at: r.wait === null ? null : at(r.wait),
          called_at: r.wait === null ? null : at(r.wait),
          completed_at: r.service === null ? null : at(r.wait! + r.service),
        })
        .execute();
    }
    const [row] = await queueStats(t.db, { centreId: w.centre.id, from: day, to: day, by: 'category' });
    // p90 of 2, 4, 6, 8, 30 (linear interpolation): 8 + 0.6 × 22 = 21.2.
    expect(row).toEqual({ key: String(catB), label: 'B 不动产', issued: 6, served: 2, abandoned: 4, waitAvg: 10, waitP90: 21.2, waitMax: 30, serviceAvg: 10 });
    const byHour = await queueStats(t.db, { centreId: w.centre.id, from: day, to: day, by: 'hour' });
    expect(byHour.map((r) => [r.label, r.issued])).toEqual([['09:00', 6]]);
  });

  it('tickets left open when their day ends are abandoned', async () => {
    await clearLines();
    const ticket = await takeTicket(t.db, { centreId: w.centre.id, categoryId: catA });
    const tomorrow = chinaDate(new Date(Date.now() + 86_400_000));
    expect(await abandonStaleTickets(t.db, tomorrow)).toBeGreaterThanOrEqual(1);
    expect((await t.db.selectFrom('queue_tickets').select('status').where('id', '=', ticket.id).executeTakeFirstOrThrow()).status).toBe('abandoned');
  });

  it('reads the age from an ID number', () => {
    expect(ageFromResidentId(withResidentCheck('22058119500615001'), '2026-06-14')).toBe(75);
    expect(ageFromResidentId(withResidentCheck('22058119500615001'), '2026-06-15')).toBe(76);
    expect(ageFromResidentId('220581195006150010', '2026-06-15')).toBeNull();
  });
});

describe('绿色通道 at the kiosk', () => {
  it('a key project’s code gives a priority ticket; a plain project or no code is refused, and nothing is printed', async () => {
    await clearLines();
    const owner = await makeUser(t.db, 'applicant', { kind: 'legal' });
    const project = (code: string, key: boolean) => ({
      code,
      name: key ? '梅河口市医药产业园标准厂房' : '梅河口市某商业综合体',
      centre_id: w.centre.id,
      region_code: w.centre.region_code,
      owner_id: owner.id,
      owner_name: '梅河口市城市建设投资有限公司',
      location: '梅河口市经济开发区',
      investment_wan: 12000,
      industry_code: '47',
      key_project: key,
      limit_days: 33,
    });
    await t.db.insertInto('projects').values([project('2026-220581-47-01-900001', true), project('2026-220581-47-01-900002', false)]).execute();
    const walkIn = await takeTicket(t.db, { centreId: w.centre.id, categoryId: catA });
    const green = await takeTicket(t.db, { centreId: w.centre.id, categoryId: catA, priority: 'green_channel', projectCode: '2026-220581-47-01-900001' });
    expect(green).toMatchObject({ priorityReason: 'green_channel', ahead: 0 });
    const before = await t.db.selectFrom('queue_tickets').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    await expect(takeTicket(t.db, { centreId: w.centre.id, categoryId: catA, priority: 'green_channel' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'body.projectCode' }] });
    await expect(takeTicket(t.db, { centreId: w.centre.id, categoryId: catA, priority: 'green_channel', projectCode: '2026-220581-47-01-900002' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const after = await t.db.selectFrom('queue_tickets').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    // The key project's visitor is called before the walk-in who came first.
    expect((await callNext(t.db, clerkA))!.number).toBe(green.number);
    await completeTicket(t.db, clerkA, green.id, {});
    expect((await callNext(t.db, clerkA))!.number).toBe(walkIn.number);
    await completeTicket(t.db, clerkA, walkIn.id, {});
  });
});
