import type { Database, Executor } from '../../db/database.js';
import { AppError, invalidState, notFound } from '../../http/errors.js';
import { canonicalJson } from '../../util/canonical-json.js';
import type { Actor } from '../auth/actor.js';
import { assertOfficer, loadProject } from './access.js';
import { usableCertificate } from './certificates.js';
import { poolDigest, runDraw, type DrawPick, type DrawRequestPart } from './draw-engine.js';
import { recordEvent, SYSTEM, type EventActor } from './events.js';
import { personRecord } from './people.js';
import { combineShares, decodeShare, encodeShare, splitSecret } from './shamir.js';
import { fromHex, fromUtf8, randomHex, sealTo, sm3Hex, sm4Decrypt, sm4Encrypt, toHex, utf8 } from './sm-crypto.js';
import { chinaTimeText } from '../../util/china-time.js';
import { now as clockNow } from '../../util/clock.js';

export interface ExpertInput {
  name: string;
  identityNumber: string;
  specialities: string[];
  regionCode: string;
  employerCreditCode: string | null;
  employerName: string;
  /** The expert's account (role expert), for notices, scoring and signing. */
  username: string | null;
}

/** 专家入库. */
export async function addExpert(db: Database, actor: Actor, input: ExpertInput) {
  const person = personRecord(input);
  return db.transaction().execute(async (trx) => {
    let userId: number | null = null;
    if (input.username) {
      const user = await trx.selectFrom('users').select(['id', 'role']).where('username', '=', input.username).executeTakeFirst();
      if (!user || user.role !== 'expert') throw new AppError('VALIDATION_FAILED', '专家账号不存在或不是评标专家角色', [{ field: 'body.username', message: '无此专家账号' }]);
      userId = user.id;
    }
    const row = await trx
      .insertInto('trading_experts')
      .values({
        user_id: userId,
        name: person.name,
        id_hash: person.idHash,
        id_masked: person.idMasked,
        specialities: input.specialities,
        region_code: input.regionCode,
        employer_credit_code: input.employerCreditCode,
        employer_name: input.employerName,
      })
      .onConflict((oc) => oc.column('id_hash').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) throw new AppError('CONFLICT', '该专家已在库中');
    await recordEvent(trx, actor, 'expert_added', null, { expertId: row.id, specialities: input.specialities, regionCode: input.regionCode });
    return { id: row.id };
  });
}

export async function listExperts(db: Database) {
  const rows = await db.selectFrom('trading_experts').select(['id', 'name', 'id_masked', 'specialities', 'region_code', 'employer_name', 'status']).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, idMasked: r.id_masked, specialities: r.specialities, regionCode: r.region_code, employerName: r.employer_name, status: r.status }));
}

export interface DrawRequest {
  parts: DrawRequestPart[];
  /** Anyone who evaluated one of the tenderer's last N projects is avoided. */
  avoidRecentProjects: number;
  /** Pools drawn from: this city's and, for 远程异地评标, another city's region codes. */
  regions: string[];
  /** Key holders (e.g. supervisor, tenderer's representative, centre), and how many must present. */
  holderUserIds: number[];
  threshold: number;
}

/**
 * The experts a draw may pick per speciality, after every avoidance rule: active, in a requested
 * region, not employed by the tenderer or a bidder, not on their staff lists, and not an evaluator
 * of the tenderer's last N projects.
 */
export async function eligiblePool(db: Executor, project: { id: string; tenderer_id: number }, request: Pick<DrawRequest, 'parts' | 'avoidRecentProjects' | 'regions'>) {
  const bidders = await db.selectFrom('trading_bids').select('enterprise_id').distinct().where('project_id', '=', project.id).where('status', 'in', ['sealed', 'decrypted', 'undecryptable']).execute();
  const parties = [project.tenderer_id, ...bidders.map((b) => b.enterprise_id)];
  const [codes, staff] = await Promise.all([
    db.selectFrom('trading_enterprises').select('credit_code').where('id', 'in', parties).execute(),
    db.selectFrom('trading_people').select('id_hash').where('enterprise_id', 'in', parties).execute(),
  ]);
  const recentProjects = await db
    .selectFrom('trading_projects')
    .select('id')
    .where('tenderer_id', '=', project.tenderer_id)
    .where('id', '!=', project.id)
    .orderBy('created_at', 'desc')
    .limit(Math.max(0, request.avoidRecentProjects))
    .execute();
  const recentEvaluators =
    recentProjects.length === 0 || request.avoidRecentProjects === 0
      ? []
      : await db
          .selectFrom('trading_draw_members')
          .innerJoin('trading_draws', 'trading_draws.id', 'trading_draw_members.draw_id')
          .select('expert_id')
          .where('trading_draws.project_id', 'in', recentProjects.map((p) => p.id))
          .where('trading_draw_members.role', '=', 'member')
          .where('trading_draw_members.status', 'in', ['notified', 'accepted'])
          .execute();
  const excludedCodes = new Set(codes.map((c) => c.credit_code));
  const excludedPeople = new Set(staff.map((s) => s.id_hash));
  const excludedExperts = new Set(recentEvaluators.map((e) => e.expert_id));
  const experts = await db
    .selectFrom('trading_experts')
    .select(['id', 'specialities', 'employer_credit_code', 'id_hash'])
    .where('status', '=', 'active')
    .where('region_code', 'in', request.regions.length > 0 ? request.regions : ['-'])
    .orderBy('id')
    .execute();
  const eligible: Record<string, number[]> = {};
  for (const part of request.parts) {
    eligible[part.speciality] = experts
      .filter((e) => e.specialities.includes(part.speciality))
      .filter((e) => !(e.employer_credit_code && excludedCodes.has(e.employer_credit_code)))
      .filter((e) => !excludedPeople.has(e.id_hash))
      .filter((e) => !excludedExperts.has(e.id))
      .map((e) => e.id);
  }
  return eligible;
}

interface DrawPayload {
  seed: string;
  request: Pick<DrawRequest, 'parts' | 'avoidRecentProjects' | 'regions'>;
  eligible: Record<string, number[]>;
  picks: DrawPick[];
}

/**
 * 专家抽取 (多方解密): draws at once, encrypts the result (seed, pool, picks) under a fresh SM4
 * key, splits that key into one Shamir share per key holder (any `threshold` rebuild it) and seals
 * each share to its holder's certificate. Nothing readable about who was drawn is kept.
 */
export async function createDraw(db: Database, actor: Actor, projectId: string, request: DrawRequest) {
  const project = await loadProject(db, projectId);
  assertOfficer(actor, project);
  if (!['opened', 'evaluating'].includes(project.status)) throw invalidState('开标后（投标人确定后）才能抽取评标专家');
  const holders = [...new Set(request.holderUserIds)];
  if (holders.length < 2 || request.threshold < 2 || request.threshold > holders.length) throw new AppError('VALIDATION_FAILED', '密钥持有人至少 2 人，门限应在 2 与持有人数之间', [{ field: 'body.threshold', message: '门限不正确' }]);
  const allowed = new Set((await keyHolderCandidates(db, project)).map((c) => c.userId));
  const stranger = holders.find((id) => !allowed.has(id));
  if (stranger !== undefined)
    throw new AppError('VALIDATION_FAILED', '密钥持有人只能是监督人员、招标人（或其代理机构）和交易中心工作人员', [{ field: 'body.holderUserIds', message: '持有人不是本项目的当事方' }]);
  const existing = await db.selectFrom('trading_draws').select('id').where('project_id', '=', projectId).executeTakeFirst();
  if (existing) throw new AppError('CONFLICT', '该项目已抽取专家');
  const certificates = await Promise.all(holders.map(async (userId) => ({ userId, certificate: await usableCertificate(db, userId) })));
  const eligible = await eligiblePool(db, project, request);
  const seed = randomHex(32);
  let picks: DrawPick[];
  try {
    picks = runDraw(seed, request.parts, eligible);
  } catch (error) {
    throw invalidState((error as Error).message);
  }
  const payload: DrawPayload = { seed, request: { parts: request.parts, avoidRecentProjects: request.avoidRecentProjects, regions: request.regions }, eligible, picks };
  const key = randomHex(16);
  const iv = randomHex(16);
  const ciphertext = sm4Encrypt(utf8(canonicalJson(payload)), key, iv);
  const shares = splitSecret(fromHex(key), holders.length, request.threshold, (n) => fromHex(randomHex(n)));
  return db.transaction().execute(async (trx) => {
    const draw = await trx
      .insertInto('trading_draws')
      .values({
        project_id: projectId,
        requested_by: actor.id,
        request: JSON.stringify({ ...payload.request, holders, threshold: request.threshold, keySm3: sm3Hex(fromHex(key)) }),
        threshold: request.threshold,
        ciphertext: Buffer.from(ciphertext),
        iv,
        pool_sm3: poolDigest(eligible),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('trading_draw_shares')
      .values(certificates.map(({ userId, certificate }, i) => ({ draw_id: draw.id, holder_user_id: userId, share_x: shares[i]!.x, sealed_share: sealTo(certificate.public_key, toHex(utf8(encodeShare(shares[i]!)))) })))
      .execute();
    await recordEvent(trx, actor, 'draw_sealed', projectId, { drawId: draw.id, holders, threshold: request.threshold, poolSm3: poolDigest(eligible), parts: request.parts, regions: request.regions });
    return { drawId: draw.id, holders: holders.length, threshold: request.threshold };
  });
}

/**
 * Who may hold a share of a draw's key: the parties that watch each other (相互监督) — the
 * supervisors, the tenderer's own account or its agency, and the centre's staff. Nobody else, so
 * an officer cannot hand the threshold to accounts of their choosing.
 */
export async function keyHolderCandidates(db: Executor, project: { centre_id: number; tenderer_id: number; agency_user_id: number | null }) {
  const rows = await db
    .selectFrom('users')
    .leftJoin('trading_enterprises as e', 'e.user_id', 'users.id')
    .select(['users.id', 'users.display_name', 'users.role', 'users.centre_id', 'e.id as enterprise_id'])
    .where('users.disabled', '=', false)
    .where((eb) =>
      eb.or([
        eb('users.role', '=', 'supervisor'),
        eb.and([eb('users.role', '=', 'trading_officer'), eb('users.centre_id', '=', project.centre_id)]),
        eb('e.id', '=', project.tenderer_id),
        ...(project.agency_user_id ? [eb('users.id', '=', project.agency_user_id)] : []),
      ]),
    )
    .orderBy('users.id')
    .execute();
  const now = clockNow();
  return Promise.all(
    rows.map(async (r) => ({
      userId: r.id,
      name: r.display_name,
      party: r.role === 'supervisor' ? '监督' : r.role === 'trading_officer' ? '交易中心' : r.enterprise_id === project.tenderer_id ? '招标人' : '招标代理',
      hasCertificate: await usableCertificate(db, r.id, now).then(
        () => true,
        () => false,
      ),
    })),
  );
}

/** The officer's choice of key holders for a draw on this project. */
export async function keyHolderCandidatesFor(db: Database, actor: Actor, projectId: string) {
  const project = await loadProject(db, projectId);
  assertOfficer(actor, project);
  return keyHolderCandidates(db, project);
}

/** A key holder's view: the share sealed to them, to open with their private key. */
export async function myShares(db: Database, actor: Actor) {
  const rows = await db
    .selectFrom('trading_draw_shares')
    .innerJoin('trading_draws', 'trading_draws.id', 'trading_draw_shares.draw_id')
    .innerJoin('trading_projects', 'trading_projects.id', 'trading_draws.project_id')
    .select(['trading_draws.id as draw_id', 'trading_projects.number', 'trading_projects.title', 'trading_projects.id as project_id', 'trading_draws.threshold', 'trading_draws.status', 'sealed_share', 'presented_at'])
    .where('holder_user_id', '=', actor.id)
    .orderBy('trading_draws.created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    drawId: r.draw_id,
    projectId: r.project_id,
    projectNumber: r.number,
    projectTitle: r.title,
    threshold: r.threshold,
    status: r.status,
    sealedShare: r.sealed_share,
    presented: r.presented_at !== null,
  }));
}

/**
 * A key holder presents their (unsealed) share. Fewer than the threshold reveal nothing — the
 * server does not try, and k−1 shares would not rebuild the key anyway. The threshold-th share
 * rebuilds the key, decrypts the draw, records the experts and notifies them.
 */
export async function presentShare(db: Database, actor: Actor, drawId: string, shareText: string) {
  let share;
  try {
    share = decodeShare(shareText);
  } catch {
    throw new AppError('VALIDATION_FAILED', '密钥份额格式不正确', [{ field: 'body.share', message: '格式不正确' }]);
  }
  return db.transaction().execute(async (trx) => {
    const draw = await trx.selectFrom('trading_draws').selectAll().where('id', '=', drawId).forUpdate().executeTakeFirst();
    if (!draw) throw notFound('抽取记录');
    const mine = await trx.selectFrom('trading_draw_shares').selectAll().where('draw_id', '=', drawId).where('holder_user_id', '=', actor.id).executeTakeFirst();
    if (!mine) throw notFound('抽取记录');
    if (draw.status === 'revealed') throw invalidState('抽取结果已解密');
    if (share.x !== mine.share_x) throw new AppError('VALIDATION_FAILED', '这不是您的密钥份额', [{ field: 'body.share', message: '份额不属于本人' }]);
    await trx.updateTable('trading_draw_shares').set({ presented_share: shareText.trim(), presented_at: clockNow() }).where('draw_id', '=', drawId).where('holder_user_id', '=', actor.id).execute();
    await recordEvent(trx, actor, 'draw_share_presented', draw.project_id, { drawId, holder: actor.id });
    const presented = await trx.selectFrom('trading_draw_shares').select('presented_share').where('draw_id', '=', drawId).where('presented_share', 'is not', null).execute();
    if (presented.length < draw.threshold) return { revealed: false, presented: presented.length, threshold: draw.threshold };
    const payload = openDraw(draw, presented.map((p) => decodeShare(p.presented_share!)));
    if (!payload) throw new AppError('VALIDATION_FAILED', '密钥份额无法还原抽取密钥（有份额不正确）');
    await revealDraw(trx, actor, draw, payload);
    return { revealed: true, presented: presented.length, threshold: draw.threshold };
  });
}

/** Rebuilds the key from shares and decrypts; null when the shares do not rebuild it. */
export function openDraw(draw: { ciphertext: Buffer; iv: string; request: Record<string, unknown> }, shares: ReturnType<typeof decodeShare>[]): DrawPayload | null {
  const key = combineShares(shares);
  if (sm3Hex(key) !== draw.request.keySm3) return null;
  const plain = sm4Decrypt(new Uint8Array(draw.ciphertext), toHex(key), draw.iv);
  return plain ? (JSON.parse(fromUtf8(plain)) as DrawPayload) : null;
}

async function revealDraw(trx: Executor, actor: EventActor, draw: { id: string; project_id: string }, payload: DrawPayload) {
  await trx.updateTable('trading_draws').set({ status: 'revealed', revealed_at: clockNow(), seed: payload.seed }).where('id', '=', draw.id).execute();
  // The shares did their work; the presented copies are not kept.
  await trx.updateTable('trading_draw_shares').set({ presented_share: null }).where('draw_id', '=', draw.id).execute();
  await trx
    .insertInto('trading_draw_members')
    .values(payload.picks.map((p) => ({ draw_id: draw.id, expert_id: p.expertId, speciality: p.speciality, position: p.position, role: p.role, status: p.role === 'member' ? ('notified' as const) : ('standby' as const) })))
    .execute();
  const project = await loadProject(trx, draw.project_id);
  await notifyExperts(trx, payload.picks.filter((p) => p.role === 'member').map((p) => p.expertId), project);
  await recordEvent(trx, actor, 'draw_revealed', draw.project_id, { drawId: draw.id, seed: payload.seed, parts: payload.request.parts, eligible: payload.eligible, picks: payload.picks });
}

async function notifyExperts(trx: Executor, expertIds: number[], project: { number: string; title: string; evaluation_at: Date | null }) {
  if (expertIds.length === 0) return;
  const experts = await trx.selectFrom('trading_experts').select(['user_id']).where('id', 'in', expertIds).where('user_id', 'is not', null).execute();
  if (experts.length === 0) return;
  const when = project.evaluation_at ? `，评标时间 ${chinaTimeText(project.evaluation_at)}` : '';
  await trx
    .insertInto('notifications')
    .values(experts.map((e) => ({ user_id: e.user_id!, case_id: null, kind: 'trading_expert_drawn', title: '评标专家抽取通知', body: `您被抽取为项目 ${project.number}「${project.title}」的评标专家${when}，请登录确认是否参加。` })))
    .execute();
}

/**
 * Replays a revealed draw from its recorded seed and pool: true when the pool is the one whose
 * digest was published at the draw and the seed gives exactly the recorded experts.
 */
export async function verifyDraw(db: Database, drawId: string): Promise<boolean> {
  const draw = await db.selectFrom('trading_draws').selectAll().where('id', '=', drawId).executeTakeFirst();
  if (!draw || draw.status !== 'revealed' || !draw.seed) return false;
  const event = await db.selectFrom('trading_events').select('data').where('action', '=', 'draw_revealed').where('project_id', '=', draw.project_id).executeTakeFirstOrThrow();
  const recorded = event.data as unknown as Pick<DrawPayload, 'seed' | 'eligible' | 'picks'> & { parts: DrawRequestPart[] };
  if (recorded.seed !== draw.seed || poolDigest(recorded.eligible) !== draw.pool_sm3) return false;
  return canonicalJson(runDraw(draw.seed, recorded.parts, recorded.eligible)) === canonicalJson(recorded.picks);
}

/**
 * An expert answers the notice. Declining calls the next reserve of the same speciality who still
 * passes the rules (active, no conflict), and notifies them.
 */
export async function respondToDraw(db: Database, actor: Actor, drawId: string, accept: boolean, reason = '') {
  return db.transaction().execute(async (trx) => {
    const expert = await trx.selectFrom('trading_experts').selectAll().where('user_id', '=', actor.id).executeTakeFirst();
    if (!expert) throw new AppError('FORBIDDEN', '当前账号不是库内专家');
    const draw = await trx.selectFrom('trading_draws').selectAll().where('id', '=', drawId).forUpdate().executeTakeFirst();
    if (!draw || draw.status !== 'revealed') throw notFound('抽取记录');
    const member = await trx.selectFrom('trading_draw_members').selectAll().where('draw_id', '=', drawId).where('expert_id', '=', expert.id).executeTakeFirst();
    if (!member || member.role !== 'member') throw notFound('抽取记录');
    if (member.status !== 'notified') throw invalidState('已答复');
    await trx.updateTable('trading_draw_members').set({ status: accept ? 'accepted' : 'declined' }).where('draw_id', '=', drawId).where('expert_id', '=', expert.id).execute();
    await recordEvent(trx, actor, accept ? 'expert_accepted' : 'expert_declined', draw.project_id, { drawId, expertId: expert.id, reason });
    if (accept) return { replacement: null };
    const project = await loadProject(trx, draw.project_id);
    const request = draw.request as unknown as DrawRequest;
    const stillEligible = new Set((await eligiblePool(trx, project, request))[member.speciality] ?? []);
    const reserves = await trx
      .selectFrom('trading_draw_members')
      .select(['expert_id'])
      .where('draw_id', '=', drawId)
      .where('speciality', '=', member.speciality)
      .where('role', '=', 'reserve')
      .where('status', '=', 'standby')
      .orderBy('position')
      .execute();
    const next = reserves.find((r) => stillEligible.has(r.expert_id));
    if (!next) {
      await recordEvent(trx, SYSTEM, 'reserves_exhausted', draw.project_id, { drawId, speciality: member.speciality });
      return { replacement: null };
    }
    await trx.updateTable('trading_draw_members').set({ role: 'member', status: 'notified', replaces: expert.id }).where('draw_id', '=', drawId).where('expert_id', '=', next.expert_id).execute();
    await notifyExperts(trx, [next.expert_id], project);
    await recordEvent(trx, SYSTEM, 'expert_replaced', draw.project_id, { drawId, declined: expert.id, replacement: next.expert_id, speciality: member.speciality });
    return { replacement: next.expert_id };
  });
}

/** The draw as the parties see it: sealed (who holds keys, how many presented) or the experts. */
export async function drawView(db: Database, projectId: string) {
  const draw = await db.selectFrom('trading_draws').selectAll().where('project_id', '=', projectId).executeTakeFirst();
  if (!draw) return null;
  const shares = await db
    .selectFrom('trading_draw_shares')
    .innerJoin('users', 'users.id', 'trading_draw_shares.holder_user_id')
    .select(['users.display_name', 'users.role', 'presented_at', 'holder_user_id'])
    .where('draw_id', '=', draw.id)
    .orderBy('share_x')
    .execute();
  const members =
    draw.status === 'revealed'
      ? await db
          .selectFrom('trading_draw_members')
          .innerJoin('trading_experts', 'trading_experts.id', 'trading_draw_members.expert_id')
          .select(['expert_id', 'trading_experts.name', 'trading_experts.region_code', 'speciality', 'position', 'role', 'trading_draw_members.status', 'replaces'])
          .where('draw_id', '=', draw.id)
          .orderBy('speciality')
          .orderBy('position')
          .execute()
      : [];
  return {
    id: draw.id,
    status: draw.status,
    threshold: draw.threshold,
    poolSm3: draw.pool_sm3,
    seed: draw.seed,
    holders: shares.map((s) => ({ userId: s.holder_user_id, name: s.display_name, role: s.role, presented: s.presented_at !== null })),
    members: members.map((m) => ({ expertId: m.expert_id, name: m.name, regionCode: m.region_code, speciality: m.speciality, position: m.position, role: m.role, status: m.status, replaces: m.replaces })),
  };
}
