import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { combineShares, decodeShare, encodeShare, gfDiv, gfMul, splitSecret } from './shamir.js';

const random = (n: number) => new Uint8Array(crypto.randomBytes(n));

describe('Shamir secret sharing over GF(256)', () => {
  it('field arithmetic: known products and division as the inverse of multiplication', () => {
    // 0x57 · 0x83 = 0xc1 is the worked example of FIPS-197 §4.2.
    expect(gfMul(0x57, 0x83)).toBe(0xc1);
    expect(gfMul(0x57, 0x13)).toBe(0xfe);
    for (let a = 1; a < 256; a++) for (const b of [1, 2, 3, 0x53, 0xca, 0xff]) expect(gfDiv(gfMul(a, b), b)).toBe(a);
  });

  it('any k of n shares rebuild the secret, for every subset', () => {
    const secret = new Uint8Array(crypto.randomBytes(16));
    const shares = splitSecret(secret, 5, 3, random);
    let subsets = 0;
    for (let a = 0; a < 5; a++)
      for (let b = a + 1; b < 5; b++)
        for (let c = b + 1; c < 5; c++) {
          expect(Buffer.from(combineShares([shares[a]!, shares[c]!, shares[b]!])).equals(Buffer.from(secret))).toBe(true);
          subsets++;
        }
    expect(subsets).toBe(10);
  });

  it('k−1 shares do not give the secret, and are consistent with every other secret (they tell nothing)', () => {
    const secret = new Uint8Array([0x42]);
    const shares = splitSecret(secret, 3, 2, random);
    // One share of a 2-of-3 split: for every candidate secret s there is a line through (0, s)
    // and the share, so the share alone rules nothing out.
    const one = shares[0]!;
    const candidates = new Set<number>();
    for (let s = 0; s < 256; s++) {
      const slope = gfDiv(one.y[0]! ^ s, one.x);
      const second = { x: 2, y: new Uint8Array([gfMul(slope, 2) ^ s]) };
      candidates.add(combineShares([one, second])[0]!);
    }
    expect(candidates.size).toBe(256);
    // Two shares of a 3-of-… split interpolate a different polynomial and miss the secret
    // (with a fixed coefficient source, so the outcome is exact).
    const fixed = (n: number) => new Uint8Array(n).fill(7);
    const three = splitSecret(new Uint8Array([1, 2, 3, 4]), 4, 3, fixed);
    expect(Array.from(combineShares([three[0]!, three[1]!]))).not.toEqual([1, 2, 3, 4]);
    expect(Array.from(combineShares(three.slice(0, 3)))).toEqual([1, 2, 3, 4]);
  });

  it('shares travel as x:hex and refuse nonsense', () => {
    const [share] = splitSecret(new Uint8Array([9, 8, 7]), 2, 2, random);
    expect(decodeShare(encodeShare(share!))).toEqual(share);
    expect(() => decodeShare('0:ab')).toThrow();
    expect(() => decodeShare('hello')).toThrow();
    expect(() => combineShares([share!, share!])).toThrow(/distinct/);
    expect(() => splitSecret(new Uint8Array([1]), 3, 1, random)).toThrow();
  });
});
