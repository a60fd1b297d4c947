import { computeDue, toChinaDate, type WorkdayCalendar } from '../calendar/engine.js';
import type { TradingCategory } from '../../db/schema.js';

/**
 * The legal minimum periods of a tender, counted from the calendar as the Civil Code counts
 * periods (art. 201: the first day is not counted; art. 203: a period ending on a statutory rest
 * day ends on the next working day). A rule broken answers its name, so the refusal can say which.
 */
export interface PeriodRule {
  code: 'TENDER_PERIOD' | 'CLARIFICATION_PERIOD' | 'PUBLICITY_PERIOD' | 'DEADLINE_ORDER';
  /** The law and article, as shown to the user. */
  basis: string;
  message: string;
}

/** Minimum period from issuing the documents to the bid deadline, per category. */
export const TENDER_PERIODS: Record<TradingCategory, { value: number; unit: 'natural_day' | 'workday'; basis: string }> = {
  construction: { value: 20, unit: 'natural_day', basis: '《招标投标法》第二十四条' },
  procurement: { value: 20, unit: 'natural_day', basis: '《政府采购法实施条例》第五十九条、《招标投标法》第二十四条' },
  land: { value: 20, unit: 'natural_day', basis: '《招标拍卖挂牌出让国有建设用地使用权规定》第十条' },
  state_assets: { value: 20, unit: 'workday', basis: '《企业国有资产交易监督管理办法》第十三条' },
};
export const CLARIFICATION_DAYS = 15;
export const CLARIFICATION_BASIS = '《招标投标法实施条例》第二十一条';
export const PUBLICITY_DAYS = 3;
export const PUBLICITY_BASIS = '《招标投标法实施条例》第五十四条';

/** The earliest bid deadline (a China date) for documents issued on `documentsFrom`. */
export function earliestDeadline(calendar: WorkdayCalendar, category: TradingCategory, documentsFrom: string): string {
  const rule = TENDER_PERIODS[category];
  return computeDue(calendar, new Date(`${documentsFrom}T12:00:00+08:00`), { value: rule.value, unit: rule.unit }).dueDate;
}

/** 招标公告: documents from a date not in the past, deadline far enough after it. */
export function checkAnnouncement(
  calendar: WorkdayCalendar,
  input: { category: TradingCategory; documentsFrom: string; deadline: Date; now: Date },
): PeriodRule | null {
  const today = toChinaDate(input.now);
  if (input.documentsFrom < today) {
    return { code: 'DEADLINE_ORDER', basis: '《招标投标法》第二十四条', message: '招标文件发出日期不能早于今天' };
  }
  const earliest = earliestDeadline(calendar, input.category, input.documentsFrom);
  if (toChinaDate(input.deadline) < earliest) {
    const rule = TENDER_PERIODS[input.category];
    const unit = rule.unit === 'workday' ? '个工作日' : '日';
    return {
      code: 'TENDER_PERIOD',
      basis: rule.basis,
      message: `${rule.basis}：自招标文件开始发出之日起至投标截止之日止不得少于${rule.value}${unit}，最早可定于 ${earliest}`,
    };
  }
  return null;
}

/**
 * 澄清/修改 that may affect the bid documents: published at least 15 days before the deadline,
 * otherwise the deadline must move (a new deadline given with the clarification is checked instead).
 */
export function checkClarification(calendar: WorkdayCalendar, input: { deadline: Date; now: Date }): PeriodRule | null {
  const earliest = computeDue(calendar, input.now, { value: CLARIFICATION_DAYS, unit: 'natural_day' }).dueDate;
  if (input.deadline <= input.now) return { code: 'DEADLINE_ORDER', basis: CLARIFICATION_BASIS, message: '投标截止时间已过，不能再发布澄清或修改' };
  if (toChinaDate(input.deadline) < earliest) {
    return {
      code: 'CLARIFICATION_PERIOD',
      basis: CLARIFICATION_BASIS,
      message: `${CLARIFICATION_BASIS}：澄清或者修改应当在投标截止时间至少${CLARIFICATION_DAYS}日前发出，不足的应当顺延投标截止时间（至少到 ${earliest}）`,
    };
  }
  return null;
}

/** 中标候选人公示: at least 3 days; answers when the publicity ends. */
export function publicityEnd(calendar: WorkdayCalendar, now: Date, days: number): { endsAt: Date } | PeriodRule {
  if (!(Number.isInteger(days) && days >= PUBLICITY_DAYS)) {
    return { code: 'PUBLICITY_PERIOD', basis: PUBLICITY_BASIS, message: `${PUBLICITY_BASIS}：中标候选人公示期不得少于${PUBLICITY_DAYS}日` };
  }
  return { endsAt: computeDue(calendar, now, { value: days, unit: 'natural_day' }).due };
}
