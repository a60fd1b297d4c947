import { describe, expect, it } from 'vitest';
import { buildIdentifier, mod3736CheckChar, parseIdentifier } from './identifier.js';

describe('ISO/IEC 7064 MOD 37,36', () => {
  it('gives the published check characters', () => {
    // Examples from ISO/IEC 7064's MOD 37,36 test vectors as used by check-digit libraries.
    expect(mod3736CheckChar('A12425GABC1234002')).toBe('M');
  });

  it('catches every single-character substitution of an identifier', () => {
    const id = buildIdentifier({ typeCode: '11220581MB12345678001', issuerCode: '11220581MB1234567X', serial: '2026120100001', version: 1 });
    expect(parseIdentifier(id)).toEqual({ typeCode: '11220581MB12345678001', issuerCode: '11220581MB1234567X', serial: '2026120100001', version: 1 });
    for (let i = 0; i < id.length; i++) {
      const swapped = id.slice(0, i) + (id[i] === '7' ? '8' : '7') + id.slice(i + 1);
      expect(parseIdentifier(swapped)).toBeNull();
    }
  });
});
