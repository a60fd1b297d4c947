import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isValidCreditCode, isValidResidentId, withCreditCheck, withResidentCheck } from './identity.js';

describe('居民身份证号 (GB 11643)', () => {
  it('accepts published examples and rejects a changed check digit', () => {
    // The worked example of GB 11643-1999 appendix.
    expect(isValidResidentId('11010519491231002X')).toBe(true);
    expect(isValidResidentId('110105194912310021')).toBe(false);
    expect(isValidResidentId('440524188001010014')).toBe(true);
  });
  it('rejects impossible birth dates and wrong shapes', () => {
    expect(isValidResidentId(withResidentCheck('22058119990230001'))).toBe(false);
    expect(isValidResidentId('2205811990010100')).toBe(false);
    expect(isValidResidentId('22058119900101001x')).toBe(false);
  });
  it('detects every single-digit change', () => {
    const id = withResidentCheck('22058119850612003');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const changed = id.slice(0, pos) + ((Number(id[pos]) + delta) % 10) + id.slice(pos + 1);
        return !isValidResidentId(changed) || changed.slice(6, 14) !== id.slice(6, 14);
      }),
    );
  });
});

describe('统一社会信用代码 (GB 32100)', () => {
  it('accepts real published codes', () => {
    // Codes printed on public business licences.
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
    expect(isValidCreditCode('91110000802100433B')).toBe(true);
  });
  it('rejects a changed check character and forbidden letters', () => {
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
    expect(isValidCreditCode('91350100M0001OOY43')).toBe(false);
  });
  it('generated check characters always validate', () => {
    const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY'.split('');
    fc.assert(fc.property(fc.array(fc.constantFrom(...chars), { minLength: 17, maxLength: 17 }), (stem) =>
      isValidCreditCode(withCreditCheck(stem.join(''))),
    ));
  });
});
