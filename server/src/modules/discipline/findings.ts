import { sql } from 'kysely';
import type { Database, Executor } from '../../db/database.js';
import { AppError, forbidden, invalidState, notFound, validationFailed } from '../../http/errors.js';
import { maskName } from '../../util/mask.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../auth/repo.js';
import { loadHallSettings } from '../appointments/settings.js';
import { enqueueNotification } from '../notifications/repo.js';
import type { TFinding, TFindingInput, TRule, TRuleInput } from './schema.js';
import { now as clockNow } from '../../util/clock.js';

export async function listRules(db: Executor, centreId: number): Promise<TRule[]> {
  const rows = await db.selectFrom('discipline_rules').selectAll().where('centre_id', '=', centreId).orderBy('code').execute();
  return rows.map((r) => ({ id: r.id, code: r.code, title: r.title, points: Number(r.points), active: r.active }));
}

/** The administrator keeps the centre's rule list (纪律规定) and each rule's deduction. */
export async function saveRule(db: Database, actor: Actor, input: TRuleInput, id?: number): Promise<{ id: number }> {
  if (actor.role !== 'admin' || !actor.centreId) throw forbidden('只有中心管理员可以维护纪律规定');
  const centreId = actor.centreId;
  return db.transaction().execute(async (trx) => {
    const values = { code: input.code, title: input.title, points: input.points, active: input.active };
    let row: { id: number } | undefined;
    try {
      row =
        id === undefined
          ? await trx.insertInto('discipline_rules').values({ ...values, centre_id: centreId }).returning('id').executeTakeFirstOrThrow()
          : await trx.updateTable('discipline_rules').set(values).where('id', '=', id).where('centre_id', '=', centreId).returning('id').executeTakeFirst();
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new AppError('CONFLICT', `编号 ${input.code} 已存在`);
      throw error;
    }
    if (!row) throw notFound('纪律规定');
    await writeAudit(trx, { actorId: actor.id, action: 'discipline.rule.save', targetType: 'discipline_rule', targetId: String(row.id), detail: input });
    return row;
  });
}

const PHOTO_TYPES: [string, 'image/jpeg' | 'image/png', number[]][] = [
  ['jpeg', 'image/jpeg', [0xff, 0xd8, 0xff]],
  ['png', 'image/png', [0x89, 0x50, 0x4e, 0x47]],
];

/** The photo's type from its first bytes, not from what the client claims. */
function readPhoto(base64: string): { photo: Buffer; type: 'image/jpeg' | 'image/png' } {
  const photo = Buffer.from(base64.replace(/^data:image\/\w+;base64,/, ''), 'base64');
  const match = PHOTO_TYPES.find(([, , magic]) => magic.every((b, i) => photo[i] === b));
  if (!match) throw validationFailed('body.photo', '照片应为 JPEG 或 PNG');
  if (photo.length > 2 * 1024 * 1024) throw validationFailed('body.photo', '照片不能超过 2 MB');
  return { photo, type: match[1] };
}

/**
 * 巡查: only an inspector records a finding — window and/or person, the rule broken, a note and
 * a photo. The person is told at once and may explain before the administrator decides.
 */
export async function recordFinding(db: Database, actor: Actor, input: TFindingInput): Promise<{ id: number }> {
  if (actor.role !== 'inspector') throw forbidden('只有巡查人员可以登记巡查发现');
  if (!input.windowId && !input.personId) throw validationFailed('body.windowId', '请选择窗口或人员');
  const centreId = actor.centreId;
  if (!centreId) throw forbidden('巡查人员未分配到服务中心');
  const photo = input.photo ? readPhoto(input.photo) : null;
  return db.transaction().execute(async (trx) => {
    const rule = await trx.selectFrom('discipline_rules').select(['id', 'title']).where('id', '=', input.ruleId).where('centre_id', '=', centreId).where('active', '=', true).executeTakeFirst();
    if (!rule) throw notFound('纪律规定');
    let windowId = input.windowId ?? null;
    if (windowId) {
      const window = await trx.selectFrom('windows').select('id').where('id', '=', windowId).where('centre_id', '=', centreId).executeTakeFirst();
      if (!window) throw notFound('窗口');
    }
    if (input.personId) {
      const person = await trx.selectFrom('users').select(['id', 'window_id']).where('id', '=', input.personId).where('centre_id', '=', centreId).where('role', '<>', 'applicant').executeTakeFirst();
      if (!person) throw notFound('人员');
      windowId ??= person.window_id;
    }
    const row = await trx
      .insertInto('inspection_findings')
      .values({ centre_id: centreId, window_id: windowId, person_id: input.personId ?? null, rule_id: rule.id, note: input.note, photo: photo?.photo ?? null, photo_type: photo?.type ?? null, found_by: actor.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (input.personId) {
      await enqueueNotification(trx, { userId: input.personId, caseId: null, kind: 'inspection_finding', title: '巡查记录', body: `巡查发现：${rule.title}。如有异议，请在“巡查记录”中说明。`, sms: false });
    }
    await writeAudit(trx, { actorId: actor.id, action: 'discipline.finding.record', targetType: 'inspection_finding', targetId: String(row.id), detail: { ruleId: rule.id, windowId, personId: input.personId ?? null } });
    return row;
  });
}

function findingQuery(db: Executor) {
  return db
    .selectFrom('inspection_findings as f')
    .innerJoin('discipline_rules as r', 'r.id', 'f.rule_id')
    .innerJoin('users as inspector', 'inspector.id', 'f.found_by')
    .leftJoin('windows as w', 'w.id', 'f.window_id')
    .leftJoin('users as p', 'p.id', 'f.person_id')
    .select([
      'f.id',
      'f.centre_id',
      'f.person_id',
      'f.note',
      sql<boolean>`f.photo IS NOT NULL`.as('has_photo'),
      'f.found_at',
      'f.status',
      'f.explanation',
      'f.decision_note',
      'f.decided_at',
      'r.code as rule_code',
      'r.title as rule_title',
      'r.points',
      'inspector.display_name as found_by',
      'w.number as window_number',
      'w.name as window_name',
      'p.display_name as person_name',
    ]);
}

type FindingRow = Awaited<ReturnType<ReturnType<typeof findingQuery>['executeTakeFirstOrThrow']>>;
const toFinding = (r: FindingRow): TFinding => ({
  id: r.id,
  windowNumber: r.window_number,
  windowName: r.window_name,
  personId: r.person_id,
  personName: r.person_name,
  ruleCode: r.rule_code,
  ruleTitle: r.rule_title,
  points: Number(r.points),
  note: r.note,
  hasPhoto: r.has_photo,
  foundBy: r.found_by,
  foundAt: r.found_at.toISOString(),
  status: r.status,
  explanation: r.explanation,
  decisionNote: r.decision_note,
  decidedAt: r.decided_at?.toISOString() ?? null,
});

/** Inspectors and the administrator see the centre's findings; everyone else only their own. */
export async function listFindings(db: Database, actor: Actor): Promise<TFinding[]> {
  let query = findingQuery(db).orderBy('f.found_at', 'desc').limit(300);
  if ((actor.role === 'inspector' || actor.role === 'admin') && actor.centreId) query = query.where('f.centre_id', '=', actor.centreId);
  else query = query.where('f.person_id', '=', actor.id);
  return (await query.execute()).map(toFinding);
}

async function lockFinding(trx: Executor, id: number) {
  const row = await trx.selectFrom('inspection_findings').select(['id', 'centre_id', 'person_id', 'status']).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw notFound('巡查记录');
  return row;
}

/** The person found may explain (说明) while the finding is undecided. */
export async function explainFinding(db: Database, actor: Actor, id: number, explanation: string): Promise<TFinding> {
  await db.transaction().execute(async (trx) => {
    const row = await lockFinding(trx, id);
    if (row.person_id !== actor.id) throw notFound('巡查记录');
    if (row.status !== 'open' && row.status !== 'explained') throw invalidState('已处理的巡查记录不能再说明');
    await trx.updateTable('inspection_findings').set({ status: 'explained', explanation, explained_at: clockNow() }).where('id', '=', id).execute();
    await writeAudit(trx, { actorId: actor.id, action: 'discipline.finding.explain', targetType: 'inspection_finding', targetId: String(id) });
  });
  return toFinding(await findingQuery(db).where('f.id', '=', id).executeTakeFirstOrThrow());
}

/** The administrator confirms (it goes to the 曝光台 and counts in the assessment) or dismisses. */
export async function decideFinding(db: Database, actor: Actor, id: number, decision: 'confirm' | 'dismiss', note?: string): Promise<TFinding> {
  if (actor.role !== 'admin') throw forbidden('只有中心管理员可以认定巡查记录');
  await db.transaction().execute(async (trx) => {
    const row = await lockFinding(trx, id);
    if (row.centre_id !== actor.centreId) throw notFound('巡查记录');
    if (row.status === 'confirmed' || row.status === 'dismissed') throw invalidState('该巡查记录已处理');
    await trx
      .updateTable('inspection_findings')
      .set({ status: decision === 'confirm' ? 'confirmed' : 'dismissed', decided_by: actor.id, decided_at: clockNow(), decision_note: note ?? null })
      .where('id', '=', id)
      .execute();
    if (row.person_id) {
      await enqueueNotification(trx, { userId: row.person_id, caseId: null, kind: 'inspection_decision', title: decision === 'confirm' ? '巡查记录已认定' : '巡查记录已撤销', body: note ?? '', sms: false });
    }
    await writeAudit(trx, { actorId: actor.id, action: `discipline.finding.${decision}`, targetType: 'inspection_finding', targetId: String(id) });
  });
  return toFinding(await findingQuery(db).where('f.id', '=', id).executeTakeFirstOrThrow());
}

export async function findingPhoto(db: Database, actor: Actor, id: number): Promise<{ photo: Buffer; type: string }> {
  const row = await db.selectFrom('inspection_findings').select(['centre_id', 'person_id', 'photo', 'photo_type']).where('id', '=', id).executeTakeFirst();
  const allowed = row && (row.person_id === actor.id || ((actor.role === 'inspector' || actor.role === 'admin') && actor.centreId === row.centre_id));
  if (!row || !allowed || !row.photo || !row.photo_type) throw notFound('照片');
  return { photo: row.photo, type: row.photo_type };
}

/**
 * 曝光台: confirmed findings of the last 180 days, public. Names as the centre decides (masked by
 * default); never the note, the explanation or the photo.
 */
export async function exposureBoard(db: Database, centreId: number) {
  const centre = await db.selectFrom('centres').select('name').where('id', '=', centreId).executeTakeFirst();
  if (!centre) throw notFound('服务中心');
  const { exposureNames } = await loadHallSettings(db);
  const rows = await findingQuery(db)
    .where('f.centre_id', '=', centreId)
    .where('f.status', '=', 'confirmed')
    .where('f.decided_at', '>', new Date(Date.now() - 180 * 86_400_000))
    .orderBy('f.decided_at', 'desc')
    .limit(100)
    .execute();
  const name = (n: string | null) => (exposureNames === 'none' || !n ? null : exposureNames === 'full' ? n : maskName(n));
  return {
    centreName: centre.name,
    entries: rows.map((r) => ({
      id: r.id,
      foundAt: r.found_at.toISOString(),
      window: r.window_number ? `${r.window_number} ${r.window_name}` : null,
      person: name(r.person_name),
      rule: r.rule_title,
      decidedAt: r.decided_at!.toISOString(),
    })),
  };
}
