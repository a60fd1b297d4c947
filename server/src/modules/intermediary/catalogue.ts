import type { Database } from '../../db/database.js';
import { AppError, forbidden, notFound } from '../../http/errors.js';
import type { Actor } from '../auth/actor.js';
import { recordEvent } from './events.js';
import { isCentreAdmin } from './policy.js';
import type { DayUnit } from './tables.js';

/** 中介服务事项清单: the centre keeps the list and which approval items need each service. */
export interface ServiceTypeInput {
  code: string;
  name: string;
  legalBasis: string;
  feeBasis: string;
  usualDays: number;
  dayUnit: DayUnit;
  published: boolean;
  itemIds: number[];
}

export async function saveServiceType(db: Database, options: { actor: Actor; id?: number; input: ServiceTypeInput }) {
  if (!isCentreAdmin(options.actor)) throw forbidden('只有中心管理员可以维护中介服务事项清单');
  const { input } = options;
  return db.transaction().execute(async (trx) => {
    const items = input.itemIds.length ? await trx.selectFrom('service_items').select('id').where('id', 'in', input.itemIds).execute() : [];
    if (items.length !== new Set(input.itemIds).size) {
      throw new AppError('VALIDATION_FAILED', '关联的审批事项不存在', [{ field: 'body.itemIds', message: '有不存在的审批事项' }]);
    }
    const values = {
      code: input.code,
      name: input.name,
      legal_basis: input.legalBasis,
      fee_basis: input.feeBasis,
      usual_days: input.usualDays,
      day_unit: input.dayUnit,
      published: input.published,
    };
    const clash = await trx.selectFrom('intermediary_service_types').select('id').where('code', '=', input.code).executeTakeFirst();
    if (clash && clash.id !== options.id) throw new AppError('CONFLICT', '事项编码已被使用');
    let id = options.id;
    if (id === undefined) {
      id = (await trx.insertInto('intermediary_service_types').values(values).returning('id').executeTakeFirstOrThrow()).id;
    } else {
      const updated = await trx.updateTable('intermediary_service_types').set(values).where('id', '=', id).returning('id').executeTakeFirst();
      if (!updated) throw notFound('中介服务事项');
      await trx.deleteFrom('intermediary_service_items').where('service_type_id', '=', id).execute();
    }
    if (input.itemIds.length) {
      await trx.insertInto('intermediary_service_items').values([...new Set(input.itemIds)].map((item_id) => ({ service_type_id: id!, item_id }))).execute();
    }
    await recordEvent(trx, options.actor, { action: options.id === undefined ? 'service_type_created' : 'service_type_changed', entity: 'service_type', entityId: id, data: { code: input.code, itemIds: input.itemIds } });
    return { id };
  });
}
