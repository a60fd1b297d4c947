import type { Database } from '../../db/database.js';
import type { RectificationStatus } from '../../db/schema.js';
import { forbidden, invalidState, notFound } from '../../http/errors.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../auth/repo.js';
import { regionPrefix } from '../cases/policy.js';
import { enqueueNotification } from '../notifications/repo.js';

/**
 * 差评整改: pending → in_progress → rectified; or the department says it cannot rectify, or
 * appeals the rating as malicious or mistaken, and a supervisor decides. A callback (回访) is
 * recorded for every real-name rating, and the citizen rates the fix.
 */
type Step = 'start' | 'rectify' | 'cannot_rectify' | 'appeal' | 'accept_appeal' | 'reject_appeal' | 'callback' | 'rate_fix';

const RULES: Record<Step, { from: RectificationStatus[]; to?: RectificationStatus; roles: Actor['role'][]; wrongState: string }> = {
  start: { from: ['pending'], to: 'in_progress', roles: ['reviewer'], wrongState: '只有待整改的可以开始整改' },
  rectify: { from: ['pending', 'in_progress'], to: 'rectified', roles: ['reviewer'], wrongState: '该差评已处理' },
  cannot_rectify: { from: ['pending', 'in_progress'], to: 'cannot_rectify', roles: ['reviewer'], wrongState: '该差评已处理' },
  appeal: { from: ['pending', 'in_progress'], to: 'appealed', roles: ['reviewer'], wrongState: '该差评已处理，不能申诉' },
  accept_appeal: { from: ['appealed'], to: 'invalid', roles: ['supervisor'], wrongState: '没有待审核的申诉' },
  reject_appeal: { from: ['appealed'], to: 'in_progress', roles: ['supervisor'], wrongState: '没有待审核的申诉' },
  callback: { from: ['rectified', 'cannot_rectify'], roles: ['reviewer', 'supervisor'], wrongState: '整改完成后再回访' },
  rate_fix: { from: ['rectified', 'cannot_rectify'], roles: ['applicant'], wrongState: '整改完成后才能评价整改结果' },
};

export async function advanceRectification(options: {
  db: Database;
  actor: Actor;
  id: number;
  step: Step;
  text?: string;
  level?: number;
}): Promise<void> {
  const { db, actor } = options;
  const rule = RULES[options.step];
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('rectifications')
      .innerJoin('ratings', 'ratings.id', 'rectifications.rating_id')
      .leftJoin('departments', 'departments.id', 'rectifications.department_id')
      .select(['rectifications.id', 'rectifications.status', 'rectifications.department_id', 'ratings.rater_id', 'ratings.case_id', 'departments.region_code'])
      .where('rectifications.id', '=', options.id)
      .forUpdate('rectifications')
      .executeTakeFirst();
    // Scope: the department its own, a supervisor their region, the rater their own rating.
    const visible =
      row &&
      ((actor.role === 'reviewer' && row.department_id === actor.departmentId) ||
        (actor.role === 'supervisor' && actor.regionCode && (row.region_code ?? '').startsWith(regionPrefix(actor.regionCode))) ||
        (actor.role === 'applicant' && row.rater_id === actor.id));
    if (!row || !visible) throw notFound('整改');
    if (!rule.roles.includes(actor.role)) throw forbidden('当前角色不能执行此操作');
    if (!rule.from.includes(row.status)) throw invalidState(rule.wrongState);
    const now = new Date();
    const set: Record<string, unknown> = { updated_at: now };
    if (rule.to) set.status = rule.to;
    if (options.step === 'rectify' || options.step === 'cannot_rectify' || options.step === 'appeal') set.measures = options.text ?? null;
    if (options.step === 'callback') Object.assign(set, { callback_note: options.text ?? null, callback_at: now });
    if (options.step === 'rate_fix') set.fix_level = options.level;
    await trx.updateTable('rectifications').set(set).where('id', '=', row.id).execute();
    await writeAudit(trx, { actorId: actor.id, action: `rectification.${options.step}`, targetType: 'rectification', targetId: String(row.id), detail: { text: options.text ?? null } });
    if ((options.step === 'rectify' || options.step === 'cannot_rectify') && row.rater_id) {
      await enqueueNotification(trx, {
        userId: row.rater_id,
        caseId: row.case_id,
        kind: 'rectification',
        title: '您的差评已处理',
        body: `${options.step === 'rectify' ? '整改措施' : '情况说明'}：${(options.text ?? '').slice(0, 150)}。欢迎对整改结果进行评价。`,
        sms: true,
      });
    }
  });
}

/** Rectifications in the caller's scope, overdue first: late ones show red in supervision. */
export function listRectifications(db: Database, actor: Actor, today: string) {
  let query = db
    .selectFrom('rectifications')
    .innerJoin('ratings', 'ratings.id', 'rectifications.rating_id')
    .leftJoin('departments', 'departments.id', 'rectifications.department_id')
    .leftJoin('cases', 'cases.id', 'ratings.case_id')
    .select([
      'rectifications.id',
      'rectifications.status',
      'rectifications.due_date',
      'rectifications.measures',
      'rectifications.callback_at',
      'rectifications.fix_level',
      'ratings.level',
      'ratings.comment',
      'ratings.channel',
      'ratings.rater_id',
      'departments.name as department_name',
      'cases.number as case_number',
    ])
    .orderBy('rectifications.due_date')
    .limit(200);
  if (actor.role === 'reviewer') query = query.where('rectifications.department_id', '=', actor.departmentId ?? -1);
  else if (actor.role === 'supervisor') query = query.where('departments.region_code', 'like', `${regionPrefix(actor.regionCode ?? '--')}%`);
  else if (actor.role === 'applicant') query = query.where('ratings.rater_id', '=', actor.id);
  else throw forbidden('无权查看整改');
  return query.execute().then((rows) =>
    rows.map((r) => ({
      ...r,
      overdue: ['pending', 'in_progress'].includes(r.status) && r.due_date < today,
      // Real-name ratings (online, by an account) need a callback.
      needsCallback: r.rater_id !== null && r.callback_at === null,
    })),
  );
}
