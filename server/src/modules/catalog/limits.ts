import type { ConditionalLimit, LimitUnitColumn } from '../../db/schema.js';

/** Units the legal-clock engine counts in (same names as calendar's LimitUnit). */
export type LimitUnit = LimitUnitColumn;

export const LIMIT_UNIT_NAMES: Record<LimitUnit, string> = {
  workday: '个工作日',
  natural_day: '日（自然日）',
  hour: '小时',
  on_the_spot: '当场办结',
};

export interface ParsedLimit {
  /** The longest of the conditional limits when the text names several. */
  value: number;
  unit: LimitUnit;
  /** The text as the guide published it, kept beside the parsed value. */
  text: string;
  /** One entry per condition when the cell names several limits ("…的，当场办结；…的，10个工作日"). */
  conditions: ConditionalLimit[];
  /** 可延长 N 个工作日, when the text says so. */
  extensionWorkdays: number | null;
}

export type LimitParseResult = { ok: true; limit: ParsedLimit } | { ok: false; reason: string };

export interface LimitParseOptions {
  /**
   * What a bare "N日"/"N天" means. Natural days by default; for 行政许可 the Administrative
   * Licensing Law (art. 82) counts its limits in working days, so the caller passes 'workday'.
   */
  dayMeans?: 'workday' | 'natural_day';
}

const DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_NUMBER = '[零〇一二两三四五六七八九十百]+';
const NUMBER = `(\\d+(?:\\.\\d+)?|${CN_NUMBER})`;

/** 六十 → 60, 一百二十 → 120, 十五 → 15, 二〇 → 20 (digit by digit when there is no 十/百). */
export function chineseNumber(text: string): number | null {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  if (!new RegExp(`^${CN_NUMBER}$`).test(text)) return null;
  if (!/[十百]/.test(text)) return Number([...text].map((c) => DIGIT[c]).join(''));
  let total = 0;
  let current = 0;
  for (const c of text) {
    if (c === '百') {
      total += (current || 1) * 100;
      current = 0;
    } else if (c === '十') {
      total += (current || 1) * 10;
      current = 0;
    } else {
      current = DIGIT[c]!;
    }
  }
  return total + current;
}

const ON_THE_SPOT = /(当场|即时|立即)(办结|办理|出证|发证|决定|受理)?|即办件?|立等可取|现场办结/;

/** One limit expression, searched anywhere in a piece of text. */
const LIMIT_EXPRESSION = new RegExp(`${NUMBER}\\s*(个)?\\s*(工作日|自然日|日历日|个?小时|日|天|h|H)`);
const RANGE = new RegExp(`${NUMBER}\\s*(?:-|－|—|~|～|至|到)\\s*${NUMBER}\\s*(个)?\\s*(工作日|自然日|日|天|小时)`);
const EXTENSION = new RegExp(`(?:可|可以|予以|经[^，。；]*?批准[^，。；]*?可?以?)延长\\s*${NUMBER}\\s*(个)?\\s*(工作日|日|天)`);

function unitOf(word: string, dayMeans: 'workday' | 'natural_day'): LimitUnit {
  if (word === '工作日') return 'workday';
  if (word === '自然日' || word === '日历日') return 'natural_day';
  if (word.endsWith('小时') || word === 'h' || word === 'H') return 'hour';
  return dayMeans;
}

/** Parses one condition's limit: "当场办结", "20个工作日", "六十日", "3个小时" or a bare "20". */
function parseSingle(text: string, dayMeans: 'workday' | 'natural_day'): { value: number; unit: LimitUnit } | { reason: string } {
  const t = text.trim();
  if (/^\d+$/.test(t)) {
    const n = Number(t);
    // A bare number is working days (the template's header says so); 0 is decided on the spot.
    return n === 0 ? { value: 0, unit: 'on_the_spot' } : { value: n, unit: 'workday' };
  }
  if (RANGE.test(t)) return { reason: `「${t}」是一个区间，请写明一个时限（或按条件分别写明）` };
  const m = LIMIT_EXPRESSION.exec(t);
  if (m) {
    const value = chineseNumber(m[1]!);
    if (value === null) return { reason: `无法识别数字「${m[1]}」` };
    if (!Number.isInteger(value)) return { reason: `时限应为整数：「${m[1]}」` };
    const unit = unitOf(m[3]!, dayMeans);
    return value === 0 ? { value: 0, unit: 'on_the_spot' } : { value, unit };
  }
  if (ON_THE_SPOT.test(t)) return { value: 0, unit: 'on_the_spot' };
  return { reason: `无法识别时限「${t}」，请写成「20个工作日」「60日」「3个小时」「当场办结」或数字` };
}

/** Rough length in working days, only to pick the longest of several conditional limits. */
function weight(limit: { value: number; unit: LimitUnit }): number {
  switch (limit.unit) {
    case 'on_the_spot':
      return 0;
    case 'hour':
      return limit.value / 8;
    case 'natural_day':
      return (limit.value * 5) / 7;
    default:
      return limit.value;
  }
}

/**
 * Splits a cell into its conditions: "1.不需要现场核查的，5个工作日；2.需要现场核查的，15个工作日"
 * or "不需现场核查的当场办结；需现场核查的10个工作日" or one per line.
 */
function splitConditions(text: string): string[] {
  return text
    .split(/[；;\n\r]+|(?=(?:^|[，。,\s])(?:\d+[.、．)）](?!\d)|（\d+）|\(\d+\)|[①②③④⑤⑥⑦⑧⑨]))/)
    .map((s) => s.replace(/^[，。,\s]*(?:\d+[.、．)）](?!\d)|（\d+）|\(\d+\)|[①②③④⑤⑥⑦⑧⑨])?\s*/, '').replace(/[。，,\s]+$/, '').trim())
    .filter(Boolean);
}

/** "当场办结" as a limit of its own in a list (not "立即受理", which is no limit). */
const ON_THE_SPOT_LIMIT = /当场(?:办结|办理|出证|发证|决定)|即时办结|立即办结|即办|立等可取|现场办结/;

/**
 * The distinct limits a piece of text names ("60日", "当场办结"), as value+unit words; a comma
 * piece that names no number may name 当场办结.
 */
function limitsNamed(text: string): string[] {
  const found = new Set<string>();
  for (const segment of text.split(/[，,、]/)) {
    const before = found.size;
    for (const m of segment.matchAll(new RegExp(LIMIT_EXPRESSION.source, 'g'))) found.add(`${chineseNumber(m[1]!)}${m[3]!.replace(/^个/, '')}`);
    if (found.size === before && !LIMIT_EXPRESSION.test(segment) && ON_THE_SPOT_LIMIT.test(segment)) found.add('当场');
  }
  return [...found];
}

/**
 * A cell that lists several limits with commas ("报告书60日,报告表30日,登记表15日", "不需要现场核查的
 * 当场办结，需要现场核查的10个工作日") becomes one condition per limit. The same limit named twice
 * ("20个工作日内作出决定，20个工作日内不能作出决定的…") is one limit. Anything that does not fall
 * into "condition + its limit" pieces is refused, never cut down to its first number.
 */
function splitListedLimits(part: string): { parts: string[] } | { reason: string } {
  const named = limitsNamed(part);
  if (named.length <= 1) return { parts: [part] };
  const groups: string[] = [];
  let current = '';
  for (const segment of part.split(/[，,、]/).map((s) => s.trim()).filter(Boolean)) {
    current = current ? `${current}，${segment}` : segment;
    const inCurrent = limitsNamed(current);
    if (inCurrent.length > 1) return { reason: `「${current}」中有多个时限，请用分号分开，每个写明情形和时限` };
    if (inCurrent.length === 1) {
      groups.push(current);
      current = '';
    }
  }
  if (current) return { reason: `「${current}」没有对应的时限；有多个时限的，请用分号分开，每个写明情形和时限` };
  return { parts: groups };
}

/**
 * Reads a limit the way published guides write it and keeps the original text. Never guesses:
 * anything it cannot read is reported with the reason.
 */
export function parseLimit(raw: string | number | null | undefined, options: LimitParseOptions = {}): LimitParseResult {
  const dayMeans = options.dayMeans ?? 'natural_day';
  const text = (raw === null || raw === undefined ? '' : String(raw)).trim();
  // Full-width digits and punctuation (２０，) read as ASCII; the original text is kept as written.
  const work = text.normalize('NFKC');
  if (!text) return { ok: false, reason: '时限不能为空' };
  if (text.length > 500) return { ok: false, reason: '时限文字过长（最多 500 字）' };

  let extensionWorkdays: number | null = null;
  const ext = EXTENSION.exec(work);
  let body = work;
  if (ext) {
    extensionWorkdays = chineseNumber(ext[1]!);
    // The extension is not a limit of its own: drop the whole clause (…，经批准可延长10个工作日).
    body = work.replace(new RegExp(`[（(，,；;]?[^，,；;（(]*${ext[0].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[)）]?`), '').trim();
  }

  const parts: string[] = [];
  for (const part of splitConditions(body)) {
    const split = splitListedLimits(part);
    if ('reason' in split) return { ok: false, reason: split.reason };
    parts.push(...split.parts);
  }
  if (parts.length === 0) return { ok: false, reason: `无法识别时限「${text}」` };
  if (parts.length === 1) {
    const single = parseSingle(parts[0]!, dayMeans);
    if ('reason' in single) return { ok: false, reason: single.reason };
    return { ok: true, limit: { ...single, text, conditions: [], extensionWorkdays } };
  }
  const conditions: ConditionalLimit[] = [];
  for (const part of parts) {
    const single = parseSingle(part, dayMeans);
    if ('reason' in single) return { ok: false, reason: `第 ${conditions.length + 1} 个条件：${single.reason}` };
    // The condition is what precedes the limit: "需要现场核查的，10个工作日" → "需要现场核查的".
    const condition = part
      .replace(LIMIT_EXPRESSION, '')
      .replace(ON_THE_SPOT, '')
      .replace(/(办结|内|以内|完成)$/g, '')
      .replace(/[，,：:\s]+$/, '')
      .trim();
    conditions.push({ condition: condition || part, ...single });
  }
  const longest = conditions.reduce((a, b) => (weight(b) > weight(a) ? b : a));
  return { ok: true, limit: { value: longest.value, unit: longest.unit, text, conditions, extensionWorkdays } };
}

/** How a limit reads in a guide: "20个工作日", "60日", "3小时", "当场办结". */
export function formatLimit(value: number | null, unit: LimitUnit): string {
  if (value === null) return '—';
  switch (unit) {
    case 'on_the_spot':
      return '当场办结';
    case 'hour':
      return `${value}小时`;
    case 'natural_day':
      return `${value}日`;
    default:
      return `${value}个工作日`;
  }
}
