import crypto from 'node:crypto';
import { withCreditCheck } from '../../util/identity.js';

const CREDIT_BODY = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/**
 * A new 统一社会信用代码 (GB 32100) for an enterprise registered here: 登记管理部门 9 (工商),
 * 机构类别 1 (企业), the 6-digit division, a 9-character 主体标识码 and the check character.
 * The 主体标识码 is random over the standard's alphabet; the caller retries on the rare clash.
 */
export function newCreditCode(regionCode: string): string {
  let body = '';
  for (let i = 0; i < 9; i++) body += CREDIT_BODY[crypto.randomInt(CREDIT_BODY.length)];
  return withCreditCheck(`91${regionCode}${body}`);
}
