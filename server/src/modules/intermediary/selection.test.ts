import { describe, expect, it } from 'vitest';
import { drawRandom, lowestPrice, newSeed, qualityAndPrice, seededIndex } from './selection.js';

const candidates = [
  { responseId: 11, quote: 50_000, creditScore: 80 },
  { responseId: 7, quote: 42_000, creditScore: 70 },
  { responseId: 23, quote: 60_000, creditScore: 96 },
];

describe('choosing without designation', () => {
  it('gives every valid response a fair share over many random draws (chi-square, 3 responses)', () => {
    const runs = 6000;
    const wins = new Map<number, number>();
    // Fixed seeds keep the test deterministic; SM3 spreads them as it spreads the random seeds used live.
    for (let i = 0; i < runs; i++) {
      const { winner } = drawRandom(candidates, `seed-${i}`);
      wins.set(winner.responseId, (wins.get(winner.responseId) ?? 0) + 1);
    }
    const expected = runs / candidates.length;
    const chiSquare = candidates.reduce((sum, c) => sum + ((wins.get(c.responseId) ?? 0) - expected) ** 2 / expected, 0);
    // Two degrees of freedom: 13.82 is the 0.1 % critical value.
    expect(chiSquare).toBeLessThan(13.82);
    for (const c of candidates) expect(wins.get(c.responseId)).toBeGreaterThan(0);
  });

  it('is reproducible from its seed and the responses, whatever order they are listed in', () => {
    const seed = newSeed();
    const first = drawRandom(candidates, seed);
    const again = drawRandom([...candidates].reverse(), seed);
    expect(again.winner.responseId).toBe(first.winner.responseId);
    expect(first.order).toEqual([7, 11, 23]);
    expect(seededIndex('00ff', 3)).toBe(seededIndex('00ff', 3));
  });

  it('takes the lowest quote, and draws only among the tied ones', () => {
    expect(lowestPrice(candidates, newSeed()).winner.responseId).toBe(7);
    const tied = [...candidates, { responseId: 30, quote: 42_000, creditScore: 10 }];
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const pick = lowestPrice(tied, newSeed());
      expect(pick.tied).toEqual([7, 30]);
      seen.add(pick.winner.responseId);
    }
    expect([...seen].sort()).toEqual([30, 7].sort());
  });

  it('scores quality and price as published: the lowest quote gets 100 price points', () => {
    const { winner, scores } = qualityAndPrice(candidates, 0.6, newSeed());
    // 7: 0.6×100 + 0.4×70 = 88; 11: 0.6×84 + 0.4×80 = 82.4; 23: 0.6×70 + 0.4×96 = 80.4
    expect(scores).toEqual([
      { responseId: 7, priceScore: 100, qualityScore: 70, total: 88 },
      { responseId: 11, priceScore: 84, qualityScore: 80, total: 82.4 },
      { responseId: 23, priceScore: 70, qualityScore: 96, total: 80.4 },
    ]);
    expect(winner.responseId).toBe(7);
    // All weight on quality: the best credit wins.
    expect(qualityAndPrice(candidates, 0, newSeed()).winner.responseId).toBe(23);
  });
});
