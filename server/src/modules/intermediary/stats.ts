import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import { chinaDate } from '../../util/china-time.js';
import { gradeDistribution } from './registry.js';
import { daysBetween } from './repo.js';

/**
 * Statistics per service type: announcements, responses per announcement, the chosen price against
 * the budget ceiling, the time used against the time promised, and the grades of the intermediaries
 * qualified for it.
 */
export async function supermarketStats(db: Executor, options: { from: string; to: string; today?: string }) {
  const today = options.today ?? chinaDate();
  const [types, announcements, contracts, grades] = await Promise.all([
    db.selectFrom('intermediary_service_types').select(['id', 'code', 'name']).orderBy('code').execute(),
    sql<{ service_type_id: number; announcements: number; responses: number; selected: number; failed: number; price_ratio: number | null }>`
      SELECT a.service_type_id, count(*)::int AS announcements,
             coalesce(sum((SELECT count(*) FROM intermediary_responses r WHERE r.announcement_id = a.id AND r.status = 'valid')), 0)::int AS responses,
             count(*) FILTER (WHERE a.selected_response_id IS NOT NULL)::int AS selected,
             count(*) FILTER (WHERE a.status = 'failed')::int AS failed,
             avg(r.quote::numeric / a.budget_ceiling) AS price_ratio
        FROM intermediary_announcements a
        LEFT JOIN intermediary_responses r ON r.id = a.selected_response_id
       WHERE a.created_at >= (${options.from}::date::timestamp AT TIME ZONE 'Asia/Shanghai')
         AND a.created_at < ((${options.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
         AND a.status <> 'cancelled'
       GROUP BY 1`.execute(db),
    sql<{ service_type_id: number; signed_on: string; due_date: string; delivered_on: string | null; status: string }>`
      SELECT a.service_type_id, c.signed_on, c.due_date, c.delivered_on, c.status
        FROM intermediary_contracts c JOIN intermediary_announcements a ON a.id = c.announcement_id
       WHERE c.signed_on BETWEEN ${options.from} AND ${options.to}`.execute(db),
    gradeDistribution(db, today),
  ]);
  const byType = new Map(announcements.rows.map((r) => [r.service_type_id, r]));
  return types.map((t) => {
    const a = byType.get(t.id);
    const mine = contracts.rows.filter((c) => c.service_type_id === t.id);
    const delivered = mine.filter((c) => c.delivered_on);
    const used = delivered.reduce((sum, c) => sum + daysBetween(c.signed_on, c.delivered_on!), 0);
    const promised = delivered.reduce((sum, c) => sum + daysBetween(c.signed_on, c.due_date), 0);
    return {
      serviceTypeId: t.id,
      code: t.code,
      name: t.name,
      announcements: a?.announcements ?? 0,
      responsesPerAnnouncement: a && a.announcements ? Math.round((a.responses / a.announcements) * 100) / 100 : null,
      selected: a?.selected ?? 0,
      failed: a?.failed ?? 0,
      priceToBudget: a?.price_ratio != null ? Math.round(Number(a.price_ratio) * 1000) / 1000 : null,
      contracts: mine.length,
      delivered: delivered.length,
      lateDeliveries: delivered.filter((c) => c.delivered_on! > c.due_date).length,
      overdueRunning: mine.filter((c) => c.status === 'running' && today > c.due_date).length,
      // Natural days actually used over natural days allowed, for the delivered services.
      timeUsedToPromised: promised > 0 ? Math.round((used / promised) * 1000) / 1000 : null,
      grades: Object.fromEntries(grades.get(t.id) ?? []),
    };
  });
}
