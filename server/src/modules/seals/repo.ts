import type { Selectable } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { DepartmentSealTable } from '../../db/schema.js';

export type SealRow = Selectable<DepartmentSealTable>;

/**
 * What a sealed record (a case's 文书, a licence) shows of its issuer `d` and seal `s` when it is
 * read back for verification: one list, so a document and a licence verify against the same facts.
 */
export const ISSUER_SEAL_COLUMNS = [
  'd.name as issuer_name',
  'd.credit_code as issuer_code',
  's.code as seal_code',
  's.name as seal_name',
  's.public_key as seal_public_key',
  's.status as seal_status',
  's.revoked_at as seal_revoked_at',
  's.valid_from as seal_valid_from',
  's.valid_to as seal_valid_to',
] as const;

/** Seals with their department, newest first; never the encrypted private key. */
export function listSeals(db: Executor, filter: { departmentId?: number; centreId?: number } = {}) {
  let query = db
    .selectFrom('department_seals as s')
    .innerJoin('departments as d', 'd.id', 's.department_id')
    .select([
      's.id',
      's.department_id',
      'd.name as department_name',
      'd.credit_code as department_code',
      's.code',
      's.name',
      's.public_key',
      's.valid_from',
      's.valid_to',
      's.status',
      's.retired_at',
      's.revoked_at',
      's.revoked_reason',
      's.created_at',
    ])
    .orderBy('s.department_id')
    .orderBy('s.id', 'desc');
  if (filter.departmentId !== undefined) query = query.where('s.department_id', '=', filter.departmentId);
  if (filter.centreId !== undefined) query = query.where('d.centre_id', '=', filter.centreId);
  return query.execute();
}

export function findSeal(db: Executor, id: number) {
  return db
    .selectFrom('department_seals as s')
    .innerJoin('departments as d', 'd.id', 's.department_id')
    .selectAll('s')
    .select(['d.name as department_name', 'd.centre_id'])
    .where('s.id', '=', id)
    .executeTakeFirst();
}

export function findActiveSeal(db: Executor, departmentId: number) {
  return db
    .selectFrom('department_seals as s')
    .innerJoin('departments as d', 'd.id', 's.department_id')
    .selectAll('s')
    .select(['d.name as department_name'])
    .where('s.department_id', '=', departmentId)
    .where('s.status', '=', 'active')
    .executeTakeFirst();
}

export async function nextSealCode(db: Executor, departmentId: number): Promise<string> {
  const department = await db.selectFrom('departments').select('credit_code').where('id', '=', departmentId).executeTakeFirstOrThrow();
  const { count } = await db
    .selectFrom('department_seals')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('department_id', '=', departmentId)
    .executeTakeFirstOrThrow();
  return `${department.credit_code}-${String(Number(count) + 1).padStart(2, '0')}`;
}
