import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { chinaDate } from '../../util/china-time.js';
import { dateOf, dayNumber } from '../calendar/engine.js';
import { calendarFor } from '../calendar/service.js';
import { ensureCaseYearPartitions } from '../cases/partitions.js';
import { rollupPending } from './rollup.js';
import { ensureCities, ensureStaff } from './scale-cities.js';

export interface ScaleOptions {
  cases: number;
  /** History spans this many calendar days, ending today. */
  days?: number;
  /**
   * Cities of the province the cases spread over (default 1: the centre with most departments
   * alone). More are made as copies of that one (ensureCities) and reused by later runs.
   */
  cities?: number;
  /** Cases per INSERT statement (one transaction each). */
  chunk?: number;
  /**
   * Drop the secondary indexes of cases while loading and build them once at the end: about five
   * times faster for millions of rows, but the platform must not be serving meanwhile. Default:
   * on from a million cases.
   */
  rebuildIndexes?: boolean;
  /**
   * The share of cases that run late among those submitted within their item's promised limit
   * plus `workdays` working days of today (else the history's 4 %): the cases whose deadline is
   * near or just past, so a small history (the demo's) surely has red cases among the running.
   */
  recentLate?: { workdays: number; share: number };
  onProgress?: (phase: string, done: number, total: number) => void;
}

/**
 * `seed:scale`: writes N cases of realistic history into the catalogue and organisation already
 * there (the demo city, or a real centre's), fast: one multi-row INSERT … SELECT per chunk, the
 * randomness in SQL, deadlines from the real working-day calendar (a workday table computed by the
 * calendar engine and joined in). The mix: 60% online; 2% withdrawn and 3% refused before
 * acceptance; popular items far more common than rare ones; 8% with a clock stop, 2% extended;
 * about 4% decided late; recent cases still running (some red, some stopped), the newest online
 * ones awaiting pre-review. Generated history has no timeline rows (步步留痕 is for real cases);
 * its stops and extensions are recorded, and its statistics are rolled up at the end. With
 * `cities` above 1 the cases spread over a province of that many cities, each case in its city's
 * centre, region, department copy and item copy, handled by that city's staff.
 */
export async function generateScaleHistory(
  db: Database,
  options: ScaleOptions,
): Promise<{ cases: number; seconds: number; cities: number; citiesSeconds: number }> {
  const started = Date.now();
  const days = options.days ?? 1095;
  const chunk = options.chunk ?? 100_000;
  const progress = options.onProgress ?? (() => {});
  const centre = await db
    .selectFrom('centres')
    .innerJoin('departments', 'departments.centre_id', 'centres.id')
    .select(['centres.id', 'centres.region_code'])
    .groupBy(['centres.id', 'centres.region_code'])
    .orderBy(sql`count(*)`, 'desc')
    // The cities a province run made have as many departments: the oldest centre stays city 1.
    .orderBy('centres.id')
    .executeTakeFirst();
  if (!centre) throw new Error('no centre with departments: run the demo seed (npm run cli -- seed:demo) or import a catalogue first');
  const published = (centreIds: number[]) =>
    db
      .selectFrom('service_items')
      .innerJoin('departments', 'departments.id', 'service_items.department_id')
      .select(['service_items.id', 'service_items.department_id', 'departments.centre_id', 'service_items.promised_limit_days', 'service_items.promised_limit_unit', 'service_items.legal_limit_days'])
      .where('service_items.status', '=', 'published')
      .where('departments.centre_id', 'in', centreIds)
      .orderBy('service_items.id')
      .execute();
  let items = await published([centre.id]);
  if (items.length === 0) throw new Error('no published items in the centre: import a catalogue first');

  const citiesStarted = Date.now();
  const cities = await ensureCities(db, { centreId: centre.id, regionCode: centre.region_code }, options.cities ?? 1);
  if (cities.length > 1) items = await published(cities.map((c) => c.centreId));
  const departments = new Map(items.map((i) => [i.department_id, { id: i.department_id, centreId: i.centre_id }]));
  await ensureStaff(db, cities, [...departments.values()]);
  progress('cities', cities.length, cities.length);
  const citiesSeconds = (Date.now() - citiesStarted) / 1000;
  // One workday table for the province: the cities made by ensureCities have no closed days of
  // their own, so they keep the province's calendar, and city 1's (the one a single-city run
  // always used) differs from it only by closed days of its own, which are rare.
  const calendar = await calendarFor(db, centre.region_code);
  const today = chinaDate();
  const first = dateOf(dayNumber(today) - days);
  const last = dateOf(dayNumber(today) + 400);

  const prefix = crypto.randomBytes(2).toString('hex').toUpperCase();
  // A run's own prefix keeps its numbers apart from any earlier run's.
  let offset = 0;

  // The history's years get their partitions of cases (the daily job only makes this year and next).
  await ensureCaseYearPartitions(db, Number(first.slice(0, 4)));

  const rebuild = options.rebuildIndexes ?? options.cases >= 1_000_000;
  // An earlier run that died before rebuilding left its list behind: build those first.
  await rebuildIndexes(db, progress);
  if (rebuild) await dropSecondaryIndexes(db);

  await db.connection().execute(async (conn) => {
    // Session tables: the chunks below join them for every random pick. The pool keeps the
    // connection, so a second run on it (a month added) must not find the first run's.
    await sql`DISCARD TEMP`.execute(conn);
    // Each pick names a city first (by index), then an item, a clerk and a reviewer of that city.
    await sql`CREATE TEMP TABLE scale_cities (city int PRIMARY KEY, centre_id int, region_code text, items int, clerks int)`.execute(conn);
    await sql`INSERT INTO scale_cities (city, centre_id, region_code)
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(cities.map((c, city) => ({ city, centre_id: c.centreId, region_code: c.regionCode })))}::jsonb)
        AS x(city int, centre_id int, region_code text)`.execute(conn);
    const cityOf = new Map(cities.map((c, city) => [c.centreId, city]));
    const inCity = new Map<number, number>();
    await sql`CREATE TEMP TABLE scale_items (city int, idx int, id int, department_id int, promised int, legal int, PRIMARY KEY (city, idx))`.execute(conn);
    await sql`INSERT INTO scale_items SELECT * FROM jsonb_to_recordset(${JSON.stringify(
      items.map((item) => {
        const city = cityOf.get(item.centre_id)!;
        const idx = inCity.get(city) ?? 0;
        inCity.set(city, idx + 1);
        return {
          city,
          idx,
          id: item.id,
          department_id: item.department_id,
          promised: promisedWorkdays(item.promised_limit_days, item.promised_limit_unit),
          legal: item.legal_limit_days,
        };
      }),
    )}::jsonb) AS x(city int, idx int, id int, department_id int, promised int, legal int)`.execute(conn);
    await sql`CREATE TEMP TABLE scale_clerks AS
      SELECT ci.city, (row_number() OVER (PARTITION BY ci.city ORDER BY u.id) - 1)::int AS idx, u.id, u.window_id
        FROM users u JOIN scale_cities ci ON ci.centre_id = u.centre_id
       WHERE u.role = 'clerk' AND u.window_id IS NOT NULL`.execute(conn);
    await sql`UPDATE scale_cities ci SET items = (SELECT count(*) FROM scale_items i WHERE i.city = ci.city),
                                         clerks = (SELECT count(*) FROM scale_clerks c WHERE c.city = ci.city)`.execute(conn);
    await sql`CREATE TEMP TABLE scale_reviewers AS
      SELECT department_id, (row_number() OVER (PARTITION BY department_id ORDER BY id) - 1)::int AS idx, id,
             count(*) OVER (PARTITION BY department_id)::int AS n
        FROM users WHERE role = 'reviewer' AND department_id IN (SELECT department_id FROM scale_items)`.execute(conn);
    await sql`CREATE INDEX ON scale_reviewers (department_id, idx)`.execute(conn);
    await sql`CREATE TEMP TABLE scale_applicants AS
      SELECT (row_number() OVER (ORDER BY id) - 1)::int AS idx, id FROM users WHERE role = 'applicant'`.execute(conn);
    // Every calendar day with its working-day ordinal (the count of working days up to it), and
    // the working days by ordinal: "N working days after" becomes two index lookups.
    const rows: { day: string; ordinal: number; workday: boolean }[] = [];
    let ordinal = 0;
    for (let d = dayNumber(first); d <= dayNumber(last); d++) {
      const date = dateOf(d);
      const workday = calendar.isWorkday(date);
      if (workday) ordinal++;
      rows.push({ day: date, ordinal, workday });
    }
    await sql`CREATE TEMP TABLE scale_days AS SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(day date, ordinal int, workday boolean)`.execute(conn);
    await sql`CREATE TEMP TABLE scale_workdays AS SELECT ordinal, day FROM scale_days WHERE workday`.execute(conn);
    await sql`ALTER TABLE scale_workdays ADD PRIMARY KEY (ordinal)`.execute(conn);
    const todayOrdinal = rows.find((r) => r.day === today)!.ordinal;
    const recentLate = options.recentLate
      ? sql`OR (p.sub_ord > ${sql.lit(todayOrdinal - options.recentLate.workdays)} - i.promised AND p.r_used < ${sql.lit(options.recentLate.share)})`
      : sql``;
    const firstOrdinal = rows.find((r) => r.workday)!.ordinal;
    const counts = await sql<{ applicants: number; supervisor: number | null; unstaffed: number }>`
      SELECT (SELECT count(*) FROM scale_applicants)::int AS applicants,
             (SELECT min(id) FROM users WHERE role IN ('supervisor', 'admin')) AS supervisor,
             -- A city without items or clerks would drop its picks from the joins below, silently.
             (SELECT count(*) FROM scale_cities WHERE items = 0 OR clerks = 0)::int AS unstaffed`.execute(conn);
    const n = counts.rows[0]!;
    if (n.unstaffed > 0) throw new Error(`${n.unstaffed} of the ${cities.length} cities have no published items or no clerks`);
    await sql`ANALYZE scale_cities; ANALYZE scale_items; ANALYZE scale_clerks; ANALYZE scale_reviewers; ANALYZE scale_applicants; ANALYZE scale_workdays`.execute(conn);

    // Every reference is picked from the tables it points to, so the per-row foreign-key triggers
    // only cost time (about half of it): a superuser skips them for the load (replica mode).
    const superuser = (await sql<{ yes: boolean }>`SELECT rolsuper AS yes FROM pg_roles WHERE rolname = current_user`.execute(conn)).rows[0]?.yes;
    for (let done = 0; done < options.cases; done += chunk) {
      const size = Math.min(chunk, options.cases - done);
      await sql`BEGIN`.execute(conn);
      try {
        if (superuser) await sql`SET LOCAL session_replication_role = replica`.execute(conn);
        await sql`
        WITH pick AS (
          SELECT g,
                 -- A few big cities and many small ones: city k of N (from 0) gets sqrt((k+1)/N) - sqrt(k/N)
                 -- of the cases. Of a hundred, city 1 has 10 % (a province of 100 million holds the
                 -- 10 million the single-city benchmark measured there), the first ten a third, the
                 -- last 0.5 %; of three, 58 %, 24 % and 18 %.
                 floor(${sql.lit(cities.length)} * power(random(), 2))::int AS city_idx,
                 -- popular items far more often than rare ones
                 power(random(), 2.2) AS r_item,
                 random() AS r_clerk,
                 floor(random() * ${sql.lit(n.applicants)})::int AS applicant_idx,
                 ${sql.lit(firstOrdinal)} + floor(random() * (${sql.lit(todayOrdinal)} - ${sql.lit(firstOrdinal)} + 1))::int AS sub_ord,
                 random() AS r_channel, random() AS r_fate, random() AS r_accept, random() AS r_used, random() AS r_used2,
                 random() AS r_stop, random() AS r_ext, random() AS r_rev, random() AS r_time, random() AS r_issue
            FROM generate_series(${sql.lit(offset + 1)}, ${sql.lit(offset + size)}) g
        ), shaped AS (
          SELECT p.*, ci.centre_id, ci.region_code, i.id AS item_id, i.department_id, i.promised, i.legal,
                 c.id AS clerk_id, c.window_id, a.id AS applicant_id,
                 (p.r_channel < 0.6) AS online,
                 CASE WHEN p.r_fate < 0.02 THEN 'withdrawn' WHEN p.r_fate < 0.05 THEN 'refused' ELSE 'accepted' END AS fate,
                 CASE WHEN p.r_channel < 0.6 THEN p.sub_ord + floor(p.r_accept * 2.5)::int ELSE p.sub_ord END AS acc_ord,
                 CASE WHEN p.r_stop < 0.08 THEN 1 + floor(p.r_stop * 62.5)::int ELSE 0 END AS stopped,
                 CASE WHEN p.r_ext < 0.02 THEN 5 ELSE 0 END AS extended,
                 CASE WHEN p.r_used < 0.04 ${recentLate} THEN i.promised + 1 + floor(p.r_used2 * 5)::int
                      WHEN p.r_used < 0.25 THEN i.promised
                      ELSE floor(i.promised * (0.2 + 0.75 * p.r_used2))::int END AS used
            FROM pick p
            JOIN scale_cities ci ON ci.city = p.city_idx
            JOIN scale_items i ON i.city = p.city_idx AND i.idx = floor(ci.items * p.r_item)::int
            JOIN scale_clerks c ON c.city = p.city_idx AND c.idx = floor(ci.clerks * p.r_clerk)::int
            JOIN scale_applicants a ON a.idx = p.applicant_idx
        ), timed AS (
          SELECT s.*, r.id AS reviewer_id, sd.day AS sub_day,
                 (sd.day + time '08:30' + s.r_time * interval '8 hours') AT TIME ZONE 'Asia/Shanghai' AS submitted_at,
                 s.acc_ord + s.promised AS base_ord,
                 s.acc_ord + s.promised + s.stopped + s.extended AS due_ord,
                 s.acc_ord + s.used + s.stopped AS dec_ord
            FROM shaped s
            JOIN scale_workdays sd ON sd.ordinal = s.sub_ord
            JOIN scale_reviewers r ON r.department_id = s.department_id AND r.idx = floor(s.r_rev * r.n)::int
        ), dated AS (
          SELECT t.*,
                 CASE WHEN t.fate <> 'accepted' THEN NULL
                      WHEN t.acc_ord = t.sub_ord THEN t.submitted_at + interval '12 minutes'
                      ELSE (ad.day + time '09:10' + t.r_time * interval '7 hours') AT TIME ZONE 'Asia/Shanghai' END AS accepted_at,
                 bd.day AS base_due_date, dd.day AS due_date, wd.day AS warn_date,
                 (xd.day + time '15:00' + t.r_issue * interval '2 hours') AT TIME ZONE 'Asia/Shanghai' AS decided_at,
                 (xd.day + time '15:00' + t.r_issue * interval '2 hours') AT TIME ZONE 'Asia/Shanghai' + t.r_issue * interval '3 days' AS completed_at,
                 (t.fate = 'accepted' AND t.acc_ord > ${sql.lit(todayOrdinal)}) AS awaiting,
                 (t.fate = 'accepted' AND t.acc_ord <= ${sql.lit(todayOrdinal)} AND t.dec_ord >= ${sql.lit(todayOrdinal)}) AS running
            FROM timed t
            LEFT JOIN scale_workdays ad ON ad.ordinal = t.acc_ord
            LEFT JOIN scale_workdays bd ON bd.ordinal = t.base_ord
            LEFT JOIN scale_workdays dd ON dd.ordinal = t.due_ord
            LEFT JOIN scale_workdays wd ON wd.ordinal = greatest(t.acc_ord, t.due_ord - 2)
            LEFT JOIN scale_workdays xd ON xd.ordinal = t.dec_ord
        ), ordered AS (
          -- A decision on the day of acceptance still comes after it, and issuance after that.
          SELECT d.*, greatest(d.decided_at, d.accepted_at + interval '20 minutes') AS dec_at
            FROM dated d
        ), final AS (
          SELECT o.*, greatest(o.completed_at, o.dec_at + interval '10 minutes') AS comp_at,
                 CASE WHEN o.fate <> 'accepted' THEN o.fate
                      WHEN o.awaiting THEN 'submitted'
                      WHEN o.running THEN 'accepted'
                      WHEN greatest(o.completed_at, o.dec_at + interval '10 minutes') > now() THEN 'approved'
                      ELSE 'completed' END AS status
            FROM ordered o
        ), inserted AS (
          INSERT INTO cases (id, number, query_code, item_id, department_id, centre_id, region_code, applicant_id, channel, status,
                             promised_limit_days, legal_limit_days, submitted_at, accepted_at, due_date, base_due_date, legal_due_date,
                             due_at, warn_date, decided_at, decision_reason, completed_at, stopped_workdays, extension_workdays,
                             clock_stopped, assignee_id, review_step, clerk_id, window_id, decided_by, workdays_used, promised_workdays,
                             stop_count, extension_count, warned_yellow_at, warned_red_at, rating_invited_at)
          -- A UUIDv7 of the submission instant, as the services make them: each case in its year's partition.
          SELECT uuid_v7(f.submitted_at), 'H' || to_char(f.sub_day, 'YYYYMMDD') || ${prefix} || lpad(f.g::text, 9, '0'),
                 upper(substr(md5(f.g::text || ${prefix}), 1, 6)),
                 f.item_id, f.department_id, f.centre_id, f.region_code, f.applicant_id,
                 CASE WHEN f.online THEN 'online' ELSE 'window' END, f.status,
                 f.promised, f.legal, f.submitted_at,
                 CASE WHEN f.status IN ('submitted', 'refused', 'withdrawn') THEN NULL ELSE f.accepted_at END,
                 CASE WHEN f.accepted_at IS NULL OR f.status = 'submitted' THEN NULL ELSE f.due_date END,
                 CASE WHEN f.accepted_at IS NULL OR f.status = 'submitted' THEN NULL ELSE f.base_due_date END,
                 NULL,
                 CASE WHEN f.accepted_at IS NULL OR f.status = 'submitted' THEN NULL ELSE (f.due_date + time '23:59:59.999') AT TIME ZONE 'Asia/Shanghai' END,
                 CASE WHEN f.accepted_at IS NULL OR f.status = 'submitted' THEN NULL ELSE f.warn_date END,
                 CASE WHEN f.status IN ('approved', 'completed') THEN f.dec_at END,
                 CASE WHEN f.status = 'refused' THEN '不属于本部门职权范围' WHEN f.status IN ('approved', 'completed') THEN '符合法定条件' END,
                 CASE WHEN f.status = 'completed' THEN f.comp_at
                      WHEN f.status IN ('refused', 'withdrawn') THEN f.submitted_at + interval '3 hours' END,
                 CASE WHEN f.status IN ('approved', 'completed') THEN f.stopped ELSE 0 END,
                 CASE WHEN f.status IN ('approved', 'completed') THEN f.extended ELSE 0 END,
                 (f.status = 'accepted' AND f.stopped > 0),
                 CASE WHEN f.status = 'accepted' THEN f.reviewer_id END,
                 CASE WHEN f.status = 'accepted' THEN 'review' END,
                 CASE WHEN f.status IN ('submitted', 'withdrawn') THEN NULL ELSE f.clerk_id END,
                 CASE WHEN f.status IN ('submitted', 'withdrawn') THEN NULL ELSE f.window_id END,
                 CASE WHEN f.status IN ('approved', 'completed') THEN f.reviewer_id END,
                 CASE WHEN f.status IN ('approved', 'completed') THEN f.used END,
                 CASE WHEN f.status IN ('approved', 'completed', 'accepted') THEN f.promised END,
                 CASE WHEN f.status IN ('approved', 'completed', 'accepted') AND f.stopped > 0 THEN 1 ELSE 0 END,
                 CASE WHEN f.status IN ('approved', 'completed') AND f.extended > 0 THEN 1 ELSE 0 END,
                 -- History already warned: the sweep should not raise years of warnings at once.
                 CASE WHEN f.status <> 'accepted' OR f.warn_date > ${today}::date THEN NULL ELSE (f.warn_date + time '08:00') AT TIME ZONE 'Asia/Shanghai' END,
                 CASE WHEN f.status <> 'accepted' OR f.due_date >= ${today}::date THEN NULL ELSE (f.due_date + 1 + time '08:00') AT TIME ZONE 'Asia/Shanghai' END,
                 -- Likewise already invited to rate, so the sweep sends no invitations for history.
                 CASE WHEN f.status = 'completed' THEN f.comp_at END
            FROM final f
          RETURNING id, status, accepted_at, decided_at, stop_count, extension_count, stopped_workdays, assignee_id, decided_by, clock_stopped
        ), stops AS (
          INSERT INTO case_clock_stops (case_id, kind, reason, started_at, started_by, ended_at, ended_by, workdays, expected_workdays, expected_end_date)
          SELECT i.id, 'expert_review', '组织专家评审', i.accepted_at + interval '1 day', coalesce(i.decided_by, i.assignee_id),
                 CASE WHEN i.clock_stopped THEN NULL ELSE i.accepted_at + interval '1 day' + i.stopped_workdays * interval '1 day' END,
                 CASE WHEN i.clock_stopped THEN NULL ELSE coalesce(i.decided_by, i.assignee_id) END,
                 CASE WHEN i.clock_stopped THEN NULL ELSE i.stopped_workdays END,
                 greatest(i.stopped_workdays, 5), ((i.accepted_at + interval '1 day' + greatest(i.stopped_workdays, 5) * interval '1 day') AT TIME ZONE 'Asia/Shanghai')::date
            FROM inserted i WHERE i.stop_count > 0 AND coalesce(i.decided_by, i.assignee_id) IS NOT NULL
          RETURNING 1
        )
        INSERT INTO case_extensions (case_id, workdays, reason, requested_by, requested_at, status, decided_by, decided_at)
        SELECT i.id, 5, '情况复杂，需延长审查期限', i.decided_by, i.decided_at - interval '3 days', 'approved', ${n.supervisor ?? null}::int,
               i.decided_at - interval '2 days'
          FROM inserted i WHERE i.extension_count > 0 AND i.decided_by IS NOT NULL`.execute(conn);
        await sql`COMMIT`.execute(conn);
      } catch (error) {
        await sql`ROLLBACK`.execute(conn);
        throw error;
      }
      offset += size;
      progress('cases', done + size, options.cases);
    }
  });

  await rebuildIndexes(db, progress);
  await sql`ANALYZE cases`.execute(db);
  await sql`ANALYZE case_clock_stops`.execute(db);
  // Generated history is immutable: roll every finished day it touched again so statistics
  // include it. Days before its first submission are unchanged, so adding a month re-rolls a month.
  await sql`DELETE FROM stats_rolled_days WHERE day >= ${first}::date`.execute(db);
  await rollupPending(db, { onDay: (_day, i, total) => progress('statistics', i, total) });
  return { cases: options.cases, seconds: (Date.now() - started) / 1000, cities: cities.length, citiesSeconds };
}

const DROPPED_KEY = 'scale_dropped_indexes';

/**
 * Drops the non-unique indexes of cases, first writing their definitions into settings in the
 * same transaction, so that a run killed half-way leaves the list for the next run to rebuild.
 */
async function dropSecondaryIndexes(db: Database): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ name: string; definition: string }>`
      SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
        FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
       WHERE i.indrelid = 'cases'::regclass AND NOT i.indisunique AND NOT i.indisprimary`.execute(trx);
    await sql`INSERT INTO settings (key, value) VALUES (${DROPPED_KEY}, ${JSON.stringify(rows.map((r) => r.definition))}::jsonb)`.execute(trx);
    for (const row of rows) await sql`DROP INDEX ${sql.id(row.name)}`.execute(trx);
  });
}

async function rebuildIndexes(db: Database, progress: NonNullable<ScaleOptions['onProgress']>): Promise<void> {
  const saved = await sql<{ value: string[] }>`SELECT value FROM settings WHERE key = ${DROPPED_KEY}`.execute(db);
  const definitions = saved.rows[0]?.value ?? [];
  if (saved.rows.length === 0) return;
  await db.connection().execute(async (conn) => {
    await sql`SET maintenance_work_mem = '512MB'`.execute(conn);
    for (const [i, definition] of definitions.entries()) {
      // IF NOT EXISTS: an index built before a crash is not built twice.
      // A partitioned table's index reads "ON ONLY cases", which would build it on no partition.
      await sql.raw(definition.replace(/^CREATE INDEX /, 'CREATE INDEX IF NOT EXISTS ').replace(/ ON ONLY /, ' ON ')).execute(conn);
      progress('indexes', i + 1, definitions.length);
    }
  });
  await sql`DELETE FROM settings WHERE key = ${DROPPED_KEY}`.execute(db);
}

function promisedWorkdays(value: number, unit: string): number {
  if (unit === 'on_the_spot') return 0;
  if (unit === 'hour') return 1;
  if (unit === 'natural_day') return Math.ceil((value * 5) / 7);
  return value;
}
