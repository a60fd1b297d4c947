import type ExcelJS from 'exceljs';
import type { ItemChannel, ItemMaterialInput as ItemMaterial, LegalBasis, ProcessStep } from '../../db/schema.js';
import { ITEM_TYPES, LEVELS, normalizeItemCode } from './codes.js';
import type { TItemContent } from './schema.js';
import { THEMES } from './themes.js';
import { loadExcel } from '../../documents/lazy-libs.js';

/**
 * The catalogue workbook: one layout for the template, the import and the export, so an export
 * imports back unchanged. Sheets: 事项 (one row per item), 材料 (one row per material, keyed by
 * 实施编码), 部门 (departments the items name), 填写说明 (instructions).
 */
export const SHEET_ITEMS = '事项';
export const SHEET_MATERIALS = '材料';
export const SHEET_DEPARTMENTS = '部门';
export const SHEET_HELP = '填写说明';

/** An item as one row of the 事项 sheet holds it (department by name, not id). */
// The sheet carries no review chain: an imported item keeps the chain it has (or the default).
export type ItemRowContent = Omit<TItemContent, 'departmentId' | 'formFields' | 'materials' | 'reviewChain' | 'correctionStopAllowed'> & { departmentName: string; status: RowStatus };
export type RowStatus = 'draft' | 'published' | 'suspended' | 'cancelled';

export interface ImportProblem {
  sheet: string;
  row: number;
  column: string;
  header: string;
  value: string;
  message: string;
}

type Reader<T> = (text: string) => { value: T } | { error: string };

interface Column<T> {
  header: string;
  required?: boolean;
  /** What to tell the person about a blank required cell (a blank is never read as a default). */
  blank?: string;
  width: number;
  note: string;
  read: Reader<T>;
  write: (value: T) => string | number;
}

const ok = <T>(value: T) => ({ value });
const fail = (error: string) => ({ error });
const lines = (text: string) => text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
const list = (text: string) => text.split(/[、,，;；\n]+/).map((s) => s.trim()).filter(Boolean);

const text = (max: number): Reader<string> => (t) => (t.length > max ? fail(`不能超过 ${max} 个字（现 ${t.length} 字）`) : ok(t));

const STATUS: Record<string, RowStatus> = { 草稿: 'draft', 已发布: 'published', 暂停办理: 'suspended', 已取消: 'cancelled' };
const STATUS_TEXT = Object.fromEntries(Object.entries(STATUS).map(([k, v]) => [v, k])) as Record<RowStatus, string>;
const CHANNELS: Record<string, ItemChannel> = { 网上办理: 'online', 窗口办理: 'window', 代办帮办: 'agent', '村（社区）代办点': 'village' };
/** What guides also write for the four channels. */
const CHANNEL_SYNONYMS: Record<string, ItemChannel> = {
  网上: 'online', 线上: 'online', 网办: 'online', 网上申请: 'online', 全程网办: 'online', 网上办事大厅: 'online',
  窗口: 'window', 线下: 'window', 现场办理: 'window', 窗口受理: 'window', 大厅窗口: 'window',
  代办: 'agent', 帮办代办: 'agent', 代办服务: 'agent',
  村代办点: 'village', 村社区代办点: 'village', 村级代办: 'village', 便民服务站: 'village', 就近办: 'village',
};
const CHANNEL_TEXT = Object.fromEntries(Object.entries(CHANNELS).map(([k, v]) => [v, k])) as Record<ItemChannel, string>;
const DEPTH = ['一级', '二级', '三级', '四级'];
const DEPTH_NOTE = ['信息公开', '网上预约', '网上预审', '全程网办'];
const TARGET_TEXT = { natural: '自然人', legal: '法人', both: '自然人、法人' };

/** 设定依据: one law per line, 《法律名称》 then its articles. */
function readBasis(t: string) {
  const out: LegalBasis[] = [];
  // One per line; "；" before another 《 also separates laws written on one line.
  for (const line of t.split(/\r?\n|[；;](?=\s*《)/).map((l) => l.trim()).filter(Boolean)) {
    const m = /^(.*?》)\s*(.*)$/.exec(line);
    out.push(m ? { law: m[1]!.trim(), articles: m[2]!.trim() } : { law: line, articles: '' });
  }
  return ok(out);
}

function readSteps(t: string) {
  const out: ProcessStep[] = [];
  // One per line, or "申请→受理→审查→决定" on one line.
  for (const line of t.split(/\r?\n|→|->|—>/).map((l) => l.trim()).filter(Boolean)) {
    const body = line.replace(/^\d+\s*[.、．]\s*/, '');
    const i = body.search(/[：:]/);
    out.push(i < 0 ? { name: body, description: '' } : { name: body.slice(0, i).trim(), description: body.slice(i + 1).trim() });
  }
  for (const s of out) if (s.name.length > 50) return fail(`环节名称「${s.name.slice(0, 20)}…」过长，请写成「环节：说明」`);
  return ok(out);
}

/** The 事项 sheet, in column order. */
export const ITEM_COLUMNS: { [K in keyof ItemRowContent]: Column<ItemRowContent[K]> } = {
  code: { header: '实施编码', required: true, width: 46, note: '信用代码-层级-区划-类型-主项-子项-办理项，见「填写说明」', read: (t) => ok(normalizeItemCode(t)), write: (v) => v },
  name: { header: '事项名称', required: true, width: 30, note: '', read: (t) => (t.length < 2 || t.length > 100 ? fail('应为 2 到 100 个字') : ok(t)), write: (v) => v },
  departmentName: { header: '责任部门', required: true, width: 26, note: '与「部门」表或系统中的部门名称一致', read: text(100), write: (v) => v },
  implementingBody: { header: '实施主体', width: 26, note: '留空则同责任部门', read: text(100), write: (v) => v },
  kind: {
    header: '办件类型',
    required: true,
    width: 10,
    note: '即办件 / 承诺件',
    read: (t) => (t === '即办件' ? ok('immediate' as const) : t === '承诺件' ? ok('promised' as const) : fail('应为「即办件」或「承诺件」')),
    write: (v) => (v === 'immediate' ? '即办件' : '承诺件'),
  },
  legalLimitText: {
    header: '法定办结时限',
    width: 20,
    note: '如 20个工作日、60日、当场办结；数字即工作日。行政许可必填；法律法规未规定时限的其他事项（如公共服务）留空或写「无」',
    read: text(500),
    write: (v) => v,
  },
  promisedLimitText: { header: '承诺办结时限', required: true, width: 20, note: '可按情形分写：不需现场核查的，当场办结；需现场核查的，5个工作日', read: text(500), write: (v) => v },
  legalBasis: {
    header: '设定依据',
    width: 40,
    note: '每行一部：《法律法规名称》第X条',
    read: readBasis,
    write: (v) => v.map((b) => `${b.law}${b.articles}`).join('\n'),
  },
  conditions: { header: '受理条件', width: 40, note: '', read: text(4000), write: (v) => v },
  fees: {
    header: '收费项目及标准',
    required: true,
    blank: '请填写收费情况：不收费的写「不收费」，收费的每行写一项「项目：标准（依据：文件）」',
    width: 30,
    note: '必填。不收费写「不收费」；收费的每行一项：项目：标准（依据）',
    read: (t) => {
      if (['不收费', '免费', '无', '否', '不收取费用', '免收费'].includes(t)) return ok({ free: true, items: [] });
      const items = [];
      for (const line of lines(t)) {
        const m = /^(.+?)[：:](.+?)(?:[（(]依据[：:]?(.+)[)）])?$/.exec(line);
        // A line without "项目：标准" is kept whole as the item's name (nothing is dropped).
        if (!m) items.push({ name: line, standard: '', basis: '' });
        else items.push({ name: m[1]!.trim(), standard: m[2]!.trim(), basis: (m[3] ?? '').trim() });
      }
      return ok({ free: false, items });
    },
    write: (v) => (v.free ? '不收费' : v.items.map((i) => `${i.name}${i.standard ? `：${i.standard}` : ''}${i.basis ? `（依据：${i.basis}）` : ''}`).join('\n')),
  },
  trips: {
    header: '到现场次数',
    required: true,
    blank: '请填写到现场次数：0次、1次 或 多次',
    width: 10,
    note: '0次 / 1次 / 多次',
    read: (t) => {
      const v = t.replace(/\s/g, '');
      if (['0', '0次', '零次', '零跑动', '零跑腿', '不见面', '不见面审批', '无需到现场'].includes(v)) return ok(0);
      if (['1', '1次', '一次', '最多跑一次'].includes(v)) return ok(1);
      if (['2', '2次', '多次', '两次', '二次'].includes(v) || /^[2-9]次?$/.test(v)) return ok(2);
      return fail('应为 0次、1次 或 多次');
    },
    write: (v) => (v === 0 ? '0次' : v === 1 ? '1次' : '多次'),
  },
  onlineDepth: {
    header: '网办深度',
    required: true,
    blank: '请填写网办深度：一级、二级、三级 或 四级',
    width: 10,
    note: '一级 信息公开，二级 网上预约，三级 网上预审，四级 全程网办',
    read: (t) => {
      const i = DEPTH.findIndex((d) => t.startsWith(d));
      if (i >= 0) return ok(i + 1);
      const n = Number(t);
      if (Number.isInteger(n) && n >= 1 && n <= 4) return ok(n);
      const j = DEPTH_NOTE.indexOf(t);
      return j >= 0 ? ok(j + 1) : fail('应为 一级、二级、三级 或 四级');
    },
    write: (v) => DEPTH[v - 1]!,
  },
  channels: {
    header: '办理渠道',
    required: true,
    blank: `请填写办理渠道：${Object.keys(CHANNELS).join('、')}`,
    width: 24,
    note: Object.keys(CHANNELS).join('、'),
    read: (t) => {
      const out: ItemChannel[] = [];
      for (const part of list(t)) {
        const c = CHANNELS[part] ?? CHANNEL_SYNONYMS[part.replace(/[()（）\s]/g, '')];
        if (!c) return fail(`没有渠道「${part}」（${Object.keys(CHANNELS).join('、')}）`);
        if (!out.includes(c)) out.push(c);
      }
      return ok(out);
    },
    write: (v) => v.map((c) => CHANNEL_TEXT[c]).join('、'),
  },
  windows: { header: '办理窗口', width: 24, note: '', read: text(200), write: (v) => v },
  consultPhone: { header: '咨询电话', width: 16, note: '', read: text(50), write: (v) => v },
  complaintPhone: { header: '投诉电话', width: 16, note: '', read: text(50), write: (v) => v },
  process: {
    header: '办理流程',
    width: 40,
    note: '每行一个环节：环节：说明',
    read: readSteps,
    write: (v) => v.map((s, i) => `${i + 1}.${s.name}${s.description ? `：${s.description}` : ''}`).join('\n'),
  },
  target: {
    header: '服务对象',
    required: true,
    blank: '请填写服务对象：自然人、法人 或 自然人、法人',
    width: 14,
    note: '自然人 / 法人 / 自然人、法人',
    read: (t) => {
      const parts = list(t.replace(/和|及|或/g, '、'));
      const natural = ['自然人', '个人', '公民', '居民'];
      const legal = ['法人', '法人或其他组织', '其他组织', '企业', '单位', '非法人组织', '个体工商户'];
      const hasN = parts.some((p) => natural.includes(p));
      const hasL = parts.some((p) => legal.includes(p));
      if (parts.some((p) => !natural.includes(p) && !legal.includes(p)) || (!hasN && !hasL)) return fail('应为 自然人、法人 或 自然人、法人');
      return ok(hasN && hasL ? 'both' : hasN ? 'natural' : 'legal');
    },
    write: (v) => TARGET_TEXT[v],
  },
  themes: { header: '主题分类', width: 20, note: '用顿号分隔，见「填写说明」', read: (t) => ok(list(t)), write: (v) => v.join('、') },
  status: {
    header: '状态',
    width: 10,
    note: '草稿 / 已发布 / 暂停办理 / 已取消，留空为已发布',
    read: (t) => (!t ? ok('published' as const) : STATUS[t] ? ok(STATUS[t]!) : fail('应为 草稿、已发布、暂停办理 或 已取消')),
    write: (v) => STATUS_TEXT[v],
  },
  description: { header: '办理说明', width: 40, note: '', read: text(2000), write: (v) => v },
};
// TARGET is exported for the guide's wording.
export { TARGET_TEXT };

/** The 事项 sheet's columns in order, with the type column after the name. */
const ITEM_KEYS = Object.keys(ITEM_COLUMNS) as (keyof ItemRowContent)[];
const TYPE_HEADER = '事项类型';
export const ITEM_HEADERS = [ITEM_COLUMNS.code.header, ITEM_COLUMNS.name.header, TYPE_HEADER, ...ITEM_KEYS.slice(2).map((k) => ITEM_COLUMNS[k].header)];

const REQUIREMENT: Record<string, ItemMaterial['requirement']> = { 必要: 'required', 非必要: 'optional', 按情形提供: 'conditional' };
const FORM: Record<string, ItemMaterial['form']> = { 原件: 'original', 复印件: 'copy', 原件和复印件: 'original_and_copy', 电子材料: 'electronic' };
/** Words lists also use; the export writes the canonical ones above. */
const REQUIREMENT_SYNONYMS: Record<string, ItemMaterial['requirement']> = {
  必须: 'required', 必需: 'required', 必交: 'required', 是: 'required', 必要材料: 'required',
  否: 'optional', 选填: 'optional', 可选: 'optional', 非必须: 'optional', 容缺: 'optional',
  按情形: 'conditional', 视情况: 'conditional', 视情况提供: 'conditional', 特定情形提供: 'conditional', 按需提供: 'conditional',
};
const FORM_SYNONYMS: Record<string, ItemMaterial['form']> = {
  原件及复印件: 'original_and_copy', '原件、复印件': 'original_and_copy', 原件复印件: 'original_and_copy', '原件+复印件': 'original_and_copy',
  复印件加盖公章: 'copy', 复印: 'copy', 电子版: 'electronic', 电子: 'electronic', 电子证照: 'electronic', 原件核验: 'original',
};
const invert = <T extends string>(m: Record<string, T>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [v, k])) as Record<T, string>;

export const MATERIAL_HEADERS = ['实施编码', '材料名称', '必要性', '情形说明', '材料形式', '份数', '空白表格', '示例样表', '可替代的电子证照', '来源渠道'];
export const DEPARTMENT_HEADERS = ['部门名称', '统一社会信用代码', '联系电话'];

function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('').trim();
    if ('text' in v) return String((v as { text: unknown }).text).trim();
    if ('result' in v) return String((v as { result: unknown }).result ?? '').trim();
  }
  return String(v).trim();
}

function addSheet(workbook: ExcelJS.Workbook, name: string, headers: string[], widths: number[], notes: string[] = [], required: Set<string> = new Set()) {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = headers.map((h, i) => ({ header: h, width: widths[i] ?? 16 }));
  const head = sheet.getRow(1);
  head.font = { bold: true };
  head.eachCell((cell, col) => {
    const h = headers[col - 1]!;
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: required.has(h) ? 'FFFCE4D6' : 'FFDDEBF7' } };
    if (notes[col - 1]) cell.note = notes[col - 1]!;
  });
  return sheet;
}

export interface WorkbookItem extends ItemRowContent {
  itemTypeName: string;
  materials: ItemMaterial[];
}

/** Writes the workbook: the template when `items` is empty, the export otherwise. */
export async function writeCatalogWorkbook(items: WorkbookItem[], departments: { name: string; creditCode: string; phone: string }[]): Promise<Buffer> {
  const { Workbook } = await loadExcel();
  const workbook = new Workbook();
  workbook.creator = 'onewindow';
  const required = new Set(ITEM_KEYS.filter((k) => ITEM_COLUMNS[k].required).map((k) => ITEM_COLUMNS[k].header));
  const itemSheet = addSheet(
    workbook,
    SHEET_ITEMS,
    ITEM_HEADERS,
    [ITEM_COLUMNS.code.width, ITEM_COLUMNS.name.width, 12, ...ITEM_KEYS.slice(2).map((k) => ITEM_COLUMNS[k].width)],
    [ITEM_COLUMNS.code.note, '', '可留空；填写时须与编码中的类型一致', ...ITEM_KEYS.slice(2).map((k) => ITEM_COLUMNS[k].note)],
    required,
  );
  for (const item of items) {
    const cells = ITEM_KEYS.map((k) => (ITEM_COLUMNS[k].write as (v: unknown) => string | number)(item[k]));
    const row = itemSheet.addRow([cells[0], cells[1], item.itemTypeName, ...cells.slice(2)]);
    row.alignment = { wrapText: true, vertical: 'top' };
  }
  // Drop-down lists for the closed vocabularies, on the rows people will fill.
  const colOf = (header: string) => itemSheet.getColumn(ITEM_HEADERS.indexOf(header) + 1).letter;
  const rows = Math.max(items.length + 200, 1000);
  const dropdown = (header: string, values: string[]) =>
    (itemSheet as unknown as { dataValidations: { add(range: string, v: object): void } }).dataValidations.add(`${colOf(header)}2:${colOf(header)}${rows}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`"${values.join(',')}"`],
    });
  dropdown(TYPE_HEADER, ITEM_TYPES.map((t) => t.name));
  dropdown('办件类型', ['即办件', '承诺件']);
  dropdown('到现场次数', ['0次', '1次', '多次']);
  dropdown('网办深度', DEPTH);
  dropdown('服务对象', ['自然人', '法人', '自然人、法人']);
  dropdown('状态', Object.keys(STATUS));

  const materialSheet = addSheet(workbook, SHEET_MATERIALS, MATERIAL_HEADERS, [46, 36, 12, 30, 14, 8, 24, 24, 24, 20], [], new Set(['实施编码', '材料名称', '必要性', '材料形式', '份数']));
  const requirementText = invert(REQUIREMENT);
  const formText = invert(FORM);
  for (const item of items) {
    for (const m of item.materials) {
      materialSheet.addRow([item.code, m.name, requirementText[m.requirement], m.condition ?? '', formText[m.form], m.copies, m.blankForm ?? '', m.sample ?? '', m.licenceType ?? '', m.source]);
    }
  }
  const departmentSheet = addSheet(workbook, SHEET_DEPARTMENTS, DEPARTMENT_HEADERS, [30, 22, 16], [], new Set(DEPARTMENT_HEADERS.slice(0, 2)));
  for (const d of departments) departmentSheet.addRow([d.name, d.creditCode, d.phone]);

  const help = workbook.addWorksheet(SHEET_HELP);
  help.getColumn(1).width = 120;
  for (const line of HELP_LINES) help.addRow([line]).alignment = { wrapText: true };
  help.getRow(1).font = { bold: true, size: 14 };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const HELP_LINES = [
  '政务服务事项目录导入模板 填写说明',
  '',
  '一、「事项」表每行一个事项（主项、子项或业务办理项）；橙色表头为必填。同一实施编码再次导入即更新该事项，内容未变的事项不会改动。',
  '二、实施编码结构：实施主体统一社会信用代码(18位)-实施层级(1位)-行政区划代码(6位)-类型字母(2位)-主项编号(5位)-子项编号(3位)-业务办理项编号(2位)',
  '    例：11220581MB1234567X-4-220581-XK-00001-000-01。前四段以后的「XK-00001-000」为基本编码，各层级共用。',
  '    实施层级：1 国家级，2 省级，3 市级，4 县级，5 乡镇级，6 村级。省级区划代码以 0000 结尾，市级以 00 结尾，县级及以下不以 00 结尾。',
  `    类型字母：${ITEM_TYPES.map((t) => `${t.letters} ${t.name}（${t.code}）`).join('，')}。`,
  '    子项编号 000 表示主项本身；业务办理项编号 00 表示不分办理项，01 新办（设立），02 变更，03 延续，04 注销，05–99 其他。',
  '    空白格不会被当作任何默认值：收费、到现场次数、网办深度、办理渠道、服务对象、材料的必要性、形式和份数留空都会被指出。',
  '三、时限按办事指南原文填写，系统保留原文并解析出数值与单位：「20个工作日」「60日」「15天」「3个小时」「当场办结」「六十日」；只写数字视为工作日。',
  '    行政许可事项的「日」按《行政许可法》第八十二条计为工作日；其他事项的「日」「天」计为自然日。',
  '    按情形分别规定的，用分号分开：「不需要现场核查的，当场办结；需要现场核查的，10个工作日」，系统以最长者计时。「经批准可延长10个工作日」记为可延长天数。',
  '    无法识别的时限（如「5-10个工作日」「另行通知」）会被指出，不会被猜测。',
  '四、设定依据每行一部法律法规：《中华人民共和国食品安全法》第三十五条。办理流程每行一个环节：受理：窗口审核材料。',
  '五、收费：不收费写「不收费」；收费的每行一项「项目：标准（依据：文件名称）」。',
  `六、办理渠道：网上办理、窗口办理、代办帮办、村（社区）代办点，用顿号分隔。网办深度为四级（全程网办）的须含网上办理。`,
  `七、主题分类（个人）：${THEMES.filter((t) => t.audience === 'natural').map((t) => t.name).join('、')}`,
  `    主题分类（法人）：${THEMES.filter((t) => t.audience === 'legal').map((t) => t.name).join('、')}`,
  '八、「材料」表每行一份材料，以实施编码对应「事项」表；同一事项的材料按行的先后排列。必要性：必要 / 非必要 / 按情形提供（须写情形说明）；材料形式：原件 / 复印件 / 原件和复印件 / 电子材料。',
  '    来源渠道写「申请人自备」或核发部门（如「本级公安机关核发」）；政府部门核发且有电子证照的，填写可替代的电子证照，申请人无需再提交。',
  '九、「部门」表列出事项用到、系统中还没有的部门（名称、统一社会信用代码、电话）；已有部门可不填。',
  '十、导入时先校验整个文件，按 表-行-列 列出每一处错误及原因。可先「只检查」（不导入）；有错误时可以不导入任何内容，也可以只导入无误的行，有误的行列出原因、留待修改后再导入。',
  `实施层级名称：${Object.entries(LEVELS).map(([k, v]) => `${k} ${v}`).join('，')}`,
];

export interface ParsedWorkbook {
  items: {
    row: number;
    content: ItemRowContent;
    typeText: string;
    valid: boolean;
    /** Each cell as the person wrote it, to quote in a problem (never the internal value). */
    cells: Partial<Record<keyof ItemRowContent, string>>;
    /** Cells already reported as unreadable. */
    failed: Set<keyof ItemRowContent>;
  }[];
  materials: { row: number; code: string; material: ItemMaterial }[];
  /** Rows of the 材料 sheet with a problem, by the item code they name (that item is not complete). */
  badMaterialRows: Map<string, number[]>;
  departments: { row: number; name: string; creditCode: string; phone: string }[];
  problems: ImportProblem[];
}

/**
 * Reads the whole workbook and reports every bad cell by sheet, row and column; nothing is
 * written here. Header cells are matched by name, so extra or reordered columns still read.
 */
export async function readCatalogWorkbook(data: Buffer | ArrayBuffer): Promise<ParsedWorkbook> {
  const { Workbook } = await loadExcel();
  const workbook = new Workbook();
  const result: ParsedWorkbook = { items: [], materials: [], badMaterialRows: new Map(), departments: [], problems: [] };
  try {
    await workbook.xlsx.load(data as ArrayBuffer);
  } catch {
    result.problems.push({ sheet: '', row: 0, column: '', header: '', value: '', message: '不是有效的 xlsx 文件' });
    return result;
  }
  const problem = (sheet: ExcelJS.Worksheet, row: number, col: number, header: string, value: string, message: string) =>
    result.problems.push({ sheet: sheet.name, row, column: col ? sheet.getColumn(col).letter : '', header, value: value.length > 100 ? `${value.slice(0, 100)}…` : value, message });

  const headerMap = (sheet: ExcelJS.Worksheet, headers: string[], requiredHeaders: string[]) => {
    const map = new Map<string, number>();
    sheet.getRow(1).eachCell((cell, col) => {
      const h = cellText(cell).replace(/[*＊\s]/g, '');
      if (headers.includes(h)) map.set(h, col);
    });
    for (const h of requiredHeaders) if (!map.has(h)) problem(sheet, 1, 0, h, '', `缺少列「${h}」`);
    return map;
  };
  const blank = (row: ExcelJS.Row) => {
    let empty = true;
    row.eachCell((cell) => {
      if (cellText(cell)) empty = false;
    });
    return empty;
  };

  const itemSheet = workbook.getWorksheet(SHEET_ITEMS);
  if (!itemSheet) {
    result.problems.push({ sheet: SHEET_ITEMS, row: 0, column: '', header: '', value: '', message: `缺少工作表「${SHEET_ITEMS}」` });
    return result;
  }
  const requiredItemHeaders = ITEM_KEYS.filter((k) => ITEM_COLUMNS[k].required).map((k) => ITEM_COLUMNS[k].header);
  const itemCols = headerMap(itemSheet, ITEM_HEADERS, requiredItemHeaders);
  if (result.problems.length) return result;
  for (let r = 2; r <= itemSheet.rowCount; r++) {
    const row = itemSheet.getRow(r);
    if (blank(row)) continue;
    const content: Partial<Record<keyof ItemRowContent, unknown>> = {};
    const cells: Partial<Record<keyof ItemRowContent, string>> = {};
    const failed = new Set<keyof ItemRowContent>();
    let rowOk = true;
    for (const key of ITEM_KEYS) {
      const column = ITEM_COLUMNS[key];
      const col = itemCols.get(column.header);
      const value = col ? cellText(row.getCell(col)) : '';
      cells[key] = value;
      if (column.required && !value) {
        problem(itemSheet, r, col ?? 0, column.header, value, column.blank ?? '必填');
        failed.add(key);
        rowOk = false;
        continue;
      }
      const read = (column.read as Reader<unknown>)(value);
      if ('error' in read) {
        problem(itemSheet, r, col ?? 0, column.header, value, read.error);
        failed.add(key);
        rowOk = false;
      } else content[key] = read.value;
    }
    const typeCol = itemCols.get(TYPE_HEADER);
    const typeText = typeCol ? cellText(row.getCell(typeCol)) : '';
    // Invalid rows stay listed so duplicate codes and materials still resolve against them, and
    // so the rules across cells still run on the cells that did read (every bad cell at once).
    result.items.push({ row: r, content: content as ItemRowContent, typeText, valid: rowOk, cells, failed });
  }

  const materialSheet = workbook.getWorksheet(SHEET_MATERIALS);
  if (materialSheet) {
    const cols = headerMap(materialSheet, MATERIAL_HEADERS, ['实施编码', '材料名称']);
    const get = (row: ExcelJS.Row, h: string) => {
      const c = cols.get(h);
      return { col: c ?? 0, value: c ? cellText(row.getCell(c)) : '' };
    };
    for (let r = 2; r <= materialSheet.rowCount; r++) {
      const row = materialSheet.getRow(r);
      if (blank(row)) continue;
      const code = get(row, '实施编码');
      const name = get(row, '材料名称');
      const requirement = get(row, '必要性');
      const condition = get(row, '情形说明');
      const form = get(row, '材料形式');
      const copies = get(row, '份数');
      let rowOk = true;
      const bad = (cell: { col: number; value: string }, header: string, message: string) => {
        problem(materialSheet, r, cell.col, header, cell.value, message);
        rowOk = false;
      };
      if (!code.value) bad(code, '实施编码', '必填');
      if (!name.value) bad(name, '材料名称', '必填');
      else if (name.value.length > 200) bad(name, '材料名称', '不能超过 200 个字');
      const req = REQUIREMENT[requirement.value] ?? REQUIREMENT_SYNONYMS[requirement.value];
      if (!requirement.value) bad(requirement, '必要性', '请填写必要性：必要、非必要 或 按情形提供');
      else if (!req) bad(requirement, '必要性', '应为 必要、非必要 或 按情形提供');
      if (req === 'conditional' && !condition.value) bad(condition, '情形说明', '按情形提供的材料应写明情形');
      const f = FORM[form.value] ?? FORM_SYNONYMS[form.value];
      if (!form.value) bad(form, '材料形式', '请填写材料形式：原件、复印件、原件和复印件 或 电子材料');
      else if (!f) bad(form, '材料形式', '应为 原件、复印件、原件和复印件 或 电子材料');
      const n = Number(copies.value.replace(/份$/, ''));
      if (!copies.value) bad(copies, '份数', '请填写份数（0 到 99）');
      else if (!Number.isInteger(n) || n < 0 || n > 99) bad(copies, '份数', '应为 0 到 99 的整数');
      if (!rowOk) {
        if (code.value) {
          const key = normalizeItemCode(code.value);
          result.badMaterialRows.set(key, [...(result.badMaterialRows.get(key) ?? []), r]);
        }
        continue;
      }
      const optional = (h: string) => get(row, h).value || undefined;
      const material: ItemMaterial = {
        name: name.value,
        requirement: req!,
        ...(condition.value ? { condition: condition.value } : {}),
        form: f!,
        copies: n,
        ...(optional('空白表格') ? { blankForm: optional('空白表格') } : {}),
        ...(optional('示例样表') ? { sample: optional('示例样表') } : {}),
        ...(optional('可替代的电子证照') ? { licenceType: optional('可替代的电子证照') } : {}),
        // Left blank, the source stays unknown: nobody said the applicant brings it.
        source: get(row, '来源渠道').value,
      };
      result.materials.push({ row: r, code: normalizeItemCode(code.value), material });
    }
  }

  const departmentSheet = workbook.getWorksheet(SHEET_DEPARTMENTS);
  if (departmentSheet) {
    const cols = headerMap(departmentSheet, DEPARTMENT_HEADERS, ['部门名称', '统一社会信用代码']);
    for (let r = 2; r <= departmentSheet.rowCount; r++) {
      const row = departmentSheet.getRow(r);
      if (blank(row)) continue;
      const v = (h: string) => (cols.get(h) ? cellText(row.getCell(cols.get(h)!)) : '');
      result.departments.push({ row: r, name: v('部门名称'), creditCode: v('统一社会信用代码').toUpperCase(), phone: v('联系电话') });
    }
  }
  return result;
}

/** Column letter and header of a content field in the 事项 sheet, for problems found after reading. */
export function itemColumnOf(field: string): { column: string; header: string } {
  const map: Record<string, keyof ItemRowContent> = { departmentId: 'departmentName' };
  const key = (map[field] ?? field) as keyof ItemRowContent;
  const header = ITEM_COLUMNS[key]?.header ?? (field === 'materials' ? '材料' : field);
  const index = ITEM_HEADERS.indexOf(header);
  return { column: index >= 0 ? columnLetter(index + 1) : '', header };
}

export function columnLetter(n: number): string {
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export { TYPE_HEADER, cellText };
