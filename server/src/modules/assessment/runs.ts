import type { Database, Executor } from '../../db/database.js';
import { forbidden, invalidState, notFound } from '../../http/errors.js';
import { maskName } from '../../util/mask.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../auth/repo.js';
import { regionPrefix } from '../cases/policy.js';
import { ZIndicatorScore, ZScheme, type TIndicatorScore, type TRun, type TScore } from './schema.js';
import { now as clockNow } from '../../util/clock.js';

/** The centres whose assessments a caller may read: an administrator's own, a supervisor's region. */
async function readableRun(db: Executor, actor: Actor, where: { id?: number; month?: string; centreId?: number }) {
  let query = db.selectFrom('assessment_runs as r').innerJoin('centres as c', 'c.id', 'r.centre_id').selectAll('r').select('c.region_code');
  if (where.id !== undefined) query = query.where('r.id', '=', where.id);
  if (where.month !== undefined) query = query.where('r.month', '=', where.month).where('r.centre_id', '=', where.centreId ?? actor.centreId ?? -1);
  const run = await query.executeTakeFirst();
  if (!run) return undefined;
  const allowed = (actor.role === 'admin' && actor.centreId === run.centre_id) || (actor.role === 'supervisor' && actor.regionCode && run.region_code.startsWith(regionPrefix(actor.regionCode)));
  if (!allowed) return undefined;
  return run;
}

function toScore(r: { id: number; subject_type: 'window' | 'person'; subject_id: number; name: string; department_id: number | null; total: number; rank: number; proposed: boolean; awarded: boolean; indicators: unknown }): TScore {
  return {
    id: r.id,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    name: r.name,
    departmentId: r.department_id,
    total: Number(r.total),
    rank: r.rank,
    proposed: r.proposed,
    awarded: r.awarded,
    indicators: ZIndicatorScore.array().parse(r.indicators),
  };
}

export async function getRun(db: Database, actor: Actor, where: { id?: number; month?: string; centreId?: number }): Promise<TRun> {
  if (actor.role !== 'admin' && actor.role !== 'supervisor') throw forbidden();
  const run = await readableRun(db, actor, where);
  if (!run) throw notFound('考核');
  const scores = (await db.selectFrom('assessment_scores').selectAll().where('run_id', '=', run.id).orderBy('subject_type').orderBy('rank').execute()).map(toScore);
  return {
    id: run.id,
    centreId: run.centre_id,
    month: run.month,
    status: run.status,
    computedAt: run.computed_at.toISOString(),
    confirmedAt: run.confirmed_at?.toISOString() ?? null,
    publishedAt: run.published_at?.toISOString() ?? null,
    scheme: ZScheme.parse(run.scheme),
    windows: scores.filter((s) => s.subjectType === 'window'),
    persons: scores.filter((s) => s.subjectType === 'person'),
  };
}

/**
 * 确认: the administrator confirms the month, keeping the proposal or naming other windows and
 * persons as 文明窗口 / 文明之星. Only the administrator; a confirmed month is final.
 */
export async function confirmRun(db: Database, actor: Actor, runId: number, awards?: { scoreIds: number[] }): Promise<TRun> {
  if (actor.role !== 'admin') throw forbidden('只有中心管理员可以确认考核结果');
  await db.transaction().execute(async (trx) => {
    const run = await trx.selectFrom('assessment_runs').select(['id', 'centre_id', 'status']).where('id', '=', runId).forUpdate().executeTakeFirst();
    if (!run || run.centre_id !== actor.centreId) throw notFound('考核');
    if (run.status !== 'draft') throw invalidState('该月考核已确认');
    if (awards) {
      await trx.updateTable('assessment_scores').set({ awarded: false }).where('run_id', '=', runId).execute();
      if (awards.scoreIds.length) {
        const updated = await trx.updateTable('assessment_scores').set({ awarded: true }).where('run_id', '=', runId).where('id', 'in', awards.scoreIds).execute();
        if (Number(updated[0]?.numUpdatedRows ?? 0) !== new Set(awards.scoreIds).size) throw notFound('考核对象');
      }
    }
    await trx.updateTable('assessment_runs').set({ status: 'confirmed', confirmed_by: actor.id, confirmed_at: clockNow() }).where('id', '=', runId).execute();
    await writeAudit(trx, { actorId: actor.id, action: 'assessment.confirm', targetType: 'assessment_run', targetId: String(runId), detail: awards ?? {} });
  });
  return getRun(db, actor, { id: runId });
}

/** 公布: a confirmed month goes on the public 文明窗口 / 文明之星 page. */
export async function publishRun(db: Database, actor: Actor, runId: number): Promise<TRun> {
  if (actor.role !== 'admin') throw forbidden('只有中心管理员可以公布考核结果');
  await db.transaction().execute(async (trx) => {
    const run = await trx.selectFrom('assessment_runs').select(['id', 'centre_id', 'status']).where('id', '=', runId).forUpdate().executeTakeFirst();
    if (!run || run.centre_id !== actor.centreId) throw notFound('考核');
    if (run.status !== 'confirmed') throw invalidState('确认后才能公布');
    await trx.updateTable('assessment_runs').set({ status: 'published', published_at: clockNow() }).where('id', '=', runId).execute();
    await writeAudit(trx, { actorId: actor.id, action: 'assessment.publish', targetType: 'assessment_run', targetId: String(runId) });
  });
  return getRun(db, actor, { id: runId });
}

/** The public page: each published month's 文明窗口 and 文明星 with their totals (names masked for persons). */
export async function publishedAwards(db: Database, centreId: number) {
  const runs = await db.selectFrom('assessment_runs').select(['id', 'month', 'published_at']).where('centre_id', '=', centreId).where('status', '=', 'published').orderBy('month', 'desc').limit(12).execute();
  const scores = runs.length
    ? await db.selectFrom('assessment_scores').select(['run_id', 'subject_type', 'name', 'total', 'rank', 'awarded']).where('run_id', 'in', runs.map((r) => r.id)).orderBy('rank').execute()
    : [];
  return runs.map((r) => {
    const mine = scores.filter((s) => s.run_id === r.id);
    return {
      month: r.month,
      publishedAt: r.published_at!.toISOString(),
      windows: mine.filter((s) => s.subject_type === 'window').map((s) => ({ name: s.name, total: Number(s.total), rank: s.rank, awarded: s.awarded })),
      stars: mine.filter((s) => s.subject_type === 'person' && s.awarded).map((s) => ({ name: maskName(s.name)!, total: Number(s.total), rank: s.rank })),
    };
  });
}

/** One figure's records: what each id in a score's indicator stands for, read from its own table. */
export async function traceIndicator(db: Database, actor: Actor, scoreId: number, key: string) {
  const score = await db.selectFrom('assessment_scores').select(['run_id', 'indicators']).where('id', '=', scoreId).executeTakeFirst();
  if (!score || !(await readableRun(db, actor, { id: score.run_id }))) throw notFound('考核');
  const indicator = ZIndicatorScore.array().parse(score.indicators).find((i) => i.key === key);
  if (!indicator) throw notFound('指标');
  return { indicator, records: await describeRecords(db, indicator) };
}

async function describeRecords(db: Database, indicator: TIndicatorScore): Promise<{ id: string; text: string; at: string }[]> {
  const { kind, ids } = indicator.records;
  if (!ids.length) return [];
  const numeric = ids.map(Number);
  switch (kind) {
    case 'ticket':
      return (await db.selectFrom('queue_tickets').select(['id', 'number', 'day', 'first_called_at', 'completed_at']).where('id', 'in', numeric).orderBy('id').execute()).map((t) => ({
        id: String(t.id),
        text: `${t.day} ${t.number}`,
        at: (t.completed_at ?? t.first_called_at)?.toISOString() ?? '',
      }));
    case 'case':
      return (await db.selectFrom('cases').select(['id', 'number', 'decided_at', 'due_date']).where('id', 'in', ids.map(String)).orderBy('number').execute()).map((c) => ({
        id: c.id,
        text: `${c.number} 期限 ${c.due_date}`,
        at: c.decided_at?.toISOString() ?? '',
      }));
    case 'rating':
      return (await db.selectFrom('ratings as r').leftJoin('rectifications as x', 'x.rating_id', 'r.id').select(['r.id', 'r.level', 'r.created_at', 'x.status']).where('r.id', 'in', numeric).orderBy('r.id').execute()).map((r) => ({
        id: String(r.id),
        text: `评价 ${r.level} 级${r.status ? `（整改：${r.status}）` : ''}`,
        at: r.created_at.toISOString(),
      }));
    case 'complaint':
      return (await db.selectFrom('inquiries').select(['id', 'subject', 'created_at']).where('id', 'in', numeric).orderBy('id').execute()).map((i) => ({ id: String(i.id), text: i.subject, at: i.created_at.toISOString() }));
    case 'finding':
      return (await db.selectFrom('inspection_findings as f').innerJoin('discipline_rules as r', 'r.id', 'f.rule_id').select(['f.id', 'r.title', 'r.points', 'f.found_at']).where('f.id', 'in', numeric).orderBy('f.id').execute()).map((f) => ({
        id: String(f.id),
        text: `${f.title}（扣 ${Number(f.points)} 分）`,
        at: f.found_at.toISOString(),
      }));
    case 'attendance':
      return (await db.selectFrom('window_attendance').select(['id', 'day', 'signed_in_at']).where('id', 'in', numeric).orderBy('day').execute()).map((a) => ({ id: String(a.id), text: `${a.day} 签到`, at: a.signed_in_at.toISOString() }));
  }
}
