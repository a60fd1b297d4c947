import { sql, type ExpressionBuilder, type Expression, type Insertable, type SqlBool, type Updateable } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { DB, FormField, ItemMaterial, JointApplicationTable, JointCorrection } from '../../db/schema.js';
import type { Actor } from '../auth/actor.js';
import { regionPrefix } from '../cases/policy.js';
import type { BundleMember } from './bundle-form.js';
import { now as clockNow } from '../../util/clock.js';

/**
 * Which joint applications a caller may see. A reviewer sees those with a child case in their
 * department, and only through the sibling view (never the application's own data).
 */
export function visibleJoint(actor: Actor) {
  return (eb: ExpressionBuilder<DB, 'joint_applications'>): Expression<SqlBool> => {
    switch (actor.role) {
      case 'applicant':
        return eb('joint_applications.applicant_id', '=', actor.id);
      case 'agent':
        return eb.or([
          eb('joint_applications.agent_id', '=', actor.id),
          eb(
            'joint_applications.applicant_id',
            'in',
            eb
              .selectFrom('agent_authorisations')
              .select('agent_authorisations.applicant_id')
              .where('agent_authorisations.agent_id', '=', actor.id)
              .where('agent_authorisations.revoked_at', 'is', null)
              .where('agent_authorisations.valid_from', '<=', sql<string>`china_today()`)
              .where('agent_authorisations.valid_until', '>=', sql<string>`china_today()`),
          ),
        ]);
      case 'clerk':
      case 'admin':
        return eb('joint_applications.centre_id', '=', actor.centreId ?? -1);
      // 本级人民政府负责人 decides joint extensions in the region, and reads what they decide on.
      case 'supervisor':
      case 'government_head':
        return actor.regionCode ? eb('joint_applications.region_code', 'like', `${regionPrefix(actor.regionCode)}%`) : eb.lit(false);
      default:
        return eb.lit(false);
    }
  };
}

export async function findBundle(db: Executor, bundleId: number) {
  return db.selectFrom('bundles').selectAll().where('id', '=', bundleId).executeTakeFirst();
}

/** The bundle's members with their items as published now. */
export async function bundleMembers(db: Executor, bundleIds: number[]): Promise<Map<number, BundleMember[]>> {
  const result = new Map<number, BundleMember[]>();
  if (!bundleIds.length) return result;
  const rows = await db
    .selectFrom('bundle_items')
    .innerJoin('service_items', 'service_items.id', 'bundle_items.item_id')
    .innerJoin('departments', 'departments.id', 'service_items.department_id')
    .select([
      'bundle_items.bundle_id',
      'bundle_items.item_id',
      'bundle_items.required',
      'bundle_items.condition_field',
      'bundle_items.condition_value',
      'bundle_items.field_map',
      'service_items.name as item_name',
      'service_items.code as item_code',
      'service_items.department_id',
      'service_items.form_fields',
      'service_items.materials',
      'service_items.promised_limit_days',
      'service_items.promised_limit_unit',
      'departments.name as department_name',
    ])
    .where('bundle_items.bundle_id', 'in', bundleIds)
    .orderBy('bundle_items.bundle_id')
    .orderBy('bundle_items.position')
    .execute();
  for (const r of rows) {
    const list = result.get(r.bundle_id) ?? [];
    list.push({
      itemId: r.item_id,
      itemName: r.item_name,
      itemCode: r.item_code,
      departmentId: r.department_id,
      departmentName: r.department_name,
      required: r.required,
      condition: r.condition_field && r.condition_value !== null ? { field: r.condition_field, value: r.condition_value } : null,
      fieldMap: r.field_map,
      formFields: r.form_fields as FormField[],
      materials: r.materials as ItemMaterial[],
      promisedLimitDays: r.promised_limit_days,
      promisedLimitUnit: r.promised_limit_unit,
    });
    result.set(r.bundle_id, list);
  }
  return result;
}

export function listPublishedBundles(db: Executor, filter: { kind?: 'bundle' | 'stage'; centreId?: number }) {
  let query = db.selectFrom('bundles').selectAll().where('status', '=', 'published');
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.centreId !== undefined) query = query.where('centre_id', '=', filter.centreId);
  return query.orderBy('kind').orderBy('stage_no').orderBy('id').execute();
}

/** The day's next joint application number: 220581-LB-20261201-00001. */
export async function nextNumber(db: Executor, regionCode: string, day: string): Promise<string> {
  const { n } = await sql<{ n: string }>`select nextval('joint_application_numbers')::text as n`.execute(db).then((r) => r.rows[0]!);
  return `${regionCode}-LB-${day.replaceAll('-', '')}-${n.padStart(5, '0')}`;
}

export function lockVisibleJoint(db: Executor, id: string, actor: Actor) {
  return db.selectFrom('joint_applications').selectAll().where('id', '=', id).where(visibleJoint(actor)).forUpdate().executeTakeFirst();
}

export function findVisibleJoint(db: Executor, id: string, actor: Actor) {
  return db.selectFrom('joint_applications').selectAll().where('id', '=', id).where(visibleJoint(actor)).executeTakeFirst();
}

export type JointRow = NonNullable<Awaited<ReturnType<typeof findVisibleJoint>>>;

export async function writeJointEvent(
  db: Executor,
  event: { jointId: string; actor: Actor | null; action: string; note?: string | null; data?: Record<string, unknown>; onBehalfOf?: number | null },
): Promise<void> {
  await db
    .insertInto('joint_events')
    .values({
      joint_application_id: event.jointId,
      actor_id: event.actor?.id ?? null,
      actor_role: event.actor?.role ?? 'system',
      on_behalf_of: event.onBehalfOf ?? null,
      action: event.action,
      note: event.note ?? null,
      data: JSON.stringify(event.data ?? {}),
    })
    .execute();
}

/** Child cases with what the joint clock needs, correction stops included. */
export async function childCases(db: Executor, jointIds: string[]) {
  if (!jointIds.length) return [];
  return db
    .selectFrom('cases')
    .innerJoin('service_items', 'service_items.id', 'cases.item_id')
    .innerJoin('departments', 'departments.id', 'cases.department_id')
    .select((eb) => [
      'cases.id',
      'cases.number',
      'cases.joint_application_id',
      'cases.item_id',
      'cases.department_id',
      'cases.status',
      'cases.accepted_at',
      'cases.decided_at',
      'cases.completed_at',
      'cases.due_date',
      'cases.warn_date',
      'cases.stopped_workdays',
      'cases.clock_stopped',
      'cases.assignee_id',
      'cases.review_step',
      'service_items.name as item_name',
      'departments.name as department_name',
      eb
        .selectFrom('case_clock_stops')
        .select(sql<{ start: string; end: string | null; reason: string }[]>`coalesce(jsonb_agg(jsonb_build_object('start', started_at, 'end', ended_at, 'reason', reason) order by started_at), '[]')`.as('s'))
        .whereRef('case_clock_stops.case_id', '=', 'cases.id')
        .where('case_clock_stops.kind', '=', 'correction')
        .as('correction_stops'),
    ])
    .where('cases.joint_application_id', 'in', jointIds)
    .orderBy('cases.number')
    .execute();
}
export type ChildRow = Awaited<ReturnType<typeof childCases>>[number];

export async function setCorrection(db: Executor, jointId: string, correction: JointCorrection | null): Promise<void> {
  await db
    .updateTable('joint_applications')
    .set({ correction: correction ? JSON.stringify(correction) : null, updated_at: clockNow() })
    .where('id', '=', jointId)
    .execute();
}

/** Bytes already uploaded for one joint application (the same cap as one case's materials). */
export function jointMaterialBytes(db: Executor, jointId: string): Promise<number> {
  return db
    .selectFrom('joint_materials')
    .select(sql<number>`coalesce(sum(size_bytes), 0)::int`.as('n'))
    .where('joint_application_id', '=', jointId)
    .executeTakeFirstOrThrow()
    .then((r) => r.n);
}

/** The centre a bundle belongs to, whose region numbers its applications. */
export function bundleCentre(db: Executor, centreId: number) {
  return db.selectFrom('centres').select(['id', 'region_code']).where('id', '=', centreId).executeTakeFirstOrThrow();
}

export function insertJoint(db: Executor, values: Insertable<JointApplicationTable>) {
  return db.insertInto('joint_applications').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateJoint(db: Executor, id: string, values: Updateable<JointApplicationTable>) {
  return db.updateTable('joint_applications').set(values).where('id', '=', id).execute();
}

export function lockJoint(db: Executor, id: string) {
  return db.selectFrom('joint_applications').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
}

/** A case of the department with its item and department names, and the joint application it belongs to (if any). */
export function departmentCase(db: Executor, caseId: string, departmentId: number) {
  return db
    .selectFrom('cases')
    .innerJoin('service_items', 'service_items.id', 'cases.item_id')
    .innerJoin('departments', 'departments.id', 'cases.department_id')
    .select(['cases.id', 'cases.joint_application_id', 'service_items.name as item_name', 'departments.name as department_name'])
    .where('cases.id', '=', caseId)
    .where('cases.department_id', '=', departmentId)
    .executeTakeFirst();
}

export function caseAssignees(db: Executor, caseIds: string[]) {
  return db.selectFrom('cases').select(['id', 'assignee_id']).where('id', 'in', caseIds).execute();
}

export function userWithIdentityNumber(db: Executor, identityNumber: string) {
  return db.selectFrom('users').select('id').where('identity_number', '=', identityNumber).executeTakeFirst();
}
