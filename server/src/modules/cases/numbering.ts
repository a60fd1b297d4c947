import crypto from 'node:crypto';

/** No 0/O, 1/I/L: a query code is read aloud and typed from paper. */
const QUERY_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const QUERY_CODE_LENGTH = 8;

/** 8 characters from 31 ≈ 39.6 bits; the progress endpoint is rate-limited, so guessing is hopeless. */
export function newQueryCode(): string {
  let code = '';
  // randomInt is uniform (it rejects the biased tail itself).
  for (let i = 0; i < QUERY_CODE_LENGTH; i++) code += QUERY_ALPHABET[crypto.randomInt(QUERY_ALPHABET.length)];
  return code;
}

export function normaliseQueryCode(input: string): string {
  return input.trim().toUpperCase();
}

/**
 * Application number: region code, China date, and the day's sequence in that region, e.g.
 * `220581-20261123-00042`, gap-free. One row per region and day counts; taking the next value
 * locks that row until the transaction ends, so the number is taken in the last statement of a
 * submission (repo.insertNumberedCase) and the lock is held only through the commit.
 */
export function applicationNumberParts(regionCode: string, chinaDate: string): { regionCode: string; day: string; prefix: string } {
  return { regionCode, day: chinaDate, prefix: `${regionCode}-${chinaDate.replaceAll('-', '')}-` };
}

/** Stands for the number in texts written before it is known; replaced in the same statement. */
export const NUMBER_PLACEHOLDER = '{{application-number}}';
