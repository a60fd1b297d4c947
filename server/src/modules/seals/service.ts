import type { Database, Executor } from '../../db/database.js';
import { AppError, forbidden, invalidState, notFound } from '../../http/errors.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../auth/repo.js';
import { decryptPrivateKey, encryptPrivateKey } from './keystore.js';
import * as repo from './repo.js';
import type { TSealVerdict } from './schema.js';
import { generateSm2KeyPair, publicKeyPem, sm2Sign, sm2Verify } from './sm2.js';
import { now as clockNow } from '../../util/clock.js';

/** 印章名称 of a department's electronic seal. */
export const DEFAULT_SEAL_NAME = '电子印章';

/** What signs with a seal: the platform's seal key that unlocks the private keys. */
export interface SealSigner {
  sealKey: Buffer;
}

/**
 * 制章: creates a department's seal. When it already has an active one, that one is retired in the
 * same transaction (轮换): what it signed keeps verifying, new signatures use the new key.
 */
export async function createSeal(
  db: Database,
  signer: SealSigner,
  options: { departmentId: number; name?: string; validYears?: number; actor: Actor | null },
): Promise<repo.SealRow> {
  if (options.actor && options.actor.role !== 'admin') throw forbidden('只有中心管理员可以管理电子印章');
  return db.transaction().execute(async (trx) => {
    const department = await trx.selectFrom('departments').select(['id', 'centre_id']).where('id', '=', options.departmentId).executeTakeFirst();
    // Another centre's departments are not this administrator's to seal.
    if (!department || (options.actor && department.centre_id !== options.actor.centreId)) throw notFound('部门');
    const now = clockNow();
    const retired = await trx
      .updateTable('department_seals')
      .set({ status: 'retired', retired_at: now })
      .where('department_id', '=', department.id)
      .where('status', '=', 'active')
      .returning('id')
      .executeTakeFirst();
    const pair = generateSm2KeyPair();
    const validTo = options.validYears ? new Date(now.getTime() + options.validYears * 365.25 * 86_400_000) : null;
    const seal = await trx
      .insertInto('department_seals')
      .values({
        department_id: department.id,
        code: await repo.nextSealCode(trx, department.id),
        name: options.name ?? DEFAULT_SEAL_NAME,
        public_key: pair.publicKey,
        private_key_enc: encryptPrivateKey(signer.sealKey, pair.privateKey),
        valid_from: now,
        valid_to: validTo,
        created_by: options.actor?.id ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actorId: options.actor?.id ?? null,
      action: retired ? 'seal.rotate' : 'seal.create',
      targetType: 'department_seal',
      targetId: String(seal.id),
      detail: { departmentId: department.id, code: seal.code, retiredSealId: retired?.id ?? null },
    });
    return seal;
  });
}

/** 印章注销: a revoked seal signs nothing more; what it signed before stays "valid at signing time". */
export async function revokeSeal(db: Database, actor: Actor, sealId: number, reason: string): Promise<void> {
  if (actor.role !== 'admin') throw forbidden('只有中心管理员可以管理电子印章');
  await db.transaction().execute(async (trx) => {
    const seal = await repo.findSeal(trx, sealId);
    if (!seal || seal.centre_id !== actor.centreId) throw notFound('电子印章');
    if (seal.status === 'revoked') throw invalidState('该印章已注销');
    await trx.updateTable('department_seals').set({ status: 'revoked', revoked_at: clockNow(), revoked_reason: reason }).where('id', '=', sealId).execute();
    await writeAudit(trx, { actorId: actor.id, action: 'seal.revoke', targetType: 'department_seal', targetId: String(sealId), detail: { reason } });
  });
}

/** Signs with the department's active seal; a department without a usable seal cannot issue. */
export async function signAsDepartment(db: Executor, signer: SealSigner, departmentId: number, messages: Uint8Array[]) {
  const seal = await repo.findActiveSeal(db, departmentId);
  const now = clockNow();
  if (!seal) throw new AppError('INVALID_STATE', '该部门没有有效的电子印章，请先由管理员制章');
  if (seal.valid_to && seal.valid_to <= now) throw new AppError('INVALID_STATE', '该部门的电子印章已过有效期，请先轮换印章');
  const privateKey = decryptPrivateKey(signer.sealKey, seal.private_key_enc);
  return {
    seal: { id: seal.id, code: seal.code, name: seal.name, departmentName: seal.department_name, publicKey: seal.public_key },
    signedAt: now,
    signatures: messages.map((message) => sm2Sign(message, privateKey)),
  };
}

export type SealVerdict = TSealVerdict;

/**
 * Checks a signature against a seal as it stands today. A seal revoked or retired after the
 * signature was made still vouches for it ("valid at signing time"); one revoked before does not.
 */
export function judgeSignature(
  seal: Pick<repo.SealRow, 'public_key' | 'status' | 'revoked_at' | 'valid_from' | 'valid_to'>,
  message: Uint8Array,
  signature: Buffer,
  signedAt: Date,
): SealVerdict {
  if (!sm2Verify(message, signature, seal.public_key)) return 'invalid';
  if (seal.revoked_at && seal.revoked_at <= signedAt) return 'revoked_before_signing';
  if (seal.status !== 'active' || (seal.valid_to && seal.valid_to <= clockNow())) return 'valid_at_signing_time';
  return 'valid';
}

/** Every seal's public key as published (公开公钥): anyone verifies offline with any SM2 implementation. */
export async function publishedSeals(db: Executor) {
  const rows = await repo.listSeals(db);
  return rows.map((s) => ({
    id: s.id,
    code: s.code,
    name: s.name,
    departmentId: s.department_id,
    departmentName: s.department_name,
    departmentCode: s.department_code,
    publicKey: s.public_key,
    publicKeyPem: publicKeyPem(s.public_key),
    validFrom: s.valid_from.toISOString(),
    validTo: s.valid_to?.toISOString() ?? null,
    status: s.status,
    retiredAt: s.retired_at?.toISOString() ?? null,
    revokedAt: s.revoked_at?.toISOString() ?? null,
    revokedReason: s.revoked_reason,
  }));
}
