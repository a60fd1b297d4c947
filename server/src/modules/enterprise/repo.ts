import type { Executor } from '../../db/database.js';
import type { EnterpriseMemberRole } from '../../db/schema.js';
import { now as clockNow } from '../../util/clock.js';

/** The people acting for an enterprise now (法定代表人 first), with who added them. */
export function listActiveMembers(db: Executor, enterpriseId: number) {
  return db
    .selectFrom('enterprise_members as m')
    .innerJoin('users as person', 'person.id', 'm.person_id')
    .leftJoin('users as adder', 'adder.id', 'm.added_by')
    .select([
      'm.id',
      'm.person_id',
      'm.role',
      'm.added_at',
      'person.display_name as name',
      'person.identity_number',
      'person.phone',
      'adder.display_name as added_by_name',
    ])
    .where('m.enterprise_id', '=', enterpriseId)
    .where('m.removed_at', 'is', null)
    .orderBy('m.role', 'desc')
    .orderBy('m.added_at')
    .execute();
}

/** 经办人 removed earlier, newest first: the page shows who lost access and when. */
export function listRemovedHandlers(db: Executor, enterpriseId: number, limit = 20) {
  return db
    .selectFrom('enterprise_members as m')
    .innerJoin('users as person', 'person.id', 'm.person_id')
    .leftJoin('users as remover', 'remover.id', 'm.removed_by')
    .select(['m.id', 'm.person_id', 'm.added_at', 'm.removed_at', 'person.display_name as name', 'remover.display_name as removed_by_name'])
    .where('m.enterprise_id', '=', enterpriseId)
    .where('m.role', '=', 'handler')
    .where('m.removed_at', 'is not', null)
    .orderBy('m.removed_at', 'desc')
    .limit(limit)
    .execute();
}

export function findActiveMembership(db: Executor, enterpriseId: number, personId: number) {
  return db
    .selectFrom('enterprise_members')
    .select(['id', 'role'])
    .where('enterprise_id', '=', enterpriseId)
    .where('person_id', '=', personId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
}

export function findActiveLegalRep(db: Executor, enterpriseId: number) {
  return db
    .selectFrom('enterprise_members')
    .select(['id', 'person_id'])
    .where('enterprise_id', '=', enterpriseId)
    .where('role', '=', 'legal_rep')
    .where('removed_at', 'is', null)
    .executeTakeFirst();
}

export async function addMember(db: Executor, values: { enterpriseId: number; personId: number; role: EnterpriseMemberRole; addedBy: number | null }) {
  return db
    .insertInto('enterprise_members')
    .values({ enterprise_id: values.enterpriseId, person_id: values.personId, role: values.role, added_by: values.addedBy })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Ends a membership; answers the row when it was active. */
export function endMembership(db: Executor, memberId: number, enterpriseId: number, removedBy: number | null) {
  return db
    .updateTable('enterprise_members')
    .set({ removed_at: clockNow(), removed_by: removedBy })
    .where('id', '=', memberId)
    .where('enterprise_id', '=', enterpriseId)
    .where('removed_at', 'is', null)
    .returning(['id', 'person_id', 'role'])
    .executeTakeFirst();
}

/** Every session the person opened for the enterprise: a removed 经办人 is signed out at once. */
export async function endSessionsOf(db: Executor, enterpriseId: number, personId: number): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', enterpriseId).where('acting_person_id', '=', personId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The enterprise account as it knows itself: name, full credit code, phone on file. */
export function findEnterprise(db: Executor, enterpriseId: number) {
  return db
    .selectFrom('users')
    .select(['id', 'display_name', 'identity_number', 'phone'])
    .where('id', '=', enterpriseId)
    .where('role', '=', 'applicant')
    .where('applicant_kind', '=', 'legal')
    .executeTakeFirst();
}

/** A natural-person applicant by 居民身份证号. */
export function findPersonByIdNumber(db: Executor, idNumber: string) {
  return db
    .selectFrom('users')
    .select(['id', 'display_name', 'phone', 'disabled'])
    .where('role', '=', 'applicant')
    .where('applicant_kind', '=', 'natural')
    .where('identity_number', '=', idNumber)
    .executeTakeFirst();
}
