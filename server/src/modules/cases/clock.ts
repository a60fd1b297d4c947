import type { WorkdayCalendar } from '../calendar/engine.js';
import { computeDue, type LimitUnit } from '../calendar/engine.js';
import { chinaDate } from '../../util/china-time.js';
import type { CasePatch, CaseRow } from './repo.js';
import { DEFAULT_CLOCK_SETTINGS, type ClockSettings } from './clock-settings.js';


/**
 * The case's legal clock derived from its inputs. Every writer (acceptance, a stop ending, an
 * approved extension, a schedule arriving) recomputes through this one function, so the stored
 * dates can never drift from the rule.
 */
export function clockDates(
  calendar: WorkdayCalendar,
  input: {
    acceptedAt: Date;
    promised: { value: number; unit: LimitUnit };
    legal: { value: number; unit: LimitUnit } | null;
    stoppedWorkdays: number;
    extensionWorkdays: number;
    yellow?: ClockSettings;
  },
) {
  const base = computeDue(calendar, input.acceptedAt, input.promised);
  const moved = input.stoppedWorkdays + input.extensionWorkdays;
  const due = moved > 0 ? calendar.addWorkdays(base.dueDate, moved) : { due: base.dueDate, provisional: base.provisional };
  const legal = input.legal ? computeDue(calendar, input.acceptedAt, input.legal) : null;
  const legalDue = legal && moved > 0 ? calendar.addWorkdays(legal.dueDate, moved).due : (legal?.dueDate ?? null);
  return {
    base_due_date: base.dueDate,
    due_date: due.due,
    due_at: endOfChinaDay(due.due),
    due_provisional: base.provisional || due.provisional,
    legal_due_date: legalDue,
    warn_date: warnDate(calendar, due.due, input.promised, input.yellow ?? DEFAULT_CLOCK_SETTINGS),
  } satisfies CasePatch;
}

/**
 * First day of the yellow light: `yellowWorkdays` working days before the deadline, or earlier
 * when a share is set and less than that share of a working-day limit would be left.
 */
export function warnDate(calendar: WorkdayCalendar, due: string, promised: { value: number; unit: LimitUnit }, settings: ClockSettings): string {
  let lead = settings.yellowWorkdays;
  if (settings.yellowShare !== null && promised.unit === 'workday') lead = Math.max(lead, Math.ceil(settings.yellowShare * promised.value));
  return warnDateBefore(calendar, due, lead);
}

/** The inputs of `clockDates` as stored on a case row. */
export function clockInputs(row: CaseRow, acceptedAt: Date) {
  return {
    acceptedAt,
    promised: { value: row.promised_limit_days, unit: row.promised_limit_unit },
    legal: row.legal_limit_days === null ? null : { value: row.legal_limit_days, unit: row.legal_limit_unit },
    stoppedWorkdays: row.stopped_workdays,
    extensionWorkdays: row.extension_workdays,
  };
}

/**
 * What a decided case used: working days from acceptance to decision with the stopped days taken
 * out, beside its promise in working days (a natural-day or hour limit counts as the working days
 * its first deadline spanned). Statistics average these; none of them re-reads a calendar.
 */
export function decisionFigures(
  calendar: WorkdayCalendar,
  row: Pick<CaseRow, 'accepted_at' | 'base_due_date' | 'stopped_workdays'>,
  decidedAt: Date,
): Pick<CasePatch, 'workdays_used' | 'promised_workdays'> {
  if (!row.accepted_at) return {};
  const accepted = chinaDate(row.accepted_at);
  return {
    workdays_used: Math.max(0, calendar.workdaysBetween(accepted, chinaDate(decidedAt)) - row.stopped_workdays),
    promised_workdays: row.base_due_date ? Math.max(0, calendar.workdaysBetween(accepted, row.base_due_date)) : undefined,
  };
}

/** First date of the yellow light: `n` working days before the deadline (the deadline itself when n = 0). */
export function warnDateBefore(calendar: WorkdayCalendar, due: string, n: number): string {
  let date = due;
  for (let i = 0; i < n; i++) date = calendar.previousWorkday(date);
  return date;
}

/** Deadlines end at the end of the China day (23:59:59.999 UTC+8). */
export function endOfChinaDay(date: string): Date {
  return new Date(Date.parse(`${date}T23:59:59.999+08:00`));
}

export { chinaDate };

export type Light = 'green' | 'yellow' | 'red' | 'grey';

/**
 * 红黄绿灯 of a running clock; null when no clock runs. Mirrors the SQL function `case_light`, so
 * lists computed in the database and views computed here agree.
 */
export function caseLight(c: { status: string; clock_stopped: boolean; due_date: string | null; warn_date: string | null }, today: string): Light | null {
  if (c.status !== 'accepted' || !c.due_date) return null;
  if (c.clock_stopped) return 'grey';
  if (today > c.due_date) return 'red';
  if (c.warn_date && today >= c.warn_date) return 'yellow';
  return 'green';
}

/** 行政许可法第三十二条: five working days to answer an application with the correction notice. */
export const ACCEPTANCE_WORKDAYS = 5;

/**
 * The acceptance clock of an application received at `receivedAt`: its last day to answer (the
 * fifth working day after the day of receipt) and its first yellow day (the working day before).
 */
export function acceptanceDates(calendar: WorkdayCalendar, receivedAt: Date): Pick<CasePatch, 'received_at' | 'acceptance_due_date' | 'acceptance_warn_date'> {
  const due = calendar.addWorkdays(chinaDate(receivedAt), ACCEPTANCE_WORKDAYS).due;
  return { received_at: receivedAt, acceptance_due_date: due, acceptance_warn_date: calendar.previousWorkday(due) };
}

/**
 * 受理时限 lights of a case waiting for acceptance; null for any other case. Green while two or
 * more working days are left, yellow on the day before the last, red on the last day (answer
 * today, or it counts as accepted) and after it until the sweep accepts it by law. Mirrored in
 * SQL by the supervision tiles.
 */
export function acceptanceLight(c: { status: string; acceptance_due_date: string | null; acceptance_warn_date: string | null }, today: string): Exclude<Light, 'grey'> | null {
  if (c.status !== 'submitted' || !c.acceptance_due_date) return null;
  if (today >= c.acceptance_due_date) return 'red';
  if (c.acceptance_warn_date && today >= c.acceptance_warn_date) return 'yellow';
  return 'green';
}
