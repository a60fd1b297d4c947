import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../../db/database.js';
import type { StatsDimension } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import { addDays, chinaDayStart, groupedHappenings, MEASURES, rollupPending, type Measures } from './rollup.js';

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

const ratio = (n: number, d: number) => (d > 0 ? n / d : null);

function withRates(row: Omit<StatsRow, 'completionRate' | 'onTimeRate' | 'earlyRate' | 'avgWorkdaysUsed' | 'avgPromisedWorkdays'>): StatsRow {
  return {
    ...row,
    completionRate: ratio(row.completed, row.accepted),
    onTimeRate: ratio(row.on_time, row.completed),
    earlyRate: ratio(row.early, row.completed_promised),
    avgWorkdaysUsed: ratio(row.workdays_used, row.timed),
    avgPromisedWorkdays: ratio(row.promised_workdays, row.timed),
  };
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
  const parts: RawBuilder<unknown>[] = [];
  const columns = sql.raw(MEASURES.join(', '));
  // Only the scope's keys are answered (the last WHERE below); each part is cut to them at its
  // source, so a city's supervisor on a province's database does not sum a hundred cities first
  // (a month by staff member: 300 ms for the whole province's rows). The keys, not the cases'
  // regions: a clerk counts what they did under 通办 for another city too.
  // Read first, as a value: PostgreSQL pushes `= ANY ($1)` into each branch of the live union (so
  // other cities' completions are dropped on the index, before their heap pages are read), but
  // not a condition holding a subquery.
  const { rows: keyRows } = await sql<{ keys: number[] }>`
    SELECT coalesce(array_agg(k.key), '{}') AS keys FROM (${dimensionKeys(options.dimension)}) k WHERE k.region_code LIKE ${`${options.scope.regionPrefix}%`}`.execute(db);
  const scopeKeys = sql`${keyRows[0]!.keys}::int[]`;
  if (options.from <= rolledTo) {
    await rollupPending(db, { through: yesterday });
    parts.push(sql`SELECT key, ${columns} FROM stats_daily
                    WHERE dimension = ${options.dimension} AND day BETWEEN ${options.from} AND ${rolledTo} AND key = ANY (${scopeKeys})`);
  }
  if (options.to >= today && options.from <= today) {
    parts.push(sql`SELECT key, ${columns} FROM (${groupedHappenings(chinaDayStart(today), chinaDayStart(addDays(today, 1)), [options.dimension], scopeKeys)}) g
                    WHERE dimension = ${options.dimension}`);
  }
  if (parts.length === 0) return { rows: [], total: withRates(emptyRow()) };
  const overdueColumn = options.dimension === 'staff' ? sql.raw('assignee_id') : sql.raw(`${options.dimension}_id`);
  const { rows } = await sql<Omit<StatsRow, 'completionRate' | 'onTimeRate' | 'earlyRate' | 'avgWorkdaysUsed' | 'avgPromisedWorkdays'>>`
    WITH happened AS (
      SELECT key, ${sql.raw(MEASURES.map((m) => `sum(${m})::int AS ${m}`).join(', '))}
        FROM (${sql.join(parts, sql` UNION ALL `)}) p
       GROUP BY key
    ), overdue AS (
      SELECT ${overdueColumn} AS key, count(*)::int AS open_overdue
        FROM cases
       WHERE status = 'accepted' AND NOT clock_stopped AND due_date < ${options.overdueAsOf ?? today}
         AND ${overdueColumn} = ANY (${scopeKeys})
       GROUP BY 1
    ), keyed AS (
      -- A department with cases over their deadline is listed even in a month it did nothing else:
      -- the circular must not lose a late department for being idle.
      SELECT key FROM happened UNION SELECT key FROM overdue WHERE key IS NOT NULL
    )
    SELECT k.key, k.name, k.code, ${sql.raw(MEASURES.map((m) => `coalesce(h.${m}, 0)::int AS ${m}`).join(', '))},
           coalesce(o.open_overdue, 0) AS "openOverdue"
      FROM keyed x
      JOIN (${dimensionKeys(options.dimension)}) k ON k.key = x.key
      LEFT JOIN happened h ON h.key = x.key
      LEFT JOIN overdue o ON o.key = x.key
     WHERE k.region_code LIKE ${`${options.scope.regionPrefix}%`}
       ${options.key === undefined ? sql`` : sql`AND k.key = ${options.key}`}
     ORDER BY coalesce(h.received, 0) DESC, coalesce(h.completed, 0) DESC, k.key`.execute(db);
  const total = emptyRow();
  for (const row of rows) {
    for (const m of MEASURES) total[m] += row[m];
    total.openOverdue += row.openOverdue;
  }
  return { rows: rows.map(withRates), total: withRates(total) };
}

function emptyRow(): Omit<StatsRow, 'completionRate' | 'onTimeRate' | 'earlyRate' | 'avgWorkdaysUsed' | 'avgPromisedWorkdays'> {
  return { key: 0, name: '合计', code: null, openOverdue: 0, ...(Object.fromEntries(MEASURES.map((m) => [m, 0])) as Measures) };
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
  const { rows } = await sql<{ day: string; received: number; completed: number; on_time: number }>`
    SELECT s.day::text AS day, sum(s.received)::int AS received, sum(s.completed)::int AS completed, sum(s.on_time)::int AS on_time
      FROM stats_daily s
     WHERE s.dimension = 'department' AND s.day BETWEEN ${options.from} AND ${options.to < yesterday ? options.to : yesterday}
       -- The scope's departments as an array the primary key's scan can use (see periodStats).
       AND s.key = ANY (ARRAY(SELECT d.id FROM departments d WHERE d.region_code LIKE ${`${options.scope.regionPrefix}%`}))
     GROUP BY s.day ORDER BY s.day`.execute(db);
  const byDay = new Map(rows.map((r) => [r.day, r]));
  if (options.to >= today && options.from <= today) {
    const live = await (options.todayStats ?? periodStats(db, { from: today, to: today, dimension: 'department', scope: options.scope, today }));
    byDay.set(today, { day: today, received: live.total.received, completed: live.total.completed, on_time: live.total.on_time });
  }
  const days: { day: string; received: number; completed: number; onTime: number }[] = [];
  for (let day = options.from; day <= options.to; day = addDays(day, 1)) {
    const r = byDay.get(day);
    days.push({ day, received: r?.received ?? 0, completed: r?.completed ?? 0, onTime: r?.on_time ?? 0 });
  }
  return days;
}
