import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { AppError, forbidden } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import type { Actor } from '../auth/actor.js';
import { periodStats } from '../supervision/stats.js';
import type { TMyWork } from './schema.js';

const LEVELS = ['', '非常不满意', '不满意', '基本满意', '满意', '非常满意'];
const RECTIFICATION = { pending: '待整改', in_progress: '整改中', rectified: '已整改', cannot_rectify: '无法整改', appealed: '申诉中', invalid: '无效评价', appeal_rejected: '申诉驳回' } as const;
const PERSONAL_ROLES = new Set(['applicant', 'intermediary', 'trading_agency', 'expert']);

/**
 * 我的工作: the caller's own statistics for the period (the same figures the supervisor's staff
 * ranking counts), their running queue and the ratings given for their work.
 */
export async function getMyWork(db: Database, actor: Actor, from: string, to: string): Promise<TMyWork> {
  if (PERSONAL_ROLES.has(actor.role)) throw forbidden('“我的工作”供工作人员使用');
  if (from > to) throw new AppError('VALIDATION_FAILED', '开始日期不能晚于结束日期', [{ field: 'query.from', message: '开始日期不能晚于结束日期' }]);
  const { rows } = await periodStats(db, { from, to, dimension: 'staff', scope: { regionPrefix: '' }, key: actor.id });
  const mine = rows[0];
  const today = chinaDate();
  const queue = await db
    .selectFrom('cases')
    .select([
      sql<number>`count(*)::int`.as('open'),
      sql<number>`count(*) FILTER (WHERE warn_date <= ${today} AND due_date >= ${today})::int`.as('warning'),
      sql<number>`count(*) FILTER (WHERE due_date < ${today} AND NOT clock_stopped)::int`.as('overdue'),
    ])
    .where('status', '=', 'accepted')
    .where('assignee_id', '=', actor.id)
    .executeTakeFirstOrThrow();
  const inPeriod = sql<boolean>`(ratings.created_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN ${from}::date AND ${to}::date`;
  const levels = await db
    .selectFrom('ratings')
    .select(['level', sql<number>`count(*)::int`.as('n')])
    .where('staff_id', '=', actor.id)
    .where(inPeriod)
    .groupBy('level')
    .execute();
  const recent = await db
    .selectFrom('ratings')
    .leftJoin('service_items', 'service_items.id', 'ratings.item_id')
    .leftJoin('rectifications', 'rectifications.rating_id', 'ratings.id')
    .select(['ratings.created_at', 'ratings.level', 'ratings.comment', 'service_items.name as item_name', 'rectifications.status as rectification'])
    .where('ratings.staff_id', '=', actor.id)
    .where(inPeriod)
    .where((eb) => eb.or([eb('ratings.comment', '<>', ''), eb('ratings.level', '<=', 2)]))
    .orderBy('ratings.created_at', 'desc')
    .limit(10)
    .execute();
  const count = levels.reduce((n, l) => n + l.n, 0);
  const satisfied = levels.filter((l) => l.level >= 3).reduce((n, l) => n + l.n, 0);
  return {
    from,
    to,
    figures: {
      received: mine?.received ?? 0,
      accepted: mine?.accepted ?? 0,
      refused: mine?.refused ?? 0,
      completed: mine?.completed ?? 0,
      onTime: mine?.on_time ?? 0,
      late: mine?.late ?? 0,
      stops: mine?.stops ?? 0,
      extensions: mine?.extensions ?? 0,
      onTimeRate: mine?.onTimeRate ?? null,
      avgWorkdaysUsed: mine?.avgWorkdaysUsed ?? null,
      avgPromisedWorkdays: mine?.avgPromisedWorkdays ?? null,
    },
    queue,
    ratings: {
      count,
      satisfaction: count > 0 ? satisfied / count : null,
      byLevel: [5, 4, 3, 2, 1].map((level) => ({ level, label: LEVELS[level]!, count: levels.find((l) => l.level === level)?.n ?? 0 })),
      recent: recent.map((r) => ({
        at: r.created_at.toISOString(),
        level: r.level,
        label: LEVELS[r.level] ?? '',
        comment: r.comment,
        itemName: r.item_name,
        rectification: r.rectification ? RECTIFICATION[r.rectification] : null,
      })),
    },
  };
}
