import { z } from 'zod';
import type { Database, Tx } from '../../db/database.js';
import { forbidden, notFound, validationFailed } from '../../http/errors.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../auth/repo.js';
import { centreIndicators, saveCentreIndicators, windowCentre } from './repo.js';

/** The national 好差评 window indicators (GB/T 39735): every centre's scheme until it sets its own. */
export const NATIONAL_WINDOW_INDICATORS = { efficiency: '办事效率', serviceLevel: '服务水平', attitude: '服务态度' } as const;

export const ZRatingIndicator = z.object({
  key: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, '指标键应为英文字母开头的字母数字'),
  label: z.string().trim().min(1).max(20),
  order: z.number().int().min(0).max(99),
  enabled: z.boolean(),
});
/** 评价器指标方案: the indicators a centre's window tablets ask for, each rated 1–5. */
export const ZRatingIndicatorScheme = z
  .object({ indicators: z.array(ZRatingIndicator).min(1).max(12) })
  .refine((s) => new Set(s.indicators.map((i) => i.key)).size === s.indicators.length, { message: '指标键不能重复', path: ['indicators'] })
  .refine((s) => s.indicators.some((i) => i.enabled), { message: '至少启用一项评价指标', path: ['indicators'] });
export type TRatingIndicatorScheme = z.infer<typeof ZRatingIndicatorScheme>;

export const DEFAULT_WINDOW_SCHEME: TRatingIndicatorScheme = {
  indicators: Object.entries(NATIONAL_WINDOW_INDICATORS).map(([key, label], i) => ({ key, label, order: i + 1, enabled: true })),
};

const ordered = (s: TRatingIndicatorScheme): TRatingIndicatorScheme => ({ indicators: [...s.indicators].sort((a, b) => a.order - b.order || a.key.localeCompare(b.key)) });

/** A centre's window indicator scheme, in order (the national one when it has set none). */
export async function loadWindowScheme(db: Database | Tx, centreId: number): Promise<TRatingIndicatorScheme> {
  const row = await centreIndicators(db, centreId);
  return ordered(row ? { indicators: row.indicators } : DEFAULT_WINDOW_SCHEME);
}

/** The enabled indicators the tablet shows, in order. */
export async function windowIndicatorsAt(db: Database | Tx, windowId: number): Promise<{ key: string; label: string }[]> {
  const window = await windowCentre(db, windowId);
  if (!window) throw notFound('窗口');
  return (await loadWindowScheme(db, window.centre_id)).indicators.filter((i) => i.enabled).map(({ key, label }) => ({ key, label }));
}

/** A window rating may score only the centre's enabled indicators, each 1–5. */
export async function checkWindowIndicators(db: Database | Tx, windowId: number, indicators: Record<string, number>): Promise<void> {
  const allowed = new Set((await windowIndicatorsAt(db, windowId)).map((i) => i.key));
  for (const [key, value] of Object.entries(indicators)) {
    if (!allowed.has(key)) throw validationFailed(`body.indicators.${key}`, '不是本中心评价器的评价指标');
    if (!Number.isInteger(value) || value < 1 || value > 5) throw validationFailed(`body.indicators.${key}`, '应为 1–5');
  }
}

/** Only the centre's administrator sets its 评价器 indicators; written with its audit row. */
export async function saveWindowScheme(db: Database, actor: Actor, scheme: TRatingIndicatorScheme): Promise<TRatingIndicatorScheme> {
  if (actor.role !== 'admin' || !actor.centreId) throw forbidden('只有中心管理员可以修改评价器指标');
  const centreId = actor.centreId;
  const value = JSON.stringify(ordered(scheme).indicators);
  await db.transaction().execute(async (trx) => {
    await saveCentreIndicators(trx, centreId, value, actor.id);
    await writeAudit(trx, { actorId: actor.id, action: 'settings.rating_indicators', targetType: 'centre', targetId: String(centreId), detail: { indicators: scheme.indicators } });
  });
  return loadWindowScheme(db, centreId);
}
