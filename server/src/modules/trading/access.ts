import type { Database, Executor } from '../../db/database.js';
import { AppError, notFound } from '../../http/errors.js';
import type { Actor } from '../auth/actor.js';

export type ProjectRow = Awaited<ReturnType<typeof loadProject>>;

export async function loadProject(db: Executor, id: string, lock = false) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('交易项目');
  let query = db.selectFrom('trading_projects').selectAll().where('id', '=', id);
  if (lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw notFound('交易项目');
  return row;
}

/** The enterprise a legal-person applicant acts for, or 403. */
export async function enterpriseOf(db: Executor, actor: Actor) {
  if (actor.role !== 'applicant') throw new AppError('FORBIDDEN', '只有企业（法人）用户可以进行此操作');
  const row = await db.selectFrom('trading_enterprises').selectAll().where('user_id', '=', actor.id).executeTakeFirst();
  if (!row) throw new AppError('INVALID_STATE', '请先完成企业信息登记');
  return row;
}

/** The tenderer's own account, its agency, or the centre's staff: those who run a project. */
export async function assertRunsProject(db: Executor, actor: Actor, project: NonNullable<ProjectRow>): Promise<void> {
  if (actor.role === 'trading_officer' && (actor.centreId === null || actor.centreId === project.centre_id)) return;
  if (actor.role === 'trading_agency' && project.agency_user_id === actor.id) return;
  if (actor.role === 'applicant') {
    const own = await db.selectFrom('trading_enterprises').select('id').where('user_id', '=', actor.id).executeTakeFirst();
    if (own?.id === project.tenderer_id) return;
  }
  throw notFound('交易项目');
}

export function assertOfficer(actor: Actor, project: { centre_id: number }): void {
  if (actor.role !== 'trading_officer' || (actor.centreId !== null && actor.centreId !== project.centre_id)) throw new AppError('FORBIDDEN', '只有本交易中心工作人员可以进行此操作');
}

export async function centreName(db: Database | Executor, centreId: number): Promise<{ id: number; name: string; region_code: string }> {
  return db.selectFrom('centres').select(['id', 'name', 'region_code']).where('id', '=', centreId).executeTakeFirstOrThrow();
}
