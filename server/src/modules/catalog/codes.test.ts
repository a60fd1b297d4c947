import { describe, expect, it } from 'vitest';
import { withCreditCheck } from '../../util/identity.js';
import { composeItemCode, parentCodeOf, parseItemCode } from './codes.js';

const credit = withCreditCheck('11220581MB1234567');

describe('implementation code (实施编码)', () => {
  it('reads every part of a valid code', () => {
    const parsed = parseItemCode(`${credit}-4-220581-XK-00001-000-01`);
    expect(parsed).toEqual({
      ok: true,
      code: {
        creditCode: credit,
        level: 4,
        division: '220581',
        itemType: '01',
        basicCode: 'XK-00001-000',
        mainNo: '00001',
        subNo: '000',
        handlingNo: '01',
        hierarchy: 'handling',
        handlingKind: 'new',
      },
    });
  });

  it('tells main items, sub-items and handling items apart, with their handling kind', () => {
    const kinds = ['000-00', '002-00', '002-02', '000-03', '000-04', '000-07'].map((tail) => {
      const r = parseItemCode(`${credit}-4-220581-QR-00061-${tail}`);
      return r.ok ? [r.code.hierarchy, r.code.handlingKind] : r.reason;
    });
    expect(kinds).toEqual([
      ['main', null],
      ['sub', null],
      ['handling', 'change'],
      ['handling', 'renew'],
      ['handling', 'cancel'],
      ['handling', 'other'],
    ]);
  });

  it.each([
    ['garbage', '实施编码格式'],
    [`${credit.slice(0, 17)}0-4-220581-XK-00001-000-00`, '校验位'],
    [`${credit}-7-220581-XK-00001-000-00`, '实施层级 7'],
    [`${credit}-2-220581-XK-00001-000-00`, '省级事项'],
    [`${credit}-3-220500-XK-00001-000-00`.replace('220500', '220000'), '市级事项'],
    [`${credit}-4-220500-XK-00001-000-00`, '县级及以下'],
    [`${credit}-4-220581-ZZ-00001-000-00`, '类型字母 ZZ'],
    [`${credit}-4-220581-XK-00000-000-00`, '主项编号'],
  ])('rejects %s with a reason', (code, reason) => {
    const parsed = parseItemCode(code);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain(reason);
  });

  it('accepts lower case and surrounding spaces, and composes what it parses', () => {
    const code = composeItemCode({ creditCode: credit, level: 4, division: '220581', itemType: '20', mainNo: 301, subNo: 2, handlingNo: 1 });
    expect(code).toBe(`${credit}-4-220581-GG-00301-002-01`);
    expect(parseItemCode(` ${code.toLowerCase()} `).ok).toBe(true);
  });

  it('names the parent by code', () => {
    const handling = `${credit}-4-220581-QR-00061-002-01`;
    const sub = `${credit}-4-220581-QR-00061-002-00`;
    const parsedHandling = parseItemCode(handling);
    const parsedSub = parseItemCode(sub);
    if (!parsedHandling.ok || !parsedSub.ok) throw new Error('valid codes');
    expect(parentCodeOf(parsedHandling.code, handling)).toBe(sub);
    expect(parentCodeOf(parsedSub.code, sub)).toBe(`${credit}-4-220581-QR-00061-000-00`);
  });
});
