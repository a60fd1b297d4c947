import type { Database, Executor } from '../../db/database.js';
import { AppError, notFound } from '../../http/errors.js';
import type { Actor } from '../auth/actor.js';
import { recordEvent } from './events.js';
import { CA_OWNER, localSigner } from './keys.js';
import { randomHex, verifyRecord } from './sm-crypto.js';
import { now as clockNow } from '../../util/clock.js';

/** What a certificate binds, and what the CA signs. */
export interface CertificateBody {
  serial: string;
  subject: string;
  /** 统一社会信用代码 of the enterprise, when the holder is one. */
  creditCode: string | null;
  publicKey: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
}

/**
 * A certificate authority. The local demo CA signs with its own SM2 key; an external CA (the
 * province's, a commercial one) implements the same two calls over its API.
 */
export interface CertificateAuthority {
  readonly name: string;
  issue(request: { subject: string; creditCode: string | null; publicKey: string; validDays: number; now: Date }): Promise<{ body: CertificateBody; signature: string }>;
  verify(body: CertificateBody, signature: string): Promise<boolean>;
}

export const DEMO_CA_NAME = 'onewindow 演示 CA（SM2）';

export function demoCertificateAuthority(db: Executor): CertificateAuthority {
  const signer = localSigner(db);
  return {
    name: DEMO_CA_NAME,
    async issue({ subject, creditCode, publicKey, validDays, now }) {
      const body: CertificateBody = {
        serial: randomHex(10).toUpperCase(),
        subject,
        creditCode,
        publicKey,
        issuer: DEMO_CA_NAME,
        notBefore: now.toISOString(),
        notAfter: new Date(now.getTime() + validDays * 86_400_000).toISOString(),
      };
      return { body, signature: await signer.sign(CA_OWNER, body) };
    },
    async verify(body, signature) {
      return verifyRecord(body, signature, await signer.publicKey(CA_OWNER));
    },
  };
}

const PUBLIC_KEY = /^04[0-9a-f]{128}$/i;

/**
 * Issues a certificate for the caller's own key pair (made in their client; only the public key
 * comes here). A legal-person applicant's certificate names its enterprise, which must be
 * registered first; anyone else's names the person.
 */
export async function issueCertificate(db: Database, actor: Actor, publicKey: string, validDays = 365) {
  if (!PUBLIC_KEY.test(publicKey)) throw new AppError('VALIDATION_FAILED', '公钥格式不正确（应为 04 开头的 SM2 非压缩公钥）', [{ field: 'body.publicKey', message: '格式不正确' }]);
  return db.transaction().execute(async (trx) => {
    let enterprise: { id: number; name: string; credit_code: string } | undefined;
    if (actor.role === 'applicant') {
      enterprise = await trx.selectFrom('trading_enterprises').select(['id', 'name', 'credit_code']).where('user_id', '=', actor.id).executeTakeFirst();
      if (!enterprise) throw new AppError('INVALID_STATE', '请先完成企业信息登记，再申请数字证书');
    }
    const ca = demoCertificateAuthority(trx);
    const { body, signature } = await ca.issue({
      subject: enterprise?.name ?? actor.displayName,
      creditCode: enterprise?.credit_code ?? null,
      publicKey: publicKey.toLowerCase(),
      validDays,
      now: clockNow(),
    });
    const row = await trx
      .insertInto('trading_certificates')
      .values({
        serial: body.serial,
        user_id: actor.id,
        enterprise_id: enterprise?.id ?? null,
        subject: body.subject,
        public_key: body.publicKey,
        issuer: body.issuer,
        not_before: new Date(body.notBefore),
        not_after: new Date(body.notAfter),
        ca_signature: signature,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordEvent(trx, actor, 'certificate_issued', null, { serial: row.serial, subject: row.subject, enterpriseId: row.enterprise_id });
    return certificateView(row);
  });
}

export async function revokeCertificate(db: Database, actor: Actor, serial: string, reason: string) {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('trading_certificates').selectAll().where('serial', '=', serial).forUpdate().executeTakeFirst();
    if (!row) throw notFound('证书');
    if (row.user_id !== actor.id && actor.role !== 'trading_officer') throw new AppError('FORBIDDEN', '只能吊销本人的证书');
    if (row.revoked_at) throw new AppError('INVALID_STATE', '证书已吊销');
    const updated = await trx
      .updateTable('trading_certificates')
      .set({ revoked_at: clockNow(), revoke_reason: reason })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordEvent(trx, actor, 'certificate_revoked', null, { serial, reason });
    return certificateView(updated);
  });
}

type CertificateRow = Awaited<ReturnType<typeof loadCertificate>>;

async function loadCertificate(db: Executor, id: number) {
  return db.selectFrom('trading_certificates').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export function certificateBody(row: NonNullable<CertificateRow>, creditCode: string | null): CertificateBody {
  return {
    serial: row.serial,
    subject: row.subject,
    creditCode,
    publicKey: row.public_key,
    issuer: row.issuer,
    notBefore: row.not_before.toISOString(),
    notAfter: row.not_after.toISOString(),
  };
}

export function certificateView(row: NonNullable<CertificateRow>) {
  return {
    id: row.id,
    serial: row.serial,
    subject: row.subject,
    publicKey: row.public_key,
    issuer: row.issuer,
    notBefore: row.not_before.toISOString(),
    notAfter: row.not_after.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
    revokeReason: row.revoke_reason,
  };
}

/**
 * The certificate a user signs with now: the newest one that is neither expired nor revoked and
 * whose CA signature still verifies. Refuses with why when there is none.
 */
export async function usableCertificate(db: Executor, userId: number, now = clockNow()) {
  const rows = await db
    .selectFrom('trading_certificates')
    .leftJoin('trading_enterprises', 'trading_enterprises.id', 'trading_certificates.enterprise_id')
    .selectAll('trading_certificates')
    .select('trading_enterprises.credit_code')
    .where('trading_certificates.user_id', '=', userId)
    .orderBy('trading_certificates.id', 'desc')
    .execute();
  if (rows.length === 0) throw new AppError('INVALID_STATE', '没有数字证书，请先申请');
  const ca = demoCertificateAuthority(db);
  for (const row of rows) {
    if (row.revoked_at || row.not_after <= now || row.not_before > now) continue;
    if (!(await ca.verify(certificateBody(row, row.credit_code), row.ca_signature))) continue;
    return row;
  }
  const newest = rows[0]!;
  if (newest.revoked_at) throw new AppError('INVALID_STATE', `数字证书 ${newest.serial} 已吊销`);
  throw new AppError('INVALID_STATE', `数字证书 ${newest.serial} 已过期`);
}

export async function myCertificates(db: Database, actor: Actor) {
  const rows = await db.selectFrom('trading_certificates').selectAll().where('user_id', '=', actor.id).orderBy('id', 'desc').execute();
  return rows.map(certificateView);
}
