import { canonicalJson } from '../../util/canonical-json.js';
import { sm3Hex } from './sm-crypto.js';

/**
 * The draw itself, pure and replayable: given the recorded seed and the eligible pool of each
 * speciality (as it stood, in id order), it answers the same experts in the same order every time.
 * The generator is SM3 in counter mode over the seed, so anyone holding the seed after the reveal
 * can check the draw was not chosen by hand.
 */
export interface DrawRequestPart {
  speciality: string;
  count: number;
  reserves: number;
}

export interface DrawPick {
  expertId: number;
  speciality: string;
  role: 'member' | 'reserve';
  position: number;
}

export function randomStream(seedHex: string): () => number {
  let counter = 0;
  let block: number[] = [];
  return () => {
    if (block.length === 0) {
      const digest = sm3Hex(`${seedHex}:${counter++}`);
      for (let i = 0; i < digest.length; i += 8) block.push(parseInt(digest.slice(i, i + 8), 16));
    }
    return block.shift()!;
  };
}

/** Uniform integer in [0, n) without modulo bias (rejection sampling). */
function below(next: () => number, n: number): number {
  const limit = Math.floor(0x1_0000_0000 / n) * n;
  for (;;) {
    const value = next();
    if (value < limit) return value % n;
  }
}

/**
 * Draws each speciality in request order from its eligible experts, an expert counting once
 * across specialities. Throws when a speciality has too few.
 */
export function runDraw(seedHex: string, parts: readonly DrawRequestPart[], eligible: Readonly<Record<string, readonly number[]>>): DrawPick[] {
  const next = randomStream(seedHex);
  const taken = new Set<number>();
  const picks: DrawPick[] = [];
  for (const part of parts) {
    const pool = [...(eligible[part.speciality] ?? [])].filter((id) => !taken.has(id)).sort((a, b) => a - b);
    const needed = part.count + part.reserves;
    if (pool.length < needed) throw new RangeError(`${part.speciality}：符合条件的专家 ${pool.length} 人，不足所需的 ${needed} 人`);
    // Partial Fisher–Yates: the first `needed` places of a uniform shuffle.
    for (let i = 0; i < needed; i++) {
      const j = i + below(next, pool.length - i);
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
      taken.add(pool[i]!);
      picks.push({ expertId: pool[i]!, speciality: part.speciality, role: i < part.count ? 'member' : 'reserve', position: i + 1 });
    }
  }
  return picks;
}

/** SM3 of the eligible pool, recorded in clear at the draw so the pool cannot be changed after. */
export function poolDigest(eligible: Readonly<Record<string, readonly number[]>>): string {
  const sorted = Object.fromEntries(Object.entries(eligible).map(([k, ids]) => [k, [...ids].sort((a, b) => a - b)]));
  return sm3Hex(canonicalJson(sorted));
}
