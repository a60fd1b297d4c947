import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { loginCookie, makeItem, makeUser, makeWorld, toActorOf } from '../../test/factories.js';
import { chinaDate } from '../../util/china-time.js';
import { calendarFor } from '../calendar/service.js';
import { saveCategory } from '../hall-categories/service.js';
import { bookAppointment, cancelAppointment, changeAppointment, chinaInstant, generateSlots, sweepAppointments } from './service.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;
let categoryId: number;
const HOUR = 3_600_000;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t.db);
  categoryId = (await saveCategory({ db: t.db, actor: toActorOf(w.admin), input: { prefix: 'A', name: '市场准入', departmentIds: [w.deptA.id], windowIds: [], active: true } })).id;
});
afterAll(() => t.destroy());

/** A slot of the category starting `hoursAhead` from now (any day, any hour: tests run on every date). */
async function slot(hoursAhead: number, capacity: number, minutes = 30) {
  const starts = new Date(Date.now() + hoursAhead * HOUR);
  return t.db
    .insertInto('appointment_slots')
    .values({ centre_id: w.centre.id, category_id: categoryId, day: chinaDate(starts), starts_at: starts, ends_at: new Date(starts.getTime() + minutes * 60_000), kind: 'regular', capacity })
    .returningAll()
    .executeTakeFirstOrThrow();
}

describe('booking a slot', () => {
  it('twenty people booking a slot of capacity 3 at the same moment: exactly 3 bookings, 17 told it is full', async () => {
    const s = await slot(48, 3);
    const people = await Promise.all(Array.from({ length: 20 }, () => makeUser(t.db, 'applicant')));
    const results = await Promise.allSettled(people.map((p) => bookAppointment({ db: t.db, actor: toActorOf(p), slotId: s.id, itemId: w.itemA.id })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused).toHaveLength(17);
    expect(new Set(refused.map((r) => (r.reason as { code: string }).code))).toEqual(new Set(['CONFLICT']));
    const after = await t.db.selectFrom('appointment_slots').select(['booked', 'capacity']).where('id', '=', s.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ booked: 3, capacity: 3 });
    const rows = await t.db.selectFrom('appointments').select('id').where('slot_id', '=', s.id).where('status', '=', 'booked').execute();
    expect(rows).toHaveLength(3);
  });

  it('one active booking per item; change moves the place, cancel frees it; each sends its notice', async () => {
    const person = await makeUser(t.db, 'applicant');
    const actor = toActorOf(person);
    const [first, second] = [await slot(50, 2), await slot(51, 2)];
    const booked = await bookAppointment({ db: t.db, actor, slotId: first.id, itemId: w.itemA.id });
    expect(booked).toMatchObject({ status: 'booked', itemId: w.itemA.id, categoryId, slot: { id: first.id } });
    expect(booked.code).toMatch(/^\d{6}$/);
    await expect(bookAppointment({ db: t.db, actor, slotId: second.id, itemId: w.itemA.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    // The refused booking took no place.
    expect((await t.db.selectFrom('appointment_slots').select('booked').where('id', '=', second.id).executeTakeFirstOrThrow()).booked).toBe(0);

    const moved = await changeAppointment({ db: t.db, actor, id: booked.id, slotId: second.id });
    expect(moved.slot.id).toBe(second.id);
    const counts = await t.db.selectFrom('appointment_slots').select(['id', 'booked']).where('id', 'in', [first.id, second.id]).orderBy('id').execute();
    expect(counts.map((c) => c.booked)).toEqual([0, 1]);

    await cancelAppointment({ db: t.db, actor, id: booked.id });
    expect((await t.db.selectFrom('appointment_slots').select('booked').where('id', '=', second.id).executeTakeFirstOrThrow()).booked).toBe(0);
    const again = await bookAppointment({ db: t.db, actor, slotId: first.id, itemId: w.itemA.id });
    expect(again.status).toBe('booked');
    const notices = await t.db.selectFrom('notifications').select('kind').where('user_id', '=', person.id).orderBy('id').execute();
    expect(notices.map((n) => n.kind)).toEqual(['appointment_booked', 'appointment_changed', 'appointment_booked']);
    const sms = await t.db.selectFrom('outbox').select('template').where('user_id', '=', person.id).execute();
    expect(sms).toHaveLength(3);
  });

  it('refuses an item outside the category, a slot already begun, and a booking without an ID number', async () => {
    const person = toActorOf(await makeUser(t.db, 'applicant'));
    const s = await slot(52, 5);
    await expect(bookAppointment({ db: t.db, actor: person, slotId: s.id, itemId: w.itemB.id })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const begun = await slot(-0.1, 5);
    await expect(bookAppointment({ db: t.db, actor: person, slotId: begun.id, itemId: w.itemA.id })).rejects.toMatchObject({ code: 'INVALID_STATE' });
    const anonymous = await makeUser(t.db, 'applicant');
    await t.db.updateTable('users').set({ identity_number: null }).where('id', '=', anonymous.id).execute();
    await expect(bookAppointment({ db: t.db, actor: toActorOf(anonymous), slotId: s.id, itemId: w.itemA.id })).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('no-shows up to the configured limit pause booking for the configured days after the last one', async () => {
    await t.db.updateTable('settings').set({ value: JSON.stringify({ noShowLimit: 2, noShowWindowDays: 90, pauseDays: 30, reminderHours: 24, checkInEarlyMinutes: 60, checkInLateMinutes: 30, elderlyAge: 60 }) }).where('key', '=', 'hall').execute();
    const person = await makeUser(t.db, 'applicant');
    const extraItem = await makeItem(t.db, w.deptA.id);
    // Two bookings whose slots ended days ago, never checked in.
    const past = [await slot(-72, 5), await slot(-48, 5)];
    for (const [i, s] of past.entries()) {
      await t.db.insertInto('appointments').values({ slot_id: s.id, applicant_id: person.id, item_id: i === 0 ? w.itemA.id : extraItem.id, code: '000000' }).execute();
    }
    const future = await slot(60, 5);
    const refused = bookAppointment({ db: t.db, actor: toActorOf(person), slotId: future.id, itemId: w.itemA.id });
    const until = chinaDate(new Date(past[1]!.ends_at.getTime() + 30 * 24 * HOUR));
    await expect(refused).rejects.toMatchObject({ code: 'INVALID_STATE', message: `近期爽约 2 次，预约暂停至 ${until}` });
    const statuses = await t.db.selectFrom('appointments').select('status').where('applicant_id', '=', person.id).execute();
    expect(statuses.map((s) => s.status)).toEqual(['no_show', 'no_show']);
    const cookie = await loginCookie(t.app, person.username);
    const mine = await t.app.inject({ method: 'GET', url: '/api/appointments/mine', headers: { cookie } });
    expect(mine.json().standing).toEqual({ paused: true, pausedUntil: until, noShows: 2, noShowLimit: 2 });
    await t.db.updateTable('settings').set({ value: JSON.stringify({ noShowLimit: 3 }) }).where('key', '=', 'hall').execute();
  });

  it('reminds each open booking once, within the reminder hours before its slot', async () => {
    const person = await makeUser(t.db, 'applicant');
    const soon = await slot(5, 5);
    const later = await slot(30, 5);
    const itemC = await makeItem(t.db, w.deptA.id);
    await bookAppointment({ db: t.db, actor: toActorOf(person), slotId: soon.id, itemId: w.itemA.id });
    await bookAppointment({ db: t.db, actor: toActorOf(person), slotId: later.id, itemId: itemC.id });
    await sweepAppointments(t.db);
    await sweepAppointments(t.db);
    const reminders = await t.db.selectFrom('notifications').select('body').where('user_id', '=', person.id).where('kind', '=', 'appointment_reminder').execute();
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.body).toContain(w.itemA.name);
  });

  it('only applicants book; only the administrator publishes slots', async () => {
    const s = await slot(70, 5);
    const clerk = await loginCookie(t.app, w.clerk.username);
    const response = await t.app.inject({ method: 'POST', url: '/api/appointments', headers: { cookie: clerk }, payload: { slotId: s.id, itemId: w.itemA.id } });
    expect(response.statusCode).toBe(403);
    const publish = await t.app.inject({
      method: 'POST',
      url: '/api/admin/appointments/slots/generate',
      headers: { cookie: clerk },
      payload: { categoryId, from: chinaDate(), to: chinaDate(), slotMinutes: 30, capacity: 2, morning: { start: '09:00', end: '12:00' } },
    });
    expect(publish.statusCode).toBe(403);
  });
});

describe('publishing slots from the calendar', () => {
  it('working days get morning and afternoon around the lunch break plus 延时服务; days off only the 365 slots', async () => {
    const calendar = await calendarFor(t.db, w.centre.region_code);
    const from = calendar.days(chinaDate(), chinaDate())[0]!.date;
    const to = chinaDate(new Date(Date.now() + 20 * 24 * HOUR));
    const days = calendar.days(from, to);
    const workdays = days.filter((d) => d.workday).length;
    const fresh = (await saveCategory({ db: t.db, actor: toActorOf(w.admin), input: { prefix: 'P', name: '发布测试', departmentIds: [], windowIds: [], active: true } })).id;
    const { created } = await generateSlots({
      db: t.db,
      actor: toActorOf(w.admin),
      input: {
        categoryId: fresh,
        from,
        to,
        slotMinutes: 30,
        capacity: 4,
        morning: { start: '09:00', end: '12:00' },
        afternoon: { start: '13:30', end: '17:00' },
        extended: { start: '17:00', end: '18:00', capacity: 2 },
        weekend: { start: '09:00', end: '11:00', capacity: 3 },
      },
    });
    // 6 morning + 7 afternoon + 2 extended per working day, 4 on each day off.
    expect(created).toBe(workdays * 15 + (days.length - workdays) * 4);
    const generated = await t.db.selectFrom('appointment_slots').selectAll().where('category_id', '=', fresh).execute();
    expect(generated).toHaveLength(created);
    for (const r of generated) {
      const info = calendar.day(r.day);
      expect(r.kind === 'weekend').toBe(!info.workday);
      // Nothing starts in the lunch break.
      expect(r.starts_at < chinaInstant(r.day, '12:00') || r.starts_at >= chinaInstant(r.day, '13:30')).toBe(true);
    }
    expect(generated.filter((r) => r.kind === 'extended').every((r) => r.capacity === 2)).toBe(true);
    // Publishing the same range again adds nothing.
    const again = await generateSlots({ db: t.db, actor: toActorOf(w.admin), input: { categoryId: fresh, from, to, slotMinutes: 30, capacity: 4, morning: { start: '09:00', end: '12:00' } } });
    expect(again.created).toBe(0);
  });
});
