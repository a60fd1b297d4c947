import type { FeeNoticeLine, FeeRuleLine } from '../../db/schema.js';

/**
 * 收费标准 → the amount of one case: each rule line read against the application's form. A line
 * that comes to nothing (an option that is not charged, a quantity of 0) is left off the notice.
 * Amounts are in fen (分), integers, so no rounding ever happens.
 */
export function computeFee(rules: FeeRuleLine[], formData: Record<string, unknown>): { lines: FeeNoticeLine[]; totalFen: number } {
  const lines: FeeNoticeLine[] = [];
  for (const rule of rules) {
    let quantity = 1;
    let unitFen = rule.amountFen;
    if (rule.kind === 'per_unit') {
      const raw = rule.field ? Number(formData[rule.field]) : NaN;
      // An unfilled quantity counts as one: the applicant owes at least the unit (e.g. one 证).
      quantity = Number.isFinite(raw) && raw >= 0 ? Math.floor(raw) : 1;
    } else if (rule.kind === 'by_option') {
      const chosen = rule.field ? formData[rule.field] : undefined;
      unitFen = typeof chosen === 'string' && rule.options && chosen in rule.options ? rule.options[chosen]! : rule.amountFen;
    }
    const amountFen = quantity * unitFen;
    if (amountFen > 0) lines.push({ name: rule.name, quantity, unitFen, amountFen, basis: rule.basis });
  }
  return { lines, totalFen: lines.reduce((sum, l) => sum + l.amountFen, 0) };
}

/** ¥ with two decimals, as a notice prints it. */
export const yuan = (fen: number) => (fen / 100).toFixed(2);

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const UNITS = ['', '拾', '佰', '仟'];
const SECTIONS = ['', '万', '亿'];

/** 大写金额 (人民币 capital numerals) for the notice: 80.00 → 捌拾元整. */
export function capitalYuan(fen: number): string {
  if (fen === 0) return '零元整';
  const integer = Math.floor(fen / 100);
  const jiao = Math.floor((fen % 100) / 10);
  const fenDigit = fen % 10;
  let text = '';
  if (integer > 0) {
    const groups: number[] = [];
    for (let n = integer; n > 0; n = Math.floor(n / 10000)) groups.push(n % 10000);
    let zeroPending = false;
    for (let g = groups.length - 1; g >= 0; g--) {
      const group = groups[g]!;
      if (group === 0) {
        zeroPending = text.length > 0;
        continue;
      }
      if (zeroPending || (text.length > 0 && group < 1000)) text += '零';
      zeroPending = false;
      let part = '';
      let lastZero = false;
      for (let i = 3; i >= 0; i--) {
        const digit = Math.floor(group / 10 ** i) % 10;
        if (digit === 0) {
          lastZero = part.length > 0;
          continue;
        }
        if (lastZero) part += '零';
        lastZero = false;
        part += DIGITS[digit]! + UNITS[i]!;
      }
      text += part + SECTIONS[g]!;
    }
    text += '元';
  }
  if (jiao === 0 && fenDigit === 0) return `${text}整`;
  if (jiao > 0) text += `${DIGITS[jiao]}角`;
  else if (integer > 0) text += '零';
  if (fenDigit > 0) text += `${DIGITS[fenDigit]}分`;
  return text;
}
