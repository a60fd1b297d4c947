import { sql, type Insertable, type Updateable } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { VillageAgencyConsentTable } from '../../db/schema.js';

/** SQL of 村级代办: the villagers' consents, the applications filed on them, and their hand-back. */

export function findPoint(db: Executor, centreId: number) {
  return db.selectFrom('centres').select(['id', 'kind', 'active']).where('id', '=', centreId).executeTakeFirst();
}

export function insertConsent(db: Executor, consent: Insertable<VillageAgencyConsentTable>) {
  return db.insertInto('village_agency_consents').values(consent).returning('id').executeTakeFirstOrThrow();
}

/** An agent's consent with the villager's phone, locked while its code is checked. */
export function lockAgentConsent(db: Executor, consentId: number, agentId: number) {
  return db
    .selectFrom('village_agency_consents')
    .innerJoin('users', 'users.id', 'village_agency_consents.applicant_id')
    .select(['village_agency_consents.id', 'kind', 'sms_code_hash', 'sms_attempts', 'confirmed_at', 'village_agency_consents.created_at', 'users.phone'])
    .where('village_agency_consents.id', '=', consentId)
    .where('agent_id', '=', agentId)
    .forUpdate()
    .executeTakeFirst();
}

export async function updateConsent(db: Executor, consentId: number, changes: Updateable<VillageAgencyConsentTable>): Promise<void> {
  await db.updateTable('village_agency_consents').set(changes).where('id', '=', consentId).execute();
}

/** An agent's consent with the villager's identity, to file an application on. */
export function agentConsentWithVillager(db: Executor, consentId: number, agentId: number) {
  return db
    .selectFrom('village_agency_consents')
    .innerJoin('users', 'users.id', 'village_agency_consents.applicant_id')
    .select(['village_agency_consents.id', 'item_id', 'confirmed_at', 'used_by_case', 'users.display_name', 'users.identity_number', 'users.phone'])
    .where('village_agency_consents.id', '=', consentId)
    .where('agent_id', '=', agentId)
    .executeTakeFirst();
}

/** Spends the consent on a case only while unspent, so a concurrent second application updates nothing. */
export function spendConsent(db: Executor, consentId: number, caseId: string) {
  return db.updateTable('village_agency_consents').set({ used_by_case: caseId }).where('id', '=', consentId).where('used_by_case', 'is', null).executeTakeFirst();
}

export async function insertApplication(db: Executor, application: { case_id: string; point_id: number; agent_id: number; consent_id: number }): Promise<void> {
  await db.insertInto('village_agency_applications').values(application).execute();
}

/** The agent's newest 200 applications with their case's standing. */
export function agentApplications(db: Executor, agentId: number) {
  return db
    .selectFrom('village_agency_applications as a')
    .innerJoin('cases', 'cases.id', 'a.case_id')
    .innerJoin('service_items', 'service_items.id', 'cases.item_id')
    .innerJoin('users', 'users.id', 'cases.applicant_id')
    .innerJoin('village_agency_consents as c', 'c.id', 'a.consent_id')
    .select(['a.case_id', 'cases.number', 'service_items.name as item_name', 'users.display_name', 'cases.status', 'c.kind', 'cases.submitted_at', 'a.handed_back_at'])
    .where('a.agent_id', '=', agentId)
    .orderBy('cases.submitted_at', 'desc')
    .limit(200)
    .execute();
}

export function lockAgentApplication(db: Executor, caseId: string, agentId: number) {
  return db
    .selectFrom('village_agency_applications as a')
    .innerJoin('cases', 'cases.id', 'a.case_id')
    .select(['a.case_id', 'a.handed_back_at', 'cases.status'])
    .where('a.case_id', '=', caseId)
    .where('a.agent_id', '=', agentId)
    .forUpdate()
    .executeTakeFirst();
}

export async function markHandedBack(db: Executor, caseId: string, at: Date, note: string): Promise<void> {
  await db.updateTable('village_agency_applications').set({ handed_back_at: at, handed_back_note: note }).where('case_id', '=', caseId).execute();
}

/** Agency cases per village point under the stat-code prefix (every point, also those with none). */
export async function pointCounts(db: Executor, prefix: string) {
  const { rows } = await sql<{ point_id: number; point_name: string; region_code: string; agents: number; total: number; open: number; completed: number; handed_back: number }>`
    SELECT p.id AS point_id, p.name AS point_name, p.region_code,
           (SELECT count(*)::int FROM users u WHERE u.centre_id = p.id AND u.role = 'agent' AND NOT u.disabled) AS agents,
           count(a.case_id)::int AS total,
           count(a.case_id) FILTER (WHERE c.status IN ('submitted', 'correction_required', 'accepted', 'approved', 'denied'))::int AS open,
           count(a.case_id) FILTER (WHERE c.status = 'completed')::int AS completed,
           count(a.handed_back_at)::int AS handed_back
      FROM centres p
      JOIN regions r ON r.code = p.region_code
      LEFT JOIN village_agency_applications a ON a.point_id = p.id
      LEFT JOIN cases c ON c.id = a.case_id
     WHERE p.kind IN ('agency_point', 'village_station') AND r.stat_code LIKE ${`${prefix}%`}
     GROUP BY p.id, p.name, p.region_code
     ORDER BY p.region_code, p.id`.execute(db);
  return rows;
}
