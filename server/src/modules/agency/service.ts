import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Database, Executor } from '../../db/database.js';
import { AppError, forbidden, notFound, validationFailed } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import { maskIdentityNumber } from '../../util/mask.js';
import type { Actor } from '../auth/actor.js';
import { findOrAddWalkInApplicant } from '../auth/applicants.js';
import { writeAudit } from '../auth/repo.js';
import { inspectFile } from '../materials/detect.js';
import type { FileStore } from '../materials/storage.js';
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

function authorisationQuery(db: Executor) {
  return db
    .selectFrom('agent_authorisations as a')
    .innerJoin('users as agent', 'agent.id', 'a.agent_id')
    .innerJoin('users as applicant', 'applicant.id', 'a.applicant_id')
    .select([
      'a.id',
      'a.agent_id',
      'a.applicant_id',
      'a.scope',
      'a.scope_note',
      'a.valid_from',
      'a.valid_until',
      'a.created_at',
      'a.revoked_at',
      'a.revoke_reason',
      'agent.display_name as agent_name',
      'applicant.display_name as applicant_name',
      'applicant.identity_number as applicant_identity',
    ]);
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
    const row = await trx
      .insertInto('agent_authorisations')
      .values({
        agent_id: actor.id,
        applicant_id: applicantId,
        scope: [...new Set(request.scope)],
        scope_note: request.scopeNote,
        valid_from: request.validFrom,
        valid_until: request.validUntil,
        letter_path: fileId,
        letter_mime: mime,
        letter_sha256: crypto.createHash('sha256').update(content).digest('hex'),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAgentStep(trx, { authorisationId: row.id, agentId: actor.id, applicantId, action: 'authorise', what: '登记代办委托（委托书已上传）' });
    await writeAudit(trx, { actorId: actor.id, action: 'agency.authorise', targetType: 'agent_authorisation', targetId: String(row.id), detail: { scope: request.scope } });
    await trx
      .insertInto('notifications')
      .values({
        user_id: applicantId,
        case_id: null,
        kind: 'agency_authorised',
        title: '代办委托已登记',
        body: `代办员 ${actor.displayName} 已登记您的代办委托（${request.validFrom} 至 ${request.validUntil}）。代办免费；您可随时在「我的代办」中查看每一步并撤销委托。`,
      })
      .execute();
    return row.id;
  });
  return (await listAuthorisations(db, actor, { id }))[0]!;
}

/** The authorisations an agent holds or an applicant gave (never anybody else's). */
export async function listAuthorisations(db: Executor, actor: Actor, filter: { id?: number } = {}): Promise<TAuthorisation[]> {
  let query = authorisationQuery(db);
  if (actor.role === 'agent') query = query.where('a.agent_id', '=', actor.id);
  else if (actor.role === 'applicant') query = query.where('a.applicant_id', '=', actor.id);
  else throw forbidden('无权查看代办委托');
  if (filter.id !== undefined) query = query.where('a.id', '=', filter.id);
  const rows = await query.orderBy('a.id', 'desc').execute();
  return rows.map(toAuthorisation);
}

/** 撤销委托: the applicant ends the agent's authority at once; later steps are refused. */
export async function revokeAuthorisation(options: { db: Database; actor: Actor; id: number; reason: string }): Promise<TAuthorisation> {
  const { db, actor } = options;
  if (actor.role !== 'applicant') throw forbidden('只有委托人可以撤销委托');
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('agent_authorisations').selectAll().where('id', '=', options.id).where('applicant_id', '=', actor.id).forUpdate().executeTakeFirst();
    if (!row) throw notFound('代办委托');
    if (row.revoked_at) throw new AppError('INVALID_STATE', '该委托已撤销');
    await trx.updateTable('agent_authorisations').set({ revoked_at: clockNow(), revoke_reason: options.reason || null }).where('id', '=', row.id).execute();
    await writeAudit(trx, { actorId: actor.id, action: 'agency.revoke', targetType: 'agent_authorisation', targetId: String(row.id), detail: {} });
    await trx
      .insertInto('notifications')
      .values({ user_id: row.agent_id, case_id: null, kind: 'agency_revoked', title: '代办委托已被撤销', body: `${actor.displayName} 已撤销代办委托，请停止代为办理。` })
      .execute();
  });
  return (await listAuthorisations(db, actor, { id: options.id }))[0]!;
}

/**
 * The authorisation under which `agentId` may take a step of `scope` for `applicantId` today;
 * FORBIDDEN when none is in force (revoked, expired, not yet valid, or outside its scope).
 */
export async function assertAuthorised(db: Executor, agentId: number, applicantId: number, scope: TAgencyScope) {
  const today = chinaDate();
  const row = await db
    .selectFrom('agent_authorisations')
    .select(['id', 'scope'])
    .where('agent_id', '=', agentId)
    .where('applicant_id', '=', applicantId)
    .where('revoked_at', 'is', null)
    .where('valid_from', '<=', today)
    .where('valid_until', '>=', today)
    .where(sql<boolean>`${scope} = any(scope)`)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!row) throw forbidden(`没有有效的代办委托（${AGENCY_SCOPES[scope]}）`);
  return row;
}

/** Applicants an agent currently acts for (ids), for scoping lists. */
export function activeClientIds(db: Executor, agentId: number) {
  const today = chinaDate();
  return db
    .selectFrom('agent_authorisations')
    .select('applicant_id')
    .where('agent_id', '=', agentId)
    .where('revoked_at', 'is', null)
    .where('valid_from', '<=', today)
    .where('valid_until', '>=', today);
}

/** Writes "agent X for applicant Y: what" — every step an agent takes, in the caller's transaction. */
export async function recordAgentStep(
  db: Executor,
  step: { authorisationId: number; agentId: number; applicantId: number; action: string; what: string; jointApplicationId?: string },
): Promise<void> {
  const names = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', [step.agentId, step.applicantId]).execute();
  const name = (id: number) => names.find((n) => n.id === id)?.display_name ?? String(id);
  await db
    .insertInto('agent_steps')
    .values({
      authorisation_id: step.authorisationId,
      agent_id: step.agentId,
      applicant_id: step.applicantId,
      action: step.action,
      summary: `代办员 ${name(step.agentId)} 为申请人 ${name(step.applicantId)}：${step.what}`,
      joint_application_id: step.jointApplicationId ?? null,
    })
    .execute();
}

/** The agent's steps: the applicant sees everything done for them, the agent what they did. */
export async function listAgentSteps(db: Executor, actor: Actor): Promise<TAgentStep[]> {
  let query = db.selectFrom('agent_steps').selectAll();
  if (actor.role === 'applicant') query = query.where('applicant_id', '=', actor.id);
  else if (actor.role === 'agent') query = query.where('agent_id', '=', actor.id);
  else throw forbidden('无权查看代办记录');
  const rows = await query.orderBy('id', 'desc').limit(200).execute();
  return rows.map((r) => ({ id: Number(r.id), at: r.at.toISOString(), action: r.action, summary: r.summary, jointApplicationId: r.joint_application_id }));
}

/** The signed letter, for the agent who holds it and the applicant who gave it. */
export async function readLetter(db: Executor, store: FileStore, actor: Actor, id: number) {
  const row = await db.selectFrom('agent_authorisations').select(['letter_path', 'letter_mime', 'agent_id', 'applicant_id']).where('id', '=', id).executeTakeFirst();
  if (!row || (row.agent_id !== actor.id && row.applicant_id !== actor.id)) throw notFound('委托书');
  return { mime: row.letter_mime, content: await store.read(row.letter_path) };
}
