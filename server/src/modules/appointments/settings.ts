import type { Database, Executor } from '../../db/database.js';
import { forbidden } from '../../http/errors.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../auth/repo.js';
import { saveSetting } from '../ratings/repo.js';
import { settingValue } from './repo.js';
import { ZHallSettings, type THallSettings } from './schema.js';

export const DEFAULT_HALL_SETTINGS: THallSettings = {
  noShowLimit: 3,
  noShowWindowDays: 90,
  pauseDays: 30,
  reminderHours: 24,
  checkInEarlyMinutes: 60,
  checkInLateMinutes: 30,
  elderlyAge: 60,
  exposureNames: 'mask',
};

export async function loadHallSettings(db: Executor): Promise<THallSettings> {
  const row = await settingValue(db, 'hall');
  const parsed = ZHallSettings.partial().safeParse(row?.value ?? {});
  return { ...DEFAULT_HALL_SETTINGS, ...(parsed.success ? parsed.data : {}) };
}

export async function saveHallSettings(db: Database, actor: Actor, settings: THallSettings): Promise<void> {
  if (actor.role !== 'admin') throw forbidden('只有中心管理员可以修改大厅规则');
  await db.transaction().execute(async (trx) => {
    await saveSetting(trx, 'hall', JSON.stringify(settings), actor.id);
    await writeAudit(trx, { actorId: actor.id, action: 'settings.hall', targetType: 'settings', targetId: 'hall', detail: settings });
  });
}
