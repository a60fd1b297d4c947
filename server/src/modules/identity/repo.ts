import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { ApplicantKind } from '../../db/schema.js';

const LOGIN_REQUEST_MINUTES = 10;

export async function saveLoginRequest(db: Executor, request: { state: string; codeVerifier: string; nonce: string; kind: ApplicantKind; returnTo: string }) {
  // Abandoned logins are cleared as new ones start: the table stays as small as the logins under way.
  await db.deleteFrom('oidc_login_requests').where('created_at', '<', sql<Date>`now() - make_interval(mins => ${LOGIN_REQUEST_MINUTES})`).execute();
  await db
    .insertInto('oidc_login_requests')
    .values({ state: request.state, code_verifier: request.codeVerifier, nonce: request.nonce, kind: request.kind, return_to: request.returnTo })
    .execute();
}

/** Takes the login request once (a replayed callback finds nothing). */
export function takeLoginRequest(db: Executor, state: string) {
  return db
    .deleteFrom('oidc_login_requests')
    .where('state', '=', state)
    .where('created_at', '>', sql<Date>`now() - make_interval(mins => ${LOGIN_REQUEST_MINUTES})`)
    .returning(['code_verifier', 'nonce', 'kind', 'return_to'])
    .executeTakeFirst();
}

export async function recordIdentity(db: Executor, issuer: string, subject: string, userId: number): Promise<'linked' | 'seen'> {
  const row = await db
    .insertInto('user_identities')
    .values({ issuer, subject, user_id: userId })
    .onConflict((oc) => oc.columns(['issuer', 'subject']).doUpdateSet({ user_id: userId, last_login_at: sql`now()` }))
    .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
    .executeTakeFirstOrThrow();
  return row.inserted ? 'linked' : 'seen';
}

export function findApplicant(db: Executor, kind: ApplicantKind, identityNumber: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where('role', '=', 'applicant')
    .where('applicant_kind', '=', kind)
    .where('identity_number', '=', identityNumber)
    .executeTakeFirst();
}

export function createApplicant(db: Executor, values: { username: string; kind: ApplicantKind; name: string; identityNumber: string; phone: string | null }) {
  return db
    .insertInto('users')
    .values({
      username: values.username,
      // No local password: this account signs in through 统一身份认证 (or registers one by SMS).
      password_hash: '!sso',
      display_name: values.name,
      role: 'applicant',
      applicant_kind: values.kind,
      identity_number: values.identityNumber,
      phone: values.phone,
      region_code: null,
      centre_id: null,
      department_id: null,
      window_id: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateApplicantContact(db: Executor, userId: number, values: { display_name?: string; phone?: string }) {
  return db.updateTable('users').set(values).where('id', '=', userId).execute();
}
