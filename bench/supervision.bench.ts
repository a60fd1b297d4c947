/**
 * Supervision at city scale: the dashboard tiles, the lights per department, the overdue list's
 * first page and a month's department statistics, on a database holding SCALE_CASES cases of
 * history (10 million by default) written by `seed:scale`. Each figure is the p50 of repeated
 * calls through the service functions the routes use, beside a primary-key SELECT on the same
 * table in the same run; the query plans are written to docs/benchmarks-supervision-plans.txt so
 * anyone can check that no plan scans the whole table.
 * Only with `npm run bench -- --scale` (generating 10 million cases takes a while). With
 * SCALE_DATABASE_URL set, the module reads that database instead (one `seed:scale` already
 * filled): no generation, and the database is left as it was found unless SCALE_ADD_MONTH=1.
 * It also records the database's size and how long a month of history (at the database's own
 * monthly rate) takes to write into it with every index in place. When the database holds a
 * province (`seed:scale --cities N`, or SCALE_CITIES=N here), the figures a provincial supervisor
 * sees are measured too, province-wide, as rows marked "(province, N cities)".
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { createDatabase, type Database } from '../server/src/db/database.js';
import { seedDemo } from '../server/src/demo/seed.js';
import { regionPrefix } from '../server/src/modules/cases/policy.js';
import { dashboardTiles, lightsBy, runningCaseList } from '../server/src/modules/supervision/dashboard.js';
import { addDays, chinaDayStart, groupedHappenings } from '../server/src/modules/supervision/rollup.js';
import { generateScaleHistory } from '../server/src/modules/supervision/scale.js';
import { dailyTrend, periodStats } from '../server/src/modules/supervision/stats.js';
import { chinaDate } from '../server/src/util/china-time.js';
import type { BenchContext, BenchModuleMeta, BenchRow } from './lib/types.js';

export const meta: BenchModuleMeta = {
  scaleOnly: true,
  description: 'supervision dashboard, overdue list and monthly statistics at 10 million cases (seed:scale)',
};

const ROUNDS = 40;

async function timeIt(fn: () => Promise<unknown>, rounds = ROUNDS): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 3; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length / 2)]!, p99: times[Math.min(times.length - 1, Math.ceil(times.length * 0.99) - 1)]! };
}

async function plan(db: Database, query: string): Promise<string> {
  const { rows } = await sql.raw<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${query}`).execute(db);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const cases = Number(process.env.SCALE_CASES ?? 10_000_000);
  const existing = process.env.SCALE_DATABASE_URL;
  const fresh = existing
    ? { ...createDatabase(existing, 4), drop: async () => {} }
    : await ctx.createDatabase({ name: 'scale', poolSize: 4 });
  const { db } = fresh;
  let generated: { seconds: number } | undefined;
  try {
    if (existing) {
      ctx.log('SCALE_DATABASE_URL: reading the cases seed:scale wrote there (no generation)');
    } else {
      await seedDemo(db, 'Bench-Password-1');
      ctx.log(`seed:scale: writing ${cases.toLocaleString()} cases…`);
      let lastLogged = 0;
      generated = await generateScaleHistory(db, {
        cases,
        cities: Number(process.env.SCALE_CITIES ?? 1),
        onProgress: (phase, done, total) => {
          if (done === total || Date.now() - lastLogged > 15_000) {
            lastLogged = Date.now();
            ctx.log(`  ${phase} ${done.toLocaleString()}/${total.toLocaleString()}`);
          }
        },
      });
      ctx.log(`seed:scale: ${generated.seconds.toFixed(0)} s (${Math.round(cases / generated.seconds).toLocaleString()} cases/s)`);
      await sql`VACUUM ANALYZE cases`.execute(db);
    }

    const scope = { regionPrefix: regionPrefix('220581') };
    // A city is a centre of the province that holds cases (one index probe each): the demo's
    // second centre (集安) has none, so a single-city database counts one.
    const cities = (
      await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM centres c
         WHERE c.kind = 'centre' AND c.region_code LIKE '22%' AND EXISTS (SELECT 1 FROM cases x WHERE x.centre_id = c.id)`.execute(db)
    ).rows[0]!.n;
    const province = { regionPrefix: regionPrefix('220000') };
    const today = chinaDate();
    const lastMonth = addDays(`${today.slice(0, 7)}-01`, -1);
    const month = { from: `${lastMonth.slice(0, 7)}-01`, to: lastMonth };
    // Roll-up happens once in the background on a real server; here before timing.
    await periodStats(db, { ...month, dimension: 'department', scope });
    const someId = (await sql<{ id: string }>`SELECT id FROM cases OFFSET 12345 LIMIT 1`.execute(db)).rows[0]!.id;

    const baseline = await timeIt(() => sql`SELECT id, number, status, due_date FROM cases WHERE id = ${someId}`.execute(db), 200);
    const measured = {
      tiles: await timeIt(() => dashboardTiles(db, { scope })),
      lights: await timeIt(() => lightsBy(db, { group: 'department', scope })),
      overdue: await timeIt(() => runningCaseList(db, { kind: 'overdue', scope, limit: 20 })),
      month: await timeIt(() => periodStats(db, { ...month, dimension: 'department', scope })),
      monthStaff: await timeIt(() => periodStats(db, { ...month, dimension: 'staff', scope })),
      warning: await timeIt(() => runningCaseList(db, { kind: 'warning', scope, limit: 20 })),
      // This month so far: rolled-up days plus today counted live from the cases.
      thisMonth: await timeIt(() => periodStats(db, { from: `${today.slice(0, 7)}-01`, to: today, dimension: 'department', scope })),
      trend: await timeIt(() => dailyTrend(db, { from: addDays(today, -29), to: today, scope })),
    };
    const provinceMeasured =
      cities > 1
        ? {
            tiles: await timeIt(() => dashboardTiles(db, { scope: province })),
            lights: await timeIt(() => lightsBy(db, { group: 'department', scope: province })),
            overdue: await timeIt(() => runningCaseList(db, { kind: 'overdue', scope: province, limit: 20 })),
            warning: await timeIt(() => runningCaseList(db, { kind: 'warning', scope: province, limit: 20 })),
            month: await timeIt(() => periodStats(db, { ...month, dimension: 'department', scope: province })),
            trend: await timeIt(() => dailyTrend(db, { from: addDays(today, -29), to: today, scope: province })),
          }
        : undefined;
    const counts = (
      await sql<{ total: number; running: number; overdue: number }>`
        SELECT (SELECT sum(c.reltuples)::bigint FROM pg_partition_tree('cases') t JOIN pg_class c ON c.oid = t.relid WHERE t.isleaf) AS total,
               (SELECT count(*) FROM cases WHERE status = 'accepted')::int AS running,
               (SELECT count(*) FROM cases WHERE status = 'accepted' AND due_date < ${today})::int AS overdue`.execute(db)
    ).rows[0]!;

    const plans = [
      `# Supervision query plans at ${Number(counts.total).toLocaleString()} cases (${counts.running.toLocaleString()} running, ${counts.overdue.toLocaleString()} overdue), ${new Date().toISOString()}`,
      '## lights per department (dashboard tile source)',
      await plan(db, `SELECT department_id, count(*) FILTER (WHERE due_date < '${today}') FROM cases WHERE status = 'accepted' AND region_code LIKE '${scope.regionPrefix}%' GROUP BY 1`),
      "## today's intake (tile; index-only through the covering timestamp index)",
      await plan(db, `SELECT count(*) FROM cases WHERE submitted_at >= '${today}T00:00:00+08:00' AND submitted_at < '${addDays(today, 1)}T00:00:00+08:00' AND region_code LIKE '${scope.regionPrefix}%'`),
      "## today's completions (tile)",
      await plan(db, `SELECT count(*) FROM cases WHERE completed_at >= '${today}T00:00:00+08:00' AND completed_at < '${addDays(today, 1)}T00:00:00+08:00' AND status = 'completed' AND region_code LIKE '${scope.regionPrefix}%'`),
      '## waiting for acceptance or correction (tile)',
      await plan(db, `SELECT count(*) FROM cases WHERE status IN ('submitted', 'correction_required') AND region_code LIKE '${scope.regionPrefix}%'`),
      "## today's statistics counted live (the part of any period that includes today)",
      await plan(db, compiledLiveToday(db, today)),
      '## overdue list, first page',
      await plan(db, `SELECT id, number, due_date FROM cases WHERE status = 'accepted' AND NOT clock_stopped AND due_date < '${today}' ORDER BY due_date, number LIMIT 21`),
      "## a month's department statistics (the month's sums)",
      await plan(db, `SELECT key, received, completed, on_time FROM stats_monthly WHERE dimension = 'department' AND month = '${month.from}'`),
      ...(cities > 1
        ? [
            `## lights per department, province-wide (${cities} cities)`,
            await plan(db, `SELECT department_id, count(*) FILTER (WHERE due_date < '${today}') FROM cases WHERE status = 'accepted' AND region_code LIKE '${province.regionPrefix}%' GROUP BY 1`),
          ]
        : []),
    ].join('\n\n');
    // A smoke test's plans (a few thousand cases) would say nothing about 10 million: kept out of docs.
    const file = ctx.quick ? path.join(os.tmpdir(), 'onewindow-supervision-plans.txt') : path.resolve(import.meta.dirname, '../docs/benchmarks-supervision-plans.txt');
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, `${plans}\n`);
    ctx.log(`plans written to ${path.relative(process.cwd(), file)}`);

    // What a province's database costs on disk, and what a month of new history costs to write
    // into it as it stands (indexes in place, as on a serving platform; its days re-rolled). A
    // SCALE_DATABASE_URL database is left as found unless SCALE_ADD_MONTH=1.
    const size = (
      await sql<{ database: number; cases: number; first: string | null }>`
        SELECT pg_database_size(current_database())::float8 AS database,
               -- cases is partitioned by year: its size is its partitions'.
               (SELECT sum(pg_total_relation_size(relid)) FROM pg_partition_tree('cases'))::float8 AS cases,
               (SELECT (min(submitted_at) AT TIME ZONE 'Asia/Shanghai')::date::text FROM cases) AS first`.execute(db)
    ).rows[0]!;
    let monthAdded: { cases: number; seconds: number; growth: number } | undefined;
    if (!existing || process.env.SCALE_ADD_MONTH === '1') {
      const spanDays = size.first ? Math.max(30, (Date.parse(today) - Date.parse(size.first)) / 86_400_000) : 30;
      const perMonth = Math.max(1_000, Math.round((Number(counts.total) / spanDays) * 30));
      ctx.log(`adding a month of history (${perMonth.toLocaleString()} cases) to ${Number(counts.total).toLocaleString()}…`);
      // A province's month goes to all its cities, as its history did.
      const added = await generateScaleHistory(db, { cases: perMonth, days: 30, cities, rebuildIndexes: false });
      const after = (await sql<{ database: number }>`SELECT pg_database_size(current_database())::float8 AS database`.execute(db)).rows[0]!;
      monthAdded = { cases: perMonth, seconds: added.seconds, growth: after.database - size.database };
    }

    const base = { label: 'primary-key SELECT on cases (p50)', value: baseline.p50, unit: 'ms' };
    const note = `${Number(counts.total).toLocaleString()} cases${cities > 1 ? ` in ${cities} cities` : ''}, ${counts.running.toLocaleString()} running; p99 in the figure name`;
    const row = (figure: string, m: { p50: number; p99: number }): BenchRow => ({
      figure: `${figure} p50 (p99 ${m.p99.toFixed(1)} ms)`,
      value: m.p50,
      unit: 'ms',
      baseline: base,
      target: { below: 100 },
      note,
    });
    return [
      row('supervision: dashboard tiles', measured.tiles),
      row('supervision: lights per department', measured.lights),
      row('supervision: overdue list, first page', measured.overdue),
      row("supervision: a month's statistics by department", measured.month),
      row("supervision: a month's statistics by staff", measured.monthStaff),
      row('supervision: warning list, first page', measured.warning),
      row("supervision: this month's statistics by department (today live)", measured.thisMonth),
      row('supervision: 30-day trend (today live)', measured.trend),
      ...(provinceMeasured
        ? [
            row(`supervision: dashboard tiles (province, ${cities} cities)`, provinceMeasured.tiles),
            row(`supervision: lights per department (province, ${cities} cities)`, provinceMeasured.lights),
            row(`supervision: overdue list, first page (province, ${cities} cities)`, provinceMeasured.overdue),
            row(`supervision: warning list, first page (province, ${cities} cities)`, provinceMeasured.warning),
            row(`supervision: a month's statistics by department (province, ${cities} cities)`, provinceMeasured.month),
            row(`supervision: 30-day trend (province, ${cities} cities, today live)`, provinceMeasured.trend),
          ]
        : []),
      {
        figure: 'database size',
        value: Math.round(size.database / 2 ** 20),
        unit: 'MiB',
        note: `cases with its indexes ${Math.round(size.cases / 2 ** 20).toLocaleString()} MiB; ${Math.round(size.database / Math.max(1, Number(counts.total)))} bytes per case in all, history from ${size.first ?? '—'}`,
      },
      ...(monthAdded
        ? [
            {
              figure: 'a month of history added',
              value: monthAdded.seconds,
              unit: 's',
              note: `${monthAdded.cases.toLocaleString()} cases (the database's own monthly rate) written with every index in place, its days re-rolled; the database grew ${Math.round(monthAdded.growth / 2 ** 20).toLocaleString()} MiB`,
            },
          ]
        : []),
      ...(generated
        ? [
            {
              figure: 'seed:scale generation',
              value: Math.round(cases / generated.seconds),
              unit: 'cases/s',
              note: `${cases.toLocaleString()} cases in ${generated.seconds.toFixed(0)} s, statistics roll-up included`,
            },
          ]
        : []),
    ];
  } finally {
    if (existing) await db.destroy();
    else await fresh.drop();
  }
}

/** The live statistics query as the service sends it, with its parameters inlined for EXPLAIN. */
function compiledLiveToday(db: Database, today: string): string {
  const compiled = sql`SELECT * FROM (${groupedHappenings(chinaDayStart(today), chinaDayStart(addDays(today, 1)), ['department'])}) g`.compile(db);
  return compiled.sql.replace(/\$(\d+)/g, (_, i: string) => `'${(compiled.parameters[Number(i) - 1] as Date).toISOString()}'`);
}
