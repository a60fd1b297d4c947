import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { notFound } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import { regionPrefix } from '../cases/policy.js';
import { countedRating } from '../ratings/service.js';
import { dashboardTiles, lightsBy } from './dashboard.js';
import { addDays } from './rollup.js';
import type { CaseEventHub } from './live.js';
import { dailyTrend, periodStats, type StatsScope } from './stats.js';
import { now as clockNow } from '../../util/clock.js';

/** The service centres in a supervisor's region, each with its big screen's address in the web app. */
export async function centresInScope(db: Database, options: { scope: StatsScope }) {
  const rows = await db
    .selectFrom('centres')
    .select(['id', 'name', 'region_code', 'address'])
    .where('region_code', 'like', `${options.scope.regionPrefix}%`)
    .orderBy('region_code')
    .orderBy('id')
    .execute();
  return rows.map((c) => ({ id: c.id, name: c.name, regionCode: c.region_code, address: c.address, screenPath: `/screen/${c.id}` }));
}

/**
 * What the hall's big screen (大屏) shows for one centre's region: counts only, no case numbers
 * and no names, because the screen hangs where the public stands.
 */
export async function bigScreen(db: Database, options: { centreId: number; today?: string }) {
  const today = options.today ?? chinaDate();
  const centre = await db.selectFrom('centres').select(['name', 'region_code']).where('id', '=', options.centreId).executeTakeFirst();
  if (!centre) throw notFound('服务中心');
  const scope = { regionPrefix: regionPrefix(centre.region_code) };
  const monthStart = `${today.slice(0, 7)}-01`;
  // Today's live statistics feed both the per-department bars and the trend's last day: counted once.
  const todayStats = periodStats(db, { from: today, to: today, dimension: 'department', scope, today });
  const [tiles, trend, todayByDepartment, lights, satisfaction] = await Promise.all([
    dashboardTiles(db, { scope, today }),
    dailyTrend(db, { from: addDays(today, -29), to: today, scope, today, todayStats }),
    todayStats,
    lightsBy(db, { group: 'department', scope, today }),
    sql<{ total: number; satisfied: number }>`
      SELECT count(*)::int AS total, count(*) FILTER (WHERE r.level >= 3)::int AS satisfied
        FROM ratings r
        LEFT JOIN departments d ON d.id = r.department_id
        LEFT JOIN windows w ON w.id = r.window_id
        LEFT JOIN centres c ON c.id = w.centre_id
       WHERE r.created_at >= (${monthStart}::date::timestamp AT TIME ZONE 'Asia/Shanghai')
         AND coalesce(d.region_code, c.region_code) LIKE ${`${scope.regionPrefix}%`}
         AND ${countedRating}`.execute(db),
  ]);
  const rated = satisfaction.rows[0]!;
  return {
    centreName: centre.name,
    today,
    intake: tiles.intake,
    lights: tiles.lights,
    waitingForAcceptance: tiles.waitingForAcceptance,
    trend,
    byDepartment: todayByDepartment.rows.map((r) => ({ name: r.name, received: r.received, completed: r.completed })),
    lightsByDepartment: lights.map((l) => ({ name: l.name, green: l.green, yellow: l.yellow, red: l.red, grey: l.grey })),
    satisfaction: { ratings: rated.total, rate: rated.total > 0 ? rated.satisfied / rated.total : null },
    updatedAt: clockNow().toISOString(),
  };
}

export type BigScreen = Awaited<ReturnType<typeof bigScreen>>;

/**
 * Every screen of a centre asks for the same summary after the same change; without sharing, 200
 * screens would run 200 copies of five aggregate queries per case step. One computation per centre
 * is shared until the next committed change (heard on the same LISTEN connection the screens use)
 * or `ttlMs`, whichever comes first; the time limit covers what no event announces (midnight, a
 * light turning red) and a lost LISTEN connection.
 */
export class ScreenCache {
  private readonly entries = new Map<number, { at: number; value: Promise<BigScreen> }>();
  private listening: Promise<unknown> | undefined;

  constructor(
    private readonly hub: CaseEventHub | undefined,
    private readonly ttlMs = 5_000,
  ) {}

  /** `db`: where a fresh summary is read (the read replica when there is one). */
  async get(centreId: number, db: Database): Promise<BigScreen> {
    // Without change notices a cached answer could hide a change: compute every time.
    if (!this.hub) return bigScreen(db, { centreId });
    this.listening ??= this.hub.subscribe(() => this.entries.clear());
    await this.listening;
    const cached = this.entries.get(centreId);
    if (cached && Date.now() - cached.at < this.ttlMs) return cached.value;
    const value = bigScreen(db, { centreId });
    this.entries.set(centreId, { at: Date.now(), value });
    value.catch(() => {
      if (this.entries.get(centreId)?.value === value) this.entries.delete(centreId);
    });
    return value;
  }
}
