import { sql } from 'kysely';
import type { Database, Executor } from '../../db/database.js';
import { notFound, validationFailed } from '../../http/errors.js';
import type { Actor } from '../auth/actor.js';
import { registerWalkIn } from '../cases/service.js';
import { receivableAt } from '../network/repo.js';
import { INDICATORS, type Indicator } from './schema.js';

type WalkIn = Omit<Parameters<typeof registerWalkIn>[0], 'db' | 'actor' | 'within'>;

/**
 * 收受分离: this centre checks and receives an application for an item of another region; the
 * item's own department decides; the result is posted or collected where the applicant chose.
 */
export async function receiveForOtherRegion(
  db: Database,
  actor: Actor,
  input: WalkIn & { delivery: { method: 'post' } | { method: 'collect'; pickupCentreId: number } },
): Promise<{ caseId: string }> {
  if (actor.centreId === null) throw notFound('事项');
  const receivedAs = await receivableAt(db, input.itemId, actor.centreId);
  if (receivedAs === null) throw notFound('事项');
  if (receivedAs === 'own') throw validationFailed('body.itemId', '本中心事项请在窗口直接登记');
  const pickupCentreId = input.delivery.method === 'collect' ? input.delivery.pickupCentreId : null;
  if (pickupCentreId !== null) {
    const pickup = await db.selectFrom('centres').select('id').where('id', '=', pickupCentreId).where('active', '=', true).executeTakeFirst();
    if (!pickup) throw validationFailed('body.delivery.pickupCentreId', '领取网点不存在');
  }
  const receiving = await db.selectFrom('centres').select('region_code').where('id', '=', actor.centreId).executeTakeFirstOrThrow();
  const deciding = await db
    .selectFrom('service_items')
    .innerJoin('departments', 'departments.id', 'service_items.department_id')
    .select('departments.region_code')
    .where('service_items.id', '=', input.itemId)
    .executeTakeFirstOrThrow();
  return registerWalkIn({
    db,
    actor,
    ...input,
    within: async (trx, caseId) => {
      await trx
        .insertInto('case_receptions')
        .values({
          case_id: caseId,
          receiving_centre_id: actor.centreId!,
          receiving_region_code: receiving.region_code,
          deciding_region_code: deciding.region_code,
          received_by: actor.id,
          delivery: input.delivery.method,
          pickup_centre_id: pickupCentreId,
        })
        .execute();
    },
  });
}

/**
 * 通办 items this clerk's centre may receive for another region: on the 通办 list, of a department
 * that is not this centre's, each with the region whose department decides.
 */
export async function receivableTongbanItems(db: Executor, actor: Actor) {
  if (actor.centreId === null) return [];
  return db
    .selectFrom('tongban_items')
    .innerJoin('service_items', 'service_items.id', 'tongban_items.item_id')
    .innerJoin('departments', 'departments.id', 'service_items.department_id')
    .innerJoin('regions', 'regions.code', 'departments.region_code')
    .select(['service_items.id', 'service_items.name', 'departments.name as departmentName', 'regions.code as regionCode', 'regions.name as regionName'])
    .where('service_items.status', '=', 'published')
    .where('departments.centre_id', '<>', actor.centreId)
    .orderBy('regions.code')
    .orderBy('service_items.name')
    .execute();
}

export interface TongbanPair {
  receivingRegion: string;
  receivingName: string;
  decidingRegion: string;
  decidingName: string;
  cases: number;
  completed: number;
  /** Receiving side: hours from handing in to acceptance. */
  avgReceiveHours: number | null;
  /** Deciding side: hours from acceptance to decision. */
  avgDecideHours: number | null;
}

/**
 * 异地受理 by pair of counties: cases received at a centre of one county for an item of another,
 * with each side's time. Scoped to the caller's subtree on either side.
 */
export async function tongbanPairs(db: Executor, options: { prefix: string; from: string; to: string }): Promise<TongbanPair[]> {
  const { rows } = await sql<{ receiving: string; receiving_name: string; deciding: string; deciding_name: string; cases: number; completed: number; receive_hours: number | null; decide_hours: number | null }>`
    SELECT left(rc.stat_code, 6) AS receiving, rr.name AS receiving_name, left(c.region_code, 6) AS deciding, dr.name AS deciding_name,
           count(*)::int AS cases,
           count(*) FILTER (WHERE c.status = 'completed')::int AS completed,
           round(avg(extract(epoch FROM c.accepted_at - c.submitted_at) / 3600)::numeric, 1) AS receive_hours,
           round(avg(extract(epoch FROM c.decided_at - c.accepted_at) / 3600)::numeric, 1) AS decide_hours
      FROM cases c
      JOIN centres ce ON ce.id = c.centre_id
      JOIN regions rc ON rc.code = ce.region_code
      JOIN regions rr ON rr.code = left(rc.stat_code, 6)
      JOIN regions dr ON dr.code = left(c.region_code, 6)
     WHERE left(rc.stat_code, 6) <> left(c.region_code, 6)
       AND (rc.stat_code LIKE ${`${options.prefix}%`} OR rpad(c.region_code, 12, '0') LIKE ${`${options.prefix}%`})
       AND c.submitted_at >= (${options.from}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'
       AND c.submitted_at < ((${options.to}::date) + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
     GROUP BY 1, 2, 3, 4
     ORDER BY cases DESC, receiving, deciding`.execute(db);
  return rows.map((r) => ({
    receivingRegion: r.receiving,
    receivingName: r.receiving_name,
    decidingRegion: r.deciding,
    decidingName: r.deciding_name,
    cases: r.cases,
    completed: r.completed,
    avgReceiveHours: r.receive_hours,
    avgDecideHours: r.decide_hours,
  }));
}

export { INDICATORS, type Indicator };

export interface LowerCentreScore {
  rank: number;
  centreId: number;
  centreName: string;
  regionCode: string;
  values: Record<Indicator, number>;
  score: number;
}

/**
 * Ranks the centres below the caller's level (a county ranks its town centres and village points)
 * for one China-time month. Each indicator is scaled to the best centre's value (rates as they
 * are), multiplied by its weight and summed; ties keep the region order.
 */
export async function rankLowerCentres(db: Executor, options: { prefix: string; month: string; weights: Partial<Record<Indicator, number>> }): Promise<LowerCentreScore[]> {
  const from = `${options.month}-01`;
  const { rows } = await sql<{ id: number; name: string; region_code: string; received: number; completed: number; on_time: number; agency: number; guiding: number; offered_guiding: number }>`
    WITH lower AS (
      SELECT ce.id, ce.name, ce.region_code, r.level, r.stat_code
        FROM centres ce JOIN regions r ON r.code = ce.region_code
       WHERE ce.active AND r.level IN ('town', 'village') AND r.stat_code LIKE ${`${options.prefix}%`} AND length(r.code) = 12
    ), month_cases AS (
      SELECT c.centre_id, c.status, c.completed_at, c.decided_at, c.due_date
        FROM cases c
       WHERE c.submitted_at >= (${from}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'
         AND c.submitted_at < ((${from}::date) + interval '1 month')::timestamp AT TIME ZONE 'Asia/Shanghai'
    )
    SELECT l.id, l.name, l.region_code,
           (SELECT count(*)::int FROM month_cases m WHERE m.centre_id = l.id) AS received,
           (SELECT count(*)::int FROM month_cases m WHERE m.centre_id = l.id AND m.status = 'completed') AS completed,
           (SELECT count(*)::int FROM month_cases m WHERE m.centre_id = l.id AND m.status = 'completed'
                AND (m.due_date IS NULL OR (m.decided_at AT TIME ZONE 'Asia/Shanghai')::date <= m.due_date)) AS on_time,
           (SELECT count(*)::int FROM village_agency_applications a
              JOIN cases c ON c.id = a.case_id
             WHERE a.point_id = l.id AND c.submitted_at >= (${from}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'
               AND c.submitted_at < ((${from}::date) + interval '1 month')::timestamp AT TIME ZONE 'Asia/Shanghai') AS agency,
           (SELECT count(*)::int FROM item_level_modes m WHERE m.level = l.level AND m.guiding) AS guiding,
           (SELECT count(*)::int FROM item_level_modes m JOIN centre_items ci ON ci.item_id = m.item_id AND ci.centre_id = l.id
             WHERE m.level = l.level AND m.guiding) AS offered_guiding
      FROM lower l
     ORDER BY l.stat_code, l.id`.execute(db);
  const valuesOf = (r: (typeof rows)[number]): Record<Indicator, number> => ({
    received: r.received,
    completed: r.completed,
    onTimeRate: r.completed === 0 ? 0 : Math.round((r.on_time / r.completed) * 1000) / 1000,
    agencyCases: r.agency,
    guidingCoverage: r.guiding === 0 ? 1 : Math.round((r.offered_guiding / r.guiding) * 1000) / 1000,
  });
  const centres = rows.map((r) => ({ row: r, values: valuesOf(r) }));
  const best = Object.fromEntries(INDICATORS.map((k) => [k, Math.max(0, ...centres.map((c) => c.values[k]))])) as Record<Indicator, number>;
  const isRate = (k: Indicator) => k === 'onTimeRate' || k === 'guidingCoverage';
  const scored = centres.map(({ row, values }) => {
    let score = 0;
    for (const k of INDICATORS) {
      const weight = options.weights[k] ?? 0;
      if (weight === 0) continue;
      const scaled = isRate(k) ? values[k] : best[k] === 0 ? 0 : values[k] / best[k];
      score += weight * scaled;
    }
    return { centreId: row.id, centreName: row.name, regionCode: row.region_code, values, score: Math.round(score * 1000) / 1000 };
  });
  // A stable sort keeps the region order among equal scores.
  return scored
    .map((c, i) => ({ c, i }))
    .sort((a, b) => b.c.score - a.c.score || a.i - b.i)
    .map(({ c }, i) => ({ rank: i + 1, ...c }));
}
