import { sql } from 'kysely';
import type { Database, Executor } from '../../db/database.js';
import { forbidden, notFound, validationFailed } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../auth/repo.js';
import { INDICATORS, type TLevelRow, type TRankingWeights } from './schema.js';

/**
 * Supervision by level (分级监管): a region's figures rolled up from the centres of its subtree, one
 * row per child region (a county's towns, a town's villages) plus the region's own centres (本级),
 * and the stored weights of the lower-centre ranking.
 */

export const DEFAULT_WEIGHTS: TRankingWeights = { received: 1, completed: 1, onTimeRate: 1, agencyCases: 1, guidingCoverage: 1 };

const weightsKey = (prefix: string) => `lower_centre_weights:${prefix}`;

/** The weights stored for a region's subtree (set by its administrator), else the defaults. */
export async function loadRankingWeights(db: Executor, prefix: string) {
  const row = await db.selectFrom('settings').select(['value', 'updated_at', 'updated_by']).where('key', '=', weightsKey(prefix)).executeTakeFirst();
  const by = row?.updated_by ? await db.selectFrom('users').select('display_name').where('id', '=', row.updated_by).executeTakeFirst() : undefined;
  return {
    weights: { ...DEFAULT_WEIGHTS, ...(row?.value as Partial<TRankingWeights> | undefined) },
    updatedAt: row?.updated_at.toISOString() ?? null,
    updatedBy: by?.display_name ?? null,
  };
}

/** 考核指标权重: the administrator of the ranking region sets them; audited in the same transaction. */
export async function saveRankingWeights(db: Database, actor: Actor, prefix: string, weights: TRankingWeights) {
  if (actor.role !== 'admin') throw forbidden('只有中心管理员可以设置考核权重');
  if (INDICATORS.every((k) => weights[k] === 0)) throw validationFailed('body', '至少一项指标的权重须大于 0');
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('settings').select('value').where('key', '=', weightsKey(prefix)).forUpdate().executeTakeFirst();
    await trx
      .insertInto('settings')
      .values({ key: weightsKey(prefix), value: JSON.stringify(weights), updated_by: actor.id })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(weights), updated_by: actor.id, updated_at: sql`now()` }))
      .execute();
    await writeAudit(trx, {
      actorId: actor.id,
      action: 'settings.lower_centre_weights',
      targetType: 'settings',
      targetId: weightsKey(prefix),
      detail: { before: before?.value ?? DEFAULT_WEIGHTS, after: weights },
    });
  });
}

/**
 * 分级统计: for the period, each child region of `under` (inside the caller's subtree) with the cases
 * received at the centres of its subtree; the total row equals the sum of the rows. A case counts
 * where it was received (the centre), so a town's 收件转报 counts for the town and the county sees
 * it in the town's row.
 */
export async function levelRollup(db: Executor, options: { scopePrefix: string; under: string; from: string; to: string }) {
  const region = await db.selectFrom('regions').select(['code', 'name', 'level', 'stat_code']).where('code', '=', options.under).executeTakeFirst();
  if (!region || !region.stat_code.startsWith(options.scopePrefix)) throw notFound('区划');
  const today = chinaDate();
  const { rows } = await sql<{
    code: string;
    name: string;
    level: TLevelRow['level'];
    own: boolean;
    centres: number;
    received: number;
    accepted: number;
    completed: number;
    on_time: number;
    open_overdue: number;
    agency: number;
    has_children: boolean;
  }>`
    WITH groups AS (
      SELECT r.code, r.name, r.level, false AS own, region_prefix(r.code) AS prefix, r.stat_code
        FROM regions r WHERE r.parent_code = ${region.code}
      UNION ALL
      SELECT r.code, r.name || '（本级）', r.level, true, NULL, r.stat_code FROM regions r WHERE r.code = ${region.code}
    ), centre_group AS (
      -- Each centre of the subtree belongs to one row: its child region, or 本级 when it sits at the region itself.
      SELECT ce.id AS centre_id, g.code
        FROM centres ce
        JOIN regions rc ON rc.code = ce.region_code
        JOIN groups g ON (NOT g.own AND rc.stat_code LIKE g.prefix || '%') OR (g.own AND ce.region_code = g.code)
    ), period AS (
      SELECT (${options.from}::date)::timestamp AT TIME ZONE 'Asia/Shanghai' AS start,
             ((${options.to}::date) + 1)::timestamp AT TIME ZONE 'Asia/Shanghai' AS stop
    )
    SELECT g.code, g.name, g.level, g.own,
           (SELECT count(*)::int FROM centre_group cg WHERE cg.code = g.code) AS centres,
           (SELECT count(*)::int FROM cases c, period p WHERE c.centre_id IN (SELECT centre_id FROM centre_group cg WHERE cg.code = g.code)
               AND c.submitted_at >= p.start AND c.submitted_at < p.stop) AS received,
           (SELECT count(*)::int FROM cases c, period p WHERE c.centre_id IN (SELECT centre_id FROM centre_group cg WHERE cg.code = g.code)
               AND c.accepted_at >= p.start AND c.accepted_at < p.stop) AS accepted,
           (SELECT count(*)::int FROM cases c, period p WHERE c.centre_id IN (SELECT centre_id FROM centre_group cg WHERE cg.code = g.code)
               AND c.completed_at >= p.start AND c.completed_at < p.stop) AS completed,
           (SELECT count(*)::int FROM cases c, period p WHERE c.centre_id IN (SELECT centre_id FROM centre_group cg WHERE cg.code = g.code)
               AND c.completed_at >= p.start AND c.completed_at < p.stop
               AND (c.due_date IS NULL OR (c.decided_at AT TIME ZONE 'Asia/Shanghai')::date <= c.due_date)) AS on_time,
           (SELECT count(*)::int FROM cases c WHERE c.centre_id IN (SELECT centre_id FROM centre_group cg WHERE cg.code = g.code)
               AND c.status = 'accepted' AND NOT c.clock_stopped AND c.due_date < ${today}::date) AS open_overdue,
           (SELECT count(*)::int FROM village_agency_applications a JOIN cases c ON c.id = a.case_id, period p
             WHERE a.point_id IN (SELECT centre_id FROM centre_group cg WHERE cg.code = g.code)
               AND c.submitted_at >= p.start AND c.submitted_at < p.stop) AS agency,
           (NOT g.own AND EXISTS (SELECT 1 FROM regions x WHERE x.parent_code = g.code)) AS has_children
      FROM groups g
     ORDER BY g.own DESC, g.stat_code`.execute(db);
  const out: TLevelRow[] = rows.map((r) => ({
    regionCode: r.code,
    regionName: r.name,
    level: r.level,
    own: r.own,
    centres: r.centres,
    received: r.received,
    accepted: r.accepted,
    completed: r.completed,
    onTime: r.on_time,
    onTimeRate: r.completed === 0 ? null : Math.round((r.on_time / r.completed) * 1000) / 1000,
    openOverdue: r.open_overdue,
    agencyCases: r.agency,
    hasChildren: r.has_children,
  }));
  const sum = (k: 'centres' | 'received' | 'accepted' | 'completed' | 'onTime' | 'openOverdue' | 'agencyCases') => out.reduce((n, r) => n + r[k], 0);
  const total = {
    centres: sum('centres'),
    received: sum('received'),
    accepted: sum('accepted'),
    completed: sum('completed'),
    onTime: sum('onTime'),
    onTimeRate: sum('completed') === 0 ? null : Math.round((sum('onTime') / sum('completed')) * 1000) / 1000,
    openOverdue: sum('openOverdue'),
    agencyCases: sum('agencyCases'),
  };
  const path = await db
    .selectFrom('regions')
    .select(['code', 'name', 'level'])
    .where(sql<boolean>`${region.stat_code} LIKE region_prefix(code) || '%'`)
    .where('stat_code', 'like', `${options.scopePrefix}%`)
    .orderBy('stat_code')
    .execute();
  return { region: { code: region.code, name: region.name, level: region.level }, path, rows: out, total };
}
