import type { Database } from '../../db/database.js';
import { AppError, forbidden, notFound } from '../../http/errors.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../auth/repo.js';
import type { TCategoryInput } from './schema.js';

/**
 * Creates or replaces a category of the administrator's centre with its window group. Windows and
 * departments must belong to the same centre.
 */
export async function saveCategory(options: { db: Database; actor: Actor; id?: number; input: TCategoryInput }): Promise<{ id: number }> {
  const { db, actor, input } = options;
  if (actor.role !== 'admin' || !actor.centreId) throw forbidden('只有中心管理员可以设置业务类别');
  const centreId = actor.centreId;
  return db.transaction().execute(async (trx) => {
    if (input.windowIds.length) {
      const windows = await trx.selectFrom('windows').select('id').where('id', 'in', input.windowIds).where('centre_id', '=', centreId).execute();
      if (windows.length !== new Set(input.windowIds).size) throw notFound('窗口');
    }
    if (input.departmentIds.length) {
      const departments = await trx.selectFrom('departments').select('id').where('id', 'in', input.departmentIds).where('centre_id', '=', centreId).execute();
      if (departments.length !== new Set(input.departmentIds).size) throw notFound('部门');
    }
    const clash = await trx
      .selectFrom('hall_categories')
      .select('id')
      .where('centre_id', '=', centreId)
      .where('prefix', '=', input.prefix)
      .$if(options.id !== undefined, (q) => q.where('id', '<>', options.id!))
      .executeTakeFirst();
    if (clash) throw new AppError('CONFLICT', `前缀 ${input.prefix} 已被其他类别使用`);
    const values = { prefix: input.prefix, name: input.name, department_ids: input.departmentIds, active: input.active };
    let id: number;
    if (options.id !== undefined) {
      const updated = await trx.updateTable('hall_categories').set(values).where('id', '=', options.id).where('centre_id', '=', centreId).returning('id').executeTakeFirst();
      if (!updated) throw notFound('业务类别');
      id = updated.id;
      await trx.deleteFrom('hall_category_windows').where('category_id', '=', id).execute();
    } else {
      id = (await trx.insertInto('hall_categories').values({ ...values, centre_id: centreId }).returning('id').executeTakeFirstOrThrow()).id;
    }
    const windowIds = [...new Set(input.windowIds)];
    if (windowIds.length) await trx.insertInto('hall_category_windows').values(windowIds.map((windowId) => ({ category_id: id, window_id: windowId }))).execute();
    await writeAudit(trx, { actorId: actor.id, action: 'hall.category.save', targetType: 'hall_category', targetId: String(id), detail: { ...input } });
    return { id };
  });
}
