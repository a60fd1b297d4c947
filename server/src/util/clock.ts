/**
 * The platform's clock. Business dates (today in China, a step's instant, a deadline's start) come
 * from here rather than from `new Date()`, so a test run can live on any chosen day: the
 * 1st of January, the day before a holiday, a make-up Saturday.
 *
 * The clock is real time shifted by a fixed offset (zero in production): it keeps moving, so
 * durations, timeouts and orderings behave as they do for real. The same offset reaches
 * PostgreSQL as the setting `onewindow.clock_offset_ms` on every pooled connection
 * (`createDatabase`), where `clock_now()` and `china_today()` read it, so SQL and TypeScript agree
 * on what day it is. Authentication, sessions, rate limits and delivery retries stay on real time
 * in both places: they are not business dates.
 */
let offsetMs: number | undefined;

function offsetFromEnvironment(): number {
  // For tests and acceptance runs only (vitest's pinned-date projects set it).
  const pinned = process.env.ONEWINDOW_TEST_CLOCK;
  if (!pinned) return 0;
  const at = Date.parse(pinned);
  if (Number.isNaN(at)) throw new Error(`ONEWINDOW_TEST_CLOCK is not a date and time: ${pinned}`);
  return at - Date.now();
}

/** Milliseconds between the platform's clock and real time (0 unless pinned). */
export function clockOffsetMs(): number {
  offsetMs ??= offsetFromEnvironment();
  return offsetMs;
}

/** The current instant by the platform's clock. */
export function now(): Date {
  return new Date(nowMs());
}

export function nowMs(): number {
  return Date.now() + clockOffsetMs();
}

/**
 * Test hook: from now on the clock reads `at` and moves on from there (`null`: real time again).
 * Database pools created before the call keep the offset they were created with.
 */
export function setClock(at: Date | string | null): void {
  offsetMs = at === null ? 0 : new Date(at).getTime() - Date.now();
}
