import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { chinaDate } from '../../util/china-time.js';
import { maskName } from '../../util/mask.js';
import { calendarFor } from '../calendar/service.js';
import { addDays, chinaDayStart } from './rollup.js';
import type { StatsScope } from './stats.js';

export type LightGroup = 'department' | 'window' | 'item';

export interface LightCounts {
  green: number;
  yellow: number;
  red: number;
  grey: number;
  total: number;
}

/**
 * The running cases' lights, counted in the database: one index-only scan of the running cases
 * (cases_running_lights_idx), never the history. Mirrors case_light() in SQL.
 */
const lightCounts = (today: string) => sql<LightCounts>`
  count(*) FILTER (WHERE NOT clock_stopped AND due_date >= ${today} AND (warn_date IS NULL OR ${today} < warn_date))::int AS green,
  count(*) FILTER (WHERE NOT clock_stopped AND due_date >= ${today} AND warn_date IS NOT NULL AND ${today} >= warn_date)::int AS yellow,
  count(*) FILTER (WHERE NOT clock_stopped AND due_date < ${today})::int AS red,
  count(*) FILTER (WHERE clock_stopped)::int AS grey,
  count(*)::int AS total`;

/** Running cases by light, per department, window or item, busiest red first. */
export async function lightsBy(db: Database, options: { group: LightGroup; scope: StatsScope; today?: string }) {
  const today = options.today ?? chinaDate();
  const column = sql.raw(`c.${options.group}_id`);
  const label =
    options.group === 'department'
      ? sql`(SELECT name FROM departments WHERE id = g.key)`
      : options.group === 'window'
        ? sql`(SELECT number || ' ' || name FROM windows WHERE id = g.key)`
        : sql`(SELECT name FROM service_items WHERE id = g.key)`;
  const { rows } = await sql<LightCounts & { key: number | null; name: string | null }>`
    SELECT g.*, ${label} AS name FROM (
      SELECT ${column} AS key, ${lightCounts(today)}
        FROM cases c
       WHERE c.status = 'accepted' AND c.region_code LIKE ${`${options.scope.regionPrefix}%`}
       GROUP BY 1
    ) g
    ORDER BY g.red DESC, g.yellow DESC, g.total DESC`.execute(db);
  // Online cases accepted by no window yet have no window: shown as 网上受理.
  return rows.map((r) => ({ ...r, name: r.name ?? (options.group === 'window' ? '网上受理（未经窗口）' : '—') }));
}

/** The tiles at the top of the supervisor's seat. */
export async function dashboardTiles(db: Database, options: { scope: StatsScope; today?: string }) {
  const today = options.today ?? chinaDate();
  const prefix = `${options.scope.regionPrefix}%`;
  const from = chinaDayStart(today);
  const to = chinaDayStart(addDays(today, 1));
  const [lights, intake, open, directives, rectifications] = await Promise.all([
    sql<LightCounts>`SELECT ${lightCounts(today)} FROM cases WHERE status = 'accepted' AND region_code LIKE ${prefix}`.execute(db),
    sql<{ received: number; accepted: number; completed: number }>`
      SELECT (SELECT count(*) FROM cases WHERE submitted_at >= ${from} AND submitted_at < ${to} AND region_code LIKE ${prefix})::int AS received,
             (SELECT count(*) FROM cases WHERE accepted_at >= ${from} AND accepted_at < ${to} AND region_code LIKE ${prefix})::int AS accepted,
             (SELECT count(*) FROM cases WHERE completed_at >= ${from} AND completed_at < ${to} AND status = 'completed' AND region_code LIKE ${prefix})::int AS completed`.execute(db),
    // Waiting for pre-review or for the applicant's correction: not on the legal clock yet. Those
    // waiting for acceptance run art. 32's five working days, with their own lights (acceptanceLight).
    sql<{ waiting: number; green: number; yellow: number; red: number }>`
      SELECT count(*)::int AS waiting,
             count(*) FILTER (WHERE status = 'submitted' AND (acceptance_warn_date IS NULL OR ${today} < acceptance_warn_date) AND (acceptance_due_date IS NULL OR ${today} < acceptance_due_date))::int AS green,
             count(*) FILTER (WHERE status = 'submitted' AND ${today} >= acceptance_warn_date AND ${today} < acceptance_due_date)::int AS yellow,
             count(*) FILTER (WHERE status = 'submitted' AND ${today} >= acceptance_due_date)::int AS red
        FROM cases WHERE status IN ('submitted', 'correction_required') AND region_code LIKE ${prefix}`.execute(db),
    sql<{ open: number; overdue: number }>`
      SELECT count(*)::int AS open, count(*) FILTER (WHERE reply_due < ${today})::int AS overdue
        FROM directives di JOIN departments d ON d.id = di.department_id
       WHERE di.replied_at IS NULL AND d.region_code LIKE ${prefix}`.execute(db),
    // A window 差评 without a case has no department: the rectification carries its own region.
    sql<{ open: number; overdue: number }>`
      SELECT count(*)::int AS open, count(*) FILTER (WHERE r.due_date < ${today})::int AS overdue
        FROM rectifications r
       WHERE r.status IN ('pending', 'in_progress') AND r.region_code LIKE ${prefix}`.execute(db),
  ]);
  return {
    today,
    lights: lights.rows[0]!,
    intake: intake.rows[0]!,
    waitingForAcceptance: open.rows[0]!.waiting,
    acceptanceLights: { green: open.rows[0]!.green, yellow: open.rows[0]!.yellow, red: open.rows[0]!.red },
    directives: directives.rows[0]!,
    rectifications: rectifications.rows[0]!,
  };
}

export type CaseListKind = 'overdue' | 'warning' | 'stopped';

/**
 * The overdue list (red, most overdue first), the warning list (yellow, nearest deadline first)
 * or the stopped clocks, a page at a time by keyset, each with the working days over or left.
 * Walks cases_running_due_idx from the right end, so the first page costs the same at any size.
 */
export async function runningCaseList(
  db: Database,
  options: {
    kind: CaseListKind;
    scope: StatsScope;
    departmentId?: number;
    windowId?: number;
    itemId?: number;
    after?: { dueDate: string; number: string };
    limit: number;
    today?: string;
    /** A training view: a 红灯 raised by a training sweep counts as raised. */
    training?: boolean;
  },
) {
  const today = options.today ?? chinaDate();
  let query = db
    .selectFrom('cases')
    .innerJoin('service_items', 'service_items.id', 'cases.item_id')
    .innerJoin('departments', 'departments.id', 'cases.department_id')
    .innerJoin('users as applicant', 'applicant.id', 'cases.applicant_id')
    .leftJoin('users as assignee', 'assignee.id', 'cases.assignee_id')
    .select([
      'cases.id',
      'cases.number',
      'cases.due_date',
      'cases.warn_date',
      'cases.accepted_at',
      'cases.clock_stopped',
      'cases.region_code',
      'cases.warned_red_at',
      (eb) =>
        (options.training
          ? eb.exists(eb.selectFrom('training_events').select('training_events.id').whereRef('training_events.case_id', '=', 'cases.id').where('training_events.kind', '=', 'warn_red'))
          : eb.lit(false)
        ).as('trained_red'),
      'service_items.name as item_name',
      'departments.name as department_name',
      'applicant.display_name as applicant_name',
      'assignee.display_name as assignee_name',
    ])
    .where('cases.status', '=', 'accepted')
    .where('cases.region_code', 'like', `${options.scope.regionPrefix}%`);
  // The row a supervisor clicked in the lights table: one department, window or item.
  if (options.departmentId !== undefined) query = query.where('cases.department_id', '=', options.departmentId);
  if (options.windowId !== undefined) query = query.where('cases.window_id', '=', options.windowId);
  if (options.itemId !== undefined) query = query.where('cases.item_id', '=', options.itemId);
  if (options.kind === 'overdue') query = query.where('cases.clock_stopped', '=', false).where('cases.due_date', '<', today);
  if (options.kind === 'warning') {
    query = query.where('cases.clock_stopped', '=', false).where('cases.due_date', '>=', today).where('cases.warn_date', '<=', today);
  }
  if (options.kind === 'stopped') query = query.where('cases.clock_stopped', '=', true);
  if (options.after) {
    const { dueDate, number } = options.after;
    query = query.where((eb) => eb.or([eb('cases.due_date', '>', dueDate), eb.and([eb('cases.due_date', '=', dueDate), eb('cases.number', '>', number)])]));
  }
  const rows = await query.orderBy('cases.due_date').orderBy('cases.number').limit(options.limit + 1).execute();
  const page = rows.slice(0, options.limit);
  const calendars = new Map<string, Awaited<ReturnType<typeof calendarFor>>>();
  const items = [];
  for (const r of page) {
    let calendar = calendars.get(r.region_code);
    if (!calendar) calendars.set(r.region_code, (calendar = await calendarFor(db, r.region_code)));
    items.push({
      id: r.id,
      number: r.number,
      itemName: r.item_name,
      departmentName: r.department_name,
      applicantName: maskName(r.applicant_name) ?? '',
      assigneeName: r.assignee_name,
      dueDate: r.due_date!,
      // Negative when overdue: the working days past the deadline, as the law counts them.
      workdaysLeft: calendar.workdaysRemaining(today, r.due_date!),
      clockStopped: r.clock_stopped,
      warnedRed: r.warned_red_at !== null || Boolean(r.trained_red),
    });
  }
  const last = page.at(-1);
  return { items, next: rows.length > options.limit && last ? { dueDate: last.due_date!, number: last.number } : null };
}
