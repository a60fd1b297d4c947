import type { Database } from '../../db/database.js';
import { forbidden } from '../../http/errors.js';
import type { Actor } from '../auth/actor.js';
import { regionPrefix } from '../cases/policy.js';
import type { StatsScope } from './stats.js';

/**
 * The region a caller supervises: a supervisor their own region (a city covers its counties);
 * a centre administrator the region of their centre.
 */
export async function supervisionScope(db: Database, actor: Actor): Promise<StatsScope> {
  if (actor.role === 'supervisor' && actor.regionCode) return { regionPrefix: regionPrefix(actor.regionCode) };
  if (actor.role === 'admin' && actor.centreId !== null) {
    const centre = await db.selectFrom('centres').select('region_code').where('id', '=', actor.centreId).executeTakeFirst();
    if (centre) return { regionPrefix: regionPrefix(centre.region_code) };
  }
  throw forbidden('当前账号没有监察范围');
}
