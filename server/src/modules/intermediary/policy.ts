import { forbidden } from '../../http/errors.js';
import type { Actor } from '../auth/actor.js';
import type { Database } from '../../db/database.js';
import { recordEvent } from './events.js';

/** 项目业主: an enterprise or a public body, signed in as a legal-person applicant. */
export const isOwner = (actor: Actor) => actor.role === 'applicant' && actor.applicantKind === 'legal';

/** The centre manages the supermarket (review, sanctions, rules); supervisors watch it. */
export const isCentreAdmin = (actor: Actor) => actor.role === 'admin';
export const mayWatch = (actor: Actor) => actor.role === 'admin' || actor.role === 'supervisor';

/**
 * Only the owner chooses (不得以任何形式指定中介机构). Anyone else who tries — a department
 * reviewer, a clerk, an administrator — is refused, and the attempt is written to the chain where
 * the supervisor sees it. Call it before the change's transaction: the record of a refused attempt
 * must commit although the attempt itself does not.
 */
export async function requireOwnerChoice(db: Database, actor: Actor, announcementId: number | null, what: string): Promise<void> {
  if (isOwner(actor)) return;
  await db.transaction().execute((trx) => recordEvent(trx, actor, { action: 'designation_refused', entity: 'announcement', entityId: announcementId, data: { attempted: what } }));
  throw forbidden('只有项目业主可以选取中介机构，任何部门和个人不得指定或限定中介机构（已记录）');
}
