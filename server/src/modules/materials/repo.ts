import { sql, type Insertable } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { CaseMaterialTable } from '../../db/schema.js';
import type { Actor } from '../auth/actor.js';
import { visibleCases } from '../cases/policy.js';

export async function insertMaterial(db: Executor, material: Insertable<CaseMaterialTable>): Promise<void> {
  await db.insertInto('case_materials').values(material).execute();
}

export function totalBytes(db: Executor, caseId: string): Promise<number> {
  return db
    .selectFrom('case_materials')
    .select(sql<number>`coalesce(sum(size_bytes), 0)::int`.as('n'))
    .where('case_id', '=', caseId)
    .executeTakeFirstOrThrow()
    .then((r) => r.n);
}

export function listMaterials(db: Executor, caseId: string) {
  return db
    .selectFrom('case_materials')
    .select(['id', 'item_material_id', 'name', 'original_name', 'content_type', 'size_bytes', 'uploaded_at', 'verdict', 'verdict_note', 'checked_at'])
    .where('case_id', '=', caseId)
    .orderBy('uploaded_at')
    .execute();
}

/** A material whose case the actor may see; undefined otherwise (answered as not found). */
export function findVisibleMaterial(db: Executor, actor: Actor, caseId: string, materialId: string) {
  return db
    .selectFrom('case_materials')
    .innerJoin('cases', 'cases.id', 'case_materials.case_id')
    .select(['case_materials.id', 'case_materials.original_name', 'case_materials.content_type', 'case_materials.name'])
    .where('case_materials.id', '=', materialId)
    .where('case_materials.case_id', '=', caseId)
    .where(visibleCases(actor))
    .executeTakeFirst();
}

export async function setVerdict(
  db: Executor,
  check: { materialId: string; caseId: string; verdict: 'ok' | 'missing' | 'wrong' | 'expired'; note: string | null; by: number },
): Promise<boolean> {
  const result = await db
    .updateTable('case_materials')
    .set({ verdict: check.verdict, verdict_note: check.note, checked_by: check.by, checked_at: sql`clock_now()` })
    .where('id', '=', check.materialId)
    .where('case_id', '=', check.caseId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
