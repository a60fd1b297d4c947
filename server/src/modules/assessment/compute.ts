import { sql } from 'kysely';
import type { Database, Executor } from '../../db/database.js';
import { forbidden, invalidState, validationFailed } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../auth/repo.js';
import { calendarFor } from '../calendar/service.js';
import { countedRating } from '../ratings/service.js';
import { promisedCase } from '../cases/case-kind.js';
import { loadScheme } from './scheme.js';
import type { IndicatorKey, RecordKind, TIndicatorScore, TScheme } from './schema.js';
import { now as clockNow } from '../../util/clock.js';

type SubjectType = 'window' | 'person';
const round1 = (x: number) => Math.round(x * 10) / 10;

/** The month's China dates and the instants bounding it. */
export function monthBounds(month: string) {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  const last = new Date(Date.parse(`${next}-01T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return { from: `${month}-01`, to: last, start: new Date(`${month}-01T00:00:00+08:00`), end: new Date(`${next}-01T00:00:00+08:00`) };
}

type Grouped = Map<number, { ids: (number | string)[]; hits: (number | string)[]; sum: number }>;

/** Runs one grouping query and indexes its rows by subject. */
async function grouped(db: Executor, query: ReturnType<typeof sql<{ subject: number; ids: (number | string)[]; hits: (number | string)[] | null; sum: number | null }>>): Promise<Grouped> {
  const rows = await query.execute(db);
  return new Map(rows.rows.map((r) => [r.subject, { ids: r.ids, hits: r.hits ?? [], sum: Number(r.sum ?? 0) }]));
}

/**
 * The records each indicator counts for every window or person of a centre in a month. The
 * column the subject is read from differs by record (a ticket's serving window and clerk, a
 * case's accepting window and clerk, a rating's window and staff member …).
 */
async function collect(db: Executor, centreId: number, type: SubjectType, month: string) {
  const { from, to, start, end } = monthBounds(month);
  const col = (windowColumn: string, personColumn: string) => sql.raw(type === 'window' ? windowColumn : personColumn);
  const [volume, cases, promised, ratings, complaints, findings, attendance] = await Promise.all([
    grouped(db, sql`
      SELECT ${col('t.window_id', 't.clerk_id')} AS subject, array_agg(t.id ORDER BY t.id) AS ids, NULL AS hits, NULL AS sum
        FROM queue_tickets t
       WHERE t.centre_id = ${centreId} AND t.status = 'done' AND t.day BETWEEN ${from} AND ${to}
       GROUP BY 1`),
    // 按时: decided on or before the final deadline (stops and extensions included).
    grouped(db, sql`
      SELECT ${col('c.window_id', 'c.clerk_id')} AS subject, array_agg(c.id::text ORDER BY c.number) AS ids,
             array_remove(array_agg(CASE WHEN (c.decided_at AT TIME ZONE 'Asia/Shanghai')::date <= c.due_date THEN c.id::text END ORDER BY c.number), NULL) AS hits,
             NULL AS sum
        FROM cases c
       WHERE c.centre_id = ${centreId} AND c.status = 'completed' AND c.decided_at IS NOT NULL AND c.due_date IS NOT NULL
         AND c.completed_at >= ${start} AND c.completed_at < ${end}
       GROUP BY 1`),
    // 提前: the completed 承诺件 decided before the final deadline, out of the completed 承诺件
    // (an 即办件 is decided on the spot and cannot be early).
    grouped(db, sql`
      SELECT ${col('c.window_id', 'c.clerk_id')} AS subject, array_agg(c.id::text ORDER BY c.number) AS ids,
             array_remove(array_agg(CASE WHEN (c.decided_at AT TIME ZONE 'Asia/Shanghai')::date < c.due_date THEN c.id::text END ORDER BY c.number), NULL) AS hits,
             NULL AS sum
        FROM cases c
       WHERE c.centre_id = ${centreId} AND c.status = 'completed' AND c.decided_at IS NOT NULL AND c.due_date IS NOT NULL
         AND c.completed_at >= ${start} AND c.completed_at < ${end} AND ${promisedCase('c')}
       GROUP BY 1`),
    grouped(db, sql`
      SELECT ${col('r.window_id', 'r.staff_id')} AS subject, array_agg(r.id ORDER BY r.id) AS ids,
             array_remove(array_agg(CASE WHEN r.level >= 3 THEN r.id END ORDER BY r.id), NULL) AS hits, NULL AS sum
        FROM ratings r
        JOIN windows w ON w.id = r.window_id
       WHERE w.centre_id = ${centreId} AND r.created_at >= ${start} AND r.created_at < ${end} AND ${countedRating}
       GROUP BY 1`),
    grouped(db, sql`
      SELECT ${col('i.about_window_id', 'i.about_user_id')} AS subject, array_agg(i.id ORDER BY i.id) AS ids, NULL AS hits, NULL AS sum
        FROM inquiries i
        JOIN departments d ON d.id = i.department_id
       WHERE d.centre_id = ${centreId} AND i.kind = 'complaint' AND i.created_at >= ${start} AND i.created_at < ${end}
       GROUP BY 1`),
    grouped(db, sql`
      SELECT ${col('f.window_id', 'f.person_id')} AS subject, array_agg(f.id ORDER BY f.id) AS ids, NULL AS hits, sum(r.points) AS sum
        FROM inspection_findings f
        JOIN discipline_rules r ON r.id = f.rule_id
       WHERE f.centre_id = ${centreId} AND f.status = 'confirmed' AND f.found_at >= ${start} AND f.found_at < ${end}
       GROUP BY 1`),
    // One attendance record per subject and day (the first sign-in), so a day counts once.
    grouped(db, sql`
      SELECT subject, array_agg(id ORDER BY id) AS ids, array_agg(day::text ORDER BY id) AS hits, NULL AS sum
        FROM (SELECT DISTINCT ON (${col('a.window_id', 'a.user_id')}, a.day) ${col('a.window_id', 'a.user_id')} AS subject, a.id, a.day
                FROM window_attendance a JOIN windows w ON w.id = a.window_id
               WHERE w.centre_id = ${centreId} AND a.day BETWEEN ${from} AND ${to}
               ORDER BY ${col('a.window_id', 'a.user_id')}, a.day, a.signed_in_at) first_sign_ins
       GROUP BY 1`),
  ]);
  // Bad ratings and whether each was rectified, per subject.
  const badRows = await sql<{ subject: number; id: number; rectified: boolean }>`
    SELECT ${col('r.window_id', 'r.staff_id')} AS subject, r.id, coalesce(x.status = 'rectified', false) AS rectified
      FROM ratings r
      JOIN windows w ON w.id = r.window_id
      LEFT JOIN rectifications x ON x.rating_id = r.id
     WHERE w.centre_id = ${centreId} AND r.level <= 2 AND r.created_at >= ${start} AND r.created_at < ${end} AND ${countedRating}
     ORDER BY r.id`.execute(db);
  const bad: Grouped = new Map();
  for (const r of badRows.rows) {
    const entry = bad.get(r.subject) ?? { ids: [], hits: [], sum: 0 };
    entry.ids.push(r.id);
    if (r.rectified) entry.hits.push(r.id);
    bad.set(r.subject, entry);
  }
  return { volume, cases, promised, ratings, bad, complaints, findings, attendance };
}

type Collected = Awaited<ReturnType<typeof collect>>;
const EMPTY = { ids: [], hits: [], sum: 0 };

function rate(hits: number, total: number): number | null {
  return total > 0 ? round1((100 * hits) / total) : null;
}

/** One indicator's value, score (0–100 or null: nothing to count) and the records behind it. */
function indicatorScore(
  key: IndicatorKey,
  subject: number,
  data: Collected,
  context: { maxVolume: number; workdays: number; isWorkday: (day: string) => boolean; perItem: number },
): Omit<TIndicatorScore, 'label' | 'weight'> {
  const at = (g: Grouped) => g.get(subject) ?? EMPTY;
  const records = (kind: RecordKind, ids: (number | string)[]) => ({ kind, ids });
  switch (key) {
    case 'volume': {
      const n = at(data.volume).ids.length;
      return { key, value: `${n} 人次`, score: context.maxVolume > 0 ? round1((100 * n) / context.maxVolume) : null, records: records('ticket', at(data.volume).ids) };
    }
    case 'on_time': {
      const c = at(data.cases);
      return { key, value: `${c.hits.length}/${c.ids.length}`, score: rate(c.hits.length, c.ids.length), records: records('case', c.ids) };
    }
    case 'early': {
      const c = at(data.promised);
      return { key, value: `${c.hits.length}/${c.ids.length}`, score: rate(c.hits.length, c.ids.length), records: records('case', c.ids) };
    }
    case 'satisfaction': {
      const r = at(data.ratings);
      return { key, value: `${r.hits.length}/${r.ids.length}`, score: rate(r.hits.length, r.ids.length), records: records('rating', r.ids) };
    }
    case 'rectified': {
      const b = at(data.bad);
      return { key, value: `${b.hits.length}/${b.ids.length}`, score: rate(b.hits.length, b.ids.length), records: records('rating', b.ids) };
    }
    case 'complaints': {
      const n = at(data.complaints).ids.length;
      return { key, value: `${n} 件`, score: Math.max(0, 100 - context.perItem * n), records: records('complaint', at(data.complaints).ids) };
    }
    case 'findings': {
      const f = at(data.findings);
      return { key, value: `${f.ids.length} 项，扣 ${f.sum} 分`, score: Math.max(0, round1(100 - f.sum)), records: records('finding', f.ids) };
    }
    case 'attendance': {
      const a = at(data.attendance);
      const days = a.hits.filter((day) => context.isWorkday(String(day))).length;
      return { key, value: `${days}/${context.workdays} 天`, score: context.workdays > 0 ? Math.min(100, rate(days, context.workdays)!) : null, records: records('attendance', a.ids) };
    }
  }
}

export interface ComputedScore {
  subjectType: SubjectType;
  subjectId: number;
  name: string;
  departmentId: number | null;
  total: number;
  rank: number;
  proposed: boolean;
  indicators: TIndicatorScore[];
}

/**
 * Scores every window and every clerk of a centre for a month under a scheme: each indicator 0–100
 * from its records, the total the weighted mean of the indicators that had something to count,
 * ranked by total (then volume, then name); the top ones proposed for 文明窗口 / 文明之星.
 */
export async function scoreMonth(db: Executor, options: { centreId: number; month: string; scheme: TScheme; today?: string }): Promise<ComputedScore[]> {
  const { centreId, month, scheme } = options;
  const today = options.today ?? chinaDate();
  const { from, to } = monthBounds(month);
  const centre = await db.selectFrom('centres').select('region_code').where('id', '=', centreId).executeTakeFirstOrThrow();
  const calendar = await calendarFor(db, centre.region_code);
  // A month under way counts its working days so far.
  const until = to < today ? to : today;
  const workdays = until >= from ? calendar.workdaysBetween(from, until) : 0;
  const subjects = {
    window: (await db.selectFrom('windows').select(['id', 'number', 'name']).where('centre_id', '=', centreId).orderBy('number').execute()).map((w) => ({ id: w.id, name: `${w.number} ${w.name}`, departmentId: null as number | null })),
    person: (await db.selectFrom('users').select(['id', 'display_name', 'department_id']).where('centre_id', '=', centreId).where('role', '=', 'clerk').where('disabled', '=', false).orderBy('id').execute()).map((u) => ({ id: u.id, name: u.display_name, departmentId: u.department_id })),
  };
  const result: ComputedScore[] = [];
  for (const type of ['window', 'person'] as const) {
    const data = await collect(db, centreId, type, month);
    const maxVolume = Math.max(0, ...subjects[type].map((s) => data.volume.get(s.id)?.ids.length ?? 0));
    const scored = subjects[type].map((s) => {
      const indicators = scheme.indicators.map((i) => ({
        ...indicatorScore(i.key, s.id, data, { maxVolume, workdays, isWorkday: (d) => calendar.isWorkday(d) && d <= until, perItem: i.perItem ?? 20 }),
        label: i.label,
        weight: i.weight,
      }));
      const rated = indicators.filter((i) => i.score !== null && i.weight > 0);
      const weights = rated.reduce((sum, i) => sum + i.weight, 0);
      const total = weights > 0 ? round1(rated.reduce((sum, i) => sum + i.weight * i.score!, 0) / weights) : 0;
      const volume = data.volume.get(s.id)?.ids.length ?? 0;
      return { subjectType: type, subjectId: s.id, name: s.name, departmentId: s.departmentId, total, volume, indicators };
    });
    scored.sort((a, b) => b.total - a.total || b.volume - a.volume || a.name.localeCompare(b.name, 'zh'));
    const awards = type === 'window' ? scheme.windowAwards : scheme.personAwards;
    scored.forEach(({ volume: _volume, ...s }, i) => result.push({ ...s, rank: i + 1, proposed: i < awards && s.total > 0 }));
  }
  return result;
}

/**
 * 月度考核 (re)computed by the administrator: a draft run with every score and the records it
 * counted. A confirmed or published month is final.
 */
export async function computeRun(db: Database, actor: Actor, month: string): Promise<number> {
  if (actor.role !== 'admin' || !actor.centreId) throw forbidden('只有中心管理员可以计算考核');
  const centreId = actor.centreId;
  if (month > chinaDate().slice(0, 7)) throw validationFailed('body.month', '不能考核未来的月份');
  const scheme = await loadScheme(db, centreId);
  const scores = await scoreMonth(db, { centreId, month, scheme });
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('assessment_runs')
      .values({ centre_id: centreId, month, scheme: JSON.stringify(scheme), computed_by: actor.id })
      .onConflict((oc) => oc.columns(['centre_id', 'month']).doNothing())
      .execute();
    const run = await trx.selectFrom('assessment_runs').select(['id', 'status']).where('centre_id', '=', centreId).where('month', '=', month).forUpdate().executeTakeFirstOrThrow();
    if (run.status !== 'draft') throw invalidState('该月考核已确认，不能重算');
    await trx.deleteFrom('assessment_scores').where('run_id', '=', run.id).execute();
    await trx.updateTable('assessment_runs').set({ scheme: JSON.stringify(scheme), computed_by: actor.id, computed_at: clockNow() }).where('id', '=', run.id).execute();
    if (scores.length) {
      await trx
        .insertInto('assessment_scores')
        .values(
          scores.map((s) => ({
            run_id: run.id,
            subject_type: s.subjectType,
            subject_id: s.subjectId,
            name: s.name,
            department_id: s.departmentId,
            total: s.total,
            rank: s.rank,
            proposed: s.proposed,
            awarded: s.proposed,
            indicators: JSON.stringify(s.indicators),
          })),
        )
        .execute();
    }
    await writeAudit(trx, { actorId: actor.id, action: 'assessment.compute', targetType: 'assessment_run', targetId: String(run.id), detail: { month } });
    return run.id;
  });
}
