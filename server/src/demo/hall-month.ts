import crypto from 'node:crypto';
import type { Database } from '../db/database.js';
import { chinaDate } from '../util/china-time.js';
import { calendarFor } from '../modules/calendar/service.js';
import { seededRandom } from '../util/seeded-random.js';

/** The calendar month before today's, 'YYYY-MM'. */
export function previousMonth(today = chinaDate()): string {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

interface WindowPlan {
  number: string;
  clerk: string;
  category: string;
  /** Visitors served on a working day. */
  perDay: number;
  /** Share of visitors who rate, and the chance a rating is a 差评. */
  rated: number;
  bad: number;
  /** Working days (by index) the clerk did not sign in. */
  absent: number[];
}

/**
 * 一个月的大厅运行数据 for the demo centre (the month before the first start): tickets called and
 * served at windows 01–04, ratings at the window tablets with a few 差评 (most rectified),
 * attendance, two confirmed 巡查 findings and a complaint — enough for the administrator to
 * compute that month's assessment (考核管理) and check its top window by hand from the records.
 * Kept out of `seedDemo` (which the browser tests use) because it changes the demo's counts.
 */
export async function seedHallMonth(db: Database, options: { month?: string } = {}): Promise<{ month: string; tickets: number }> {
  const month = options.month ?? previousMonth();
  const rand = seededRandom(20261201);
  const centre = await db.selectFrom('centres').select(['id', 'region_code']).where('name', '=', '梅河口市政务服务中心').executeTakeFirst();
  if (!centre) return { month, tickets: 0 };
  const calendar = await calendarFor(db, centre.region_code);
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const workdays = calendar.days(`${month}-01`, `${month}-${String(last).padStart(2, '0')}`).filter((d) => d.workday).map((d) => d.date);
  const plans: WindowPlan[] = [
    { number: '01', clerk: 'clerk1', category: 'A', perDay: 26, rated: 0.5, bad: 0.02, absent: [] },
    { number: '02', clerk: 'hallclerk2', category: 'A', perDay: 24, rated: 0.45, bad: 0.05, absent: [6] },
    { number: '03', clerk: 'hallclerk3', category: 'B', perDay: 14, rated: 0.5, bad: 0.04, absent: [2, 11] },
    { number: '04', clerk: 'hallclerk4', category: 'C', perDay: 17, rated: 0.4, bad: 0.1, absent: [3, 9, 15] },
  ];
  const at = (day: string, minutes: number) => new Date(Date.parse(`${day}T00:00:00+08:00`) + minutes * 60_000);
  let tickets = 0;
  await db.transaction().execute(async (trx) => {
    const windowOf = async (number: string) => (await trx.selectFrom('windows').select('id').where('centre_id', '=', centre.id).where('number', '=', number).executeTakeFirstOrThrow()).id;
    const userOf = async (username: string) => (await trx.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
    const categoryOf = async (prefix: string) => (await trx.selectFrom('hall_categories').select('id').where('centre_id', '=', centre.id).where('prefix', '=', prefix).executeTakeFirstOrThrow()).id;
    for (const plan of plans) {
      const windowId = await windowOf(plan.number);
      const clerkId = await userOf(plan.clerk);
      const categoryId = await categoryOf(plan.category);
      for (const [index, day] of workdays.entries()) {
        if (!plan.absent.includes(index)) {
          await trx.insertInto('window_attendance').values({ user_id: clerkId, window_id: windowId, day, signed_in_at: at(day, 8 * 60 + 20 + Math.floor(rand() * 15)), signed_out_at: at(day, 17 * 60 + 5) }).execute();
        }
        // An absent clerk's window is served by the next window's colleague: fewer visitors that day.
        const served = plan.absent.includes(index) ? 0 : plan.perDay + Math.floor(rand() * 5) - 2;
        type Row = { issued: number; called: number; service: number; level: number | null };
        const visitors: Row[] = [];
        let clock = 9 * 60;
        for (let i = 0; i < served; i++) {
          clock += 8 + Math.floor(rand() * 10);
          const issued = clock - 5 - Math.floor(rand() * 25);
          const service = 4 + Math.floor(rand() * 14);
          const level = rand() >= plan.rated ? null : rand() < plan.bad ? 1 + Math.floor(rand() * 2) : rand() < 0.75 ? 5 : rand() < 0.8 ? 4 : 3;
          visitors.push({ issued, called: clock, service, level });
        }
        if (!visitors.length) continue;
        // One statement per kind of row and day (a month is some 1,700 tickets): the tablet's
        // services first, so each rated ticket carries its service and rating from the start.
        const ratedRows = visitors.filter((r) => r.level !== null);
        const services = ratedRows.length
          ? await trx
              .insertInto('window_services')
              .values(ratedRows.map((r) => ({ window_id: windowId, clerk_id: clerkId, started_at: at(day, r.called + r.service), closed_at: at(day, r.called + r.service) })))
              .returning('id')
              .execute()
          : [];
        const serviceOf = new Map(ratedRows.map((r, i) => [r, services[i]!.id]));
        await trx
          .insertInto('queue_tickets')
          .values(
            visitors.map((r, i) => ({
              centre_id: centre.id,
              category_id: categoryId,
              day,
              number: `${plan.category}${plan.number}${String(i + 1).padStart(3, '0')}`,
              token: crypto.randomBytes(12).toString('base64url'),
              status: 'done' as const,
              window_id: windowId,
              clerk_id: clerkId,
              issued_at: at(day, r.issued),
              queued_at: at(day, r.issued),
              first_called_at: at(day, r.called),
              called_at: at(day, r.called),
              call_count: 1,
              completed_at: at(day, r.called + r.service),
              window_service_id: serviceOf.get(r) ?? null,
            })),
          )
          .execute();
        tickets += visitors.length;
        if (!ratedRows.length) continue;
        const ratings = await trx
          .insertInto('ratings')
          .values(ratedRows.map((r) => ({ channel: 'window' as const, window_service_id: serviceOf.get(r)!, level: r.level!, window_id: windowId, staff_id: clerkId, created_at: at(day, r.called + r.service), indicators: '{}' })))
          .returning(['id', 'level'])
          .execute();
        const bad = ratings.filter((r) => r.level <= 2);
        if (bad.length) {
          await trx
            .insertInto('rectifications')
            .values(
              bad.map((r) => {
                // Most 差评 were rectified within the month; some of window 04's are still open.
                const rectified = !(plan.number === '04' && rand() < 0.5);
                return { rating_id: r.id, centre_id: centre.id, region_code: centre.region_code, department_id: null, due_date: calendar.addWorkdays(day, 5).due, status: rectified ? ('rectified' as const) : ('pending' as const), measures: rectified ? '已向群众解释并改进服务流程' : null };
              }),
            )
            .execute();
        }
      }
    }
    // 巡查: two confirmed findings (window 04 twice), one dismissed after the clerk explained.
    const inspector = await userOf('inspector1');
    const admin = await userOf('admin');
    const rule = async (code: string) => (await trx.selectFrom('discipline_rules').select('id').where('centre_id', '=', centre.id).where('code', '=', code).executeTakeFirstOrThrow()).id;
    const finding = async (number: string, username: string, code: string, dayIndex: number, status: 'confirmed' | 'dismissed', explanation?: string) => {
      const day = workdays[Math.min(dayIndex, workdays.length - 1)]!;
      await trx
        .insertInto('inspection_findings')
        .values({
          centre_id: centre.id,
          window_id: await windowOf(number),
          person_id: await userOf(username),
          rule_id: await rule(code),
          note: '巡查时发现',
          found_by: inspector,
          found_at: at(day, 10 * 60 + 30),
          status,
          explanation: explanation ?? null,
          explained_at: explanation ? at(day, 14 * 60) : null,
          decided_by: admin,
          decided_at: at(day, 16 * 60),
        })
        .execute();
    };
    await finding('04', 'hallclerk4', 'JL-02', 4, 'confirmed');
    await finding('04', 'hallclerk4', 'JL-01', 12, 'confirmed');
    await finding('02', 'hallclerk2', 'JL-03', 8, 'dismissed', '当时在为群众查询档案');
    // A complaint about window 03, logged by the first person asked.
    const market = await trx.selectFrom('departments').select('id').where('centre_id', '=', centre.id).orderBy('id').executeTakeFirstOrThrow();
    const day = workdays[Math.min(7, workdays.length - 1)]!;
    await trx
      .insertInto('inquiries')
      .values({
        kind: 'complaint',
        channel: 'window',
        contact_name: '王先生',
        contact_phone: '13904351111',
        department_id: market.id,
        subject: '不动产窗口等候时间过长',
        content: '上午排队一个多小时',
        logged_by: await userOf('clerk1'),
        owner_id: await userOf('clerk1'),
        about_window_id: await windowOf('03'),
        about_user_id: await userOf('hallclerk3'),
        reply_due: calendar.addWorkdays(day, 5).due,
        created_at: at(day, 11 * 60),
      })
      .execute();
  });
  return { month, tickets };
}
