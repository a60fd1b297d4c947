import { sql } from 'kysely';
import { z } from 'zod';
import type { Executor } from '../../db/database.js';

/** When the light turns yellow (预警). */
export const ZClockSettings = z
  .object({
    yellowWorkdays: z.number().int().min(0).max(30).meta({ description: 'Yellow this many working days before the deadline' }),
    yellowShare: z.number().min(0).max(1).nullable().meta({ description: 'Or once less than this share of the promised limit is left' }),
  })
  .meta({ id: 'ClockSettings' });
export type ClockSettings = z.infer<typeof ZClockSettings>;

export const DEFAULT_CLOCK_SETTINGS: ClockSettings = { yellowWorkdays: 2, yellowShare: null };

export async function loadClockSettings(db: Executor): Promise<ClockSettings> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'clock').executeTakeFirst();
  return parseClockSettings(row?.value);
}

/** The settings as stored (the `clock` row's value, or undefined), or the defaults. */
export function parseClockSettings(value: unknown): ClockSettings {
  const parsed = ZClockSettings.safeParse(value);
  return parsed.success ? parsed.data : DEFAULT_CLOCK_SETTINGS;
}

export async function saveClockSettings(db: Executor, settings: ClockSettings, by: number): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key: 'clock', value: JSON.stringify(settings), updated_by: by })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(settings), updated_by: by, updated_at: sql`now()` }))
    .execute();
}
