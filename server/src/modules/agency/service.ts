import crypto from 'node:crypto';
import type { Database, Executor } from '../../db/database.js';
import { AppError, forbidden, notFound, validationFailed } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import { maskIdentityNumber } from '../../util/mask.js';
import type { Actor } from '../auth/actor.js';
import { findOrAddWalkInApplicant } from '../auth/applicants.js';
import { writeAudit } from '../auth/repo.js';
import { inspectFile } from '../materials/detect.js';
import type { FileStore } from '../materials/storage.js';
import * as repo from './repo.js';
import { AGENCY_SCOPES, type TAgencyScope, type TAuthorisation, type TAgentStep, type TCreateAuthorisationRequest } from './schema.js';
import { now as clockNow } from '../../util/clock.js';

/** The signed 委托书 is a scan or a PDF: small. */
const MAX_LETTER_BYTES = 5 * 1024 * 1024;

const STATUS_LABELS = { active: '有效', expired: '已过期', revoked: '已撤销', pending: '未生效' } as const;

type AuthorisationRow = {
  id: number;
  agent_id: number;
  applicant_id: number;
  scope: string[];
  scope_note: string;
  valid_from: string;
  valid_until: string;
  created_at: Date;
  revoked_at: Date | null;
  revoke_reason: string | null;
  agent_name: string;
  applicant_name: string;
  applicant_identity: string | null;
};

function statusOf(row: Pick<AuthorisationRow, 'revoked_at' | 'valid_from' | 'valid_until'>, today = chinaDate()) {
  if (row.revoked_at) return 'revoked' as const;
  if (today > row.valid_until) return 'expired' as const;
  if (today < row.valid_from) return 'pending' as const;
  return 'active' as const;
}

function toAuthorisation(row: AuthorisationRow): TAuthorisation {
  const status = statusOf(row);
  return {
    id: row.id,
    agentName: row.agent_name,
    applicantId: row.applicant_id,
    applicantName: row.applicant_name,
    applicantIdentity: maskIdentityNumber(row.applicant_identity),
    scope: row.scope as TAgencyScope[],
    scopeLabels: row.scope.map((s) => AGENCY_SCOPES[s as TAgencyScope] ?? s),
    scopeNote: row.scope_note,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    status,
    statusLabel: STATUS_LABELS[status],
    createdAt: row.created_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
    revokeReason: row.revoke_reason,
    fee: 0,
  };
}

/**
 * 全程代办委托: an agent records the applicant's authorisation with its scope, validity and the
 * signed letter. Agency is free of charge; nothing here takes a fee.
 */
export async function createAuthorisation(options: { db: Database; store: FileStore; actor: Actor; request: TCreateAuthorisationRequest }): Promise<TAuthorisation> {
  const { db, store, actor, request } = options;
  if (actor.role !== 'agent') throw forbidden('只有代办员可以登记代办委托');
  if (request.validUntil < request.validFrom) throw validationFailed('body.validUntil', '有效期止不能早于起始日期');
  if (request.validUntil < chinaDate()) throw validationFailed('body.validUntil', '有效期已过');
  const content = Buffer.from(request.letter.contentBase64, 'base64');
  if (content.length > MAX_LETTER_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', '委托书文件不能超过 5 MB');
  const inspected = inspectFile(content);
  if ('reason' in inspected) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `委托书须为 PDF、JPEG、PNG 或 OFD 文件：${inspected.reason}`);
  const mime = inspected.contentType;
  const fileId = crypto.randomUUID();
  await store.write(fileId, content);
  const id = await db.transaction().execute(async (trx) => {
    const applicantId = await findOrAddWalkInApplicant(trx, request.applicant);
    const row = await repo.insertAuthorisation(trx, {
      agent_id: actor.id,
      applicant_id: applicantId,
      scope: [...new Set(request.scope)],
      scope_note: request.scopeNote,
      valid_from: request.validFrom,
      valid_until: request.validUntil,
      letter_path: fileId,
      letter_mime: mime,
      letter_sha256: crypto.createHash('sha256').update(content).digest('hex'),
    });
    await recordAgentStep(trx, { authorisationId: row.id, agentId: actor.id, applicantId, action: 'authorise', what: '登记代办委托（委托书已上传）' });
    await writeAudit(trx, { actorId: actor.id, action: 'agency.authorise', targetType: 'agent_authorisation', targetId: String(row.id), detail: { scope: request.scope } });
    await repo.insertNotification(trx, {
      user_id: applicantId,
      case_id: null,
      kind: 'agency_authorised',
      title: '代办委托已登记',
      body: `代办员 ${actor.displayName} 已登记您的代办委托（${request.validFrom} 至 ${request.validUntil}）。代办免费；您可随时在「我的代办」中查看每一步并撤销委托。`,
    });
    return row.id;
  });
  return (await listAuthorisations(db, actor, { id }))[0]!;
}

/** The authorisations an agent holds or an applicant gave (never anybody else's). */
export async function listAuthorisations(db: Executor, actor: Actor, filter: { id?: number } = {}): Promise<TAuthorisation[]> {
  let party: { column: 'a.agent_id' | 'a.applicant_id'; userId: number };
  if (actor.role === 'agent') party = { column: 'a.agent_id', userId: actor.id };
  else if (actor.role === 'applicant') party = { column: 'a.applicant_id', userId: actor.id };
  else throw forbidden('无权查看代办委托');
  const rows = await repo.partyAuthorisations(db, party, filter.id);
  return rows.map(toAuthorisation);
}

/** 撤销委托: the applicant ends the agent's authority at once; later steps are refused. */
export async function revokeAuthorisation(options: { db: Database; actor: Actor; id: number; reason: string }): Promise<TAuthorisation> {
  const { db, actor } = options;
  if (actor.role !== 'applicant') throw forbidden('只有委托人可以撤销委托');
  await db.transaction().execute(async (trx) => {
    const row = await repo.lockApplicantAuthorisation(trx, options.id, actor.id);
    if (!row) throw notFound('代办委托');
    if (row.revoked_at) throw new AppError('INVALID_STATE', '该委托已撤销');
    await repo.revokeAuthorisation(trx, row.id, clockNow(), options.reason || null);
    await writeAudit(trx, { actorId: actor.id, action: 'agency.revoke', targetType: 'agent_authorisation', targetId: String(row.id), detail: {} });
    await repo.insertNotification(trx, { user_id: row.agent_id, case_id: null, kind: 'agency_revoked', title: '代办委托已被撤销', body: `${actor.displayName} 已撤销代办委托，请停止代为办理。` });
  });
  return (await listAuthorisations(db, actor, { id: options.id }))[0]!;
}

/**
 * The authorisation under which `agentId` may take a step of `scope` for `applicantId` today;
 * FORBIDDEN when none is in force (revoked, expired, not yet valid, or outside its scope).
 */
export async function assertAuthorised(db: Executor, agentId: number, applicantId: number, scope: TAgencyScope) {
  const row = await repo.authorisationInForce(db, agentId, applicantId, scope, chinaDate());
  if (!row) throw forbidden(`没有有效的代办委托（${AGENCY_SCOPES[scope]}）`);
  return row;
}

/** Applicants an agent currently acts for (ids), for scoping lists. */
export function activeClientIds(db: Executor, agentId: number) {
  return repo.activeClientIds(db, agentId, chinaDate());
}

/** Writes "agent X for applicant Y: what" — every step an agent takes, in the caller's transaction. */
export async function recordAgentStep(
  db: Executor,
  step: { authorisationId: number; agentId: number; applicantId: number; action: string; what: string; jointApplicationId?: string },
): Promise<void> {
  const names = await repo.userNames(db, [step.agentId, step.applicantId]);
  const name = (id: number) => names.find((n) => n.id === id)?.display_name ?? String(id);
  await repo.insertAgentStep(db, {
    authorisation_id: step.authorisationId,
    agent_id: step.agentId,
    applicant_id: step.applicantId,
    action: step.action,
    summary: `代办员 ${name(step.agentId)} 为申请人 ${name(step.applicantId)}：${step.what}`,
    joint_application_id: step.jointApplicationId ?? null,
  });
}

/** The agent's steps: the applicant sees everything done for them, the agent what they did. */
export async function listAgentSteps(db: Executor, actor: Actor): Promise<TAgentStep[]> {
  let party: { column: 'applicant_id' | 'agent_id'; userId: number };
  if (actor.role === 'applicant') party = { column: 'applicant_id', userId: actor.id };
  else if (actor.role === 'agent') party = { column: 'agent_id', userId: actor.id };
  else throw forbidden('无权查看代办记录');
  const rows = await repo.agentSteps(db, party);
  return rows.map((r) => ({ id: Number(r.id), at: r.at.toISOString(), action: r.action, summary: r.summary, jointApplicationId: r.joint_application_id }));
}

/** The signed letter, for the agent who holds it and the applicant who gave it. */
export async function readLetter(db: Executor, store: FileStore, actor: Actor, id: number) {
  const row = await repo.findLetter(db, id);
  if (!row || (row.agent_id !== actor.id && row.applicant_id !== actor.id)) throw notFound('委托书');
  return { mime: row.letter_mime, content: await store.read(row.letter_path) };
}
