import type { Database } from '../../db/database.js';
import { endOfChinaDay } from '../calendar/engine.js';
import { chinaDate } from '../../util/china-time.js';
import { CATEGORY_NAMES } from './projects.js';

/** 当日交易安排: openings and evaluations of a China day, with rooms and times (public). */
export async function daySchedule(db: Database, date = chinaDate(), centreId?: number) {
  const start = new Date(`${date}T00:00:00+08:00`);
  let query = db
    .selectFrom('trading_bookings')
    .innerJoin('trading_rooms', 'trading_rooms.id', 'trading_bookings.room_id')
    .innerJoin('trading_projects', 'trading_projects.id', 'trading_bookings.project_id')
    .select(['trading_bookings.purpose', 'starts_at', 'ends_at', 'trading_rooms.name as room', 'trading_projects.id', 'trading_projects.number', 'trading_projects.title', 'trading_projects.category', 'trading_projects.status'])
    .where('starts_at', '>=', start)
    .where('starts_at', '<=', endOfChinaDay(date))
    .where('trading_projects.status', 'not in', ['submitted', 'rejected'])
    .orderBy('starts_at');
  if (centreId !== undefined) query = query.where('trading_rooms.centre_id', '=', centreId);
  const rows = await query.execute();
  return {
    date,
    items: rows.map((r) => ({
      projectId: r.id,
      number: r.number,
      title: r.title,
      category: CATEGORY_NAMES[r.category],
      purpose: r.purpose,
      room: r.room,
      startsAt: r.starts_at.toISOString(),
      endsAt: r.ends_at.toISOString(),
      status: r.status,
    })),
  };
}

/**
 * 公告公示 in publication order: the public site's list and the feed other systems and the hall
 * screens pull (cursor = the last id seen).
 */
export async function publications(db: Database, options: { after?: number; limit?: number; projectId?: string }) {
  let query = db
    .selectFrom('trading_publications')
    .innerJoin('trading_projects', 'trading_projects.id', 'trading_publications.project_id')
    .select(['trading_publications.id', 'kind', 'trading_publications.title', 'body', 'data', 'published_at', 'publicity_ends_at', 'signature', 'trading_projects.id as project_id', 'trading_projects.number', 'trading_projects.category'])
    .orderBy('trading_publications.id', options.after === undefined ? 'desc' : 'asc')
    .limit(Math.min(options.limit ?? 50, 200));
  if (options.after !== undefined) query = query.where('trading_publications.id', '>', options.after);
  if (options.projectId) query = query.where('trading_projects.id', '=', options.projectId);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    title: r.title,
    body: r.body,
    data: r.data,
    publishedAt: r.published_at.toISOString(),
    publicityEndsAt: r.publicity_ends_at?.toISOString() ?? null,
    signature: r.signature,
    projectId: r.project_id,
    projectNumber: r.number,
    category: CATEGORY_NAMES[r.category],
  }));
}
