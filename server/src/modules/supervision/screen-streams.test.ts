import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ScreenStreams, STREAMS_PER_KEY, type EndReason, type ScreenStreamLimits } from './screen-streams.js';

const LIMITS: ScreenStreamLimits = { total: 6, reservedForKeyed: 2, perAddress: 2, anonymousLifetimeMs: 60_000, heartbeatMs: 1_000 };

/** A client connection: `stuck` ones stop taking data, so what is written stays queued. */
function sink(stuck = false) {
  const written: string[] = [];
  return {
    written,
    get writableLength() {
      return stuck ? written.join('').length : 0;
    },
    write(chunk: string) {
      written.push(chunk);
    },
  };
}

let streams: ScreenStreams;
let ended: Array<[string, EndReason]>;
const open = (name: string, address: string, keyId?: number, s = sink()) =>
  streams.admit({ address, keyId, sink: s, onEnd: (reason) => ended.push([name, reason]) });

beforeEach(() => {
  vi.useFakeTimers();
  streams = new ScreenStreams(LIMITS);
  ended = [];
});
afterEach(() => {
  streams.closeAll();
  vi.useRealTimers();
});

describe('big-screen streams', () => {
  it('hold at most perAddress anonymous streams per address', () => {
    expect(open('a1', '203.0.113.1').ok).toBe(true);
    expect(open('a2', '203.0.113.1').ok).toBe(true);
    expect(open('a3', '203.0.113.1')).toEqual({ ok: false, reason: 'address' });
    expect(open('b1', '203.0.113.2').ok).toBe(true);
    expect(streams.size).toEqual({ total: 3, keyed: 0, anonymous: 3 });
  });

  it('keep the reserved capacity for keyed screens: anonymous viewers fill only total − reserved', () => {
    for (let i = 0; i < 4; i++) expect(open(`a${i}`, `203.0.113.${i}`).ok).toBe(true);
    expect(open('a4', '203.0.113.99')).toEqual({ ok: false, reason: 'full' });
    expect(open('k1', '198.51.100.1', 1).ok).toBe(true);
    expect(open('k2', '198.51.100.1', 2).ok).toBe(true);
    // Everything is taken now, keyed or not.
    expect(open('k3', '198.51.100.1', 3)).toEqual({ ok: false, reason: 'full' });
    expect(streams.size).toEqual({ total: 6, keyed: 2, anonymous: 4 });
    // A keyed screen may also use free public capacity beyond its reserve.
    streams.closeAll();
    for (let k = 1; k <= 6; k++) expect(open(`k${k}`, '198.51.100.1', k).ok).toBe(true);
    expect(open('a', '203.0.113.1')).toEqual({ ok: false, reason: 'full' });
  });

  it(`let ${STREAMS_PER_KEY} lines share a key; a further one replaces the oldest (a screen reloading)`, () => {
    expect(open('k-old', '198.51.100.1', 7).ok).toBe(true);
    vi.advanceTimersByTime(10);
    expect(open('k-mid', '198.51.100.1', 7).ok).toBe(true);
    vi.advanceTimersByTime(10);
    expect(open('k-new', '198.51.100.1', 7).ok).toBe(true);
    expect(ended).toEqual([['k-old', 'replaced']]);
    expect(streams.openByKey()).toEqual(new Map([[7, 2]]));
  });

  it('end anonymous streams after their lifetime, keyed ones not', () => {
    open('a', '203.0.113.1');
    open('k', '198.51.100.1', 1);
    vi.advanceTimersByTime(LIMITS.anonymousLifetimeMs - 1);
    expect(ended).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(ended).toEqual([['a', 'lifetime']]);
    expect(streams.size).toEqual({ total: 1, keyed: 1, anonymous: 0 });
    // The freed slot is there to be won again.
    expect(open('a-again', '203.0.113.1').ok).toBe(true);
  });

  it('send a heartbeat to every stream and drop one whose client stopped reading', () => {
    const reading = sink();
    const stuck = sink(true);
    open('reading', '203.0.113.1', undefined, reading);
    open('stuck', '203.0.113.2', 3, stuck);
    vi.advanceTimersByTime(LIMITS.heartbeatMs);
    expect(reading.written).toEqual([': keep-alive\n\n']);
    expect(stuck.written).toEqual([': keep-alive\n\n']);
    // The stuck one still holds that heartbeat at the next beat: one more chance.
    vi.advanceTimersByTime(LIMITS.heartbeatMs);
    expect(ended).toEqual([]);
    vi.advanceTimersByTime(LIMITS.heartbeatMs);
    expect(ended).toEqual([['stuck', 'stalled']]);
    expect(reading.written).toHaveLength(3);
  });

  it('end every stream of a revoked key, once', () => {
    const stream = open('k1', '198.51.100.1', 4);
    open('k2', '198.51.100.2', 4);
    open('other', '198.51.100.3', 5);
    streams.endKey(4);
    expect(ended).toEqual([
      ['k1', 'revoked'],
      ['k2', 'revoked'],
    ]);
    if (stream.ok) stream.stream.end('closed');
    expect(ended).toHaveLength(2);
  });
});
