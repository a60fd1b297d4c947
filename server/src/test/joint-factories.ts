import type { Database } from '../db/database.js';
import type { FormField } from '../db/schema.js';
import { makeDepartment, makeItem, makeUser, toActorOf } from './factories.js';
import { withCreditCheck } from '../util/identity.js';

/** Joint-approval fixtures: bundles over items of several departments, each built on demand. */

const contact: FormField[] = [
  { key: 'contactName', label: '联系人', type: 'text', required: true },
  { key: 'contactPhone', label: '联系电话', type: 'phone', required: true },
];

/** An item whose own form asks `entityName` + contact, promised in `promised` working days. */
export async function makeJointItem(db: Database, departmentId: number, promised = 3) {
  return makeItem(db, departmentId, { promised, fields: [{ key: 'entityName', label: '单位名称', type: 'text', required: true }, ...contact] });
}

/**
 * A bundle over the given items (all required unless listed in `optional` with a condition);
 * the one form asks `companyName` (mapped onto each item's `entityName`), contact, and `sellsFood`.
 */
export async function makeBundle(
  db: Database,
  centreId: number,
  itemIds: number[],
  options: { promised?: number; kind?: 'bundle' | 'stage'; stageNo?: number; optional?: { itemId: number; field: string; value: string }[]; resultKind?: 'business_licence' } = {},
) {
  const bundle = await db
    .insertInto('bundles')
    .values({
      centre_id: centreId,
      code: `B-${Math.random().toString(36).slice(2, 10)}`,
      name: options.kind === 'stage' ? `第${options.stageNo}阶段` : '测试一件事',
      kind: options.kind ?? 'bundle',
      stage_no: options.stageNo ?? null,
      promised_limit_days: options.promised ?? 1,
      form_fields: JSON.stringify([
        { key: 'companyName', label: '企业名称', type: 'text', required: true },
        { key: 'legalRepresentative', label: '法定代表人', type: 'text', required: false },
        { key: 'sellsFood', label: '是否经营食品', type: 'select', required: false, options: ['是', '否'] },
        ...contact,
      ]),
      result_kind: options.resultKind ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  for (const [position, itemId] of itemIds.entries()) {
    const optional = options.optional?.find((o) => o.itemId === itemId);
    await db
      .insertInto('bundle_items')
      .values({
        bundle_id: bundle.id,
        item_id: itemId,
        position,
        required: !optional,
        condition_field: optional?.field ?? null,
        condition_value: optional?.value ?? null,
        field_map: JSON.stringify({ entityName: 'companyName' }),
      })
      .execute();
  }
  return bundle;
}

/** A department with its reviewer and one joint-ready item. */
export async function makeMember(db: Database, centre: { id: number; region_code: string }, promised = 3) {
  const department = await makeDepartment(db, centre);
  const reviewer = await makeUser(db, 'reviewer', { centreId: centre.id, departmentId: department.id });
  const item = await makeJointItem(db, department.id, promised);
  return { department, reviewer, item, actor: toActorOf(reviewer) };
}

export const JOINT_FORM = { companyName: '梅河口市云岭科技有限公司', legalRepresentative: '周建国', sellsFood: '否', contactName: '周建国', contactPhone: '13504351234' };

/** A legal-person applicant (an enterprise owner of projects). */
export async function makeEnterprise(db: Database) {
  return makeUser(db, 'applicant', { kind: 'legal' });
}

export const creditStem = (regionCode: string) => withCreditCheck(`91${regionCode}MA0000001`);

/** A tiny valid PDF: the signed 委托书 in tests. */
export const LETTER_PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
