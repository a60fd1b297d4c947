import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { chinaDate } from '../../util/china-time.js';
import { recordOnTimeline } from '../cases/service.js';
import { warnOverdueDeferrals } from '../cases/checklist-service.js';
import { warnLateDeliveries } from '../cases/delivery.js';
import { acceptUnansweredApplications } from '../cases/deemed-acceptance.js';
import { rollAgain } from '../supervision/rollup.js';
import { enqueueNotification } from '../notifications/repo.js';
import { departmentRecipients } from './recipients.js';
import { inviteUnratedCases } from '../ratings/invitations.js';
import { timelineTransaction } from '../cases/signals.js';
import { now as clockNow } from '../../util/clock.js';

/** Any constant, the same in every process: one sweep at a time across all servers. */
const SWEEP_LOCK = 72_201_002;
const BATCH = 500;

export interface SweepResult {
  yellow: number;
  red: number;
  escalated: number;
  invited: number;
  /** 容缺 materials warned as past their promised date. */
  deferredOverdue: number;
  /** Granted licences warned as close to (yellow) or past (red) their art. 44 delivery deadline. */
  deliveryYellow: number;
  deliveryRed: number;
  /** Applications unanswered for five working days, accepted by law (art. 32). */
  deemedAccepted: number;
  /** False when another process held the sweep; nothing was done. */
  ran: boolean;
}

/**
 * 电子监察 sweep: accepts by law every application left unanswered past its fifth working day
 * (art. 32, as of its receipt); raises each running case's yellow and red warning once, on its timeline, to its
 * assignee and the department's heads; escalates 督办 whose reply is overdue to the supervisors;
 * warns once of each 容缺 material past the date promised for it; warns once yellow and once red of
 * each granted licence close to or past its ten working days to be delivered (行政许可法 art. 44).
 * `today` is the China date to judge by (tests and back-fills move time by the calendar).
 */
export async function sweepWarnings(db: Database, options: { today?: string } = {}): Promise<SweepResult> {
  const today = options.today ?? chinaDate();
  return timelineTransaction(db, async (trx) => {
    const { rows } = await sql<{ got: boolean }>`SELECT pg_try_advisory_xact_lock(${SWEEP_LOCK}) AS got`.execute(trx);
    if (!rows[0]?.got) return { yellow: 0, red: 0, escalated: 0, invited: 0, deferredOverdue: 0, deemedAccepted: 0, deliveryYellow: 0, deliveryRed: 0, ran: false };
    const result: SweepResult = { yellow: 0, red: 0, escalated: 0, invited: 0, deferredOverdue: 0, deemedAccepted: 0, deliveryYellow: 0, deliveryRed: 0, ran: true };

    // First the law's own acceptances: their clocks run from receipt, so they may be due for a warning below.
    const deemed = await acceptUnansweredApplications(trx, today, BATCH);
    result.deemedAccepted = deemed.accepted;
    // They count as accepted on their receipt day, which the statistics may have rolled up already.
    await rollAgain(trx, deemed.acceptedOn);

    const due = await trx
      .selectFrom('cases')
      .selectAll()
      .where('status', '=', 'accepted')
      .where('clock_stopped', '=', false)
      .where((eb) =>
        eb.or([
          eb.and([eb('warned_red_at', 'is', null), eb('due_date', '<', today)]),
          eb.and([eb('warned_yellow_at', 'is', null), eb('warn_date', '<=', today)]),
        ]),
      )
      .orderBy('due_date')
      .limit(BATCH)
      .forUpdate()
      .execute();
    for (const c of due) {
      const now = clockNow();
      const red = c.due_date! < today;
      await recordOnTimeline(trx, c, {
        action: red ? 'warn_red' : 'warn_yellow',
        data: { dueDate: c.due_date, today },
        // A case that is already late skips its yellow warning.
        patch: red ? { warned_red_at: now, warned_yellow_at: c.warned_yellow_at ?? now } : { warned_yellow_at: now },
      });
      const { title, body } = warningText(red, c.number, c.due_date!);
      for (const userId of await departmentRecipients(trx, c.department_id, c.assignee_id)) {
        await enqueueNotification(trx, { userId, caseId: c.id, kind: red ? 'warn_red' : 'warn_yellow', title, body, sms: red });
      }
      if (red) result.red++;
      else result.yellow++;
    }

    const overdue = await trx
      .selectFrom('directives')
      .selectAll()
      .where('replied_at', 'is', null)
      .where('escalated_at', 'is', null)
      .where('reply_due', '<', today)
      .forUpdate()
      .execute();
    for (const d of overdue) {
      await trx.updateTable('directives').set({ escalated_at: clockNow() }).where('id', '=', d.id).execute();
      if (d.case_id) {
        const c = await trx.selectFrom('cases').selectAll().where('id', '=', d.case_id).forUpdate().executeTakeFirstOrThrow();
        await recordOnTimeline(trx, c, { action: 'directive_escalated', data: { directiveId: d.id, replyDue: d.reply_due } });
      }
      await enqueueNotification(trx, {
        userId: d.issued_by,
        caseId: d.case_id,
        kind: 'directive_escalated',
        ...escalationText(d.content, d.reply_due),
        sms: true,
      });
      result.escalated++;
    }

    result.deferredOverdue = await warnOverdueDeferrals(trx, today, (userId, caseId, title, body) =>
      enqueueNotification(trx, { userId, caseId, kind: 'material_overdue', title, body, sms: true }),
    BATCH);

    // Art. 44: a granted licence waiting at the issuance desk, told to the window and the department.
    const delivery = await warnLateDeliveries(
      trx,
      today,
      async (c) => [...new Set([...(c.clerk_id ? [c.clerk_id] : []), ...(await departmentRecipients(trx, c.department_id, null))])],
      (userId, c, red, title, body) => enqueueNotification(trx, { userId, caseId: c.id, kind: red ? 'warn_delivery_red' : 'warn_delivery_yellow', title, body, sms: red }),
      BATCH,
    );
    result.deliveryYellow = delivery.yellow;
    result.deliveryRed = delivery.red;

    result.invited = await inviteUnratedCases(trx, today);
    return result;
  });
}

/** The words of a yellow or red warning, the same for a real sweep and a training one. */
export function warningText(red: boolean, number: string, dueDate: string): { title: string; body: string } {
  return red
    ? { title: '办件已超期（红灯）', body: `办件 ${number} 已超过承诺办结日期 ${dueDate}，请立即办理。` }
    : { title: '办件即将到期（黄灯预警）', body: `办件 ${number} 将于 ${dueDate} 到期，请抓紧办理。` };
}

export function escalationText(content: string, replyDue: string): { title: string; body: string } {
  return { title: '督办逾期未复', body: `督办（${content.slice(0, 30)}）应于 ${replyDue} 前回复，部门逾期未复，已升级。` };
}

/** Runs the sweep every `intervalMs`; safe with several server processes. */
export function startWarningSweep(db: Database, onError: (error: unknown) => void, intervalMs = 60_000): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() => sweepWarnings(db)).catch(onError);
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

