import crypto from 'node:crypto';

/**
 * A UUIDv7 (RFC 9562) made at `at`: 48 bits of Unix milliseconds, the version nibble 7, 74 random
 * bits. Case ids are made this way from the case's submission instant, so an id says which year's
 * partition of `cases` it lives in (migration 202612050301_cases_partitioned_by_year) and ids sort
 * by time. The SQL twin is `uuid_v7(timestamptz)` in the same migration.
 */
export function uuidv7(at: Date): string {
  const ms = at.getTime();
  if (!Number.isInteger(ms) || ms < 0 || ms >= 2 ** 48) throw new RangeError(`no UUIDv7 for ${at.toString()}`);
  const bytes = crypto.randomBytes(16);
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The instant a UUIDv7 was made at; null for any other version (the random v4 ids of older cases). */
export function uuidv7Instant(id: string): Date | null {
  const hex = id.replaceAll('-', '');
  if (hex.length !== 32 || hex[12] !== '7') return null;
  return new Date(parseInt(hex.slice(0, 12), 16));
}
