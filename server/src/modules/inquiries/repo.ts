import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { InquiryTable } from '../../db/schema.js';
import type { Actor } from '../auth/actor.js';
import { regionPrefix } from '../cases/policy.js';

/** SQL of 咨询投诉: inquiries, their replies, callbacks and ratings, and the FAQ they become. */

export function itemDepartment(db: Executor, itemId: number) {
  return db.selectFrom('service_items').select('department_id').where('id', '=', itemId).executeTakeFirst();
}

export function insertInquiry(db: Executor, inquiry: Insertable<InquiryTable>) {
  return db.insertInto('inquiries').values(inquiry).returning('id').executeTakeFirstOrThrow();
}

/** The inquiry with its department's region (who may see it), locked while a step is recorded. */
export function lockInquiry(db: Executor, id: number) {
  return db
    .selectFrom('inquiries')
    .innerJoin('departments', 'departments.id', 'inquiries.department_id')
    .selectAll('inquiries')
    .select('departments.region_code')
    .where('inquiries.id', '=', id)
    .forUpdate('inquiries')
    .executeTakeFirst();
}

export async function updateInquiry(db: Executor, id: number, changes: Updateable<InquiryTable>): Promise<void> {
  await db.updateTable('inquiries').set(changes).where('id', '=', id).execute();
}

/**
 * The newest 200 the actor may see: the asker their own, a department its own, a supervisor the
 * region below theirs, hall staff their region's departments.
 */
export function visibleInquiries(db: Executor, actor: Actor) {
  let query = db
    .selectFrom('inquiries')
    .innerJoin('departments', 'departments.id', 'inquiries.department_id')
    .leftJoin('service_items', 'service_items.id', 'inquiries.item_id')
    .selectAll('inquiries')
    .select(['departments.name as department_name', 'departments.region_code', 'service_items.name as item_name'])
    .orderBy('inquiries.created_at', 'desc')
    .limit(200);
  if (actor.role === 'applicant') query = query.where('inquiries.user_id', '=', actor.id);
  else if (actor.role === 'reviewer') query = query.where('inquiries.department_id', '=', actor.departmentId ?? -1);
  else if (actor.role === 'supervisor') query = query.where('departments.region_code', 'like', `${regionPrefix(actor.regionCode ?? '--')}%`);
  else query = query.where('departments.region_code', '=', actor.regionCode ?? '--');
  return query.execute();
}

/** Published consultations of an item, newest answer first. */
export function publishedFaq(db: Executor, itemId: number) {
  return db
    .selectFrom('inquiries')
    .select(['subject', 'content', 'reply', 'replied_at'])
    .where('item_id', '=', itemId)
    .where('published_faq', '=', true)
    .orderBy('replied_at', 'desc')
    .limit(50)
    .execute();
}

/** A department of the centre, with the region whose calendar and settings its deadlines follow. */
export function centreDepartment(db: Executor, departmentId: number, centreId: number) {
  return db.selectFrom('departments').select(['id', 'region_code']).where('id', '=', departmentId).where('centre_id', '=', centreId).executeTakeFirst();
}

export function centreWindow(db: Executor, windowId: number, centreId: number) {
  return db.selectFrom('windows').select('id').where('id', '=', windowId).where('centre_id', '=', centreId).executeTakeFirst();
}

export function centreUser(db: Executor, userId: number, centreId: number) {
  return db.selectFrom('users').select('id').where('id', '=', userId).where('centre_id', '=', centreId).executeTakeFirst();
}

/** Hall staff of the centre (no centre: none) who may take over an enquiry. */
export function centreColleague(db: Executor, userId: number, centreId: number | null) {
  return db.selectFrom('users').select('id').where('id', '=', userId).where('centre_id', '=', centreId ?? -1).where('role', 'in', ['clerk', 'reviewer', 'admin']).executeTakeFirst();
}

/** Locked so that answering and handing over cannot cross. */
export function lockEnquiryOwnership(db: Executor, id: number) {
  return db.selectFrom('inquiries').select(['id', 'owner_id', 'replied_at', 'subject']).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The first 200 enquiries a staff member owns, open ones first, with who was asked first. */
export function ownedBy(db: Executor, userId: number) {
  return db
    .selectFrom('inquiries as i')
    .leftJoin('users as logger', 'logger.id', 'i.logged_by')
    .select(['i.id', 'i.kind', 'i.subject', 'i.content', 'i.contact_name', 'i.contact_phone', 'i.created_at', 'i.reply_due', 'i.reply', 'i.replied_at', 'i.handed_over_at', 'i.handover_note', 'logger.display_name as first_asked'])
    .where('i.owner_id', '=', userId)
    .orderBy('i.replied_at', (ob) => ob.nullsFirst())
    .orderBy('i.created_at', 'desc')
    .limit(200)
    .execute();
}
