import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { CaseArchiveTable } from '../../db/schema.js';

/** SQL of the archive (归档): the packages of finished cases, what goes into them, their retention. */

export function findArchiveFolder(db: Executor, caseId: string) {
  return db.selectFrom('case_archives').select('folder').where('case_id', '=', caseId).executeTakeFirst();
}

/** The case with its item, department and the item's retention setting, as the package describes it. */
export function caseToArchive(db: Executor, caseId: string) {
  return db
    .selectFrom('cases as c')
    .innerJoin('service_items as i', 'i.id', 'c.item_id')
    .innerJoin('departments as d', 'd.id', 'c.department_id')
    .leftJoin('item_retention as r', 'r.item_id', 'c.item_id')
    .select([
      'c.id', 'c.number', 'c.status', 'c.applicant_id', 'c.form_data', 'c.submitted_at', 'c.accepted_at', 'c.decided_at', 'c.completed_at', 'c.channel',
      'i.name as item_name', 'i.code as item_code', 'i.item_type', 'd.name as department_name', 'r.item_id as retention_set', 'r.years as retention_years',
    ])
    .where('c.id', '=', caseId)
    .executeTakeFirst();
}

export function caseTimeline(db: Executor, caseId: string) {
  return db.selectFrom('case_events').select(['seq', 'at', 'actor_id', 'actor_role', 'action', 'from_status', 'to_status', 'note', 'data', 'hash', 'prev_hash']).where('case_id', '=', caseId).orderBy('seq').execute();
}

export function caseMaterials(db: Executor, caseId: string) {
  return db.selectFrom('case_materials').select(['id', 'name', 'content_type', 'sm3']).where('case_id', '=', caseId).orderBy('uploaded_at').execute();
}

export function caseLicenceUses(db: Executor, caseId: string) {
  return db.selectFrom('case_licence_uses as u').leftJoin('licences as l', 'l.id', 'u.licence_id').select(['u.material_name', 'u.kind', 'u.authorised_at', 'l.identifier']).where('u.case_id', '=', caseId).execute();
}

export function caseCommitments(db: Executor, caseId: string) {
  return db.selectFrom('case_commitments').select(['material_name', 'statement', 'signed_at', 'check_status']).where('case_id', '=', caseId).execute();
}

export function caseLicences(db: Executor, caseId: string) {
  return db.selectFrom('licences').select(['identifier', 'pdf', 'signed_data', 'data_signature', 'pdf_signature', 'seal_id']).where('case_id', '=', caseId).orderBy('version').execute();
}

/** Records the package; a case archived meanwhile by another run keeps its first row (nothing returned). */
export function insertArchive(db: Executor, values: Insertable<CaseArchiveTable>) {
  return db
    .insertInto('case_archives')
    .values(values)
    .onConflict((oc) => oc.column('case_id').doNothing())
    .returning('case_id')
    .executeTakeFirst();
}

/** Every package still kept (not destroyed), oldest first. */
export function keptArchives(db: Executor) {
  return db
    .selectFrom('case_archives as a')
    .innerJoin('cases as c', 'c.id', 'a.case_id')
    .select(['c.number', 'a.folder', 'a.manifest', 'a.manifest_sm3'])
    .where((eb) => eb.or([eb('a.destruction_decision', 'is', null), eb('a.destruction_decision', '!=', 'destroy')]))
    .orderBy('a.archived_at')
    .execute();
}

export function findArchive(db: Executor, caseId: string) {
  return db
    .selectFrom('case_archives as a')
    .innerJoin('cases as c', 'c.id', 'a.case_id')
    .select(['c.number', 'c.centre_id', 'a.folder', 'a.manifest', 'a.archived_at', 'a.destruction_decision'])
    .where('a.case_id', '=', caseId)
    .executeTakeFirst();
}

/** The centre's packages, newest first; `due`: only those past retention and not yet decided. */
export function centreArchives(db: Executor, centreId: number, options: { due: boolean; today: string }) {
  return db
    .selectFrom('case_archives as a')
    .innerJoin('cases as c', 'c.id', 'a.case_id')
    .innerJoin('service_items as i', 'i.id', 'c.item_id')
    .select(['a.case_id', 'c.number', 'i.name as item_name', 'a.archived_at', 'a.retention_years', 'a.retain_until', 'a.destruction_decision', 'a.destruction_reason', 'a.decided_at', 'a.manifest'])
    .where('c.centre_id', '=', centreId)
    .$if(options.due, (q) => q.where('a.retain_until', '<', options.today).where('a.destruction_decision', 'is', null))
    .orderBy('a.archived_at', 'desc')
    .limit(500)
    .execute();
}

export function lockArchive(db: Executor, caseId: string) {
  return db
    .selectFrom('case_archives as a')
    .innerJoin('cases as c', 'c.id', 'a.case_id')
    .select(['c.centre_id', 'a.folder', 'a.retain_until', 'a.destruction_decision'])
    .where('a.case_id', '=', caseId)
    .forUpdate('a')
    .executeTakeFirst();
}

export function updateArchive(db: Executor, caseId: string, values: Updateable<CaseArchiveTable>) {
  return db.updateTable('case_archives').set(values).where('case_id', '=', caseId).execute();
}

export function itemCentre(db: Executor, itemId: number) {
  return db.selectFrom('service_items as i').innerJoin('departments as d', 'd.id', 'i.department_id').select(['i.id', 'd.centre_id']).where('i.id', '=', itemId).executeTakeFirst();
}

export function saveItemRetention(db: Executor, itemId: number, years: number | null) {
  return db.insertInto('item_retention').values({ item_id: itemId, years }).onConflict((oc) => oc.column('item_id').doUpdateSet({ years })).execute();
}
