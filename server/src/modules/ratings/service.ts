import crypto from 'node:crypto';
import { z } from 'zod';
import { writeAudit } from '../auth/repo.js';
import type { Database, Tx } from '../../db/database.js';
import { AppError, forbidden, invalidState, notFound, validationFailed } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import type { Actor } from '../auth/actor.js';
import { calendarFor } from '../calendar/service.js';
import { now as clockNow } from '../../util/clock.js';
import { checkWindowIndicators, NATIONAL_WINDOW_INDICATORS } from './indicators.js';
import * as repo from './repo.js';
import type { RatingDimension } from './repo.js';

/** 好差评 levels; 1 and 2 are 差评. */
export const LEVEL_LABELS = { 5: '非常满意', 4: '满意', 3: '基本满意', 2: '不满意', 1: '非常不满意' } as const;
export const isBadRating = (level: number) => level <= 2;

/**
 * Each channel's indicators (GB/T 39735), each rated 1–5 besides the overall level. The window's are
 * the national default; a centre may set its own for its tablets (indicators.ts).
 */
export const INDICATORS = {
  online: { efficiency: '办事效率', guideAccuracy: '指南准确', convenience: '办事便捷', easeOfUse: '操作简便' },
  window: NATIONAL_WINDOW_INDICATORS,
} as const;

/** A window service may be rated this long after it opened; later ratings are not about it. */
const WINDOW_RATING_MINUTES = 30;

function checkIndicators(channel: 'online', indicators: Record<string, number>): void {
  const allowed = INDICATORS[channel] as Record<string, string>;
  for (const [key, value] of Object.entries(indicators)) {
    if (!(key in allowed)) throw validationFailed(`body.indicators.${key}`, '不是该渠道的评价指标');
    if (!Number.isInteger(value) || value < 1 || value > 5) throw validationFailed(`body.indicators.${key}`, '应为 1–5');
  }
}

export const ZRatingSettings = z.object({
  rectifyWorkdays: z.number().int().min(1).max(30).meta({ description: '差评整改期限 (working days; 5 to 15 are common)' }),
  inviteAfterDays: z.number().int().min(1).max(30).meta({ description: 'Invite to rate a completed case unrated after this many days' }),
  consultationWorkdays: z.number().int().min(1).max(30),
  complaintWorkdays: z.number().int().min(1).max(30),
});
export type RatingSettings = z.infer<typeof ZRatingSettings>;
const DEFAULT_RATING_SETTINGS: RatingSettings = { rectifyWorkdays: 5, inviteAfterDays: 3, consultationWorkdays: 3, complaintWorkdays: 5 };

/** A region's own 好差评 settings (key `ratings:<region>`), else the centre-wide ones. */
export async function loadRatingSettings(db: Database | Tx, regionCode: string | null): Promise<RatingSettings> {
  const keys = regionCode ? [`ratings:${regionCode}`, 'ratings'] : ['ratings'];
  const rows = await repo.settingsRows(db, keys);
  const value = rows.find((r) => r.key !== 'ratings')?.value ?? rows.find((r) => r.key === 'ratings')?.value;
  return { ...DEFAULT_RATING_SETTINGS, ...(value as Partial<RatingSettings> | undefined) };
}

export async function saveRatingSettings(db: Database, actor: Actor, settings: RatingSettings): Promise<void> {
  if (actor.role !== 'admin' || !actor.regionCode) throw forbidden('只有中心管理员可以修改本地区的好差评设置');
  const key = `ratings:${actor.regionCode}`;
  await db.transaction().execute(async (trx) => {
    await repo.saveSetting(trx, key, JSON.stringify(settings), actor.id);
    await writeAudit(trx, { actorId: actor.id, action: 'settings.ratings', targetType: 'settings', targetId: key, detail: settings });
  });
}

/**
 * Opens the rectification a 差评 requires, due in the region's number of working days (the legal
 * clock's calendar of that region). Without a department (a window service with no case) the
 * centre running the window answers for it.
 */
async function openRectification(
  trx: Tx,
  rating: { id: number; department_id: number | null },
  scope: { regionCode: string | null; centreId: number | null },
): Promise<void> {
  const workdays = (await loadRatingSettings(trx, scope.regionCode)).rectifyWorkdays;
  const calendar = await calendarFor(trx, scope.regionCode);
  await repo.insertRectification(trx, {
    rating_id: rating.id,
    department_id: rating.department_id,
    centre_id: scope.centreId,
    region_code: scope.regionCode,
    due_date: calendar.addWorkdays(chinaDate(), workdays).due,
  });
}

/** 一事一评: the applicant rates their completed case once. */
export async function rateCase(options: {
  db: Database;
  actor: Actor;
  caseId: string;
  level: number;
  indicators: Record<string, number>;
  comment: string;
}): Promise<{ id: number; rectification: boolean }> {
  const { db, actor } = options;
  if (actor.role !== 'applicant') throw forbidden('只有申请人可以评价自己的办件');
  checkIndicators('online', options.indicators);
  return db.transaction().execute(async (trx) => {
    const c = await repo.visibleCase(trx, actor, options.caseId);
    if (!c) throw notFound('办件');
    if (!['completed', 'refused'].includes(c.status)) throw invalidState('办结后才能评价');
    const rating = await repo.insertCaseRating(trx, {
      channel: 'online',
      case_id: c.id,
      level: options.level,
      indicators: JSON.stringify(options.indicators),
      comment: options.comment,
      item_id: c.item_id,
      department_id: c.department_id,
      staff_id: c.assignee_id,
      rater_id: actor.id,
    });
    if (!rating) throw new AppError('CONFLICT', '该办件已评价过（一事一评）');
    const bad = isBadRating(options.level);
    if (bad) await openRectification(trx, rating, { regionCode: c.region_code, centreId: c.centre_id });
    return { id: rating.id, rectification: bad };
  });
}

const hashKey = (key: string) => crypto.createHash('sha256').update(key).digest();

/**
 * Issues a new key for a window's rating tablet (the old one stops working) and returns the
 * kiosk address to open on the tablet. The key is shown once; the database keeps its hash.
 */
export async function issueKioskKey(options: { db: Database; actor: Actor; windowId: number; publicUrl: string }): Promise<{ url: string }> {
  if (options.actor.role !== 'admin') throw forbidden('只有中心管理员可以配置评价器');
  const key = crypto.randomBytes(24).toString('base64url');
  const updated = await repo.setKioskKeyHash(options.db, options.windowId, options.actor.centreId, hashKey(key));
  if (updated.numUpdatedRows === 0n) throw notFound('窗口');
  return { url: `${options.publicUrl}/kiosk/${options.windowId}?key=${key}` };
}

/** The tablet proves it is the one installed at this window. */
async function assertKiosk(db: Database | Tx, windowId: number, key: string): Promise<void> {
  const window = await repo.kioskKeyHash(db, windowId);
  const given = hashKey(key);
  if (!window?.kiosk_key_hash || !crypto.timingSafeEqual(window.kiosk_key_hash, given)) throw notFound('评价器');
}

/**
 * The clerk's workbench starts a service at their window (optionally for a case); the window's
 * tablet then shows the rating screen for it.
 */
export async function openWindowService(options: { db: Database; actor: Actor; caseId?: string }): Promise<{ serviceId: string }> {
  const { db, actor } = options;
  if (actor.role !== 'clerk' || !actor.windowId) throw forbidden('只有在窗口的工作人员可以发起评价');
  return db.transaction().execute(async (trx) => {
    if (options.caseId) {
      const c = await repo.visibleCaseId(trx, actor, options.caseId);
      if (!c) throw notFound('办件');
    }
    // One service at a time per window: a new one closes the last.
    await repo.closeOpenWindowServices(trx, actor.windowId!, clockNow());
    const row = await repo.insertWindowService(trx, { window_id: actor.windowId!, clerk_id: actor.id, case_id: options.caseId ?? null });
    return { serviceId: row.id };
  });
}

/** What the window's tablet shows: the open, unrated, recent service, or nothing. */
export async function currentWindowService(db: Database, windowId: number, key: string) {
  await assertKiosk(db, windowId, key);
  const row = await repo.currentUnratedService(db, windowId, WINDOW_RATING_MINUTES);
  return row ? { serviceId: row.id, windowName: row.window_name, windowNumber: row.window_number, clerkName: row.clerk_name } : null;
}

/**
 * 一次一评 at the window: no login for the citizen; the tablet's key and an open, recent service
 * at that window prove the service happened, and it is rated once.
 */
export async function rateWindowService(options: {
  db: Database;
  windowId: number;
  key: string;
  serviceId: string;
  level: number;
  indicators: Record<string, number>;
  comment: string;
}): Promise<{ id: number; rectification: boolean }> {
  // The centre's own 评价器 indicators (the national ones by default).
  await checkWindowIndicators(options.db, options.windowId, options.indicators);
  return options.db.transaction().execute(async (trx) => {
    await assertKiosk(trx, options.windowId, options.key);
    const service = await repo.windowServiceForRating(trx, options.serviceId, options.windowId);
    // A service never pushed, or pushed at another window, did not happen here.
    if (!service) throw notFound('窗口服务');
    if (service.rating_id !== null) throw new AppError('CONFLICT', '本次服务已评价（一次一评）');
    // Closed (the clerk pushed the next service) or long past: no longer this person's service.
    if (service.closed_at || clockNow().getTime() - service.started_at.getTime() > WINDOW_RATING_MINUTES * 60_000) throw invalidState('本次服务已结束，不能再评价');
    const rating = await repo.insertWindowServiceRating(trx, {
      channel: 'window',
      case_id: service.case_id,
      window_service_id: service.id,
      level: options.level,
      indicators: JSON.stringify(options.indicators),
      comment: options.comment,
      item_id: service.item_id,
      department_id: service.department_id,
      window_id: service.window_id,
      staff_id: service.clerk_id,
    });
    if (!rating) throw new AppError('CONFLICT', '本次服务已评价（一次一评）');
    await repo.closeWindowService(trx, service.id, clockNow());
    const bad = isBadRating(options.level);
    if (bad) await openRectification(trx, rating, { regionCode: service.region_code, centreId: service.centre_id });
    return { id: rating.id, rectification: bad };
  });
}

export type { RatingDimension } from './repo.js';

export interface RatingStatsRow {
  key: number | string;
  name: string;
  total: number;
  satisfied: number;
  bad: number;
  average: number;
  /** 满意率: (非常满意 + 满意 + 基本满意) / all ratings. */
  satisfactionRate: number;
  /** 差评率: (不满意 + 非常不满意) / all ratings. */
  badRate: number;
  /** 1 = best; equal satisfaction rate and average share a rank. Null for months (a series, not a ranking). */
  rank: number | null;
}

export { countedRating } from './repo.js';

/**
 * 满意率 and 差评率 by department, window, staff member, item or month over a period (China dates,
 * both inclusive). Ratings a supervisor found invalid on appeal (malicious or mistaken) do not
 * count. Groups with fewer ratings than `minCount` are left out, so a single rating ranks nobody;
 * the rest are ranked by satisfaction rate, then average level (equal on both share a rank).
 */
export async function ratingStats(
  db: Database,
  options: { by: RatingDimension; from: string; to: string; minCount: number },
): Promise<RatingStatsRow[]> {
  const rows = await repo.ratingTotals(db, options);
  const stats = rows.map((r) => ({
    key: r.key,
    name: r.name ?? String(r.key),
    total: r.total,
    satisfied: r.satisfied,
    bad: r.bad,
    average: r.average,
    satisfactionRate: r.satisfied / r.total,
    badRate: r.bad / r.total,
    rank: null as number | null,
  }));
  if (options.by === 'month') return stats.sort((x, y) => String(x.key).localeCompare(String(y.key)));
  // Compare satisfied/total exactly by cross-multiplying, so 2/3 and 4/6 tie.
  const better = (x: RatingStatsRow, y: RatingStatsRow) => y.satisfied * x.total - x.satisfied * y.total || y.average - x.average;
  // Ties keep a stable, readable order: more ratings first, then by name.
  stats.sort((x, y) => better(x, y) || y.total - x.total || x.name.localeCompare(y.name, 'zh-CN'));
  stats.forEach((row, index) => {
    const previous = stats[index - 1];
    row.rank = previous && better(previous, row) === 0 ? previous.rank : index + 1;
  });
  return stats;
}

/**
 * Ratings and their rectifications for the provincial 好差评 system, in the documented format
 * (README: "好差评 export"): one object per rating, oldest first, paged by a numeric cursor.
 */
export async function exportRatings(db: Database, options: { after: number; limit: number }) {
  const rows = await repo.ratingsForExport(db, options.after, options.limit);
  return {
    ratings: rows.map((r) => ({
      id: r.id,
      channel: r.channel,
      level: r.level,
      levelName: LEVEL_LABELS[r.level as keyof typeof LEVEL_LABELS],
      bad: isBadRating(r.level),
      indicators: r.indicators,
      comment: r.comment,
      ratedAt: r.created_at.toISOString(),
      caseNumber: r.case_number,
      itemCode: r.item_code,
      itemName: r.item_name,
      departmentCode: r.department_code,
      departmentName: r.department_name,
      windowNumber: r.window_number,
      staffId: r.staff_id,
      rectification: r.rectification_status
        ? { status: r.rectification_status, dueDate: r.rectification_due, measures: r.rectification_measures, callbackAt: r.callback_at?.toISOString() ?? null, fixLevel: r.fix_level }
        : null,
    })),
    nextCursor: rows.length ? rows.at(-1)!.id : options.after,
  };
}
