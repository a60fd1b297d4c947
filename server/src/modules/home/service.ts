import type { Database } from '../../db/database.js';
import { chinaDate } from '../../util/china-time.js';
import { nowMs } from '../../util/clock.js';
import * as repo from './repo.js';
import type { THome, THomeQuery, TNotice } from './schema.js';

const HOT_ITEMS = 8;
const HOT_WINDOW_DAYS = 90;
/** How far ahead a holiday is announced on the home page. */
const NOTICE_DAYS_AHEAD = 45;
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const monthDay = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
const weekday = (date: string) => `星期${WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]}`;

/**
 * 通知公告 from the working calendar: each coming holiday with its days off and its make-up
 * working days, and each day the hall closes. The legal clock skips the same days, so the
 * notice also says that limits do not run on them.
 */
export function calendarNotices(days: { date: string; kind: 'holiday' | 'makeup' | 'closed'; name: string }[]): TNotice[] {
  const notices: TNotice[] = [];
  const holidays = new Map<string, string[]>();
  for (const day of days) if (day.kind === 'holiday') holidays.set(day.name, [...(holidays.get(day.name) ?? []), day.date]);
  for (const [name, dates] of holidays) {
    const makeups = days.filter((d) => d.kind === 'makeup' && d.name === name).map((d) => `${monthDay(d.date)}（${weekday(d.date)}）`);
    const first = dates[0]!;
    const last = dates.at(-1)!;
    const span = first === last ? monthDay(first) : `${monthDay(first)}至${monthDay(last)}`;
    notices.push({
      date: first,
      title: `${name}假期服务安排`,
      body:
        `${span}放假，共 ${dates.length} 天${makeups.length ? `；${makeups.join('、')}正常上班办理业务` : ''}。` +
        '放假期间大厅窗口暂停服务，网上办事大厅、进度查询和证照验真照常可用；办理时限按工作日计算，假期不计入。',
    });
  }
  for (const day of days.filter((d) => d.kind === 'closed')) {
    notices.push({ date: day.date, title: `${monthDay(day.date)}大厅暂停对外服务`, body: `${day.name || '因故'}，${monthDay(day.date)}（${weekday(day.date)}）大厅窗口暂停服务，网上办事大厅照常受理。` });
  }
  return notices.sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * The home page's figures: the centre's address, phone and hours; the items most applied for in
 * the last 90 days (filled up with online items while the centre is new); and the coming
 * holiday and closure notices.
 */
export async function homePage(db: Database, query: THomeQuery): Promise<THome> {
  const centre = (await repo.findCentre(db, query.centreId)) ?? null;
  const since = new Date(nowMs() - HOT_WINDOW_DAYS * 86_400_000);
  const applied = await repo.mostAppliedItems(db, since, HOT_ITEMS);
  const hotItems = applied.map((i) => ({ id: i.id, name: i.name, departmentName: i.department_name, applications: Number(i.applications) }));
  if (hotItems.length < HOT_ITEMS) {
    const more = await repo.onlineItems(db, hotItems.map((i) => i.id), HOT_ITEMS - hotItems.length);
    hotItems.push(...more.map((i) => ({ id: i.id, name: i.name, departmentName: i.department_name, applications: 0 })));
  }
  const today = chinaDate();
  const days = await repo.calendarDays(db, centre?.region_code ?? '', today, addDays(today, NOTICE_DAYS_AHEAD));
  return { centre: centre && { id: centre.id, name: centre.name, address: centre.address, phone: centre.phone, hours: centre.hours }, hotItems, notices: calendarNotices(days) };
}
