import type { Database } from '../../db/database.js';
import { AppError, invalidState, notFound } from '../../http/errors.js';
import type { Actor } from '../auth/actor.js';
import { assertOfficer, assertRunsProject, centreName, enterpriseOf, loadProject } from './access.js';
import { bidSignedRecord, decryptBidFile, type SealedBid } from './bid-envelope.js';
import { activeEntry } from './blacklist.js';
import { usableCertificate } from './certificates.js';
import { recordEvent, SYSTEM } from './events.js';
import { signAsCentre } from './keys.js';
import { personRecord } from './people.js';
import { raiseWarning, runRiskRules } from './risk.js';
import { sm3Hex, toHex, verifyRecord } from './sm-crypto.js';
import { chinaTimeText } from '../../util/china-time.js';
import { now as clockNow } from '../../util/clock.js';

const HEX = /^[0-9a-f]+$/i;

/**
 * 投标: takes a sealed, signed bid before the deadline. The server checks what it can without
 * reading it — the deadline, the blacklist, the certificate, the ciphertext digest and the
 * signature — and stores the ciphertext. A second bid on the same lot replaces the first.
 */
export async function submitBid(db: Database, actor: Actor, projectId: string, bid: SealedBid, ip: string) {
  const enterprise = await enterpriseOf(db, actor);
  const project = await loadProject(db, projectId);
  if (project.status !== 'announced' || !project.bid_deadline) throw invalidState('该项目不在投标期');
  if (clockNow() >= project.bid_deadline) {
    await db.transaction().execute((trx) => recordEvent(trx, actor, 'bid_refused_late', projectId, { enterpriseId: enterprise.id, deadline: project.bid_deadline!.toISOString() }));
    throw invalidState(`投标截止时间（${chinaTimeText(project.bid_deadline)}）已过，投标文件不予接收`);
  }
  const listed = await activeEntry(db, enterprise.credit_code);
  if (listed) {
    await db.transaction().execute(async (trx) => {
      await recordEvent(trx, actor, 'bid_refused_blacklist', projectId, { enterpriseId: enterprise.id, entryId: listed.id });
      await raiseWarning(trx, projectId, 'BLACKLIST_ATTEMPT', `黑名单企业 ${enterprise.name} 试图投标`, { enterprise: enterprise.name, creditCode: enterprise.credit_code, entry: { source: listed.source_name, reason: listed.reason, startsOn: listed.starts_on, endsOn: listed.ends_on } }, `${projectId}:${enterprise.id}`);
    });
    throw new AppError('FORBIDDEN', `该企业已被列入黑名单（${listed.source_name}：${listed.reason}），不得参加投标`);
  }
  const lot = await db.selectFrom('trading_lots').select('id').where('id', '=', bid.lotId).where('project_id', '=', projectId).executeTakeFirst();
  if (!lot) throw notFound('标段');
  for (const [field, value] of Object.entries({ ciphertext: bid.ciphertext, iv: bid.iv, ciphertextSm3: bid.ciphertextSm3, plaintextSm3: bid.plaintextSm3 })) {
    if (!HEX.test(value)) throw new AppError('VALIDATION_FAILED', `${field} 应为十六进制`, [{ field: `body.${field}`, message: '格式不正确' }]);
  }
  const cipher = Buffer.from(bid.ciphertext, 'hex');
  if (sm3Hex(new Uint8Array(cipher)) !== bid.ciphertextSm3.toLowerCase()) throw new AppError('VALIDATION_FAILED', '投标文件密文摘要不符，文件可能在传输中损坏', [{ field: 'body.ciphertextSm3', message: '摘要不符' }]);
  const certificate = await usableCertificate(db, actor.id);
  if (!verifyRecord(bidSignedRecord(projectId, bid), bid.signature, certificate.public_key)) {
    throw new AppError('VALIDATION_FAILED', '投标文件签名验证失败（请使用本单位有效数字证书签名）', [{ field: 'body.signature', message: '验签失败' }]);
  }
  return db.transaction().execute(async (trx) => {
    const locked = await loadProject(trx, projectId, true);
    if (locked.status !== 'announced' || !locked.bid_deadline || clockNow() >= locked.bid_deadline) throw invalidState('投标截止时间已过，投标文件不予接收');
    const previous = await trx
      .updateTable('trading_bids')
      .set({ status: 'replaced', closed_at: clockNow() })
      .where('lot_id', '=', bid.lotId)
      .where('enterprise_id', '=', enterprise.id)
      .where('status', '=', 'sealed')
      .returning('id')
      .executeTakeFirst();
    const row = await trx
      .insertInto('trading_bids')
      .values({
        project_id: projectId,
        lot_id: bid.lotId,
        enterprise_id: enterprise.id,
        certificate_id: certificate.id,
        ciphertext: cipher,
        iv: bid.iv.toLowerCase(),
        sealed_key: bid.sealedKey,
        ciphertext_sm3: bid.ciphertextSm3.toLowerCase(),
        plaintext_sm3: bid.plaintextSm3.toLowerCase(),
        signature: bid.signature,
        ip,
      })
      .returning(['id', 'submitted_at'])
      .executeTakeFirstOrThrow();
    await recordEvent(trx, actor, previous ? 'bid_replaced' : 'bid_submitted', projectId, {
      bidId: row.id,
      lotId: bid.lotId,
      enterpriseId: enterprise.id,
      ciphertextSm3: bid.ciphertextSm3.toLowerCase(),
      certificate: certificate.serial,
      replaces: previous?.id ?? null,
    });
    // 投标回执: what the bidder keeps as proof of a timely, intact submission.
    return { bidId: row.id, submittedAt: row.submitted_at.toISOString(), ciphertextSm3: bid.ciphertextSm3.toLowerCase(), replaced: previous?.id ?? null };
  });
}

/** 撤回: before the deadline only. */
export async function withdrawBid(db: Database, actor: Actor, bidId: string) {
  const enterprise = await enterpriseOf(db, actor);
  return db.transaction().execute(async (trx) => {
    const bid = await trx.selectFrom('trading_bids').selectAll().where('id', '=', bidId).where('enterprise_id', '=', enterprise.id).forUpdate().executeTakeFirst();
    if (!bid) throw notFound('投标文件');
    const project = await loadProject(trx, bid.project_id);
    if (!project.bid_deadline || clockNow() >= project.bid_deadline) throw invalidState('投标截止时间已过，不能撤回');
    if (bid.status !== 'sealed') throw invalidState('该投标文件已撤回或被替换');
    await trx.updateTable('trading_bids').set({ status: 'withdrawn', closed_at: clockNow() }).where('id', '=', bidId).execute();
    await recordEvent(trx, actor, 'bid_withdrawn', bid.project_id, { bidId, enterpriseId: enterprise.id });
  });
}

/** The bidder's own bids on a project: status, receipt and its sealed key to open at the opening. */
export async function myBids(db: Database, actor: Actor, projectId: string) {
  const enterprise = await enterpriseOf(db, actor);
  const rows = await db
    .selectFrom('trading_bids')
    .select(['id', 'lot_id', 'status', 'submitted_at', 'ciphertext_sm3', 'sealed_key', 'price'])
    .where('project_id', '=', projectId)
    .where('enterprise_id', '=', enterprise.id)
    .orderBy('submitted_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    lotId: r.lot_id,
    status: r.status,
    submittedAt: r.submitted_at.toISOString(),
    ciphertextSm3: r.ciphertext_sm3,
    sealedKey: r.sealed_key,
    price: r.price,
  }));
}

/**
 * What the centre sees of the bids: who and when (the opening needs to know who to wait for),
 * never the contents — those exist only after each bidder decrypts at the opening.
 */
export async function bidRegister(db: Database, actor: Actor, projectId: string) {
  const project = await loadProject(db, projectId);
  if (actor.role !== 'supervisor') await assertRunsProject(db, actor, project);
  const rows = await db
    .selectFrom('trading_bids')
    .innerJoin('trading_enterprises as e', 'e.id', 'trading_bids.enterprise_id')
    .innerJoin('trading_lots as l', 'l.id', 'trading_bids.lot_id')
    .select(['trading_bids.id', 'l.number as lot_number', 'e.name as enterprise', 'status', 'submitted_at', 'price', 'duration_days'])
    .where('trading_bids.project_id', '=', projectId)
    .where('status', 'in', ['sealed', 'decrypted', 'undecryptable'])
    .orderBy('l.number')
    .orderBy('submitted_at')
    .execute();
  const opened = !['announced', 'listed', 'submitted'].includes(project.status);
  return rows.map((r) => ({
    id: r.id,
    lotNumber: r.lot_number,
    enterprise: r.enterprise,
    status: r.status,
    submittedAt: r.submitted_at.toISOString(),
    price: opened && r.status === 'decrypted' ? r.price : null,
    durationDays: opened && r.status === 'decrypted' ? r.duration_days : null,
  }));
}

/** 开标: at the deadline the centre opens the session; bidders may now decrypt their own bids. */
export async function startOpening(db: Database, actor: Actor, projectId: string) {
  return db.transaction().execute(async (trx) => {
    const project = await loadProject(trx, projectId, true);
    assertOfficer(actor, project);
    if (project.status !== 'announced' || !project.bid_deadline) throw invalidState('该项目不在投标期');
    if (clockNow() < project.bid_deadline) throw invalidState('未到开标时间（投标截止时间），不能开标');
    await trx.updateTable('trading_projects').set({ status: 'opened' }).where('id', '=', projectId).execute();
    const count = await trx.selectFrom('trading_bids').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', projectId).where('status', '=', 'sealed').executeTakeFirstOrThrow();
    await recordEvent(trx, actor, 'opening_started', projectId, { sealedBids: count.n });
    return { sealedBids: count.n };
  });
}

/**
 * 远程解密: the bidder hands over the content key it opened with its private key. Refused before
 * the opening, whoever asks. The key must decrypt the stored ciphertext to the signed digest.
 */
export async function decryptBid(db: Database, actor: Actor, bidId: string, contentKey: string) {
  const enterprise = await enterpriseOf(db, actor);
  return db.transaction().execute(async (trx) => {
    const bid = await trx.selectFrom('trading_bids').selectAll().where('id', '=', bidId).where('enterprise_id', '=', enterprise.id).forUpdate().executeTakeFirst();
    if (!bid) throw notFound('投标文件');
    const project = await loadProject(trx, bid.project_id);
    if (project.status !== 'opened') throw invalidState(project.status === 'announced' ? '开标前任何人不得解密投标文件' : '解密时间已结束');
    if (bid.status !== 'sealed') throw invalidState('该投标文件不在待解密状态');
    const content = /^[0-9a-f]{32}$/i.test(contentKey) ? decryptBidFile(toHex(new Uint8Array(bid.ciphertext)), bid.iv, contentKey.toLowerCase(), bid.plaintext_sm3) : null;
    if (!content) {
      await recordEvent(trx, actor, 'bid_decrypt_failed', bid.project_id, { bidId });
      throw new AppError('VALIDATION_FAILED', '解密失败：密钥与投标文件不符', [{ field: 'body.contentKey', message: '密钥不符' }]);
    }
    const stored = {
      durationDays: content.durationDays,
      machineCode: content.machineCode,
      depositAccount: content.depositAccount,
      fingerprint: sm3Hex(content.technical),
      technicalLength: content.technical.length,
      // Named staff kept as the ID-number digest, as everywhere in the module.
      personnel: content.personnel.map((p) => {
        const person = personRecord(p);
        return { name: person.name, idHash: person.idHash, idMasked: person.idMasked, role: p.role };
      }),
    };
    await trx
      .updateTable('trading_bids')
      .set({ status: 'decrypted', closed_at: clockNow(), price: content.price, duration_days: content.durationDays, content: JSON.stringify(stored) })
      .where('id', '=', bidId)
      .execute();
    await recordEvent(trx, actor, 'bid_decrypted', bid.project_id, { bidId, price: content.price, durationDays: content.durationDays });
    return { price: content.price, durationDays: content.durationDays };
  });
}

/**
 * 开标记录: ends decryption (bids still sealed are recorded 不能解密), lists every bidder with its
 * price and duration per lot, signs it with the centre's key and publishes it; the opening risk
 * rules run on what was opened.
 */
export async function closeOpening(db: Database, actor: Actor, projectId: string) {
  const result = await db.transaction().execute(async (trx) => {
    const project = await loadProject(trx, projectId, true);
    assertOfficer(actor, project);
    if (project.status !== 'opened') throw invalidState('只有开标中的项目可以结束解密');
    const undecryptable = await trx
      .updateTable('trading_bids')
      .set({ status: 'undecryptable', closed_at: clockNow() })
      .where('project_id', '=', projectId)
      .where('status', '=', 'sealed')
      .returning('id')
      .execute();
    const rows = await trx
      .selectFrom('trading_bids')
      .innerJoin('trading_enterprises as e', 'e.id', 'trading_bids.enterprise_id')
      .innerJoin('trading_lots as l', 'l.id', 'trading_bids.lot_id')
      .select(['trading_bids.id', 'l.number as lot', 'l.name as lot_name', 'e.name as bidder', 'e.credit_code', 'status', 'price', 'duration_days', 'submitted_at'])
      .where('trading_bids.project_id', '=', projectId)
      .where('status', 'in', ['decrypted', 'undecryptable'])
      .orderBy('l.number')
      .orderBy('submitted_at')
      .execute();
    const centre = await centreName(trx, project.centre_id);
    const record = {
      project: project.number,
      title: project.title,
      openedAt: clockNow().toISOString(),
      deadline: project.bid_deadline!.toISOString(),
      bids: rows.map((r) => ({
        lot: r.lot,
        lotName: r.lot_name,
        bidder: r.bidder,
        creditCode: r.credit_code,
        submittedAt: r.submitted_at.toISOString(),
        decrypted: r.status === 'decrypted',
        price: r.status === 'decrypted' ? r.price : null,
        durationDays: r.status === 'decrypted' ? r.duration_days : null,
      })),
    };
    const { signature } = await signAsCentre(trx, project.centre_id, record);
    const lines = record.bids.map((b) => `第${b.lot}标段　${b.bidder}　${b.decrypted ? `报价 ${b.price} 元，工期 ${b.durationDays} 日` : '投标文件未能解密'}`);
    const publication = await trx
      .insertInto('trading_publications')
      .values({
        project_id: projectId,
        kind: 'opening_record',
        title: `${project.title}开标记录`,
        body: `${centre.name}开标记录：\n${lines.join('\n')}`,
        data: JSON.stringify(record),
        signature,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.updateTable('trading_projects').set({ status: 'evaluating' }).where('id', '=', projectId).execute();
    await recordEvent(trx, actor, 'opening_record_published', projectId, { publicationId: publication.id, bids: rows.length, undecryptable: undecryptable.map((u) => u.id), signature });
    return { publicationId: publication.id, record, signature };
  });
  await runRiskRules(db, projectId, 'opening', SYSTEM);
  return result;
}
