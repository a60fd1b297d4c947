/**
 * The working-day engine of the legal clock (法定时限). Pure: no I/O, no local time zone. Every
 * query is O(1) over a day index built once, never a day-by-day loop.
 *
 * Dates are 'YYYY-MM-DD' strings at the boundary and day numbers (days since 1970-01-01)
 * inside; instants are converted to China dates (UTC+8, no daylight saving).
 */

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup';

/** A day that differs from the Monday–Friday rule. 'closed' is a region's own day off (local holiday, hall closed). */
export interface DayEntry {
  date: string;
  kind: 'holiday' | 'makeup' | 'closed';
  name: string;
}

export interface DayInfo {
  date: string;
  workday: boolean;
  kind: DayKind;
  name?: string;
}

export interface Due {
  due: string;
  /** True when any day counted lies in a year with no official schedule (weekdays only). */
  provisional: boolean;
}

/** How a limit is counted: 工作日, 自然日 (日/天), hours (for a step), 当场办结 (即办件). */
export type LimitUnit = 'workday' | 'natural_day' | 'hour' | 'on_the_spot';

export interface Limit {
  value: number;
  unit: LimitUnit;
}

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;
const KIND_CODES: DayKind[] = ['workday', 'weekend', 'holiday', 'makeup'];

/** Days since 1970-01-01 for 'YYYY-MM-DD'; NaN when malformed. */
export function dayNumber(date: string): number {
  if (date.length !== 10 || date[4] !== '-' || date[7] !== '-') return Number.NaN;
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  const ms = Date.UTC(y, m - 1, d);
  // Date.UTC rolls 02-30 into March; a real date survives the round trip.
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return Number.NaN;
  return ms / DAY_MS;
}

export function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The calendar date in China at this instant. */
export function toChinaDate(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The last millisecond of a China day, when a deadline on that day expires. */
export function endOfChinaDay(date: string): Date {
  return new Date((dayNumber(date) + 1) * DAY_MS - CHINA_OFFSET_MS - 1);
}

export class WorkdayCalendar {
  private readonly first: number;
  private readonly dates: string[];
  private readonly kinds: Uint8Array;
  private readonly names = new Map<number, string>();
  /** cumulative[i] = working days from the first day up to and including day i. */
  private readonly cumulative: Int32Array;
  /** dayOfOrdinal[k] = index of the k-th working day (1-based; slot 0 unused). */
  private readonly dayOfOrdinal: Int32Array;
  private readonly scheduledYears: Set<number>;
  private readonly firstYear: number;
  private readonly lastYear: number;

  constructor(options: { entries: readonly DayEntry[]; scheduledYears: readonly number[]; from?: string; to?: string }) {
    this.first = dayNumber(options.from ?? '2000-01-01');
    const last = dayNumber(options.to ?? '2100-12-31');
    if (!(last > this.first)) throw new RangeError('calendar range is empty');
    this.firstYear = Number((options.from ?? '2000-01-01').slice(0, 4));
    this.lastYear = Number((options.to ?? '2100-12-31').slice(0, 4));
    this.scheduledYears = new Set(options.scheduledYears);
    const size = last - this.first + 1;
    this.dates = new Array<string>(size);
    this.kinds = new Uint8Array(size);
    for (let i = 0; i < size; i++) {
      const day = this.first + i;
      this.dates[i] = dateOf(day);
      // 1970-01-01 was a Thursday: (day + 4) % 7 gives 0 = Sunday … 6 = Saturday.
      const weekday = (((day + 4) % 7) + 7) % 7;
      this.kinds[i] = weekday === 0 || weekday === 6 ? 1 : 0;
    }
    // A region's closed day wins over the national notice (a make-up Saturday the hall is shut),
    // so closed days go last.
    const ordered = [...options.entries].sort((a, b) => Number(a.kind === 'closed') - Number(b.kind === 'closed'));
    for (const entry of ordered) {
      const i = dayNumber(entry.date) - this.first;
      if (!(i >= 0 && i < size)) continue;
      this.kinds[i] = entry.kind === 'makeup' ? 3 : 2;
      this.names.set(i, entry.name);
    }
    this.cumulative = new Int32Array(size);
    let count = 0;
    for (let i = 0; i < size; i++) {
      if (this.kinds[i] === 0 || this.kinds[i] === 3) count++;
      this.cumulative[i] = count;
    }
    this.dayOfOrdinal = new Int32Array(count + 1);
    for (let i = 0; i < size; i++) {
      if (this.kinds[i] === 0 || this.kinds[i] === 3) this.dayOfOrdinal[this.cumulative[i]!] = i;
    }
  }

  private index(date: string): number {
    const i = dayNumber(date) - this.first;
    if (!(i >= 0 && i < this.kinds.length)) throw new RangeError(`date outside the calendar: ${date}`);
    return i;
  }

  private isWorkdayAt(i: number): boolean {
    const kind = this.kinds[i];
    return kind === 0 || kind === 3;
  }

  isWorkday(date: string): boolean {
    return this.isWorkdayAt(this.index(date));
  }

  day(date: string): DayInfo {
    const i = this.index(date);
    const kind = KIND_CODES[this.kinds[i]!]!;
    const info: DayInfo = { date: this.dates[i]!, workday: this.isWorkdayAt(i), kind };
    const name = this.names.get(i);
    if (name && (kind === 'holiday' || kind === 'makeup')) info.name = name;
    return info;
  }

  /** One entry per date, inclusive. */
  days(from: string, to: string): DayInfo[] {
    const start = this.index(from);
    const end = this.index(to);
    const result: DayInfo[] = [];
    for (let i = start; i <= end; i++) result.push(this.day(this.dates[i]!));
    return result;
  }

  /** A year with no official schedule is counted on weekdays only and flagged provisional. */
  isProvisional(year: number): boolean {
    return !this.scheduledYears.has(year);
  }

  private provisionalBetween(a: number, b: number): boolean {
    const from = Number(this.dates[Math.min(a, b)]!.slice(0, 4));
    const to = Number(this.dates[Math.max(a, b)]!.slice(0, 4));
    for (let year = from; year <= to; year++) if (!this.scheduledYears.has(year)) return true;
    return false;
  }

  private ordinalDate(ordinal: number): number {
    if (ordinal < 1 || ordinal >= this.dayOfOrdinal.length) {
      throw new RangeError(`deadline outside the calendar (${this.firstYear}–${this.lastYear})`);
    }
    return this.dayOfOrdinal[ordinal]!;
  }

  /**
   * The N-th working day after `start`, counted as the Administrative Licensing Law counts
   * periods: the start day itself is not counted, so a case accepted on Friday with a 1-day limit
   * is due on Monday (end of day). n = 0 is 当场办结: the start day when it is a working day,
   * otherwise the next one. Negative n counts back: the |n|-th working day before `start`.
   */
  addWorkdays(start: string, n: number): Due {
    const i = this.index(start);
    let target: number;
    if (n > 0) target = this.ordinalDate(this.cumulative[i]! + n);
    else if (n === 0) target = this.isWorkdayAt(i) ? i : this.ordinalDate(this.cumulative[i]! + 1);
    else target = this.ordinalDate(this.cumulative[i]! - (this.isWorkdayAt(i) ? 1 : 0) + n + 1);
    return { due: this.dates[target]!, provisional: this.provisionalBetween(i, target) };
  }

  /**
   * Working days after `from` up to and including `to` (negative when `to` is earlier), so that
   * addWorkdays(a, n).due = b implies workdaysBetween(a, b) = n.
   */
  workdaysBetween(from: string, to: string): number {
    return this.cumulative[this.index(to)]! - this.cumulative[this.index(from)]!;
  }

  /**
   * Working days left until the deadline, seen on `today`: 0 on the due day itself (it ends
   * tonight), 1 the working day before, and when overdue minus the working days since the due
   * day. Equal to workdaysBetween(today, due).
   */
  workdaysRemaining(today: string, due: string): number {
    return this.workdaysBetween(today, due);
  }

  /** The first working day strictly after `date`. */
  nextWorkday(date: string): string {
    return this.dates[this.ordinalDate(this.cumulative[this.index(date)]! + 1)]!;
  }

  /** The last working day strictly before `date`. */
  previousWorkday(date: string): string {
    const i = this.index(date);
    return this.dates[this.ordinalDate(this.cumulative[i]! - (this.isWorkdayAt(i) ? 1 : 0))]!;
  }
}

/**
 * The deadline of a limit that starts at an instant (usually acceptance):
 * - workday: the N-th working day after the start day, ending at 24:00 China time;
 * - on_the_spot (当场办结): the start day if it is a working day, else the next working day;
 * - natural_day: start day not counted, due at the end of start + N days; when that day is not a
 *   working day it moves to the next working day (Civil Code art. 203: a period ending on a
 *   statutory rest day ends on the day after the rest);
 * - hour: N natural hours after the start instant (used for steps, e.g. 2 hours to pre-review).
 */
export function computeDue(calendar: WorkdayCalendar, startInstant: Date, limit: Limit): { due: Date; dueDate: string; provisional: boolean } {
  const startDate = toChinaDate(startInstant);
  switch (limit.unit) {
    case 'workday':
    case 'on_the_spot': {
      const { due, provisional } = calendar.addWorkdays(startDate, limit.unit === 'on_the_spot' ? 0 : limit.value);
      return { due: endOfChinaDay(due), dueDate: due, provisional };
    }
    case 'natural_day': {
      let dueDate = dateOf(dayNumber(startDate) + limit.value);
      if (!calendar.isWorkday(dueDate)) dueDate = calendar.nextWorkday(dueDate);
      const provisional = calendar.isProvisional(Number(startDate.slice(0, 4))) || calendar.isProvisional(Number(dueDate.slice(0, 4)));
      return { due: endOfChinaDay(dueDate), dueDate, provisional };
    }
    case 'hour': {
      const due = new Date(startInstant.getTime() + limit.value * 3_600_000);
      const dueDate = toChinaDate(due);
      return { due, dueDate, provisional: calendar.isProvisional(Number(dueDate.slice(0, 4))) };
    }
  }
}

/**
 * Working days a clock stop takes out of the limit. The stop's start day still counted (the clock
 * ran that day) and the clock resumes on the working day after the stop ends, so the stopped days
 * are the working days after the start day up to and including the end day:
 * stopped on Tue 3 March, resumed Thu 5 March → Wed and Thu → 2 days, and the deadline moves 2
 * working days. A stop opened and closed the same day costs nothing.
 */
export function stoppedWorkdays(calendar: WorkdayCalendar, stopStart: Date, stopEnd: Date): number {
  return Math.max(0, calendar.workdaysBetween(toChinaDate(stopStart), toChinaDate(stopEnd)));
}

/** The deadline after a stop: moved by exactly the working days stopped. */
export function extendForStops(calendar: WorkdayCalendar, dueDate: string, stopped: number): Due {
  return stopped === 0 ? { due: dueDate, provisional: false } : calendar.addWorkdays(dueDate, stopped);
}
