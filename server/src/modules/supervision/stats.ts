import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../../db/database.js';
import type { StatsDimension } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import { addDays, chinaDayStart, groupedHappenings, MEASURES, rollupPending, type Measure, type Measures } from './rollup.js';

export interface StatsScope {
  /** Region prefix the caller may see (see regionPrefix in cases/policy). */
  regionPrefix: string;
}

export interface StatsRow extends Measures {
  key: number;
  name: string;
  code: string | null;
  /** Running cases past their deadline now (only meaningful for a period that ends today). */
  openOverdue: number;
  /**
   * 办结率 = 办结 ÷ 受理 in the period; 按时 = share of the period's completions; 提前 = share of
   * the completed 承诺件 (completed_promised), since an 即办件 cannot be early.
   */
  completionRate: number | null;
  onTimeRate: number | null;
  earlyRate: number | null;
  avgWorkdaysUsed: number | null;
  avgPromisedWorkdays: number | null;
}

/**
 * The name, code and region of every key a dimension can have, for labels and for scoping a
 * supervisor to their region. Staff belong to their department's region, or their centre's.
 */
function dimensionKeys(dimension: StatsDimension): RawBuilder<{ key: number; name: string; code: string | null; region_code: string }> {
  switch (dimension) {
    case 'department':
      return sql`SELECT id AS key, name, credit_code::text AS code, region_code FROM departments`;
    case 'window':
      return sql`SELECT w.id AS key, w.number || ' ' || w.name AS name, w.number AS code, c.region_code
                   FROM windows w JOIN centres c ON c.id = w.centre_id`;
    case 'staff':
      return sql`SELECT u.id AS key, u.display_name AS name, NULL::text AS code, coalesce(d.region_code, c.region_code) AS region_code
                   FROM users u LEFT JOIN departments d ON d.id = u.department_id LEFT JOIN centres c ON c.id = u.centre_id
                  WHERE u.role <> 'applicant'`;
    case 'item':
      return sql`SELECT i.id AS key, i.name, i.code, d.region_code
                   FROM service_items i JOIN departments d ON d.id = i.department_id`;
  }
}

/** Each rate as numerator ÷ denominator (see StatsRow), null when the denominator is 0. */
const RATES = [
  ['completionRate', 'completed', 'accepted'],
  ['onTimeRate', 'on_time', 'completed'],
  ['earlyRate', 'early', 'completed_promised'],
  ['avgWorkdaysUsed', 'workdays_used', 'timed'],
  ['avgPromisedWorkdays', 'promised_workdays', 'timed'],
] as const satisfies readonly (readonly [keyof StatsRow, Measure, Measure])[];
type BaseRow = Omit<StatsRow, (typeof RATES)[number][0]>;

function withRates(row: BaseRow): StatsRow {
  const rates = Object.fromEntries(RATES.map(([rate, n, d]) => [rate, row[d] > 0 ? row[n] / row[d] : null]));
  return { ...row, ...(rates as Pick<StatsRow, (typeof RATES)[number][0]>) };
}

/**
 * The rates as SQL columns over `alias`'s measures: a province's 3,000 rows come back finished,
 * instead of being copied once more in Node (35–60 ms for 3,000 rows here).
 */
const ratesSql = (alias: string) =>
  sql.raw(RATES.map(([rate, n, d]) => `CASE WHEN coalesce(${alias}.${d}, 0) > 0 THEN ${alias}.${n}::float8 / ${alias}.${d} END AS "${rate}"`).join(', '));

/** Above this many keys a scope's keys are not pushed into the scans of cases (see periodStats). */
const MAX_PUSHED_KEYS = 250;

/**
 * A period of days split into the whole calendar months it covers (first days of the first and
 * last, when there are any) and the days before and after them.
 */
export function monthsWithin(from: string, to: string): { months?: [string, string]; days: [string, string][] } {
  const firstMonth = from.endsWith('-01') ? from : addMonths(from, 1);
  const afterTo = addDays(to, 1);
  // The first day of the month after the last whole month.
  const afterLastMonth = afterTo.endsWith('-01') ? afterTo : `${afterTo.slice(0, 7)}-01`;
  if (firstMonth >= afterLastMonth) return { days: [[from, to]] };
  const days: [string, string][] = [];
  if (from < firstMonth) days.push([from, addDays(firstMonth, -1)]);
  if (afterLastMonth <= to) days.push([afterLastMonth, to]);
  return { months: [firstMonth, addMonths(afterLastMonth, -1)], days };
}

/** The first day of the month `n` months after the month of `date`. */
function addMonths(date: string, n: number): string {
  const d = new Date(`${date.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + n);
  return d.toISOString().slice(0, 10);
}

function validatePeriod(from: string, to: string): void {
  if (from > to) throw new AppError('VALIDATION_FAILED', '开始日期不能晚于结束日期', [{ field: 'query.from', message: '开始日期不能晚于结束日期' }]);
  if (addDays(from, 3 * 366) < to) {
    throw new AppError('VALIDATION_FAILED', '统计区间最长三年', [{ field: 'query.to', message: '统计区间最长三年' }]);
  }
}

/**
 * Statistics for a period by department, window, staff member or item: finished days from the
 * daily roll-up (rolled first if the job has not got there yet), today live from the cases'
 * timestamp indexes. Keys with nothing in the period are left out, unless they have running cases
 * over their deadline now.
 */
export async function periodStats(
  db: Database,
  options: {
    from: string;
    to: string;
    dimension: StatsDimension;
    scope: StatsScope;
    key?: number;
    today?: string;
    /** 演练时钟: judge the running cases' overdue count as of this later day; what happened stays real. */
    overdueAsOf?: string;
  },
): Promise<{ rows: StatsRow[]; total: StatsRow }> {
  validatePeriod(options.from, options.to);
  const today = options.today ?? chinaDate();
  const yesterday = addDays(today, -1);
  const rolledTo = options.to < yesterday ? options.to : yesterday;
  // Each part of the period, and whether it has one row per key (one day, one month, today).
  const parts: { rows: RawBuilder<unknown>; perKey: boolean }[] = [];
  const columns = sql.raw(MEASURES.join(', '));
  // Only the scope's keys are answered (the last WHERE below); each part is cut to them at its
  // source, so a city's supervisor on a province's database does not sum a hundred cities first
  // (a month by staff member: 300 ms for the whole province's rows). The keys, not the cases'
  // regions: a clerk counts what they did under 通办 for another city too.
  // Read first, as a value: PostgreSQL pushes `= ANY ($1)` into each branch of the live union (so
  // other cities' completions are dropped on the index, before their heap pages are read), but
  // not a condition holding a subquery.
  const { rows: keyRows } = await sql<{ keys: number[] | null }>`
    SELECT CASE WHEN count(*) <= ${MAX_PUSHED_KEYS} THEN coalesce(array_agg(k.key), '{}') END AS keys
      FROM (${dimensionKeys(options.dimension)}) k WHERE k.region_code LIKE ${`${options.scope.regionPrefix}%`}`.execute(db);
  const keys = keyRows[0]!.keys;
  // The planner weighs each key of the array in each scan it is pushed into: today's union and the
  // overdue count scan every partition of cases (eight), and a province's 3,101 departments cost
  // 313 ms of planning for a 20 ms query. A scope that large reads every key's rows instead and
  // leaves them to the scope's join below.
  const pushed = keys ? sql`${keys}::int[]` : undefined;
  const ofScope = (column: RawBuilder<unknown>) => (pushed ? sql`AND ${column} = ANY (${pushed})` : sql``);
  if (options.from <= rolledTo) {
    await rollupPending(db, { through: yesterday });
    // Whole months from their monthly sums, the days around them from the daily rows.
    const span = monthsWithin(options.from, rolledTo);
    for (const [from, to] of span.days) {
      parts.push({
        rows: sql`SELECT key, ${columns} FROM stats_daily
                   WHERE dimension = ${options.dimension} AND day BETWEEN ${from} AND ${to} ${ofScope(sql.raw('key'))}`,
        perKey: from === to,
      });
    }
    if (span.months) {
      parts.push({
        rows: sql`SELECT key, ${columns} FROM stats_monthly
                   WHERE dimension = ${options.dimension} AND month BETWEEN ${span.months[0]} AND ${span.months[1]} ${ofScope(sql.raw('key'))}`,
        perKey: span.months[0] === span.months[1],
      });
    }
  }
  if (options.to >= today && options.from <= today) {
    parts.push({
      rows: sql`SELECT key, ${columns} FROM (${groupedHappenings(chinaDayStart(today), chinaDayStart(addDays(today, 1)), [options.dimension], pushed)}) g
                 WHERE dimension = ${options.dimension}`,
      perKey: true,
    });
  }
  if (parts.length === 0) return { rows: [], total: withRates(emptyRow()) };
  const overdueColumn = options.dimension === 'staff' ? sql.raw('assignee_id') : sql.raw(`${options.dimension}_id`);
  // A single part with one row per key is the sums already: a closed month for a province's 3,000
  // departments is 10 ms faster without adding each up alone.
  const happened =
    parts.length === 1 && parts[0]!.perKey
      ? parts[0]!.rows
      : sql`SELECT key, ${sql.raw(MEASURES.map((m) => `sum(${m})::int AS ${m}`).join(', '))}
              FROM (${sql.join(parts.map((p) => p.rows), sql` UNION ALL `)}) p
             GROUP BY key`;
  const { rows } = await sql<StatsRow>`
    WITH happened AS (${happened}
    ), overdue AS (
      SELECT ${overdueColumn} AS key, count(*)::int AS open_overdue
        FROM cases
       WHERE status = 'accepted' AND NOT clock_stopped AND due_date < ${options.overdueAsOf ?? today}
         ${ofScope(overdueColumn)}
       GROUP BY 1
    )
    -- A department with cases over their deadline is listed even in a month it did nothing else:
    -- the circular must not lose a late department for being idle.
    SELECT k.key, k.name, k.code, ${sql.raw(MEASURES.map((m) => `coalesce(h.${m}, 0)::int AS ${m}`).join(', '))},
           coalesce(o.open_overdue, 0) AS "openOverdue", ${ratesSql('h')}
      FROM happened h
      FULL JOIN overdue o ON o.key = h.key
      JOIN (${dimensionKeys(options.dimension)}) k ON k.key = coalesce(h.key, o.key)
     WHERE k.region_code LIKE ${`${options.scope.regionPrefix}%`}
       ${options.key === undefined ? sql`` : sql`AND k.key = ${options.key}`}
     ORDER BY coalesce(h.received, 0) DESC, coalesce(h.completed, 0) DESC, k.key`.execute(db);
  const total = emptyRow();
  for (const row of rows) {
    for (const m of MEASURES) total[m] += row[m];
    total.openOverdue += row.openOverdue;
  }
  return { rows, total: withRates(total) };
}

function emptyRow(): BaseRow {
  return { key: 0, name: '合计', code: null, openOverdue: 0, ...(Object.fromEntries(MEASURES.map((m) => [m, 0])) as Measures) };
}

/**
 * Today's totals for a scope, counted live: one row, where today's statistics by department send a
 * province's 3,000 rows and its overdue counts only to be added up (a third of the trend's time).
 */
async function todayTotals(db: Database, today: string, scope: StatsScope): Promise<Pick<Measures, 'received' | 'completed' | 'on_time'>> {
  const { rows } = await sql<Pick<Measures, 'received' | 'completed' | 'on_time'>>`
    SELECT coalesce(sum(g.received), 0)::int AS received, coalesce(sum(g.completed), 0)::int AS completed, coalesce(sum(g.on_time), 0)::int AS on_time
      FROM (${groupedHappenings(chinaDayStart(today), chinaDayStart(addDays(today, 1)), ['department'])}) g
      JOIN departments d ON d.id = g.key
     WHERE d.region_code LIKE ${`${scope.regionPrefix}%`}`.execute(db);
  return rows[0]!;
}

/** One line per day for a trend chart: received and completed across the caller's region. */
export async function dailyTrend(
  db: Database,
  options: {
    from: string;
    to: string;
    scope: StatsScope;
    today?: string;
    /** Today's department statistics for the same scope when the caller computes them anyway. */
    todayStats?: Promise<{ total: StatsRow }>;
  },
) {
  validatePeriod(options.from, options.to);
  const today = options.today ?? chinaDate();
  const yesterday = addDays(today, -1);
  if (options.from <= yesterday) await rollupPending(db, { through: yesterday });
  // The regions' daily totals: 30 days of a province are 30 rows per region (3,000), where the
  // departments' rows were 93,000 (400 ms at 100 cities).
  const { rows } = await sql<{ day: string; received: number; completed: number; on_time: number }>`
    SELECT s.day::text AS day, sum(s.received)::int AS received, sum(s.completed)::int AS completed, sum(s.on_time)::int AS on_time
      FROM stats_daily_regions s
     WHERE s.day BETWEEN ${options.from} AND ${options.to < yesterday ? options.to : yesterday}
       AND s.region_code LIKE ${`${options.scope.regionPrefix}%`}
     GROUP BY s.day ORDER BY s.day`.execute(db);
  const byDay = new Map(rows.map((r) => [r.day, r]));
  if (options.to >= today && options.from <= today) {
    const live = options.todayStats ? (await options.todayStats).total : await todayTotals(db, today, options.scope);
    byDay.set(today, { day: today, received: live.received, completed: live.completed, on_time: live.on_time });
  }
  const days: { day: string; received: number; completed: number; onTime: number }[] = [];
  for (let day = options.from; day <= options.to; day = addDays(day, 1)) {
    const r = byDay.get(day);
    days.push({ day, received: r?.received ?? 0, completed: r?.completed ?? 0, onTime: r?.on_time ?? 0 });
  }
  return days;
}
