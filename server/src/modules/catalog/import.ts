import type { Database } from '../../db/database.js';
import type { ItemMaterial } from '../../db/schema.js';
import { isValidCreditCode } from '../../util/identity.js';
import { writeAudit } from '../auth/repo.js';
import { ITEM_TYPES, parseItemCode } from './codes.js';
import * as repo from './repo.js';
import type { TItemContent } from './schema.js';
import { buildItemValues, contentOf, rethrowDuplicateCode, toDetail, type ItemValues } from './service.js';
import {
  ITEM_COLUMNS,
  ITEM_HEADERS,
  MATERIAL_HEADERS,
  SHEET_DEPARTMENTS,
  SHEET_ITEMS,
  SHEET_MATERIALS,
  TYPE_HEADER,
  columnLetter,
  itemColumnOf,
  readCatalogWorkbook,
  writeCatalogWorkbook,
  type ImportProblem,
  type RowStatus,
} from './xlsx.js';
import { now as clockNow } from '../../util/clock.js';

export interface ImportResult {
  /** True when the file had no problem at all. */
  ok: boolean;
  /** Nothing was written: the counts say what an import would do. */
  dryRun: boolean;
  problems: ImportProblem[];
  created: number;
  updated: number;
  unchanged: number;
  departmentsCreated: number;
  /** Rows of the 事项 sheet left out (each has at least one problem listed). */
  skippedRows: number[];
  /** Whether anything was (or, in a dry run, would be) written. */
  written: boolean;
}

/** How an import treats a file with problems. */
export interface ImportMode {
  /** Check only: report every problem and what would be imported, write nothing. */
  dryRun?: boolean;
  /** Import the rows without problems and list the others; otherwise a bad cell stops the whole file. */
  importValid?: boolean;
}

/** Rules across cells, by the cells they read: skipped when one of those could not be read. */
const RULE_INPUTS: Record<string, string[]> = {
  legalLimitText: [],
  promisedLimitText: ['legalLimitText'],
  kind: ['promisedLimitText'],
  channels: ['onlineDepth'],
  fees: [],
  themes: [],
  code: [],
  departmentId: ['departmentName'],
};

const CHUNK = 500;
const SHEET_ORDER = [SHEET_ITEMS, SHEET_MATERIALS, SHEET_DEPARTMENTS];

/**
 * 目录导入: validates the whole workbook first and reports every bad cell of every row. By default
 * only a clean file is written, in one transaction (all or nothing); with `importValid` the rows
 * without problems are written (still one transaction) and the others listed; with `dryRun`
 * nothing is written and the counts say what would be. Re-importing an item with the same 实施编码
 * updates it, and an item whose content did not change is left alone (no new version), so an
 * export imports back without drift.
 */
export async function importCatalog(options: {
  db: Database;
  data: Buffer;
  centreId: number;
  actorId: number | null;
  onProgress?: (done: number, total: number) => void;
} & ImportMode): Promise<ImportResult> {
  const { db, centreId } = options;
  const parsed = await readCatalogWorkbook(options.data);
  const problems = parsed.problems;
  const result: ImportResult = { ok: false, dryRun: Boolean(options.dryRun), problems, created: 0, updated: 0, unchanged: 0, departmentsCreated: 0, skippedRows: [], written: false };
  if (problems.some((p) => p.row <= 1)) return result;

  const report = (sheet: string, row: number, header: string, value: string, message: string, headers: string[]) => {
    const index = headers.indexOf(header);
    problems.push({ sheet, row, column: index >= 0 ? columnLetter(index + 1) : '', header, value, message });
  };

  // Departments: the centre's own, plus the ones the 部门 sheet adds.
  const existingDepartments = await db.selectFrom('departments').select(['id', 'name', 'credit_code', 'phone', 'centre_id']).execute();
  const centre = await db.selectFrom('centres').select(['id', 'region_code']).where('id', '=', centreId).executeTakeFirstOrThrow();
  const byName = new Map(existingDepartments.filter((d) => d.centre_id === centreId).map((d) => [d.name, { id: d.id as number, name: d.name }]));
  const newDepartments: { name: string; creditCode: string; phone: string; placeholder: number }[] = [];
  const seenCredit = new Set<string>();
  for (const d of parsed.departments) {
    const headers = ['部门名称', '统一社会信用代码', '联系电话'];
    if (!d.name) report(SHEET_DEPARTMENTS, d.row, '部门名称', '', '必填', headers);
    if (!isValidCreditCode(d.creditCode)) {
      report(SHEET_DEPARTMENTS, d.row, '统一社会信用代码', d.creditCode, '不是有效的统一社会信用代码（18 位，校验位按 GB 32100）', headers);
      continue;
    }
    if (seenCredit.has(d.creditCode)) {
      report(SHEET_DEPARTMENTS, d.row, '统一社会信用代码', d.creditCode, '本表中重复', headers);
      continue;
    }
    seenCredit.add(d.creditCode);
    const sameCode = existingDepartments.find((e) => e.credit_code === d.creditCode);
    if (sameCode && (sameCode.name !== d.name || sameCode.centre_id !== centreId)) {
      report(SHEET_DEPARTMENTS, d.row, '统一社会信用代码', d.creditCode, `该信用代码已属于「${sameCode.name}」`, headers);
      continue;
    }
    const sameName = byName.get(d.name);
    if (sameName && !sameCode) {
      report(SHEET_DEPARTMENTS, d.row, '部门名称', d.name, '系统中已有同名部门，但信用代码不同', headers);
      continue;
    }
    if (!sameCode && d.name) {
      const placeholder = -(newDepartments.length + 1);
      newDepartments.push({ name: d.name, creditCode: d.creditCode, phone: d.phone, placeholder });
      byName.set(d.name, { id: placeholder, name: d.name });
    }
  }

  // Materials grouped by item code, in row order.
  const itemCodes = new Set(parsed.items.map((i) => i.content.code).filter(Boolean));
  const materialsByCode = new Map<string, ItemMaterial[]>();
  for (const m of parsed.materials) {
    if (!itemCodes.has(m.code)) {
      report(SHEET_MATERIALS, m.row, '实施编码', m.code, '「事项」表中没有这个实施编码', MATERIAL_HEADERS);
      continue;
    }
    const list = materialsByCode.get(m.code) ?? [];
    list.push(m.material);
    materialsByCode.set(m.code, list);
  }

  // Items: every row checked with the same rules as the editor.
  const otherCentreCodes = new Set<string>();
  const codes = [...itemCodes];
  for (let i = 0; i < codes.length; i += CHUNK) {
    const rows = await db
      .selectFrom('service_items')
      .innerJoin('departments', 'departments.id', 'service_items.department_id')
      .select(['service_items.code', 'departments.centre_id'])
      .where('service_items.code', 'in', codes.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) if (r.centre_id !== centreId) otherCentreCodes.add(r.code);
  }
  // Rows of the 事项 sheet with a problem so far (recounted only when problems were added).
  let counted = -1;
  let withProblems = new Set<number>();
  const rowsWithProblems = () => {
    if (counted !== problems.length) {
      withProblems = new Set(problems.filter((p) => p.sheet === SHEET_ITEMS).map((p) => p.row));
      counted = problems.length;
    }
    return withProblems;
  };
  const seenCodes = new Map<string, number>();
  const ready: { row: number; values: ItemValues; status: RowStatus; content: TItemContent }[] = [];
  for (const item of parsed.items) {
    const c = item.content;
    const cell = (field: string, value: string, message: string) => {
      const { header } = itemColumnOf(field);
      report(SHEET_ITEMS, item.row, header, value, message, ITEM_HEADERS);
    };
    // The cell as the person wrote it: a reason never quotes an internal value.
    const written = (field: string) => item.cells[(field === 'departmentId' ? 'departmentName' : field) as keyof typeof item.cells] ?? '';
    if (c.code) {
      const first = seenCodes.get(c.code);
      if (first) cell('code', written('code'), `与第 ${first} 行的实施编码重复`);
      else seenCodes.set(c.code, item.row);
      if (otherCentreCodes.has(c.code)) cell('code', written('code'), '该实施编码已属于其他服务中心的事项');
    }
    const parsedCode = parseItemCode(c.code ?? '');
    if (item.typeText && parsedCode.ok) {
      const type = ITEM_TYPES.find((t) => t.name === item.typeText || t.code === item.typeText);
      if (!type) report(SHEET_ITEMS, item.row, TYPE_HEADER, item.typeText, `没有事项类型「${item.typeText}」`, ITEM_HEADERS);
      else if (type.code !== parsedCode.code.itemType) {
        report(SHEET_ITEMS, item.row, TYPE_HEADER, item.typeText, `与实施编码中的类型（${ITEM_TYPES.find((t) => t.code === parsedCode.code.itemType)!.name}）不一致`, ITEM_HEADERS);
      }
    }
    const department = c.departmentName === undefined ? undefined : byName.get(c.departmentName);
    if (c.departmentName !== undefined && !department) cell('departmentName', written('departmentName'), '没有这个部门（请在「部门」表中列出名称和统一社会信用代码）');
    // The rules across cells run on a row with unreadable cells too, on the cells that did read;
    // a missing cell gets a neutral stand-in whose own problems are not reported (already were).
    const { status, departmentName: _name, ...rest } = c;
    const content: TItemContent = {
      ...STAND_INS,
      ...rest,
      departmentId: department?.id ?? 0,
      materials: materialsByCode.get(c.code) ?? [],
      formFields: [],
    };
    const built = buildItemValues(content, department ?? { id: 0, name: '' });
    for (const p of built.problems) {
      if (item.failed.has(p.field as never) || (RULE_INPUTS[p.field] ?? []).some((input) => item.failed.has(input as never))) continue;
      if (p.field === 'departmentId') continue; // reported above with the name written
      cell(p.field, written(p.field), p.message);
    }
    const badMaterials = parsed.badMaterialRows.get(c.code ?? '');
    if (item.valid && department && built.values && !badMaterials && !rowsWithProblems().has(item.row)) {
      ready.push({ row: item.row, values: built.values, status: status!, content });
    }
  }

  // Existing items of this centre, to update only what changed.
  const existing = new Map<string, repo.FullItemRow>();
  for (let i = 0; i < codes.length; i += CHUNK) {
    const rows = await repo.selectFullItems(db).where('service_items.code', 'in', codes.slice(i, i + CHUNK)).execute();
    for (const r of rows) existing.set(r.code, r);
  }
  for (const item of ready) {
    const before = existing.get(item.values.code);
    if (before?.status && before.status !== 'draft' && item.status === 'draft') {
      report(SHEET_ITEMS, item.row, ITEM_COLUMNS.status.header, '草稿', '已发布过的事项不能改回草稿', ITEM_HEADERS);
    }
  }
  const badRows = new Set(problems.filter((p) => p.sheet === SHEET_ITEMS).map((p) => p.row));
  const writable = ready.filter((item) => !badRows.has(item.row));
  const writableRows = new Set(writable.map((w) => w.row));
  result.skippedRows = parsed.items.map((i) => i.row).filter((row) => !writableRows.has(row));
  problems.sort((a, b) => SHEET_ORDER.indexOf(a.sheet) - SHEET_ORDER.indexOf(b.sheet) || a.row - b.row || a.column.length - b.column.length || a.column.localeCompare(b.column));
  result.ok = problems.length === 0;
  if (!result.ok && !options.importValid && !options.dryRun) return result;

  // What each row does: a new item, a change, or nothing (a round trip).
  const plan = writable.map((item) => {
    const before = existing.get(item.values.code);
    if (!before) return { item, action: 'create' as const, before };
    // What the workbook does not carry (form fields, the 审批链, anything edited only in the web
    // editor) is kept as it stands, so it neither counts as a change nor is lost by one.
    const current = contentOf(before);
    const next = { ...current, ...item.content, code: item.values.code, implementingBody: item.values.implementing_body as string, departmentId: item.values.department_id, formFields: before.form_fields };
    const same = canonical(current) === canonical(next) && before.status === item.status;
    return { item, action: same ? ('unchanged' as const) : ('update' as const), before };
  });
  // The 部门 sheet's valid rows are written with the valid items (a dry run counts them the same way).
  const departmentsToCreate = newDepartments;
  if (options.dryRun) {
    result.created = plan.filter((p) => p.action === 'create').length;
    result.updated = plan.filter((p) => p.action === 'update').length;
    result.unchanged = plan.filter((p) => p.action === 'unchanged').length;
    result.departmentsCreated = departmentsToCreate.length;
    result.written = result.created + result.updated + result.departmentsCreated > 0;
    return result;
  }

  const total = plan.length;
  options.onProgress?.(0, total);
  await db.transaction().execute(async (trx) => {
    const departmentIds = new Map<number, number>();
    for (const d of departmentsToCreate) {
      const created = await trx
        .insertInto('departments')
        .values({ name: d.name, credit_code: d.creditCode, phone: d.phone, region_code: centre.region_code, centre_id: centreId })
        .returning('id')
        .executeTakeFirstOrThrow();
      departmentIds.set(d.placeholder, created.id);
    }
    result.departmentsCreated = departmentsToCreate.length;
    const realDepartment = (id: number) => departmentIds.get(id) ?? id;

    const versioned: number[] = [];
    const inserts: (ItemValues & { status: RowStatus })[] = [];
    let done = 0;
    for (const { item, action, before } of plan) {
      const values = { ...item.values, department_id: realDepartment(item.values.department_id as number) };
      if (action === 'create' || !before) {
        inserts.push({ ...values, status: item.status });
        continue;
      }
      if (action === 'unchanged') {
        result.unchanged++;
      } else {
        const { form_fields: _keep, ...update } = values;
        await trx.updateTable('service_items').set({ ...update, status: item.status, updated_at: clockNow() }).where('id', '=', before.id).execute();
        if (item.status !== 'draft') versioned.push(before.id);
        result.updated++;
      }
      done++;
      if (done % 100 === 0) options.onProgress?.(done, total);
    }
    for (let i = 0; i < inserts.length; i += CHUNK) {
      const chunk = inserts.slice(i, i + CHUNK);
      const created = await trx.insertInto('service_items').values(chunk).returning(['id', 'status']).execute();
      for (const c of created) if (c.status !== 'draft') versioned.push(c.id);
      result.created += created.length;
      done += chunk.length;
      options.onProgress?.(done, total);
    }
    await repo.linkParents(trx);
    // One version per published item that is new or changed: the snapshot as it now stands.
    for (let i = 0; i < versioned.length; i += CHUNK) {
      const ids = versioned.slice(i, i + CHUNK);
      const rows = await repo.selectFullItems(trx).where('service_items.id', 'in', ids).execute();
      const numbers = await trx
        .selectFrom('service_item_versions')
        .select(['item_id', (eb) => eb.fn.max('version_no').as('n')])
        .where('item_id', 'in', ids)
        .groupBy('item_id')
        .execute();
      const last = new Map(numbers.map((n) => [n.item_id, Number(n.n)]));
      const versions = await trx
        .insertInto('service_item_versions')
        .values(rows.map((r) => ({ item_id: r.id, version_no: (last.get(r.id) ?? 0) + 1, action: 'import', reason: '目录导入', actor_id: options.actorId, snapshot: JSON.stringify(toDetail(r)) })))
        .returning(['id', 'item_id'])
        .execute();
      for (const v of versions) await trx.updateTable('service_items').set({ current_version_id: v.id }).where('id', '=', v.item_id).execute();
    }
    await writeAudit(trx, {
      actorId: options.actorId,
      action: 'catalog.import',
      targetType: 'centre',
      targetId: String(centreId),
      detail: {
        created: result.created,
        updated: result.updated,
        unchanged: result.unchanged,
        departmentsCreated: result.departmentsCreated,
        skippedRows: result.skippedRows.length,
        problems: problems.length,
      },
    });
    }).catch(rethrowDuplicateCode);
  options.onProgress?.(total, total);
  result.written = true;
  return result;
}

/** Stand-ins for cells that could not be read, so the other cells' rules still run. */
const STAND_INS: Omit<TItemContent, 'departmentId' | 'materials' | 'formFields'> = {
  code: '',
  name: '',
  implementingBody: '',
  kind: 'promised',
  legalLimitText: '',
  promisedLimitText: '1',
  description: '',
  conditions: '',
  legalBasis: [],
  fees: { free: true, items: [] },
  trips: 1,
  onlineDepth: 1,
  channels: ['window'],
  windows: '',
  consultPhone: '',
  complaintPhone: '',
  process: [],
  target: 'both',
  themes: [],
};

/** Stable JSON of an item's content, to tell a real change from a round trip. */
function canonical(content: TItemContent): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sort) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, sort(x)])) : v;
  return JSON.stringify(sort({ ...content, code: content.code.toUpperCase() }));
}

/** 目录导出: the centre's items in the import layout (so the file imports back unchanged). */
export async function exportCatalog(db: Database, centreId: number | null): Promise<Buffer> {
  let query = repo.selectFullItems(db).orderBy('departments.name').orderBy('service_items.code');
  if (centreId) query = query.where('departments.centre_id', '=', centreId);
  const rows = await query.execute();
  let departments = db.selectFrom('departments').select(['id', 'name', 'credit_code', 'phone']).orderBy('id');
  if (centreId) departments = departments.where('centre_id', '=', centreId);
  const deps = await departments.execute();
  return writeCatalogWorkbook(
    rows.map((r) => {
      const { departmentId: _d, formFields: _f, materials, ...content } = contentOf(r);
      return { ...content, materials, departmentName: r.department_name, status: r.status, itemTypeName: ITEM_TYPES.find((t) => t.code === r.item_type)!.name };
    }),
    deps.map((d) => ({ name: d.name, creditCode: d.credit_code, phone: d.phone })),
  );
}

export const catalogTemplate = () => writeCatalogWorkbook([], []);
