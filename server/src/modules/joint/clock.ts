import type { WorkdayCalendar } from '../calendar/engine.js';
import { toChinaDate } from '../calendar/engine.js';
import { warnDateBefore } from '../cases/clock.js';

export type JointLight = 'green' | 'yellow' | 'red' | 'grey';

/** A child case's clock as the joint clock reads it. */
export interface ChildClock {
  caseId: string;
  departmentId: number;
  departmentName: string;
  itemName: string;
  status: string;
  acceptedAt: Date | null;
  decidedAt: Date | null;
  dueDate: string | null;
  stoppedWorkdays: number;
  clockStopped: boolean;
  /** Correction stops (补正), the periods the whole application waits for the applicant. */
  correctionStops: { start: Date; end: Date | null }[];
}

/**
 * Working days the joint clock stood still: the union of the children's correction stops (two
 * departments waiting on the same notice stop the joint clock once), counted as the engine counts
 * a stop (the start day runs, the end day does not). Open stops count up to `today` for
 * display but are not in the deadline until they end, as for a case.
 */
export function jointStoppedWorkdays(calendar: WorkdayCalendar, stops: { start: Date; end: Date | null }[], today: string): { closed: number; open: boolean; total: number } {
  const ranges = stops
    .map((s) => ({ from: toChinaDate(s.start), to: s.end ? toChinaDate(s.end) : today, open: s.end === null }))
    .sort((a, b) => a.from.localeCompare(b.from));
  const merged: { from: string; to: string; open: boolean }[] = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r.from <= last.to) {
      if (r.to > last.to) last.to = r.to;
      last.open ||= r.open;
    } else merged.push({ ...r });
  }
  let closed = 0;
  let total = 0;
  for (const m of merged) {
    const days = Math.max(0, calendar.workdaysBetween(m.from, m.to));
    total += days;
    if (!m.open) closed += days;
  }
  return { closed, open: merged.some((m) => m.open), total };
}

export interface JointClockInput {
  acceptedAt: Date;
  /** 承诺时限 of the bundle or stage, working days. */
  promisedDays: number;
  /** Art. 26/42: 45 working days. */
  legalDays: number;
  extensionWorkdays: number;
  stoppedWorkdays: number;
  completedAt: Date | null;
  /** Yellow this many working days before the deadline. */
  yellowWorkdays?: number;
}

/**
 * The joint clock: the promised and legal deadlines from the acceptance day, both moved by the
 * stopped and extended working days (as a case's are), and the working days used so far.
 */
export function jointDeadlines(calendar: WorkdayCalendar, input: JointClockInput) {
  const accepted = toChinaDate(input.acceptedAt);
  const moved = input.stoppedWorkdays + input.extensionWorkdays;
  const due = calendar.addWorkdays(accepted, input.promisedDays + moved);
  const legal = calendar.addWorkdays(accepted, input.legalDays + moved);
  const yellow = Math.min(input.yellowWorkdays ?? 1, Math.max(0, input.promisedDays - 1));
  return { dueDate: due.due, legalDueDate: legal.due, warnDate: warnDateBefore(calendar, due.due, yellow), provisional: due.provisional || legal.provisional };
}

/** 红黄绿灯 of a joint application or stage (null once completed or before acceptance). */
export function jointLight(clock: { dueDate: string | null; warnDate: string | null; running: boolean; stopped: boolean }, today: string): JointLight | null {
  if (!clock.running || !clock.dueDate) return null;
  if (clock.stopped) return 'grey';
  if (today > clock.dueDate) return 'red';
  if (clock.warnDate && today >= clock.warnDate) return 'yellow';
  return 'green';
}

/** Working days used by a case from acceptance to its decision (or today), stops taken out. */
export function usedWorkdays(calendar: WorkdayCalendar, child: Pick<ChildClock, 'acceptedAt' | 'decidedAt' | 'stoppedWorkdays'>, today: string): number {
  if (!child.acceptedAt) return 0;
  const end = child.decidedAt ? toChinaDate(child.decidedAt) : today;
  return Math.max(0, calendar.workdaysBetween(toChinaDate(child.acceptedAt), end) - child.stoppedWorkdays);
}

const DECIDED = new Set(['approved', 'denied', 'completed']);

/**
 * Each department's share of the elapsed time, and the 短板部门: the department holding the
 * application — a child past its own deadline (the latest first), else the undecided child with
 * the fewest working days left, else (all decided) the one that decided last.
 */
export function departmentShares(calendar: WorkdayCalendar, children: ChildClock[], jointElapsed: number, today: string) {
  const shares = children.map((c) => {
    const used = usedWorkdays(calendar, c, today);
    const decided = DECIDED.has(c.status);
    const decidedOn = c.decidedAt ? toChinaDate(c.decidedAt) : null;
    const late = c.dueDate !== null && (decided ? decidedOn! > c.dueDate : today > c.dueDate);
    const workdaysLeft = !decided && c.dueDate ? calendar.workdaysBetween(today, c.dueDate) : null;
    return {
      caseId: c.caseId,
      departmentId: c.departmentId,
      departmentName: c.departmentName,
      itemName: c.itemName,
      status: c.status,
      decided,
      late,
      usedWorkdays: used,
      workdaysLeft,
      share: jointElapsed > 0 ? Math.min(1, used / jointElapsed) : 0,
    };
  });
  const running = shares.filter((s) => !s.decided && s.status === 'accepted');
  const lateOnes = shares.filter((s) => s.late).sort((a, b) => b.usedWorkdays - a.usedWorkdays);
  let bottleneck = lateOnes[0] ?? running.sort((a, b) => (a.workdaysLeft ?? 0) - (b.workdaysLeft ?? 0))[0];
  if (!bottleneck && shares.length) {
    const decidedLast = [...children].filter((c) => c.decidedAt).sort((a, b) => b.decidedAt!.getTime() - a.decidedAt!.getTime())[0];
    bottleneck = shares.find((s) => s.caseId === decidedLast?.caseId);
  }
  return { shares, bottleneck: bottleneck ?? null };
}
