import type { Database } from '../../db/database.js';
import { AppError, forbidden, notFound } from '../../http/errors.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../auth/repo.js';
import * as repo from './repo.js';
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
      const windows = await repo.centreWindowIds(trx, input.windowIds, centreId);
      if (windows.length !== new Set(input.windowIds).size) throw notFound('窗口');
    }
    if (input.departmentIds.length) {
      const departments = await repo.centreDepartmentIds(trx, input.departmentIds, centreId);
      if (departments.length !== new Set(input.departmentIds).size) throw notFound('部门');
    }
    const clash = await repo.categoryWithPrefix(trx, centreId, input.prefix, options.id);
    if (clash) throw new AppError('CONFLICT', `前缀 ${input.prefix} 已被其他类别使用`);
    const values = { prefix: input.prefix, name: input.name, department_ids: input.departmentIds, active: input.active };
    let id: number;
    if (options.id !== undefined) {
      const updated = await repo.updateCategory(trx, options.id, centreId, values);
      if (!updated) throw notFound('业务类别');
      id = updated.id;
      await repo.clearCategoryWindows(trx, id);
    } else {
      id = (await repo.insertCategory(trx, { ...values, centre_id: centreId })).id;
    }
    const windowIds = [...new Set(input.windowIds)];
    if (windowIds.length) await repo.insertCategoryWindows(trx, id, windowIds);
    await writeAudit(trx, { actorId: actor.id, action: 'hall.category.save', targetType: 'hall_category', targetId: String(id), detail: { ...input } });
    return { id };
  });
}
