import { sql } from 'kysely';
import type { Database, Executor } from '../../db/database.js';
import { forbidden } from '../../http/errors.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../auth/repo.js';
import { ZScheme, type TScheme } from './schema.js';

/** The scheme a centre starts from (its 考核细则 until the administrator changes it). */
export const DEFAULT_SCHEME: TScheme = {
  indicators: [
    { key: 'volume', label: '服务量', weight: 20 },
    { key: 'on_time', label: '按时办结率', weight: 15 },
    { key: 'early', label: '提前办结率', weight: 10 },
    { key: 'satisfaction', label: '满意率', weight: 20 },
    { key: 'rectified', label: '差评整改率', weight: 10 },
    { key: 'complaints', label: '投诉', weight: 10, perItem: 20 },
    { key: 'findings', label: '巡查扣分', weight: 10 },
    { key: 'attendance', label: '出勤率', weight: 5 },
  ],
  windowAwards: 1,
  personAwards: 2,
};

export async function loadScheme(db: Executor, centreId: number): Promise<TScheme> {
  const row = await db.selectFrom('assessment_schemes').selectAll().where('centre_id', '=', centreId).executeTakeFirst();
  if (!row) return DEFAULT_SCHEME;
  const parsed = ZScheme.safeParse({ indicators: row.indicators, windowAwards: row.window_awards, personAwards: row.person_awards });
  return parsed.success ? parsed.data : DEFAULT_SCHEME;
}

/** Only the centre's administrator changes the 考核细则. */
export async function saveScheme(db: Database, actor: Actor, scheme: TScheme): Promise<TScheme> {
  if (actor.role !== 'admin' || !actor.centreId) throw forbidden('只有中心管理员可以修改考核细则');
  const centreId = actor.centreId;
  await db.transaction().execute(async (trx) => {
    const values = { indicators: JSON.stringify(scheme.indicators), window_awards: scheme.windowAwards, person_awards: scheme.personAwards, updated_by: actor.id };
    await trx
      .insertInto('assessment_schemes')
      .values({ centre_id: centreId, ...values })
      .onConflict((oc) => oc.column('centre_id').doUpdateSet({ ...values, updated_at: sql`now()` }))
      .execute();
    await writeAudit(trx, { actorId: actor.id, action: 'assessment.scheme.save', targetType: 'centre', targetId: String(centreId), detail: scheme });
  });
  return scheme;
}
