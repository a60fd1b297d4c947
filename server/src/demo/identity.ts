import type { Tx } from '../db/database.js';
import { IDP_ACCOUNTS } from '../modules/identity/idp-accounts.js';

/**
 * The demo enterprise's people: 陈建国, its 法定代表人, and 刘晓燕, a 经办人 he added. Both sign in
 * through 统一身份认证 (the local provider's `xinda_chen` and `xinda_liu`); `xinda_sun` is known to
 * the provider but not yet a 经办人, so she is refused until the 法定代表人 adds her.
 */
export async function seedDemoEnterprisePeople(trx: Tx): Promise<void> {
  const enterprise = await trx.selectFrom('users').select('id').where('username', '=', 'enterprise1').executeTakeFirstOrThrow();
  const person = (login: string) => IDP_ACCOUNTS.find((a) => a.login === login)!.person;
  const [rep, handler] = await trx
    .insertInto('users')
    .values(
      ['xinda_chen', 'xinda_liu'].map((login) => ({
        username: login,
        // No local password: these people sign in through 统一身份认证.
        password_hash: '!sso',
        display_name: person(login).name,
        role: 'applicant' as const,
        applicant_kind: 'natural' as const,
        identity_number: person(login).idNumber,
        phone: person(login).phone,
        region_code: null,
        centre_id: null,
        department_id: null,
        window_id: null,
      })),
    )
    .returning('id')
    .execute();
  await trx
    .insertInto('enterprise_members')
    .values([
      { enterprise_id: enterprise.id, person_id: rep!.id, role: 'legal_rep', added_by: null },
      { enterprise_id: enterprise.id, person_id: handler!.id, role: 'handler', added_by: rep!.id },
    ])
    .execute();
}
