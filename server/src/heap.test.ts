import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { applyHeapGrowth } from './heap.js';

describe('applyHeapGrowth', () => {
  it('sets the configured growth unless node was given one', () => {
    expect(applyHeapGrowth(30, [], '')).toBe('--heap-growing-percent=30');
    expect(applyHeapGrowth(30, ['--heap-growing-percent=80'], '')).toBeUndefined();
    expect(applyHeapGrowth(30, [], '--max-old-space-size=512 --heap-growing-percent=80')).toBeUndefined();
    expect(applyHeapGrowth(0, [], '')).toBeUndefined();
  });

  it('reads ONEWINDOW_HEAP_GROWTH_PERCENT, 100 by default, 0 for V8 to choose', () => {
    expect(loadConfig({}).heapGrowthPercent).toBe(100);
    expect(loadConfig({ ONEWINDOW_HEAP_GROWTH_PERCENT: '0' }).heapGrowthPercent).toBe(0);
    expect(() => loadConfig({ ONEWINDOW_HEAP_GROWTH_PERCENT: 'lots' })).toThrow(/ONEWINDOW_HEAP_GROWTH_PERCENT/);
  });
});
