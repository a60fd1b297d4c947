import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { forbidden, notFound } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import type { Actor } from '../auth/actor.js';
import { regionPrefix } from '../cases/policy.js';
import type { TQueueStatsRow } from './schema.js';

export type QueueStatsDimension = 'category' | 'window' | 'hour';

/** The centre a caller may read queue statistics of: an administrator's own, a supervisor's in their region. */
export async function statsCentre(db: Database, actor: Actor, centreId?: number): Promise<number> {
  if (actor.role === 'admin' && actor.centreId) return actor.centreId;
  if (actor.role === 'supervisor' && actor.regionCode && centreId) {
    const centre = await db.selectFrom('centres').select('id').where('id', '=', centreId).where('region_code', 'like', `${regionPrefix(actor.regionCode)}%`).executeTakeFirst();
    if (!centre) throw notFound('服务中心');
    return centre.id;
  }
  throw forbidden('由中心管理员或监察人员查看');
}

/**
 * 排队统计 per category, window (the one that served or last called) or hour of issue: waiting
 * time from ticket to first call (average, p90, longest) and service time from first call to
 * completion, in minutes; abandoned = 过号 and tickets never called by the end of their day.
 */
export async function queueStats(db: Database, options: { centreId: number; from: string; to: string; by: QueueStatsDimension }): Promise<TQueueStatsRow[]> {
  const today = chinaDate();
  const key =
    options.by === 'category'
      ? sql`t.category_id::text`
      : options.by === 'window'
        ? sql`coalesce(t.window_id::text, '-')`
        : sql`lpad(extract(hour FROM t.issued_at AT TIME ZONE 'Asia/Shanghai')::int::text, 2, '0')`;
  const label =
    options.by === 'category'
      ? sql`min(c.prefix || ' ' || c.name)`
      : options.by === 'window'
        ? sql`coalesce(min(w.number || ' ' || w.name), '未叫号')`
        : sql`min(lpad(extract(hour FROM t.issued_at AT TIME ZONE 'Asia/Shanghai')::int::text, 2, '0') || ':00')`;
  const wait = sql`extract(epoch FROM t.first_called_at - t.issued_at) / 60`;
  const rows = await sql<{ key: string; label: string; issued: number; served: number; abandoned: number; wait_avg: number | null; wait_p90: number | null; wait_max: number | null; service_avg: number | null }>`
    SELECT ${key} AS key, ${label} AS label,
           count(*)::int AS issued,
           count(*) FILTER (WHERE t.status = 'done')::int AS served,
           count(*) FILTER (WHERE t.status IN ('skipped', 'abandoned') OR (t.status = 'waiting' AND t.day < ${today}))::int AS abandoned,
           round(avg(${wait})::numeric, 1) AS wait_avg,
           round((percentile_cont(0.9) WITHIN GROUP (ORDER BY ${wait}))::numeric, 1) AS wait_p90,
           round(max(${wait})::numeric, 1) AS wait_max,
           round(avg(extract(epoch FROM t.completed_at - t.first_called_at) / 60) FILTER (WHERE t.status = 'done')::numeric, 1) AS service_avg
      FROM queue_tickets t
      JOIN hall_categories c ON c.id = t.category_id
      LEFT JOIN windows w ON w.id = t.window_id
     WHERE t.centre_id = ${options.centreId} AND t.day BETWEEN ${options.from} AND ${options.to}
     GROUP BY 1
     ORDER BY 1`.execute(db);
  return rows.rows.map((r) => ({
    key: r.key,
    label: r.label,
    issued: r.issued,
    served: r.served,
    abandoned: r.abandoned,
    waitAvg: r.wait_avg,
    waitP90: r.wait_p90,
    waitMax: r.wait_max,
    serviceAvg: r.service_avg,
  }));
}
