import { z } from 'zod';
import type { Config } from '../config.js';
import { chinaDate } from '../util/china-time.js';
import { AppError } from './errors.js';

/** `asOf` on every supervision read and on the sweep: the training day, a China date. */
export const ZAsOf = z.iso.date('日期格式应为 YYYY-MM-DD').optional().describe('演练时钟: judge as of this later China date (ONEWINDOW_TRAINING_CLOCK on; not before today)');

/**
 * The day to judge by for a request that may carry the training clock's `asOf`: undefined (today)
 * without it; the given day when the training clock is configured on and the day is not in the
 * past. Every supervision read and the sweep apply the same rule, so a training run sees one day.
 */
export function trainingDay(config: Pick<Config, 'trainingClock'>, asOf: string | undefined, field: string): string | undefined {
  if (asOf === undefined) return undefined;
  if (!config.trainingClock) throw new AppError('FORBIDDEN', '演练时钟未开启，不能按指定日期查看或扫描（ONEWINDOW_TRAINING_CLOCK）');
  // Only forward: as of a past day, today's cases would be judged by deadlines not yet set.
  if (asOf < chinaDate()) throw new AppError('VALIDATION_FAILED', '演练日期不得早于今天', [{ field, message: '不得早于今天' }]);
  return asOf;
}
