import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { uuidv7, uuidv7Instant } from './uuidv7.js';

describe('uuidv7', () => {
  it('writes the version 7 and the RFC 9562 variant, in the canonical form', () => {
    for (let i = 0; i < 200; i++) {
      const id = uuidv7(new Date(Date.UTC(2026, 11, 31, 16, 0, 0, i)));
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it('begins with the instant in milliseconds, 48 bits big-endian', () => {
    // 1 January 2027 00:00 China time = 2026-12-31T16:00:00Z = 1798732800000 ms = 0x01a2_ccd4_6000.
    const at = new Date('2027-01-01T00:00:00+08:00');
    expect(at.getTime()).toBe(1_798_732_800_000);
    expect(uuidv7(at).slice(0, 13)).toBe('01a2ccd4-6000');
    expect(uuidv7Instant(uuidv7(at))).toEqual(at);
    expect(uuidv7(new Date(0)).slice(0, 13)).toBe('00000000-0000');
  });

  it('sorts by instant, as text and as PostgreSQL compares uuids (bytewise)', () => {
    const instants = [0, 1, 255, 256, 1_767_196_800_000, 1_798_732_799_999, 1_798_732_800_000, 2 ** 48 - 1].map((ms) => new Date(ms));
    const ids = instants.map(uuidv7);
    expect([...ids].sort()).toEqual(ids);
    // Two ids of the same millisecond differ (74 random bits).
    expect(uuidv7(instants[4]!)).not.toBe(uuidv7(instants[4]!));
  });

  it('refuses instants it cannot encode, and reads no instant from a v4 id', () => {
    expect(() => uuidv7(new Date(-1))).toThrow(RangeError);
    expect(() => uuidv7(new Date(2 ** 48))).toThrow(RangeError);
    expect(() => uuidv7(new Date(Number.NaN))).toThrow(RangeError);
    expect(uuidv7Instant(crypto.randomUUID())).toBeNull();
  });
});
