import { afterEach, describe, expect, it } from 'vitest';
import { chinaDate } from './china-time.js';
import { now, nowMs, setClock } from './clock.js';

afterEach(() => setClock(null));

describe('the platform clock', () => {
  it('reads the pinned instant and keeps moving from it', async () => {
    setClock('2026-01-01T09:30:00+08:00');
    const first = nowMs();
    expect(Math.abs(first - Date.parse('2026-01-01T01:30:00Z'))).toBeLessThan(50);
    await new Promise((r) => setTimeout(r, 20));
    expect(nowMs() - first).toBeGreaterThanOrEqual(15);
    expect(chinaDate()).toBe('2026-01-01');
  });

  it('gives the China date, not the UTC date, just after midnight in China', () => {
    setClock('2026-03-01T07:30:00+08:00');
    expect(now().toISOString().slice(0, 10)).toBe('2026-02-28');
    expect(chinaDate()).toBe('2026-03-01');
  });

  it('goes back to real time', () => {
    setClock('2020-05-05T12:00:00Z');
    setClock(null);
    expect(Math.abs(nowMs() - Date.now())).toBeLessThan(5);
  });
});
