import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { AppError } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import { addDays, chinaDayStart } from './rollup.js';
import type { StatsScope } from './stats.js';

/** 送达 figures of the licences granted under 行政许可法 art. 44 (ten working days to deliver). */
export interface DeliveryFigures {
  from: string;
  to: string;
  /** Granted licences waiting at the issuance desk now, by the light of their delivery clock. */
  waiting: { green: number; yellow: number; red: number; total: number };
  /** Licences issued in the period (completed with a delivery deadline). */
  delivered: number;
  /** Of those, issued after their delivery deadline. */
  deliveredLate: number;
  /** deliveredLate ÷ delivered; null when nothing was delivered. */
  lateRate: number | null;
}

/**
 * The delivery clock in the supervisor's scope: the granted licences waiting for issuance by light
 * (judged on `today`), and the licences issued from `from` to `to` (China days) with how many came
 * after their deadline. Each issuance records whether it was late, so no calendar is read here.
 */
export async function deliveryFigures(db: Database, options: { scope: StatsScope; from: string; to: string; today?: string }): Promise<DeliveryFigures> {
  if (options.from > options.to) throw new AppError('VALIDATION_FAILED', '开始日期不能晚于结束日期', [{ field: 'query.from', message: '开始日期不能晚于结束日期' }]);
  const today = options.today ?? chinaDate();
  const prefix = `${options.scope.regionPrefix}%`;
  const [waiting, delivered] = await Promise.all([
    sql<DeliveryFigures['waiting']>`
      SELECT count(*) FILTER (WHERE delivery_due_date >= ${today} AND ${today} < delivery_warn_date)::int AS green,
             count(*) FILTER (WHERE delivery_due_date >= ${today} AND ${today} >= delivery_warn_date)::int AS yellow,
             count(*) FILTER (WHERE delivery_due_date < ${today})::int AS red,
             count(*)::int AS total
        FROM cases
       WHERE status = 'approved' AND delivery_due_date IS NOT NULL AND region_code LIKE ${prefix}`.execute(db),
    sql<{ delivered: number; late: number }>`
      SELECT count(*)::int AS delivered, count(*) FILTER (WHERE delivered_late)::int AS late
        FROM cases
       WHERE status = 'completed' AND delivered_late IS NOT NULL
         AND completed_at >= ${chinaDayStart(options.from)} AND completed_at < ${chinaDayStart(addDays(options.to, 1))}
         AND region_code LIKE ${prefix}`.execute(db),
  ]);
  const { delivered: count, late } = delivered.rows[0]!;
  return { from: options.from, to: options.to, waiting: waiting.rows[0]!, delivered: count, deliveredLate: late, lateRate: count > 0 ? late / count : null };
}
