import type { Database, Executor } from '../../db/database.js';
import { AppError, forbidden } from '../../http/errors.js';
import type { Actor } from '../auth/actor.js';
import { sm3 } from '../seals/sm2.js';
import * as repo from './repo.js';
import { publicView } from './verify.js';

/** The roles of other departments' staff that may read shared licences. */
const READERS = new Set(['reviewer', 'clerk']);

/**
 * 共享调用: another department reads a holder's licences, on the holder's authorisation (a case of
 * the reader's department in which the holder authorised licence use, named by its number) or
 * on a legal basis (the law and article, recorded as given). Every read is logged with who, when,
 * why and which licences, before anything is answered.
 */
export async function readSharedLicences(
  db: Database,
  actor: Actor,
  request: { holderCode: string; purpose: string; basis: 'authorisation' | 'legal'; basisRef: string },
) {
  if (!READERS.has(actor.role)) throw forbidden('只有部门工作人员可以调用共享证照');
  const holderCode = request.holderCode.trim().toUpperCase();
  return db.transaction().execute(async (trx) => {
    if (request.basis === 'authorisation') {
      const authorised = await trx
        .selectFrom('cases as c')
        .innerJoin('users as a', 'a.id', 'c.applicant_id')
        .innerJoin('case_licence_uses as u', 'u.case_id', 'c.id')
        .select('c.id')
        .where('c.number', '=', request.basisRef.trim())
        .where('a.identity_number', '=', holderCode)
        .$if(actor.role === 'reviewer', (q) => q.where('c.department_id', '=', actor.departmentId ?? -1))
        .$if(actor.role === 'clerk', (q) => q.where('c.centre_id', '=', actor.centreId ?? -1))
        .executeTakeFirst();
      if (!authorised) {
        throw new AppError('FORBIDDEN', '未找到持证人在本部门办件中的授权用证记录；请改以法定依据调用并写明依据');
      }
    }
    const licences = await repo.licenceQuery(trx).where('l.holder_code', '=', holderCode).where('l.status', '!=', 'superseded').orderBy('l.issued_on', 'desc').execute();
    await trx
      .insertInto('licence_share_reads')
      .values({
        reader_id: actor.id,
        reader_department_id: actor.departmentId,
        // The log proves which holder was read without holding the number itself.
        holder_code_sm3: sm3(Buffer.from(holderCode, 'utf8')),
        purpose: request.purpose,
        basis: request.basis,
        basis_ref: request.basisRef,
        licence_ids: licences.map((l) => l.id),
      })
      .execute();
    return licences.map((l) => ({ ...publicView(l), fields: l.type_fields.map((f) => ({ key: f.key, label: f.label, value: l.data[f.key] ?? '' })) }));
  });
}

/** 调用记录: the read log, for the centre's administrator and the supervisor. */
export async function listShareReads(db: Executor, actor: Actor, limit = 200) {
  if (actor.role !== 'admin' && actor.role !== 'supervisor') throw forbidden('只有中心管理员和电子监察可以查看调用记录');
  const rows = await db
    .selectFrom('licence_share_reads as r')
    .innerJoin('users as u', 'u.id', 'r.reader_id')
    .leftJoin('departments as d', 'd.id', 'r.reader_department_id')
    .select(['r.id', 'r.at', 'u.display_name as reader_name', 'd.name as department_name', 'r.purpose', 'r.basis', 'r.basis_ref', 'r.licence_ids', 'r.holder_code_sm3'])
    .$if(actor.role === 'admin', (q) => q.where('u.centre_id', '=', actor.centreId ?? -1))
    .orderBy('r.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    readerName: r.reader_name,
    departmentName: r.department_name,
    purpose: r.purpose,
    basis: r.basis,
    basisRef: r.basis_ref,
    licenceCount: r.licence_ids.length,
    holderDigest: r.holder_code_sm3.toString('hex').slice(0, 16),
  }));
}
