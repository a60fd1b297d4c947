import type { Database, Executor } from '../../db/database.js';
import { AppError, forbidden, notFound } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import type { ItemTypeCode } from '../../db/schema.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../auth/repo.js';
import * as docs from './documents-repo.js';
import { wordsFor } from './wording.js';

/**
 * 以谁的名义: a case's notices and decisions are made, numbered and sealed by the administrative
 * organ that holds the power — the item's department — not by the service centre that hosts the
 * window (行政许可法 art. 32 and 38: "加盖本行政机关专用印章"). Where the city concentrated
 * licensing powers in a 行政审批局 (相对集中行政许可权), the centre's setting names the bureau and
 * the departments whose 行政许可 items it decides.
 */
export interface Organ {
  id: number;
  name: string;
  creditCode: string;
  /** 机关代字 for 文号; the full name when none is set. */
  abbreviation: string;
  phone: string;
}

const toOrgan = (row: NonNullable<Awaited<ReturnType<typeof docs.findOrgan>>>): Organ => ({
  id: row.id,
  name: row.name,
  creditCode: row.credit_code,
  abbreviation: row.abbreviation ?? row.name,
  phone: row.phone,
});

/** The organ in whose name a case of this department and item type is decided. */
export async function decidingOrgan(db: Executor, current: { department_id: number; item_type: string }): Promise<Organ> {
  const row = await docs.findOrganWithBureau(db, current.department_id);
  if (!row) throw notFound('部门');
  if (current.item_type === '01' && row.bureau_id !== null) {
    return { id: row.bureau_id, name: row.bureau_name!, creditCode: row.bureau_credit_code!, abbreviation: row.bureau_abbreviation ?? row.bureau_name!, phone: row.bureau_phone! };
  }
  return toOrgan(row);
}

/** 文号 as printed: 代字 + mark + 〔year〕 + serial + 号, e.g. 梅市监许准〔2026〕12号. */
export function formatDecisionNumber(abbreviation: string, mark: string, year: number, serial: number | string): string {
  return `${abbreviation}${mark}〔${year}〕${serial}号`;
}

/** What a decision's timeline row records about its organ and 文号. */
export type DecisionNumber = {
  decisionDepartmentId: number;
  decisionOrgan: string;
  decisionNumber: string;
};

/** A decision's place in its organ's 文号 series, and how its timeline row records a serial. */
export interface DecisionSerial {
  /** The series: organ and year. */
  series: { departmentId: number; year: number };
  /** The serial, or a marker the step's statement replaces with it (transition's numberedStep). */
  record: (serial: number | string) => DecisionNumber;
}

/**
 * Reads in whose name the decision is made and how its 文号 reads. The serial itself is taken by
 * the decision's own statement (transition's `numbered`), so a decision that does not happen takes
 * none and the series has no gaps.
 */
export async function prepareDecisionNumber(
  db: Executor,
  current: { department_id: number; item_id: number },
  outcome: 'grant' | 'deny',
  decidedAt: Date,
  itemType?: ItemTypeCode,
): Promise<DecisionSerial> {
  const type = itemType ?? (await db.selectFrom('service_items').select('item_type').where('id', '=', current.item_id).executeTakeFirstOrThrow()).item_type;
  const organ = await decidingOrgan(db, { department_id: current.department_id, item_type: type });
  const year = Number(chinaDate(decidedAt).slice(0, 4));
  const words = wordsFor(type);
  return {
    series: { departmentId: organ.id, year },
    record: (serial) => ({
      decisionDepartmentId: organ.id,
      decisionOrgan: organ.name,
      decisionNumber: formatDecisionNumber(organ.abbreviation, outcome === 'grant' ? words.grantMark : words.denyMark, year, serial),
    }),
  };
}

/** The administrator's view: the bureau setting and every department's 代字 and seal. */
export async function getDecisionSettings(db: Executor, actor: Actor) {
  if (actor.role !== 'admin' || actor.centreId === null) throw forbidden('只有中心管理员可以设置决定机关');
  const settings = await docs.findDecisionSettings(db, actor.centreId);
  const organs = await docs.listCentreOrgans(db, actor.centreId);
  return {
    approvalBureauId: settings?.approval_bureau_id ?? null,
    concentratedDepartmentIds: settings?.concentrated_department_ids ?? [],
    departments: organs.map((o) => ({ id: o.id, name: o.name, abbreviation: o.abbreviation, hasActiveSeal: o.seal_id !== null })),
  };
}

/** 相对集中行政许可权: names the 行政审批局 (or none) and the departments whose licensing it decides. */
export async function saveDecisionSettings(db: Database, actor: Actor, input: { approvalBureauId: number | null; concentratedDepartmentIds: number[] }) {
  if (actor.role !== 'admin' || actor.centreId === null) throw forbidden('只有中心管理员可以设置决定机关');
  const centreId = actor.centreId;
  await db.transaction().execute(async (trx) => {
    const ids = [...new Set([...(input.approvalBureauId ? [input.approvalBureauId] : []), ...input.concentratedDepartmentIds])];
    const found = ids.length ? await trx.selectFrom('departments').select('id').where('id', 'in', ids).where('centre_id', '=', centreId).execute() : [];
    if (found.length !== ids.length) throw notFound('部门');
    if (!input.approvalBureauId && input.concentratedDepartmentIds.length) {
      throw new AppError('VALIDATION_FAILED', '请先指定行政审批局', [{ field: 'body.approvalBureauId', message: '集中行使许可权须指定行政审批局' }]);
    }
    if (input.approvalBureauId && input.concentratedDepartmentIds.includes(input.approvalBureauId)) {
      throw new AppError('VALIDATION_FAILED', '行政审批局不能集中自身的许可权', [{ field: 'body.concentratedDepartmentIds', message: '不能包含行政审批局本身' }]);
    }
    await docs.saveDecisionSettings(trx, { centreId, approvalBureauId: input.approvalBureauId, concentratedDepartmentIds: [...new Set(input.concentratedDepartmentIds)], updatedBy: actor.id });
    await writeAudit(trx, { actorId: actor.id, action: 'decision_settings.save', targetType: 'centre', targetId: String(centreId), detail: input });
  });
  return getDecisionSettings(db, actor);
}

/** Sets (or clears, with null) a department's 机关代字. */
export async function saveDepartmentAbbreviation(db: Database, actor: Actor, departmentId: number, abbreviation: string | null) {
  if (actor.role !== 'admin' || actor.centreId === null) throw forbidden('只有中心管理员可以设置机关代字');
  await db.transaction().execute(async (trx) => {
    const department = await trx.selectFrom('departments').select('centre_id').where('id', '=', departmentId).executeTakeFirst();
    if (!department || department.centre_id !== actor.centreId) throw notFound('部门');
    await docs.saveAbbreviation(trx, { departmentId, abbreviation, updatedBy: actor.id });
    await writeAudit(trx, { actorId: actor.id, action: 'department.abbreviation', targetType: 'department', targetId: String(departmentId), detail: { abbreviation } });
  });
  return getDecisionSettings(db, actor);
}
