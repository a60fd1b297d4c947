import type { Database, Executor } from '../../db/database.js';
import { chainProblems, DEFAULT_REVIEW_CHAIN } from './review-chain.js';
import type { ItemMaterial, ItemStatus, ServiceItemTable } from '../../db/schema.js';
import { numberMaterials } from './material-ids.js';
import type { Insertable } from 'kysely';
import { AppError, invalidState, notFound, type ErrorDetail } from '../../http/errors.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../auth/repo.js';
import { composeItemCode, itemTypeName, normalizeItemCode, parseItemCode } from './codes.js';
import { levelOfStatCode, statCode } from '../network/regions.js';
import { parseLimit } from './limits.js';
import * as repo from './repo.js';
import type { TItemContent, TItemDetail, TItemSummary } from './schema.js';
import { searchKeys } from './search.js';
import { THEME_NAMES } from './themes.js';
import { now as clockNow } from '../../util/clock.js';

export type ItemValues = Omit<Insertable<ServiceItemTable>, 'status' | 'created_at' | 'current_version_id' | 'parent_id'>;

/** The field of TItemContent each problem belongs to, so the import can name the cell. */
export interface ContentProblem {
  field: keyof TItemContent;
  message: string;
}

/**
 * Turns what an administrator wrote into the row to store: checks the implementation code, reads
 * both limits from their text, and checks the rules between fields. Collects every problem
 * instead of stopping at the first.
 */
/** What a catalogue writes when the law sets no limit for an item. */
const NO_LEGAL_LIMIT = new Set(['', '无', '无法定时限', '无法定办结时限', '法律法规未规定', '法律法规无规定', '未规定', '—', '-', '/']);

export function buildItemValues(
  content: TItemContent,
  department: { id: number; name: string } | undefined,
  /** The item's list before this change: materials written without an id keep their namesake's. */
  previousMaterials: readonly ItemMaterial[] = [],
): { values?: ItemValues; problems: ContentProblem[] } {
  const problems: ContentProblem[] = [];
  const numbered = numberMaterials(content.materials, previousMaterials);
  for (const message of numbered.problems) problems.push({ field: 'materials', message });
  const code = parseItemCode(content.code);
  if (!code.ok) problems.push({ field: 'code', message: code.reason });
  if (!department) problems.push({ field: 'departmentId', message: '责任部门不存在' });
  // 行政许可 limits count in working days by law (Administrative Licensing Law art. 82).
  const dayMeans = code.ok && code.code.itemType === '01' ? 'workday' : 'natural_day';
  // Only law sets a statutory limit: where none exists (a public service …) the item has none,
  // never a number someone made up. 行政许可 always has one (art. 42).
  const noStatutoryLimit = NO_LEGAL_LIMIT.has(content.legalLimitText.trim());
  const licensing = code.ok && code.code.itemType === '01';
  if (noStatutoryLimit && licensing) {
    problems.push({ field: 'legalLimitText', message: '行政许可事项必须写明法定办结时限（《行政许可法》第四十二条：一般为二十日）' });
  }
  const legal: ReturnType<typeof parseLimit> = noStatutoryLimit
    ? { ok: true, limit: { value: -1, unit: 'workday', text: content.legalLimitText.trim(), conditions: [], extensionWorkdays: null } }
    : parseLimit(content.legalLimitText, { dayMeans });
  if (!legal.ok) problems.push({ field: 'legalLimitText', message: legal.reason });
  const promised = parseLimit(content.promisedLimitText, { dayMeans });
  if (!promised.ok) problems.push({ field: 'promisedLimitText', message: promised.reason });
  if (legal.ok && promised.ok) {
    const l = legal.limit;
    const p = promised.limit;
    if (!noStatutoryLimit && l.unit === p.unit && p.value > l.value) problems.push({ field: 'promisedLimitText', message: `承诺时限（${p.text}）不能长于法定时限（${l.text}）` });
    if (content.kind === 'immediate' && !(p.unit === 'on_the_spot' || p.unit === 'hour')) {
      problems.push({ field: 'kind', message: `即办件的承诺时限应为当场办结或数小时，现为「${p.text}」` });
    }
    if (content.kind === 'promised' && p.unit === 'on_the_spot' && p.conditions.length === 0) {
      problems.push({ field: 'kind', message: '承诺时限为当场办结的事项应为即办件' });
    }
  }
  for (const theme of content.themes) {
    if (!THEME_NAMES.has(theme)) problems.push({ field: 'themes', message: `没有主题「${theme}」` });
  }
  if (content.onlineDepth === 4 && !content.channels.includes('online')) {
    problems.push({ field: 'channels', message: '全程网办（四级）的事项应包含「网上办理」渠道' });
  }
  if (content.fees.free && content.fees.items.length) problems.push({ field: 'fees', message: '不收费的事项不应列出收费项目' });
  if (!content.fees.free && !content.fees.items.length) problems.push({ field: 'fees', message: '收费的事项应写明收费项目、标准和依据' });
  content.materials.forEach((m, i) => {
    if (m.requirement === 'conditional' && !m.condition) problems.push({ field: 'materials', message: `第 ${i + 1} 项材料「${m.name}」按情形提供，应写明情形` });
  });
  const keys = new Set<string>();
  for (const f of content.formFields) {
    if (keys.has(f.key)) problems.push({ field: 'formFields', message: `表单字段键「${f.key}」重复` });
    keys.add(f.key);
    if (f.type === 'select' && !f.options?.length) problems.push({ field: 'formFields', message: `下拉字段「${f.label}」没有选项` });
  }
  for (const message of chainProblems(content.reviewChain ?? DEFAULT_REVIEW_CHAIN)) problems.push({ field: 'reviewChain', message });
  if (problems.length || !code.ok || !legal.ok || !promised.ok || !department) return { problems };

  const c = code.code;
  return {
    problems,
    values: {
      code: normalizeItemCode(content.code),
      name: content.name,
      department_id: department.id,
      kind: content.kind,
      item_type: c.itemType,
      basic_code: c.basicCode,
      hierarchy: c.hierarchy,
      handling_kind: c.handlingKind,
      implementing_body: content.implementingBody || department.name,
      implementing_level: c.level,
      legal_limit_days: noStatutoryLimit ? null : legal.limit.value,
      legal_limit_unit: legal.limit.unit,
      legal_limit_text: legal.limit.text,
      legal_limit_conditions: JSON.stringify(legal.limit.conditions),
      legal_extension_workdays: legal.limit.extensionWorkdays,
      promised_limit_days: promised.limit.value,
      promised_limit_unit: promised.limit.unit,
      promised_limit_text: promised.limit.text,
      promised_limit_conditions: JSON.stringify(promised.limit.conditions),
      description: content.description,
      conditions: content.conditions,
      legal_basis: JSON.stringify(content.legalBasis),
      materials: JSON.stringify(numbered.materials),
      fees: JSON.stringify(content.fees),
      trips: content.trips,
      online_depth: content.onlineDepth,
      channels: content.channels,
      windows: content.windows,
      consult_phone: content.consultPhone,
      complaint_phone: content.complaintPhone,
      process: JSON.stringify(content.process),
      target: content.target,
      themes: content.themes,
      form_fields: JSON.stringify(content.formFields),
      // Left out, the item keeps its chain (an import, an editor that does not show it).
      ...(content.reviewChain ? { review_chain: JSON.stringify(content.reviewChain) } : {}),
      ...(content.correctionStopAllowed !== undefined ? { correction_stop_allowed: content.correctionStopAllowed } : {}),
      search_text: searchKeys(content.name, [c.basicCode]),
    },
  };
}

/** What the editor shows and the export writes: the stored row read back as content. */
export function contentOf(row: repo.FullItemRow): TItemContent {
  return {
    code: row.code,
    name: row.name,
    departmentId: row.department_id,
    implementingBody: row.implementing_body,
    kind: row.kind,
    legalLimitText: row.legal_limit_text || String(row.legal_limit_days ?? ''),
    promisedLimitText: row.promised_limit_text || String(row.promised_limit_days),
    description: row.description,
    conditions: row.conditions,
    legalBasis: row.legal_basis,
    materials: row.materials,
    fees: row.fees,
    trips: row.trips,
    onlineDepth: row.online_depth,
    channels: row.channels,
    windows: row.windows,
    consultPhone: row.consult_phone,
    complaintPhone: row.complaint_phone,
    process: row.process,
    target: row.target,
    themes: row.themes,
    formFields: row.form_fields,
    reviewChain: row.review_chain,
    correctionStopAllowed: row.correction_stop_allowed,
  };
}

export function toSummary(row: repo.ItemSummaryRow): TItemSummary {
  return {
    id: row.id,
    code: row.code,
    basicCode: row.basic_code,
    name: row.name,
    itemType: row.item_type,
    itemTypeName: itemTypeName(row.item_type),
    hierarchy: row.hierarchy,
    kind: row.kind,
    status: row.status,
    departmentId: row.department_id,
    departmentName: row.department_name,
    legalLimitDays: row.legal_limit_days,
    legalLimitUnit: row.legal_limit_unit,
    legalLimitText: row.legal_limit_text,
    promisedLimitDays: row.promised_limit_days,
    promisedLimitUnit: row.promised_limit_unit,
    promisedLimitText: row.promised_limit_text,
    trips: row.trips,
    onlineDepth: row.online_depth,
    target: row.target,
    themes: row.themes,
  };
}

export function toDetail(row: repo.FullItemRow): TItemDetail {
  return {
    ...toSummary({ ...row, total: 0 }),
    handlingKind: row.handling_kind,
    parentId: row.parent_id,
    implementingBody: row.implementing_body,
    implementingLevel: row.implementing_level,
    description: row.description,
    conditions: row.conditions,
    legalBasis: row.legal_basis,
    materials: row.materials,
    fees: row.fees,
    channels: row.channels,
    windows: row.windows,
    consultPhone: row.consult_phone,
    complaintPhone: row.complaint_phone,
    process: row.process,
    legalLimitConditions: row.legal_limit_conditions,
    promisedLimitConditions: row.promised_limit_conditions,
    legalExtensionWorkdays: row.legal_extension_workdays,
    formFields: row.form_fields,
    reviewChain: row.review_chain,
    correctionStopAllowed: row.correction_stop_allowed,
    delegatedTo: row.delegated_to,
    takenOverFrom: row.taken_over_from,
    versionId: row.current_version_id,
    versionNo: row.version_no ?? null,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

function problemsToError(problems: ContentProblem[]): AppError {
  const details: ErrorDetail[] = problems.map((p) => ({ field: `body.${p.field}`, message: p.message }));
  return new AppError('VALIDATION_FAILED', problems.map((p) => p.message).join('；'), details);
}

/** The department an administrator may file items under: one of their centre's. */
async function departmentFor(db: Executor, actor: Actor, departmentId: number) {
  let query = db.selectFrom('departments').select(['id', 'name', 'centre_id']).where('id', '=', departmentId);
  if (actor.centreId) query = query.where('centre_id', '=', actor.centreId);
  return query.executeTakeFirst();
}

/** Loads an item the administrator may manage (their centre's), or answers 404. */
export async function loadItemForAdmin(db: Executor, actor: Actor, itemId: number): Promise<repo.FullItemRow> {
  const row = await repo.findFullItem(db, itemId);
  if (!row || (actor.centreId && row.centre_id !== actor.centreId)) throw notFound('事项');
  return row;
}

/** A code taken between our check and our write (two administrators at once) is a conflict, not a bug. */
export function rethrowDuplicateCode(error: unknown): never {
  if ((error as { code?: string }).code === '23505') throw new AppError('CONFLICT', '编码已被占用（可能刚被他人保存），请刷新后重试');
  throw error;
}

async function assertCodeFree(db: Executor, code: string, exceptId?: number) {
  let query = db.selectFrom('service_items').select('id').where('code', '=', normalizeItemCode(code));
  if (exceptId) query = query.where('id', '<>', exceptId);
  if (await query.executeTakeFirst()) throw new AppError('CONFLICT', `实施编码 ${code} 已被其他事项使用`, [{ field: 'body.code', message: '实施编码重复' }]);
}

/** 新建事项: a draft nobody can apply for until it is published. */
export async function createItem(options: { db: Database; actor: Actor; content: TItemContent }): Promise<TItemDetail> {
  const { db, actor, content } = options;
  const department = await departmentFor(db, actor, content.departmentId);
  const { values, problems } = buildItemValues(content, department);
  if (!values) throw problemsToError(problems);
  await assertCodeFree(db, values.code);
  const id = await db.transaction().execute(async (trx) => {
    const created = await trx.insertInto('service_items').values({ ...values, status: 'draft' }).returning('id').executeTakeFirstOrThrow();
    await repo.linkParents(trx);
    await writeAudit(trx, { actorId: actor.id, action: 'catalog.item.create', targetType: 'service_item', targetId: String(created.id), detail: { code: values.code, name: values.name } });
    return created.id;
    }).catch(rethrowDuplicateCode);
  return toDetail((await repo.findFullItem(db, id))!);
}

/** 编辑草稿: drafts change freely; a published item changes only through changeItem (new version). */
export async function updateDraft(options: { db: Database; actor: Actor; itemId: number; content: TItemContent }): Promise<TItemDetail> {
  const { db, actor, itemId, content } = options;
  const current = await loadItemForAdmin(db, actor, itemId);
  if (current.status !== 'draft') throw invalidState('只有草稿可以直接修改；已发布的事项请通过「变更」生成新版本');
  const department = await departmentFor(db, actor, content.departmentId);
  const { values, problems } = buildItemValues(content, department, current.materials);
  if (!values) throw problemsToError(problems);
  await assertCodeFree(db, values.code, itemId);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('service_items').set({ ...values, updated_at: clockNow() }).where('id', '=', itemId).execute();
    await repo.linkParents(trx);
    await writeAudit(trx, { actorId: actor.id, action: 'catalog.item.update_draft', targetType: 'service_item', targetId: String(itemId), detail: { code: values.code } });
    }).catch(rethrowDuplicateCode);
  return toDetail((await repo.findFullItem(db, itemId))!);
}

type Transition = {
  action: string;
  /** States the step may start from, with the message when it may not. */
  from: ItemStatus[];
  refusal: string;
  to: ItemStatus;
};

const TRANSITIONS = {
  publish: { action: 'publish', from: ['draft'], refusal: '只有草稿可以发布', to: 'published' },
  change: { action: 'change', from: ['published', 'suspended'], refusal: '只有已发布或暂停的事项可以变更', to: 'published' },
  suspend: { action: 'suspend', from: ['published'], refusal: '只有已发布的事项可以暂停', to: 'suspended' },
  resume: { action: 'resume', from: ['suspended'], refusal: '只有暂停的事项可以恢复', to: 'published' },
  cancel: { action: 'cancel', from: ['draft', 'published', 'suspended'], refusal: '事项已取消', to: 'cancelled' },
  delegate: { action: 'delegate', from: ['published'], refusal: '只有已发布的事项可以下放', to: 'published' },
  take_over: { action: 'take_over', from: ['draft', 'published', 'suspended'], refusal: '已取消的事项不能承接', to: 'published' },
} satisfies Record<string, Transition>;

/**
 * One lifecycle step: load the item the admin may manage, check its state, then in one
 * transaction change it, append the version (who, when, why, the item as it now stands) and
 * write the audit row.
 */
async function transitionItem(options: {
  db: Database;
  actor: Actor;
  itemId: number;
  step: Transition;
  reason: string;
  patch?: Partial<ItemValues>;
  /** Keeps the current status (a change of a suspended item stays suspended). */
  keepStatus?: boolean;
  /** The code the step replaced (下放 / 承接): kept in the item's code history. */
  formerCode?: string;
}): Promise<TItemDetail> {
  const { db, actor, itemId, step } = options;
  await loadItemForAdmin(db, actor, itemId);
  await db.transaction().execute(async (trx) => {
    // The row lock makes two administrators' steps on one item run one after the other, so the
    // state check and the next version number are never decided on a stale read.
    const current = await trx.selectFrom('service_items').select('status').where('id', '=', itemId).forUpdate().executeTakeFirstOrThrow();
    if (!step.from.includes(current.status)) throw invalidState(`${step.refusal}（当前状态：${STATUS_NAMES[current.status]}）`);
    const status = options.keepStatus ? current.status : step.to;
    await trx
      .updateTable('service_items')
      .set({ ...options.patch, status, updated_at: clockNow() })
      .where('id', '=', itemId)
      .execute();
    if (options.patch?.code) await repo.linkParents(trx);
    if (options.formerCode && options.patch?.code) {
      await trx
        .insertInto('service_item_codes')
        .values({ code: options.formerCode, item_id: itemId, replaced_by: options.patch.code, action: step.action as 'delegate' | 'take_over', replaced_at: clockNow() })
        .onConflict((oc) => oc.column('code').doUpdateSet({ item_id: itemId, replaced_by: options.patch!.code!, action: step.action as 'delegate' | 'take_over', replaced_at: clockNow() }))
        .execute();
    }
    const after = (await repo.findFullItem(trx, itemId))!;
    const version = await repo.appendVersion(trx, {
      itemId,
      action: step.action,
      reason: options.reason,
      actorId: actor.id,
      snapshot: toDetail(after),
    });
    await writeAudit(trx, {
      actorId: actor.id,
      action: `catalog.item.${step.action}`,
      targetType: 'service_item',
      targetId: String(itemId),
      detail: {
        reason: options.reason,
        from: current.status,
        to: status,
        versionNo: version.version_no,
        ...(options.formerCode && { formerCode: options.formerCode, code: options.patch?.code }),
      },
    });
    }).catch(rethrowDuplicateCode);
  return toDetail((await repo.findFullItem(db, itemId))!);
}

export const STATUS_NAMES: Record<ItemStatus, string> = { draft: '草稿', published: '已发布', suspended: '暂停办理', cancelled: '已取消' };

/** 发布: the draft becomes version 1 and can be applied for. */
export const publishItem = (o: { db: Database; actor: Actor; itemId: number; reason?: string }) =>
  transitionItem({ ...o, step: TRANSITIONS.publish, reason: o.reason || '发布' });

/** 变更: a published item's new content becomes the next version; cases keep the one they used. */
export async function changeItem(o: { db: Database; actor: Actor; itemId: number; reason: string; content: TItemContent }) {
  const department = await departmentFor(o.db, o.actor, o.content.departmentId);
  const current = await loadItemForAdmin(o.db, o.actor, o.itemId);
  const { values, problems } = buildItemValues(o.content, department, current.materials);
  if (!values) throw problemsToError(problems);
  await assertCodeFree(o.db, values.code, o.itemId);
  return transitionItem({ ...o, step: TRANSITIONS.change, patch: values, keepStatus: true });
}

/** 暂停办理: no new applications until resumed; running cases go on. */
export const suspendItem = (o: { db: Database; actor: Actor; itemId: number; reason: string }) => transitionItem({ ...o, step: TRANSITIONS.suspend });
export const resumeItem = (o: { db: Database; actor: Actor; itemId: number; reason: string }) => transitionItem({ ...o, step: TRANSITIONS.resume });
/** 取消: the item leaves the catalogue for good (its versions stay for the cases that used them). */
export const cancelItem = (o: { db: Database; actor: Actor; itemId: number; reason: string }) => transitionItem({ ...o, step: TRANSITIONS.cancel });

/** The body that exercises an item: what its implementation code names. */
interface ImplementingBody {
  creditCode: string;
  level: number;
  /** 6-digit 行政区划代码. */
  division: string;
}

const LEVEL_OF_REGION = { province: 2, city: 3, county: 4, town: 5, village: 6 } as const;

/** A department as an implementing body: its credit code, and the level and division of its region. */
async function departmentBody(db: Executor, where: { id: number } | { name: string }): Promise<ImplementingBody | undefined> {
  let query = db.selectFrom('departments').select(['credit_code', 'region_code']);
  query = 'id' in where ? query.where('id', '=', where.id) : query.where('name', '=', where.name);
  const d = await query.executeTakeFirst();
  const level = d ? levelOfStatCode(statCode(d.region_code)) : null;
  return d && level ? { creditCode: d.credit_code, level: LEVEL_OF_REGION[level], division: d.region_code.slice(0, 6) } : undefined;
}

/**
 * The implementation code an item gets when another body exercises it: the same basic code and
 * handling number, the new body's credit code, level and division; checked like any code.
 */
function regenerateCode(current: repo.FullItemRow, body: ImplementingBody): string {
  const parsed = parseItemCode(current.code);
  if (!parsed.ok) throw invalidState(`事项现有实施编码不规范（${parsed.reason}），请先通过「变更」改为规范编码`);
  const c = parsed.code;
  const code = composeItemCode({ ...body, itemType: c.itemType, mainNo: Number(c.mainNo), subNo: Number(c.subNo), handlingNo: Number(c.handlingNo) });
  const checked = parseItemCode(code);
  if (!checked.ok) throw new AppError('VALIDATION_FAILED', `新的实施编码 ${code} 不合规：${checked.reason}`, [{ field: 'body.creditCode', message: checked.reason }]);
  return code;
}

/** The code patch of a 下放 / 承接: the new code, the old one kept in the item's code history. */
async function codeChange(db: Executor, current: repo.FullItemRow, body: ImplementingBody): Promise<{ patch: Partial<ItemValues>; formerCode?: string }> {
  const code = regenerateCode(current, body);
  if (code === current.code) return { patch: { implementing_level: body.level } };
  await assertCodeFree(db, code, current.id);
  return { patch: { code, implementing_level: body.level }, formerCode: current.code };
}

/**
 * 下放: exercised from now on by a lower level (e.g. 各乡镇人民政府); the item stays listed here. Its
 * implementation code is regenerated for the new body (credit code, level, division: given, or
 * read from the department of that name), the old code kept and still found.
 */
export async function delegateItem(o: { db: Database; actor: Actor; itemId: number; reason: string; to: string; level: number; creditCode?: string; regionCode?: string }) {
  const current = await loadItemForAdmin(o.db, o.actor, o.itemId);
  if (o.level <= current.implementing_level) throw invalidState(`只能下放到更低的层级（当前为第 ${current.implementing_level} 级）`);
  const known = o.creditCode && o.regionCode ? undefined : await departmentBody(o.db, { name: o.to });
  const creditCode = o.creditCode ?? known?.creditCode;
  const division = o.regionCode ?? known?.division;
  if (!creditCode || !division) {
    throw new AppError('VALIDATION_FAILED', `请填写「${o.to}」的统一社会信用代码和行政区划代码，以生成下放后的实施编码`, [{ field: 'body.creditCode', message: '请填写承接主体的统一社会信用代码' }]);
  }
  const change = await codeChange(o.db, current, { creditCode, level: o.level, division });
  return transitionItem({ ...o, step: TRANSITIONS.delegate, patch: { delegated_to: o.to, implementing_body: o.to, ...change.patch }, formerCode: change.formerCode });
}

/**
 * 承接: this centre takes over an item delegated to it from a higher level, and publishes it; the
 * item's department becomes the implementing body, and the code follows it.
 */
export async function takeOverItem(o: { db: Database; actor: Actor; itemId: number; reason: string; from: string }) {
  const current = await loadItemForAdmin(o.db, o.actor, o.itemId);
  const body = await departmentBody(o.db, { id: current.department_id });
  const change = body ? await codeChange(o.db, current, body) : { patch: {} };
  return transitionItem({ ...o, step: TRANSITIONS.take_over, patch: { taken_over_from: o.from, implementing_body: current.department_name, ...change.patch }, formerCode: 'formerCode' in change ? change.formerCode : undefined });
}

/**
 * Finds an item by its implementation code, current or former (a code replaced by 下放 / 承接
 * still leads to the item), with the item's code history.
 */
export async function findItemByCode(db: Executor, raw: string) {
  const code = normalizeItemCode(raw);
  const current = await db.selectFrom('service_items').select(['id', 'code', 'name', 'status']).where('code', '=', code).where('status', '<>', 'draft').executeTakeFirst();
  const former = current
    ? undefined
    : await db
        .selectFrom('service_item_codes as h')
        .innerJoin('service_items as i', 'i.id', 'h.item_id')
        .select(['i.id', 'i.code', 'i.name', 'i.status'])
        .where('h.code', '=', code)
        .where('i.status', '<>', 'draft')
        .executeTakeFirst();
  const item = current ?? former;
  if (!item) throw notFound('实施编码');
  const history = await db.selectFrom('service_item_codes').select(['code', 'replaced_by', 'action', 'replaced_at']).where('item_id', '=', item.id).orderBy('replaced_at').execute();
  return {
    itemId: item.id,
    name: item.name,
    code: item.code,
    status: item.status,
    former: Boolean(former),
    history: history.map((h) => ({ code: h.code, replacedBy: h.replaced_by, action: h.action, actionName: h.action === 'delegate' ? '下放' : '承接', replacedAt: h.replaced_at.toISOString() })),
  };
}
