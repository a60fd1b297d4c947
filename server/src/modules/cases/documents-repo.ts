import { sql, type Insertable, type Selectable } from 'kysely';
import { ISSUER_SEAL_COLUMNS } from '../seals/repo.js';
import type { Executor } from '../../db/database.js';
import { runPrepared } from '../../db/prepared.js';
import type { CaseDocumentTable } from '../../db/schema.js';
import { now as clockNow } from '../../util/clock.js';

export type CaseDocumentRow = Selectable<CaseDocumentTable>;

/** A department as the organ that issues documents: name, credit code, 机关代字, centre. */
export function findOrgan(db: Executor, departmentId: number) {
  return db
    .selectFrom('departments as d')
    .leftJoin('department_doc_abbreviations as a', 'a.department_id', 'd.id')
    .select(['d.id', 'd.name', 'd.credit_code', 'd.centre_id', 'd.phone', 'a.abbreviation'])
    .where('d.id', '=', departmentId)
    .executeTakeFirst();
}

/**
 * A department as an organ, and the 行政审批局 that decides its licences when its centre
 * concentrated them (null otherwise), in one round trip.
 */
export async function findOrganWithBureau(db: Executor, departmentId: number) {
  // Named: every decision asks, and planning the five joins cost ten times running them.
  const query = db
    .selectFrom('departments as d')
    .leftJoin('department_doc_abbreviations as a', 'a.department_id', 'd.id')
    .leftJoin('centre_decision_settings as s', (join) =>
      join.onRef('s.centre_id', '=', 'd.centre_id').on(sql<boolean>`d.id = ANY(s.concentrated_department_ids)`),
    )
    .leftJoin('departments as b', 'b.id', 's.approval_bureau_id')
    .leftJoin('department_doc_abbreviations as ba', 'ba.department_id', 'b.id')
    .select(['d.id', 'd.name', 'd.credit_code', 'd.centre_id', 'd.phone', 'a.abbreviation'])
    .select(['b.id as bureau_id', 'b.name as bureau_name', 'b.credit_code as bureau_credit_code', 'b.phone as bureau_phone', 'ba.abbreviation as bureau_abbreviation'])
    .where('d.id', '=', departmentId);
  return (await runPrepared(db, 'deciding_organ', query))[0];
}

export function findDecisionSettings(db: Executor, centreId: number) {
  return db.selectFrom('centre_decision_settings').selectAll().where('centre_id', '=', centreId).executeTakeFirst();
}

export async function saveDecisionSettings(db: Executor, values: { centreId: number; approvalBureauId: number | null; concentratedDepartmentIds: number[]; updatedBy: number }) {
  const row = { approval_bureau_id: values.approvalBureauId, concentrated_department_ids: values.concentratedDepartmentIds, updated_by: values.updatedBy, updated_at: clockNow() };
  await db
    .insertInto('centre_decision_settings')
    .values({ centre_id: values.centreId, ...row })
    .onConflict((oc) => oc.column('centre_id').doUpdateSet(row))
    .execute();
}

export async function saveAbbreviation(db: Executor, values: { departmentId: number; abbreviation: string | null; updatedBy: number }) {
  if (values.abbreviation === null) {
    await db.deleteFrom('department_doc_abbreviations').where('department_id', '=', values.departmentId).execute();
    return;
  }
  const row = { abbreviation: values.abbreviation, updated_by: values.updatedBy, updated_at: clockNow() };
  await db
    .insertInto('department_doc_abbreviations')
    .values({ department_id: values.departmentId, ...row })
    .onConflict((oc) => oc.column('department_id').doUpdateSet(row))
    .execute();
}

/** The centre's departments with their 代字 and whether they hold an active seal. */
export function listCentreOrgans(db: Executor, centreId: number) {
  return db
    .selectFrom('departments as d')
    .leftJoin('department_doc_abbreviations as a', 'a.department_id', 'd.id')
    .leftJoin('department_seals as s', (join) => join.onRef('s.department_id', '=', 'd.id').on('s.status', '=', 'active'))
    .select(['d.id', 'd.name', 'a.abbreviation', 's.id as seal_id'])
    .where('d.centre_id', '=', centreId)
    .orderBy('d.id')
    .execute();
}

/**
 * The organ's next 文号 serial for the year. Called inside the decision's transaction: the row
 * lock serialises concurrent decisions and a rollback returns the number, so the series has no gaps.
 */
export async function nextDecisionSerial(db: Executor, departmentId: number, year: number): Promise<number> {
  const row = await db
    .insertInto('decision_number_series')
    .values({ department_id: departmentId, year, last: 1 })
    .onConflict((oc) => oc.columns(['department_id', 'year']).doUpdateSet({ last: sql`decision_number_series.last + 1` }))
    .returning('last')
    .executeTakeFirstOrThrow();
  return row.last;
}

export function findDocument(db: Executor, caseId: string, kind: string, sourceSeq: number) {
  return db.selectFrom('case_documents').selectAll().where('case_id', '=', caseId).where('kind', '=', kind).where('source_seq', '=', sourceSeq).executeTakeFirst();
}

/** Inserts a sealed document unless another process sealed the same one first (then that one wins). */
export async function insertDocument(db: Executor, row: Insertable<CaseDocumentTable>): Promise<CaseDocumentRow> {
  const inserted = await db.insertInto('case_documents').values(row).onConflict((oc) => oc.columns(['case_id', 'kind', 'source_seq']).doNothing()).returningAll().executeTakeFirst();
  return inserted ?? (await findDocument(db, row.case_id, row.kind, row.source_seq))!;
}

/** Sealed documents with their case, issuer and seal, for verification. */
export function documentQuery(db: Executor) {
  return db
    .selectFrom('case_documents as doc')
    .innerJoin('cases as c', 'c.id', 'doc.case_id')
    .innerJoin('service_items as i', 'i.id', 'c.item_id')
    .innerJoin('departments as d', 'd.id', 'doc.issuer_department_id')
    .innerJoin('department_seals as s', 's.id', 'doc.seal_id')
    .selectAll('doc')
    .select(['c.number as case_number', 'i.name as item_name', ...ISSUER_SEAL_COLUMNS]);
}
export type CaseDocumentView = NonNullable<Awaited<ReturnType<ReturnType<typeof documentQuery>['executeTakeFirst']>>>;

export function findDocumentByDigest(db: Executor, digest: Buffer) {
  return documentQuery(db).where('doc.pdf_sm3', '=', digest).executeTakeFirst();
}

export function findDocumentById(db: Executor, id: string) {
  return documentQuery(db).where('doc.id', '=', id).executeTakeFirst();
}

/** Every sealed document of a case, oldest first (the case's 文书 list, the archive). */
export function listCaseDocuments(db: Executor, caseId: string) {
  return documentQuery(db).where('doc.case_id', '=', caseId).orderBy('doc.source_seq').orderBy('doc.kind').execute();
}

/** What a notice prints about its case (no access check: callers check who asks). */
export function caseForNotice(db: Executor, caseId: string) {
  return db
    .selectFrom('cases as c')
    .innerJoin('service_items as i', 'i.id', 'c.item_id')
    .innerJoin('departments as d', 'd.id', 'c.department_id')
    .innerJoin('centres as ce', 'ce.id', 'c.centre_id')
    .innerJoin('users as a', 'a.id', 'c.applicant_id')
    .select([
      'c.id',
      'c.number',
      'c.query_code',
      'c.submitted_at',
      'c.due_date',
      'c.delivery_preference',
      'c.department_id',
      'c.item_id',
      'i.name as item_name',
      'i.item_type',
      'd.name as department_name',
      'ce.name as centre_name',
      'ce.phone as centre_phone',
      'a.display_name as applicant_name',
    ])
    .where('c.id', '=', caseId)
    .executeTakeFirst();
}
