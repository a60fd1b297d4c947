import type { Database } from '../../db/database.js';
import type { RectificationStatus } from '../../db/schema.js';
import { AppError, forbidden, invalidState, notFound } from '../../http/errors.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../auth/repo.js';
import { regionPrefix } from '../cases/policy.js';
import { enqueueNotification } from '../notifications/repo.js';
import { lockRectification, rectificationsFor, updateRectification } from './repo.js';
import { now as clockNow } from '../../util/clock.js';

/**
 * 差评整改: pending → in_progress → rectified. The department may instead say it cannot rectify,
 * or appeal the rating as malicious or mistaken (无效评价); both are appeals a supervisor decides
 * (upheld: cannot_rectify / invalid; rejected: back to in_progress). A callback (回访) is recorded
 * for every real-name 差评, and the citizen rates the fix (online, or by phone at the callback).
 */
export type RectificationStep = 'start' | 'rectify' | 'cannot_rectify' | 'appeal' | 'accept_appeal' | 'reject_appeal' | 'callback' | 'rate_fix';

/**
 * Who the caller is to this rectification: the unit that answers for it (the department, or the
 * centre's administrator when a window service had no case), the region's supervisor, or the
 * citizen who rated.
 */
type Side = 'answerer' | 'supervisor' | 'rater';

const RULES: Record<RectificationStep, { from: RectificationStatus[]; sides: Side[]; wrongState: string }> = {
  start: { from: ['pending'], sides: ['answerer'], wrongState: '只有待整改的可以开始整改' },
  rectify: { from: ['pending', 'in_progress'], sides: ['answerer'], wrongState: '该差评已处理' },
  cannot_rectify: { from: ['pending', 'in_progress'], sides: ['answerer'], wrongState: '该差评已处理' },
  appeal: { from: ['pending', 'in_progress'], sides: ['answerer'], wrongState: '该差评已处理，不能申诉' },
  accept_appeal: { from: ['appealed'], sides: ['supervisor'], wrongState: '没有待审核的申诉' },
  reject_appeal: { from: ['appealed'], sides: ['supervisor'], wrongState: '没有待审核的申诉' },
  callback: { from: ['rectified', 'cannot_rectify'], sides: ['answerer', 'supervisor'], wrongState: '整改完成后再回访' },
  rate_fix: { from: ['rectified', 'cannot_rectify'], sides: ['rater'], wrongState: '整改完成后才能评价整改结果' },
};

/** The steps that need a written text (measures, reasons, what the citizen said). */
export const STEPS_NEEDING_TEXT: RectificationStep[] = ['rectify', 'cannot_rectify', 'appeal', 'callback'];

interface Scope {
  department_id: number | null;
  centre_id: number | null;
  region_code: string | null;
  rater_id: number | null;
}

function sideOf(actor: Actor, row: Scope): Side | null {
  if (actor.role === 'reviewer' && row.department_id !== null && row.department_id === actor.departmentId) return 'answerer';
  if (actor.role === 'admin' && row.department_id === null && row.centre_id !== null && row.centre_id === actor.centreId) return 'answerer';
  if (actor.role === 'supervisor' && actor.regionCode && (row.region_code ?? '').startsWith(regionPrefix(actor.regionCode))) return 'supervisor';
  if (actor.role === 'applicant' && row.rater_id === actor.id) return 'rater';
  return null;
}

/** Real-name: the citizen is known (an account rated online, or the window service was for a case). */
const isRealName = (r: { rater_id: number | null; case_id: string | null }) => r.rater_id !== null || r.case_id !== null;

export async function advanceRectification(options: {
  db: Database;
  actor: Actor;
  id: number;
  step: RectificationStep;
  text?: string;
  level?: number;
}): Promise<void> {
  const { db, actor, step } = options;
  const rule = RULES[step];
  await db.transaction().execute(async (trx) => {
    const row = await lockRectification(trx, options.id);
    const side = row ? sideOf(actor, row) : null;
    // Outside the caller's scope it does not exist, so nobody can probe for other departments' 差评.
    if (!row || !side) throw notFound('整改');
    if (!rule.sides.includes(side)) throw forbidden('当前角色不能执行此操作');
    if (!rule.from.includes(row.status)) throw invalidState(rule.wrongState);
    if (step === 'callback' && row.callback_at) throw new AppError('CONFLICT', '已回访，不能重复记录');
    if (step === 'callback' && !isRealName(row)) throw invalidState('匿名评价无法回访');
    if (step === 'rate_fix' && row.fix_level !== null) throw new AppError('CONFLICT', '已评价过整改结果');
    if (step === 'callback' && options.level !== undefined && row.fix_level !== null) throw new AppError('CONFLICT', '已评价过整改结果');

    const now = clockNow();
    const set: Record<string, unknown> = { updated_at: now };
    switch (step) {
      case 'start':
        set.status = 'in_progress';
        break;
      case 'rectify':
        Object.assign(set, { status: 'rectified', measures: options.text ?? null });
        break;
      case 'cannot_rectify':
      case 'appeal':
        Object.assign(set, { status: 'appealed', appeal_kind: step === 'appeal' ? 'invalid' : 'cannot_rectify', appeal_note: options.text ?? null });
        break;
      case 'accept_appeal':
        Object.assign(set, { status: row.appeal_kind === 'invalid' ? 'invalid' : 'cannot_rectify', decision_note: options.text ?? null });
        break;
      case 'reject_appeal':
        Object.assign(set, { status: 'in_progress', appeal_kind: null, decision_note: options.text ?? null });
        break;
      case 'callback':
        // By phone the citizen often says how they find the fix: recorded as their rating of it.
        Object.assign(set, { callback_note: options.text ?? null, callback_at: now, ...(options.level !== undefined ? { fix_level: options.level } : {}) });
        break;
      case 'rate_fix':
        set.fix_level = options.level;
        break;
    }
    await updateRectification(trx, row.id, set);
    await writeAudit(trx, {
      actorId: actor.id,
      action: `rectification.${step}`,
      targetType: 'rectification',
      targetId: String(row.id),
      detail: { text: options.text ?? null, level: options.level ?? null },
    });
    const closedForCitizen = step === 'rectify' || (step === 'accept_appeal' && row.appeal_kind === 'cannot_rectify');
    if (closedForCitizen && row.rater_id) {
      await enqueueNotification(trx, {
        userId: row.rater_id,
        caseId: row.case_id,
        kind: 'rectification',
        title: '您的差评已处理',
        // Cannot-rectify tells the citizen the department's reasons, which the supervisor upheld.
        body: `${step === 'rectify' ? '整改措施' : '情况说明'}：${((step === 'rectify' ? options.text : row.appeal_note) ?? '').slice(0, 150)}。欢迎对整改结果进行评价。`,
        sms: true,
      });
    }
  });
}

/** Whose rectifications the caller lists (none for other roles). */
function listScope(actor: Actor) {
  switch (actor.role) {
    case 'reviewer':
      return { departmentId: actor.departmentId ?? -1 };
    case 'admin':
      return { centreId: actor.centreId ?? -1 };
    case 'supervisor':
      return { regionPrefix: regionPrefix(actor.regionCode ?? '--') };
    case 'applicant':
      return { raterId: actor.id };
    default:
      return null;
  }
}

/** Rectifications in the caller's scope, overdue first: late ones show red in supervision. */
export async function listRectifications(db: Database, actor: Actor, today: string) {
  const scope = listScope(actor);
  if (!scope) throw forbidden('无权查看整改');
  const rows = await rectificationsFor(db, scope);
  return rows.map((r) => {
    const side = sideOf(actor, r);
    const done = ['rectified', 'cannot_rectify'].includes(r.status);
    return {
      ...r,
      overdue: ['pending', 'in_progress'].includes(r.status) && r.due_date < today,
      realName: isRealName(r),
      needsCallback: isRealName(r) && r.callback_at === null && r.status !== 'invalid',
      /** The steps this caller may take now, so the page shows only those buttons. */
      steps: (Object.keys(RULES) as RectificationStep[]).filter((step) => {
        const rule = RULES[step];
        if (!side || !rule.sides.includes(side) || !rule.from.includes(r.status)) return false;
        if (step === 'callback') return done && isRealName(r) && r.callback_at === null;
        if (step === 'rate_fix') return r.fix_level === null;
        return true;
      }),
    };
  });
}
