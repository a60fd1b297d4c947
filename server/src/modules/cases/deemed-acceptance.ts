import type { Tx } from '../../db/database.js';
import { chinaDate } from '../../util/china-time.js';
import { calendarFor } from '../calendar/service.js';
import { unverifiedMaterials } from './checklist-service.js';
import { acceptanceDates, clockDates, clockInputs } from './clock.js';
import { loadClockSettings } from './clock-settings.js';
import type { CaseRow } from './repo.js';
import { chainAtAcceptance } from './review.js';
import { transitionBySystemIn } from './transition.js';

/** The article that accepts an unanswered application; printed on its timeline row. */
export const DEEMED_ACCEPTANCE_BASIS = '《中华人民共和国行政许可法》第三十二条';

/**
 * 依法视为受理 (art. 32): every application still waiting for acceptance after the fifth working
 * day from the receipt of its materials (nobody answered it with the correction notice, nor
 * accepted or refused it) is accepted by law, as of the day of receipt: its legal clock and
 * promised deadline run from then. One transition each, in the caller's transaction (the sweep,
 * which holds its cluster-wide lock). The materials check of a clerk's acceptance cannot stop the
 * law: the required materials nobody verified are recorded on the timeline row instead.
 * Cases waiting from before the acceptance clock existed get their dates first.
 * @returns the cases accepted by law, and the China days they count as accepted on (statistics
 * of those days, rolled up already, are to be rolled again)
 */
export async function acceptUnansweredApplications(trx: Tx, today: string, limit: number): Promise<{ accepted: number; acceptedOn: string[] }> {
  await datePendingApplications(trx, limit);
  const due = await trx
    .selectFrom('cases')
    .selectAll()
    .where('status', '=', 'submitted')
    .where('acceptance_due_date', '<', today)
    .orderBy('acceptance_due_date')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  for (const current of due) await deemAccepted(trx, current);
  const acceptedOn = [...new Set(due.map((c) => chinaDate(c.received_at ?? c.submitted_at)))].sort();
  return { accepted: due.length, acceptedOn };
}

async function deemAccepted(trx: Tx, current: CaseRow): Promise<CaseRow> {
  const receivedAt = current.received_at ?? current.submitted_at;
  const calendar = await calendarFor(trx, current.region_code);
  const dates = clockDates(calendar, { ...clockInputs(current, receivedAt), yellow: await loadClockSettings(trx) });
  const unverified = await unverifiedMaterials(trx, current);
  return transitionBySystemIn(trx, {
    current,
    action: 'deem_accept',
    note: `自收到申请材料之日（${chinaDate(receivedAt)}）起五个工作日内（至 ${current.acceptance_due_date}）未告知补正，依法视为受理`,
    data: {
      receivedOn: chinaDate(receivedAt),
      acceptanceDueDate: current.acceptance_due_date,
      legalBasis: DEEMED_ACCEPTANCE_BASIS,
      // Accepted by law, not after a clerk's check: what nobody verified is on record.
      materialsVerified: unverified.length === 0,
      unverifiedMaterials: unverified,
    },
    patch: async () => ({
      accepted_at: receivedAt,
      ...dates,
      deemed_accepted: true,
      ...(await chainAtAcceptance(trx, current)),
      eventData: { dueDate: dates.due_date, legalDueDate: dates.legal_due_date },
    }),
  });
}

/** Cases that were waiting before the acceptance clock existed: their five days, on their region's calendar. */
async function datePendingApplications(trx: Tx, limit: number): Promise<void> {
  const undated = await trx
    .selectFrom('cases')
    .select(['id', 'region_code', 'received_at', 'submitted_at'])
    .where('status', '=', 'submitted')
    .where('acceptance_due_date', 'is', null)
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  for (const c of undated) {
    const dates = acceptanceDates(await calendarFor(trx, c.region_code), c.received_at ?? c.submitted_at);
    await trx.updateTable('cases').set(dates).where('id', '=', c.id).execute();
  }
}
