import crypto from 'node:crypto';
import type { Executor } from '../../db/database.js';
import { validationFailed } from '../../http/errors.js';
import { isValidCreditCode, isValidResidentId } from '../../util/identity.js';

/** A password hash no password matches: walk-in applicants sign in once they register online. */
const NO_PASSWORD = '!walk-in';

/**
 * The applicant behind a window visit: found by their 居民身份证号 / 统一社会信用代码, or added
 * (without a password) so their next visit, online or at the window, finds everything again.
 */
export async function findOrAddWalkInApplicant(
  db: Executor,
  applicant: { kind: 'natural' | 'legal'; name: string; identityNumber: string; phone: string },
): Promise<number> {
  const identityNumber = applicant.identityNumber.trim().toUpperCase();
  const valid = applicant.kind === 'natural' ? isValidResidentId(identityNumber) : isValidCreditCode(identityNumber);
  if (!valid) {
    throw validationFailed(
      'body.applicant.identityNumber',
      applicant.kind === 'natural' ? '居民身份证号校验位不正确' : '统一社会信用代码校验位不正确',
    );
  }
  const existing = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'applicant')
    .where('identity_number', '=', identityNumber)
    .executeTakeFirst();
  if (existing) return existing.id;
  const created = await db
    .insertInto('users')
    .values({
      username: `walkin_${crypto.randomBytes(6).toString('hex')}`,
      password_hash: NO_PASSWORD,
      display_name: applicant.name.trim(),
      role: 'applicant',
      applicant_kind: applicant.kind,
      identity_number: identityNumber,
      phone: applicant.phone,
      region_code: null,
      centre_id: null,
      department_id: null,
      window_id: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return created.id;
}
