import crypto from 'node:crypto';

/**
 * How an owner's announcement picks one response. Pure functions of the responses and a seed, so a
 * published result can be reproduced by anyone holding the same list and seed.
 */
export interface Candidate {
  responseId: number;
  quote: number;
  /** The intermediary's credit score (0–100) at selection time, used by quality-and-price scoring. */
  creditScore: number;
}

/** An index in [0, n) from the seed: SM3(seed ‖ salt) read as a 256-bit integer modulo n. */
export function seededIndex(seed: string, n: number, salt = ''): number {
  if (n < 1) throw new Error('nothing to draw from');
  const digest = crypto.createHash('sm3').update(`${seed}${salt}`).digest();
  // 2^256 mod n is below n / 2^200 of a share for any n here: the bias is negligible.
  return Number(BigInt(`0x${digest.toString('hex')}`) % BigInt(n));
}

export const newSeed = () => crypto.randomBytes(32).toString('hex');

/** Responses in a fixed order (by id), so the draw depends only on the seed. */
const ordered = (candidates: Candidate[]) => [...candidates].sort((a, b) => a.responseId - b.responseId);

/** 随机抽取: every valid response has the same chance. */
export function drawRandom(candidates: Candidate[], seed: string): { winner: Candidate; order: number[] } {
  const list = ordered(candidates);
  return { winner: list[seededIndex(seed, list.length)]!, order: list.map((c) => c.responseId) };
}

/** 最低价: the lowest quote; a tie is drawn with the seed among the tied responses only. */
export function lowestPrice(candidates: Candidate[], seed: string): { winner: Candidate; tied: number[] } {
  const lowest = Math.min(...candidates.map((c) => c.quote));
  const tied = ordered(candidates.filter((c) => c.quote === lowest));
  return { winner: tied[seededIndex(seed, tied.length)]!, tied: tied.map((c) => c.responseId) };
}

/**
 * 质量价格综合评分: price score = lowest quote / quote × 100 (the lowest gets 100), quality score =
 * the intermediary's credit score; total = w × price + (1 − w) × quality. Highest total wins; a tie
 * is drawn with the seed.
 */
export function qualityAndPrice(candidates: Candidate[], priceWeight: number, seed: string) {
  const lowest = Math.min(...candidates.map((c) => c.quote));
  const scored = ordered(candidates).map((c) => {
    const price = Math.round((lowest / c.quote) * 10000) / 100;
    const total = Math.round((priceWeight * price + (1 - priceWeight) * c.creditScore) * 100) / 100;
    return { responseId: c.responseId, priceScore: price, qualityScore: c.creditScore, total };
  });
  const best = Math.max(...scored.map((s) => s.total));
  const tied = scored.filter((s) => s.total === best);
  const winnerId = tied[seededIndex(seed, tied.length)]!.responseId;
  return { winner: candidates.find((c) => c.responseId === winnerId)!, scores: scored };
}
