import { z } from 'zod';
import type { Database, Executor } from '../../db/database.js';
import { forbidden } from '../../http/errors.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../auth/repo.js';
import { saveSetting } from '../ratings/repo.js';
import { settingValue } from './repo.js';

/** The hall's rules a centre may change (settings key `hall`). */
export const ZHallSettings = z
  .object({
    /** No-shows within `noShowWindowDays` that pause booking … */
    noShowLimit: z.number().int().min(1).max(20),
    noShowWindowDays: z.number().int().min(7).max(365),
    /** … for this many days after the last one. */
    pauseDays: z.number().int().min(1).max(365),
    /** The SMS reminder goes out this long before the slot. */
    reminderHours: z.number().int().min(1).max(72),
    /** Check-in at the kiosk opens this early before the slot and closes this late after its end. */
    checkInEarlyMinutes: z.number().int().min(0).max(240),
    checkInLateMinutes: z.number().int().min(0).max(240),
    /** 老年人优先 from this age (read from the ID number at the kiosk). */
    elderlyAge: z.number().int().min(50).max(90),
    /** How the public 曝光台 shows the person: 张** (mask), the full name, or no name (window only). */
    exposureNames: z.enum(['mask', 'full', 'none']),
  })
  .meta({ id: 'HallSettings' });
export type HallSettings = z.infer<typeof ZHallSettings>;

export const DEFAULT_HALL_SETTINGS: HallSettings = {
  noShowLimit: 3,
  noShowWindowDays: 90,
  pauseDays: 30,
  reminderHours: 24,
  checkInEarlyMinutes: 60,
  checkInLateMinutes: 30,
  elderlyAge: 60,
  exposureNames: 'mask',
};

export async function loadHallSettings(db: Executor): Promise<HallSettings> {
  const row = await settingValue(db, 'hall');
  const parsed = ZHallSettings.partial().safeParse(row?.value ?? {});
  return { ...DEFAULT_HALL_SETTINGS, ...(parsed.success ? parsed.data : {}) };
}

export async function saveHallSettings(db: Database, actor: Actor, settings: HallSettings): Promise<void> {
  if (actor.role !== 'admin') throw forbidden('只有中心管理员可以修改大厅规则');
  await db.transaction().execute(async (trx) => {
    await saveSetting(trx, 'hall', JSON.stringify(settings), actor.id);
    await writeAudit(trx, { actorId: actor.id, action: 'settings.hall', targetType: 'settings', targetId: 'hall', detail: settings });
  });
}
