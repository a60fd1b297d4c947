import type { Database } from '../../db/database.js';
import type { CaseStatus } from '../../db/schema.js';
import { forbidden, notFound, invalidState } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import type { Actor } from '../auth/actor.js';
import { departmentRecipients } from '../alerts/recipients.js';
import { calendarFor } from '../calendar/service.js';
import { regionPrefix } from '../cases/policy.js';
import { recordOnTimeline } from '../cases/service.js';
import { enqueueNotification } from '../notifications/repo.js';
import { timelineTransaction } from '../cases/signals.js';
import { findDepartment } from '../staffing/repo.js';
import * as repo from './repo.js';
import { now as clockNow } from '../../util/clock.js';

/** Cases that are over, with the words for why a 督办 on them is refused. */
const CLOSED_STATUSES: Partial<Record<CaseStatus, string>> = {
  completed: '已办结',
  withdrawn: '已撤回',
  refused: '已不予受理',
};

/**
 * 督办: a supervisor presses a department, about one case or its work in general, with a reply
 * deadline in working days. On the case's timeline when it concerns a case.
 */
export async function issueDirective(options: {
  db: Database;
  actor: Actor;
  caseId?: string;
  departmentId?: number;
  content: string;
  replyWorkdays: number;
}): Promise<{ id: number; replyDue: string }> {
  const { db, actor } = options;
  if (actor.role !== 'supervisor') throw forbidden('只有电子监察人员可以督办');
  return timelineTransaction(db, async (trx) => {
    let departmentId = options.departmentId;
    let current = undefined as Awaited<ReturnType<typeof repo.lockVisibleCase>>;
    if (options.caseId) {
      current = await repo.lockVisibleCase(trx, actor, options.caseId);
      if (!current) throw notFound('办件');
      // A finished case has nobody left to press: the reply would change nothing.
      if (CLOSED_STATUSES[current.status]) throw invalidState(`该办件${CLOSED_STATUSES[current.status]}，不能再督办`);
      departmentId = current.department_id;
    }
    const department = departmentId ? await findDepartment(trx, departmentId) : undefined;
    if (!department || !actor.regionCode || !department.region_code.startsWith(regionPrefix(actor.regionCode))) throw notFound('部门');
    const calendar = await calendarFor(trx, department.region_code);
    const replyDue = calendar.addWorkdays(chinaDate(), options.replyWorkdays).due;
    const directive = await repo.insertDirective(trx, {
      case_id: current?.id ?? null,
      department_id: department.id,
      content: options.content,
      issued_by: actor.id,
      issued_at: clockNow(),
      reply_due: replyDue,
    });
    if (current) await recordOnTimeline(trx, current, { action: 'directive', actor, note: options.content, data: { directiveId: directive.id, replyDue } });
    for (const userId of await departmentRecipients(trx, department.id, current?.assignee_id ?? null)) {
      await enqueueNotification(trx, {
        userId,
        caseId: current?.id ?? null,
        kind: 'directive',
        title: '督办通知',
        body: `${current ? `办件 ${current.number}：` : ''}${options.content}（请于 ${replyDue} 前回复）`,
        sms: true,
      });
    }
    return { id: directive.id, replyDue };
  });
}

/** The department answers a 督办 (any reviewer of it); on the case's timeline too. */
export async function replyDirective(options: { db: Database; actor: Actor; directiveId: number; reply: string }): Promise<void> {
  const { db, actor } = options;
  if (actor.role !== 'reviewer') throw forbidden('只有被督办部门的人员可以回复');
  await timelineTransaction(db, async (trx) => {
    const directive = await repo.lockDepartmentDirective(trx, options.directiveId, actor.departmentId);
    if (!directive) throw notFound('督办');
    if (directive.replied_at) throw invalidState('该督办已回复');
    await repo.recordReply(trx, directive.id, { reply: options.reply, replied_by: actor.id, replied_at: clockNow() });
    if (directive.case_id) {
      const current = await repo.lockCase(trx, directive.case_id);
      await recordOnTimeline(trx, current, { action: 'directive_reply', actor, note: options.reply, data: { directiveId: directive.id } });
    }
    await enqueueNotification(trx, {
      userId: directive.issued_by,
      caseId: directive.case_id,
      kind: 'directive_reply',
      title: '督办已回复',
      body: options.reply.slice(0, 200),
      sms: false,
    });
  });
}

/** A supervisor sees the 督办 of their region; a reviewer those of their department. */
export function listDirectives(db: Database, actor: Actor) {
  if (actor.role !== 'supervisor' && actor.role !== 'reviewer') throw forbidden('无权查看督办');
  return repo.directivesFor(db, actor.role === 'supervisor' ? { regionPrefix: regionPrefix(actor.regionCode ?? '--') } : { departmentId: actor.departmentId ?? -1 });
}
