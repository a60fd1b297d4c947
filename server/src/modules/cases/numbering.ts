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

/*
 * Application number: region code, China date, and a sequence number, e.g. `220581-20261123-00042`
 * (five digits at least). The last part comes from one PostgreSQL sequence for the whole platform
 * (`next_application_number`, migration 202612030501): unique, ordered within a day, and taken
 * without a lock held to commit, so submissions never queue for it. It may have gaps (a rolled-back
 * submission); the global audit chain, not the numbering, proves that no case was deleted.
 */

/** Stands for the number in texts written before it is known; replaced in the same statement. */
export const NUMBER_PLACEHOLDER = '{{application-number}}';
