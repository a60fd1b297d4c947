import type { Database } from '../../db/database.js';
import { forbidden, notFound } from '../../http/errors.js';
import type { Actor } from '../auth/actor.js';
import { submitApplication } from './service.js';
import { findApplicableItem } from '../catalog/repo.js';
import { now as clockNow } from '../../util/clock.js';

/** 草稿: an applicant's unfinished application, checked only when it is submitted. */
export function listDrafts(db: Database, actor: Actor) {
  return db
    .selectFrom('application_drafts')
    .innerJoin('service_items', 'service_items.id', 'application_drafts.item_id')
    .select(['application_drafts.id', 'application_drafts.item_id', 'service_items.name as item_name', 'application_drafts.form_data', 'application_drafts.updated_at'])
    .where('application_drafts.applicant_id', '=', actor.id)
    .orderBy('application_drafts.updated_at', 'desc')
    .execute();
}

export async function saveDraft(db: Database, actor: Actor, draft: { id?: string; itemId: number; formData: Record<string, unknown> }): Promise<string> {
  if (actor.role !== 'applicant') throw forbidden('只有申请人可以保存草稿');
  // A draft is kept only for an item the applicant could apply for: an unknown or withdrawn item is
  // a 404 now, not a foreign-key failure (500) or a draft that can never be submitted.
  if (!(await findApplicableItem(db, draft.itemId))) throw notFound('事项');
  if (draft.id) {
    const updated = await db
      .updateTable('application_drafts')
      .set({ item_id: draft.itemId, form_data: JSON.stringify(draft.formData), updated_at: clockNow() })
      .where('id', '=', draft.id)
      .where('applicant_id', '=', actor.id)
      .executeTakeFirst();
    if (updated.numUpdatedRows === 0n) throw notFound('草稿');
    return draft.id;
  }
  const created = await db
    .insertInto('application_drafts')
    .values({ applicant_id: actor.id, item_id: draft.itemId, form_data: JSON.stringify(draft.formData) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return created.id;
}

export async function deleteDraft(db: Database, actor: Actor, id: string): Promise<void> {
  const deleted = await db.deleteFrom('application_drafts').where('id', '=', id).where('applicant_id', '=', actor.id).executeTakeFirst();
  if (deleted.numDeletedRows === 0n) throw notFound('草稿');
}

/**
 * Submits a draft as an application. The draft's id is the idempotency key, so submitting the
 * same draft twice (a double click, a retry after a lost answer) yields one case.
 */
export async function submitDraft(db: Database, actor: Actor, id: string): Promise<{ caseId: string; replayed: boolean }> {
  const draft = await db.selectFrom('application_drafts').selectAll().where('id', '=', id).where('applicant_id', '=', actor.id).executeTakeFirst();
  if (!draft) {
    // Already submitted: the retry gets the case the first submission made.
    const earlier = await db
      .selectFrom('idempotency_keys')
      .select('case_id')
      .where('applicant_id', '=', actor.id)
      .where('key', '=', `draft:${id}`)
      .executeTakeFirst();
    if (earlier) return { caseId: earlier.case_id, replayed: true };
    throw notFound('草稿');
  }
  const result = await submitApplication({ db, actor, itemId: draft.item_id, formData: draft.form_data, idempotencyKey: `draft:${draft.id}` });
  await db.deleteFrom('application_drafts').where('id', '=', id).execute();
  return result;
}
