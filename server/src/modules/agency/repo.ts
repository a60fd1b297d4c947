import { sql, type Insertable } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { AgentAuthorisationTable, NotificationTable } from '../../db/schema.js';

/** SQL of agency (全程代办): authorisations, with their parties' names, and the steps agents take. */

/** The authorisations where the user is the agent or the applicant (one of them, or just one by id), newest first. */
export function partyAuthorisations(db: Executor, party: { column: 'a.agent_id' | 'a.applicant_id'; userId: number }, id: number | undefined) {
  let query = db
    .selectFrom('agent_authorisations as a')
    .innerJoin('users as agent', 'agent.id', 'a.agent_id')
    .innerJoin('users as applicant', 'applicant.id', 'a.applicant_id')
    .select([
      'a.id',
      'a.agent_id',
      'a.applicant_id',
      'a.scope',
      'a.scope_note',
      'a.valid_from',
      'a.valid_until',
      'a.created_at',
      'a.revoked_at',
      'a.revoke_reason',
      'agent.display_name as agent_name',
      'applicant.display_name as applicant_name',
      'applicant.identity_number as applicant_identity',
    ])
    .where(party.column, '=', party.userId);
  if (id !== undefined) query = query.where('a.id', '=', id);
  return query.orderBy('a.id', 'desc').execute();
}

export function insertAuthorisation(db: Executor, values: Insertable<AgentAuthorisationTable>) {
  return db.insertInto('agent_authorisations').values(values).returning('id').executeTakeFirstOrThrow();
}

/** A notice to the other party, without the outbox (no SMS). */
export function insertNotification(db: Executor, values: Insertable<NotificationTable>) {
  return db.insertInto('notifications').values(values).execute();
}

export function lockApplicantAuthorisation(db: Executor, id: number, applicantId: number) {
  return db.selectFrom('agent_authorisations').selectAll().where('id', '=', id).where('applicant_id', '=', applicantId).forUpdate().executeTakeFirst();
}

export function revokeAuthorisation(db: Executor, id: number, revokedAt: Date, reason: string | null) {
  return db.updateTable('agent_authorisations').set({ revoked_at: revokedAt, revoke_reason: reason }).where('id', '=', id).execute();
}

/** The newest authorisation in force on `today` between agent and applicant that covers the scope. */
export function authorisationInForce(db: Executor, agentId: number, applicantId: number, scope: string, today: string) {
  return db
    .selectFrom('agent_authorisations')
    .select(['id', 'scope'])
    .where('agent_id', '=', agentId)
    .where('applicant_id', '=', applicantId)
    .where('revoked_at', 'is', null)
    .where('valid_from', '<=', today)
    .where('valid_until', '>=', today)
    .where(sql<boolean>`${scope} = any(scope)`)
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

/** Applicants the agent acts for on `today`, as a subquery. */
export function activeClientIds(db: Executor, agentId: number, today: string) {
  return db
    .selectFrom('agent_authorisations')
    .select('applicant_id')
    .where('agent_id', '=', agentId)
    .where('revoked_at', 'is', null)
    .where('valid_from', '<=', today)
    .where('valid_until', '>=', today);
}

export function userNames(db: Executor, userIds: number[]) {
  return db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', userIds).execute();
}

export function insertAgentStep(db: Executor, values: { authorisation_id: number; agent_id: number; applicant_id: number; action: string; summary: string; joint_application_id: string | null }) {
  return db.insertInto('agent_steps').values(values).execute();
}

/** The latest 200 steps where the user is the applicant or the agent. */
export function agentSteps(db: Executor, party: { column: 'applicant_id' | 'agent_id'; userId: number }) {
  return db.selectFrom('agent_steps').selectAll().where(party.column, '=', party.userId).orderBy('id', 'desc').limit(200).execute();
}

export function findLetter(db: Executor, id: number) {
  return db.selectFrom('agent_authorisations').select(['letter_path', 'letter_mime', 'agent_id', 'applicant_id']).where('id', '=', id).executeTakeFirst();
}
