import { describe, expect, it } from 'vitest';
import { capitalYuan, computeFee, yuan } from './compute.js';

describe('computeFee', () => {
  const rules = [
    { name: '不动产登记费', kind: 'by_option' as const, field: 'houseType', options: { 住宅: 8000, 非住宅: 55000 }, amountFen: 8000, basis: '发改价格规〔2016〕2559号' },
    { name: '证书工本费', kind: 'per_unit' as const, field: 'extraCertificates', amountFen: 1000, unit: '本', basis: '同上' },
    { name: '查询费', kind: 'fixed' as const, amountFen: 0, basis: '免收' },
  ];

  it('reads the option and the quantity from the form, and leaves nothing-lines off', () => {
    expect(computeFee(rules, { houseType: '非住宅', extraCertificates: 2 })).toEqual({
      lines: [
        { name: '不动产登记费', quantity: 1, unitFen: 55000, amountFen: 55000, basis: '发改价格规〔2016〕2559号' },
        { name: '证书工本费', quantity: 2, unitFen: 1000, amountFen: 2000, basis: '同上' },
      ],
      totalFen: 57000,
    });
  });

  it('falls back to the default amount for an unknown option and one unit for a missing quantity', () => {
    expect(computeFee(rules, { houseType: '车位' }).totalFen).toBe(8000 + 1000);
    expect(computeFee(rules, { houseType: '住宅', extraCertificates: 0 }).lines.map((l) => l.name)).toEqual(['不动产登记费']);
  });
});

describe('amounts in words', () => {
  it.each([
    [8000, '捌拾元整'],
    [55000, '伍佰伍拾元整'],
    [12000, '壹佰贰拾元整'],
    [100100, '壹仟零壹元整'],
    [1000000, '壹万元整'],
    [10005000, '壹拾万零伍拾元整'],
    [4050, '肆拾元伍角'],
    [2005, '贰拾元零伍分'],
    [7, '柒分'],
  ])('%i fen → %s', (fen, words) => {
    expect(capitalYuan(fen)).toBe(words);
  });
  it('prints yuan with two decimals', () => expect(yuan(8050)).toBe('80.50'));
});
