import { describe, expect, it } from 'vitest';
import { chineseNumber, formatLimit, parseLimit } from './limits.js';

const parsed = (text: string | number, dayMeans?: 'workday' | 'natural_day') => {
  const r = parseLimit(text, { dayMeans });
  if (!r.ok) throw new Error(r.reason);
  return r.limit;
};

describe('limit text parser', () => {
  it.each([
    ['20个工作日', 20, 'workday'],
    ['20工作日', 20, 'workday'],
    ['自受理之日起20个工作日内办结', 20, 'workday'],
    ['60日', 60, 'natural_day'],
    ['15天', 15, 'natural_day'],
    ['3个小时', 3, 'hour'],
    ['2小时', 2, 'hour'],
    ['20', 20, 'workday'],
    ['０', 0, 'on_the_spot'],
    ['六十日', 60, 'natural_day'],
    ['二十个工作日', 20, 'workday'],
    ['一百二十个工作日', 120, 'workday'],
    ['十五天', 15, 'natural_day'],
    ['90个自然日', 90, 'natural_day'],
    ['２０个工作日', 20, 'workday'],
    ['当场办结', 0, 'on_the_spot'],
    ['即时办结', 0, 'on_the_spot'],
    ['即办件', 0, 'on_the_spot'],
  ] as const)('%s → %d %s', (text, value, unit) => {
    const limit = parsed(text);
    expect({ value: limit.value, unit: limit.unit, text: limit.text, conditions: limit.conditions }).toEqual({ value, unit, text, conditions: [] });
  });

  it('keeps the original text as written', () => {
    expect(parsed(' 不需要现场核查的，当场办结；需要现场核查的，10个工作日 ').text).toBe('不需要现场核查的，当场办结；需要现场核查的，10个工作日');
    expect(parsed(20).text).toBe('20');
  });

  it('reads "日" as working days when the caller says so (行政许可, art. 82)', () => {
    expect(parsed('二十日', 'workday')).toMatchObject({ value: 20, unit: 'workday' });
    expect(parsed('15天', 'workday')).toMatchObject({ value: 15, unit: 'workday' });
    expect(parsed('90个自然日', 'workday')).toMatchObject({ value: 90, unit: 'natural_day' });
  });

  it('reads several conditional limits in one cell and counts the longest', () => {
    expect(parsed('不需要现场核查的，当场办结；需要现场核查的，10个工作日')).toMatchObject({
      value: 10,
      unit: 'workday',
      conditions: [
        { condition: '不需要现场核查的', value: 0, unit: 'on_the_spot' },
        { condition: '需要现场核查的', value: 10, unit: 'workday' },
      ],
    });
    expect(parsed('1.不需要现场核查的5个工作日 2.需要现场核查的15个工作日 3.需要专家评审的二十个工作日')).toMatchObject({
      value: 20,
      conditions: [
        { condition: '不需要现场核查的', value: 5 },
        { condition: '需要现场核查的', value: 15 },
        { condition: '需要专家评审的', value: 20 },
      ],
    });
    expect(parsed('（1）个人申请的：3个小时\n（2）单位申请的：5个工作日')).toMatchObject({
      value: 5,
      unit: 'workday',
      conditions: [
        { condition: '个人申请的', value: 3, unit: 'hour' },
        { condition: '单位申请的', value: 5, unit: 'workday' },
      ],
    });
  });

  it('keeps every condition of limits listed with commas', () => {
    expect(parsed('报告书60日,报告表30日,登记表15日', 'workday')).toMatchObject({
      value: 60,
      unit: 'workday',
      text: '报告书60日,报告表30日,登记表15日',
      conditions: [
        { condition: '报告书', value: 60, unit: 'workday' },
        { condition: '报告表', value: 30, unit: 'workday' },
        { condition: '登记表', value: 15, unit: 'workday' },
      ],
    });
    expect(parsed('不需要现场核查的当场办结，需要现场核查的10个工作日').conditions).toEqual([
      { condition: '不需要现场核查的', value: 0, unit: 'on_the_spot' },
      { condition: '需要现场核查的', value: 10, unit: 'workday' },
    ]);
    // The same limit named twice is one limit, and "立即受理" is no limit of its own.
    expect(parsed('自受理之日起20个工作日内作出决定，20个工作日内不能作出决定的，经本机关负责人批准，可以延长10个工作日')).toMatchObject({ value: 20, unit: 'workday', conditions: [], extensionWorkdays: 10 });
    expect(parsed('立即受理，20个工作日内办结')).toMatchObject({ value: 20, unit: 'workday', conditions: [] });
  });

  it('keeps an extension apart from the limit', () => {
    expect(parsed('20个工作日（经本机关负责人批准，可以延长10个工作日）')).toMatchObject({ value: 20, unit: 'workday', extensionWorkdays: 10, conditions: [] });
    expect(parsed('二十日，经本行政机关负责人批准，可以延长十日', 'workday')).toMatchObject({ value: 20, unit: 'workday', extensionWorkdays: 10 });
  });

  it.each([
    ['', '不能为空'],
    ['另行通知', '无法识别时限'],
    ['5-10个工作日', '区间'],
    ['三至五个工作日', '区间'],
    ['2.5个工作日', '整数'],
    ['不需要现场核查的，当场办结；需要现场核查的，视情况而定', '第 2 个条件'],
    ['20个工作日（不含公示期15日）', '中有多个时限，请用分号分开，每个写明情形和时限'],
    ['报告书60日,报告表30日,特殊情况另行通知', '「特殊情况另行通知」没有对应的时限'],
  ])('reports %j instead of guessing', (text, reason) => {
    const r = parseLimit(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });

  it('reads Chinese numerals', () => {
    expect(['十', '十五', '二十', '六十', '一百', '一百零五', '二〇', '两'].map(chineseNumber)).toEqual([10, 15, 20, 60, 100, 105, 20, 2]);
  });

  it('formats limits as guides write them', () => {
    expect([formatLimit(20, 'workday'), formatLimit(60, 'natural_day'), formatLimit(3, 'hour'), formatLimit(0, 'on_the_spot')]).toEqual(['20个工作日', '60日', '3小时', '当场办结']);
  });
});
