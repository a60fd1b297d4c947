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

export interface ImportResult {
  ok: boolean;
  problems: ImportProblem[];
  created: number;
  updated: number;
  unchanged: number;
  departmentsCreated: number;
}

const CHUNK = 500;
const SHEET_ORDER = [SHEET_ITEMS, SHEET_MATERIALS, SHEET_DEPARTMENTS];

/**
 * 目录导入: validates the whole workbook first and reports every bad cell; only a clean file is
 * written, in one transaction (all or nothing). Re-importing an item with the same 实施编码
 * updates it, and an item whose content did not change is left alone (no new version), so an
 * export imports back without drift.
 */
export async function importCatalog(options: {
  db: Database;
  data: Buffer;
  centreId: number;
  actorId: number | null;
  onProgress?: (done: number, total: number) => void;
}): Promise<ImportResult> {
  const { db, centreId } = options;
  const parsed = await readCatalogWorkbook(options.data);
  const problems = parsed.problems;
  const result: ImportResult = { ok: false, problems, created: 0, updated: 0, unchanged: 0, departmentsCreated: 0 };
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
  const seenCodes = new Map<string, number>();
  const ready: { row: number; values: ItemValues; status: RowStatus; content: TItemContent }[] = [];
  for (const item of parsed.items) {
    const c = item.content;
    const cell = (field: string, value: string, message: string) => {
      const { header } = itemColumnOf(field);
      report(SHEET_ITEMS, item.row, header, value, message, ITEM_HEADERS);
    };
    if (c.code) {
      const first = seenCodes.get(c.code);
      if (first) cell('code', c.code, `与第 ${first} 行的实施编码重复`);
      else seenCodes.set(c.code, item.row);
      if (otherCentreCodes.has(c.code)) cell('code', c.code, '该实施编码已属于其他服务中心的事项');
    }
    if (!item.valid) continue;
    const parsedCode = parseItemCode(c.code);
    if (item.typeText && parsedCode.ok) {
      const type = ITEM_TYPES.find((t) => t.name === item.typeText || t.code === item.typeText);
      if (!type) report(SHEET_ITEMS, item.row, TYPE_HEADER, item.typeText, `没有事项类型「${item.typeText}」`, ITEM_HEADERS);
      else if (type.code !== parsedCode.code.itemType) {
        report(SHEET_ITEMS, item.row, TYPE_HEADER, item.typeText, `与实施编码中的类型（${ITEM_TYPES.find((t) => t.code === parsedCode.code.itemType)!.name}）不一致`, ITEM_HEADERS);
      }
    }
    const department = byName.get(c.departmentName);
    if (!department) {
      cell('departmentName', c.departmentName, '没有这个部门（请在「部门」表中列出名称和统一社会信用代码）');
      continue;
    }
    const { status, departmentName: _name, ...rest } = c;
    const content: TItemContent = { ...rest, departmentId: department.id, materials: materialsByCode.get(c.code) ?? [], formFields: [] };
    const built = buildItemValues(content, department);
    for (const p of built.problems) {
      const value = p.field === 'departmentId' ? c.departmentName : String((c as Record<string, unknown>)[p.field] ?? '');
      cell(p.field, typeof value === 'string' ? value : '', p.message);
    }
    if (built.values) ready.push({ row: item.row, values: built.values, status, content });
  }
  if (problems.length) {
    problems.sort((a, b) => SHEET_ORDER.indexOf(a.sheet) - SHEET_ORDER.indexOf(b.sheet) || a.row - b.row || a.column.length - b.column.length || a.column.localeCompare(b.column));
    return result;
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
  if (problems.length) return result;

  const total = ready.length;
  options.onProgress?.(0, total);
  await db.transaction().execute(async (trx) => {
    const departmentIds = new Map<number, number>();
    for (const d of newDepartments) {
      const created = await trx
        .insertInto('departments')
        .values({ name: d.name, credit_code: d.creditCode, phone: d.phone, region_code: centre.region_code, centre_id: centreId })
        .returning('id')
        .executeTakeFirstOrThrow();
      departmentIds.set(d.placeholder, created.id);
    }
    result.departmentsCreated = newDepartments.length;
    const realDepartment = (id: number) => departmentIds.get(id) ?? id;

    const versioned: number[] = [];
    const inserts: (ItemValues & { status: RowStatus })[] = [];
    let done = 0;
    for (const item of ready) {
      const values = { ...item.values, department_id: realDepartment(item.values.department_id as number) };
      const before = existing.get(values.code);
      if (!before) {
        inserts.push({ ...values, status: item.status });
        continue;
      }
      // Form fields are edited in the web editor, not in the workbook: keep them.
      const next = { ...item.content, code: values.code, implementingBody: values.implementing_body as string, departmentId: values.department_id, formFields: before.form_fields };
      if (canonical(contentOf(before)) === canonical(next) && before.status === item.status) {
        result.unchanged++;
      } else {
        const { form_fields: _keep, ...update } = values;
        await trx.updateTable('service_items').set({ ...update, status: item.status, updated_at: new Date() }).where('id', '=', before.id).execute();
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
      detail: { created: result.created, updated: result.updated, unchanged: result.unchanged, departmentsCreated: result.departmentsCreated },
    });
    }).catch(rethrowDuplicateCode);
  options.onProgress?.(total, total);
  result.ok = true;
  return result;
}

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
