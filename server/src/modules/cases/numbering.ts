import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';

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
 * `220581-20261123-00042`. One row per region and day keeps the counter contention small.
 */
export async function nextApplicationNumber(db: Executor, regionCode: string, chinaDate: string): Promise<string> {
  const row = await db
    .insertInto('case_number_sequences')
    .values({ region_code: regionCode, day: chinaDate, last_value: 1 })
    .onConflict((oc) =>
      oc.columns(['region_code', 'day']).doUpdateSet({ last_value: sql`case_number_sequences.last_value + 1` }),
    )
    .returning('last_value')
    .executeTakeFirstOrThrow();
  return `${regionCode}-${chinaDate.replaceAll('-', '')}-${String(row.last_value).padStart(5, '0')}`;
}
