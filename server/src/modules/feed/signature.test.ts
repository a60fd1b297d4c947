import { describe, expect, it } from 'vitest';
import { chinaIso } from './format.js';
import { signFeedBody, verifyFeedSignature } from './signature.js';

describe('feed signature', () => {
  // The README's example, computed independently with
  // printf '%s' '1795404600.{"id":1}' | openssl dgst -sha256 -hmac 'test-secret' -hex
  const expected = 'v1=532478f82a0675bd0a66eca801140e217a3aac228006450b7563acc3dae9f395';

  it('is HMAC-SHA256 over "<timestamp>.<body>", hex, prefixed v1=', () => {
    expect(signFeedBody('test-secret', 1795404600, '{"id":1}')).toBe(expected);
  });

  it('verifies the genuine signature and refuses a changed body, another key, a stale timestamp', () => {
    const base = { secret: 'test-secret', timestamp: '1795404600', body: '{"id":1}', signature: expected, nowSeconds: 1795404600 + 10 };
    expect(verifyFeedSignature(base)).toBe(true);
    expect(verifyFeedSignature({ ...base, body: '{"id":2}' })).toBe(false);
    expect(verifyFeedSignature({ ...base, secret: 'other-secret' })).toBe(false);
    expect(verifyFeedSignature({ ...base, nowSeconds: 1795404600 + 301 })).toBe(false);
    expect(verifyFeedSignature({ ...base, signature: undefined })).toBe(false);
    expect(verifyFeedSignature({ ...base, timestamp: 'x' })).toBe(false);
  });
});

describe('chinaIso', () => {
  it('writes the instant in China time with +08:00', () => {
    expect(chinaIso(new Date('2026-11-23T16:30:00.250Z'))).toBe('2026-11-24T00:30:00.250+08:00');
  });
});
