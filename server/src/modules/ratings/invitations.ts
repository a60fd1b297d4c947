import type { Tx } from '../../db/database.js';
import { enqueueNotification } from '../notifications/repo.js';
import { allRatingSettings, lockCasesToInvite, markInvited } from './repo.js';
import { loadRatingSettings, type RatingSettings } from './service.js';
import { now as clockNow } from '../../util/clock.js';

const BATCH = 500;
/** Past this many days an invitation is no longer about a service the citizen remembers. */
const INVITE_WITHIN_DAYS = 30;

/**
 * 邀请评价: a case completed at least its region's `inviteAfterDays` ago (China days; at most 30)
 * that its applicant has not rated gets one invitation, in-app and by SMS. Each region's own
 * setting counts (`PUT /api/admin/settings/ratings`), else the centre-wide one. Answers how many
 * were invited. Meant to run inside the supervision sweep's transaction.
 */
export async function inviteUnratedCases(trx: Tx, today: string): Promise<number> {
  // The shortest setting bounds the candidates; each case is then held to its own region's.
  const settings = await allRatingSettings(trx);
  const shortest = Math.min((await loadRatingSettings(trx, null)).inviteAfterDays, ...settings.map((s) => (s.value as Partial<RatingSettings>).inviteAfterDays ?? Infinity));
  const candidates = await lockCasesToInvite(trx, { today, afterDays: shortest, withinDays: INVITE_WITHIN_DAYS, limit: BATCH });
  const afterDays = new Map<string | null, number>();
  let invited = 0;
  for (const c of candidates) {
    if (!afterDays.has(c.region_code)) afterDays.set(c.region_code, (await loadRatingSettings(trx, c.region_code)).inviteAfterDays);
    const daysSince = (Date.parse(today) - Date.parse(c.completed_on)) / 86_400_000;
    if (daysSince < afterDays.get(c.region_code)!) continue;
    await markInvited(trx, c.id, clockNow());
    await enqueueNotification(trx, {
      userId: c.applicant_id,
      caseId: c.id,
      kind: 'rating_invitation',
      title: '邀请您评价',
      body: `您的办件 ${c.number} 已办结，欢迎对本次服务进行评价（好差评）。`,
      sms: true,
    });
    invited++;
  }
  return invited;
}
