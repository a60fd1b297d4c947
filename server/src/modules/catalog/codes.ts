import type { HandlingKind, ItemHierarchy, ItemTypeCode } from '../../db/schema.js';
import { isValidCreditCode } from '../../util/identity.js';

/**
 * Item types (事项类型) with their numeric codes and the two-letter codes used in basic codes.
 */
export const ITEM_TYPES: { code: ItemTypeCode; letters: string; name: string }[] = [
  { code: '01', letters: 'XK', name: '行政许可' },
  { code: '02', letters: 'CF', name: '行政处罚' },
  { code: '03', letters: 'QZ', name: '行政强制' },
  { code: '04', letters: 'ZS', name: '行政征收' },
  { code: '05', letters: 'JF', name: '行政给付' },
  { code: '06', letters: 'JC', name: '行政检查' },
  { code: '07', letters: 'QR', name: '行政确认' },
  { code: '08', letters: 'JL', name: '行政奖励' },
  { code: '09', letters: 'CJ', name: '行政裁决' },
  { code: '10', letters: 'QT', name: '其他行政权力' },
  { code: '20', letters: 'GG', name: '公共服务' },
];

export const ITEM_TYPE_CODES = ITEM_TYPES.map((t) => t.code) as [ItemTypeCode, ...ItemTypeCode[]];
export const itemTypeName = (code: string) => ITEM_TYPES.find((t) => t.code === code)?.name ?? code;

/** 实施层级: 1 国家级 … 6 村级. */
export const LEVELS: Record<number, string> = { 1: '国家级', 2: '省级', 3: '市级', 4: '县级', 5: '乡镇级', 6: '村级' };

/** 业务办理项编码 → kind: 01 设立/新办, 02 变更, 03 延续, 04 注销, 05–99 其他. */
const HANDLING: Record<string, HandlingKind> = { '01': 'new', '02': 'change', '03': 'renew', '04': 'cancel' };

/**
 * The implementation code (实施编码) as onewindow writes it, after GB/T 39554's parts:
 *
 * ```
 * 11220581MB1234567X-4-220581-XK-00001-000-01
 * └ 实施主体统一社会信用代码 (18, check character verified)
 *                    └ 实施层级 (1 国家 2 省 3 市 4 县 5 乡镇 6 村)
 *                      └ 行政区划代码 (6; 省级 ends 0000, 市级 ends 00, 县级 and below do not)
 *                             └ 基本编码: 类型字母 (2) - 主项 (5, not 00000) - 子项 (3, 000 = none)
 *                                            └ 业务办理项 (2): 00 none, 01 新办, 02 变更, 03 延续, 04 注销, 05–99 其他
 * ```
 *
 * The basic code (基本编码, `XK-00001-000`) is what the province shares across levels; the
 * implementation code is unique per implementing body.
 */
export interface ParsedItemCode {
  creditCode: string;
  level: number;
  division: string;
  itemType: ItemTypeCode;
  basicCode: string;
  mainNo: string;
  subNo: string;
  handlingNo: string;
  hierarchy: ItemHierarchy;
  handlingKind: HandlingKind | null;
}

/**
 * The canonical form: upper case, full-width characters folded, and the 37 characters written
 * without separators (as some provincial lists do) split into the dashed parts.
 */
export function normalizeItemCode(raw: string): string {
  const value = raw.normalize('NFKC').trim().toUpperCase().replace(/\s+/g, '');
  const compact = value.replace(/[-_]/g, '');
  const m = /^([0-9A-Z]{18})(\d)(\d{6})([A-Z]{2})(\d{5})(\d{3})(\d{2})$/.exec(compact);
  return m ? m.slice(1).join('-') : value;
}

const CODE = /^([0-9A-Z]{18})-(\d)-(\d{6})-([A-Z]{2})-(\d{5})-(\d{3})-(\d{2})$/;

/** Parses and validates an implementation code; returns the reason when it is not valid. */
export function parseItemCode(raw: string): { ok: true; code: ParsedItemCode } | { ok: false; reason: string } {
  const value = normalizeItemCode(raw);
  const m = CODE.exec(value);
  if (!m) return { ok: false, reason: '实施编码格式应为「信用代码-层级-区划代码-类型-主项-子项-办理项」，如 11220581MB1234567X-4-220581-XK-00001-000-01' };
  const [, creditCode, levelText, division, letters, mainNo, subNo, handlingNo] = m as unknown as string[];
  if (!isValidCreditCode(creditCode!)) return { ok: false, reason: `实施主体统一社会信用代码 ${creditCode} 校验位不正确` };
  const level = Number(levelText);
  if (!LEVELS[level]) return { ok: false, reason: `实施层级 ${levelText} 不存在（1 国家级 2 省级 3 市级 4 县级 5 乡镇级 6 村级）` };
  if (level === 2 && !division!.endsWith('0000')) return { ok: false, reason: `省级事项的区划代码应以 0000 结尾：${division}` };
  if (level === 3 && (!division!.endsWith('00') || division!.endsWith('0000'))) return { ok: false, reason: `市级事项的区划代码应以 00 结尾：${division}` };
  if (level >= 4 && division!.endsWith('00')) return { ok: false, reason: `县级及以下事项的区划代码不应以 00 结尾：${division}` };
  const type = ITEM_TYPES.find((t) => t.letters === letters);
  if (!type) return { ok: false, reason: `类型字母 ${letters} 不存在（${ITEM_TYPES.map((t) => `${t.letters} ${t.name}`).join('，')}）` };
  if (mainNo === '00000') return { ok: false, reason: '主项编号不能为 00000' };
  const hierarchy: ItemHierarchy = handlingNo !== '00' ? 'handling' : subNo !== '000' ? 'sub' : 'main';
  return {
    ok: true,
    code: {
      creditCode: creditCode!,
      level,
      division: division!,
      itemType: type.code,
      basicCode: `${letters}-${mainNo}-${subNo}`,
      mainNo: mainNo!,
      subNo: subNo!,
      handlingNo: handlingNo!,
      hierarchy,
      handlingKind: handlingNo === '00' ? null : (HANDLING[handlingNo!] ?? 'other'),
    },
  };
}

/** Builds an implementation code from its parts (the editor's "generate" button and the demo data). */
export function composeItemCode(parts: { creditCode: string; level: number; division: string; itemType: ItemTypeCode; mainNo: number; subNo?: number; handlingNo?: number }): string {
  const letters = ITEM_TYPES.find((t) => t.code === parts.itemType)!.letters;
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${parts.creditCode}-${parts.level}-${parts.division}-${letters}-${pad(parts.mainNo, 5)}-${pad(parts.subNo ?? 0, 3)}-${pad(parts.handlingNo ?? 0, 2)}`;
}

/** The code of the item one level up: 业务办理项 → its 子项 or 主项, 子项 → 主项; null for a 主项. */
export function parentCodeOf(code: ParsedItemCode, raw: string): string | null {
  const base = normalizeItemCode(raw);
  if (code.hierarchy === 'handling') return base.slice(0, -2) + '00';
  if (code.hierarchy === 'sub') return base.slice(0, -6) + '000-00';
  return null;
}
