import { describe, expect, it } from 'vitest';
import { findUnsafeInput, MAX_INPUT_DEPTH } from './input-guard.js';

const nested = (depth: number, leaf: unknown = 'x') => {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
};

describe('findUnsafeInput', () => {
  it('passes ordinary input, Chinese text, emoji and binary buffers', () => {
    expect(findUnsafeInput({ name: '梅河口市鑫达食品有限公司', note: '材料齐全 ✅ 😀', list: [1, true, null, { a: 'b' }] }, 'body')).toBeNull();
    expect(findUnsafeInput(Buffer.from([0, 0xff, 0]), 'body')).toBeNull();
    expect(findUnsafeInput(nested(MAX_INPUT_DEPTH - 1), 'body')).toBeNull();
  });

  it('names the first NUL, in a value or a key, by its path', () => {
    expect(findUnsafeInput({ a: 'ok', b: [{ c: 'x' }, { d: 'a\u0000b' }] }, 'body')).toEqual({ field: 'body.b.1.d', message: '不能包含空字符 (U+0000)' });
    expect(findUnsafeInput({ ['k\u0000']: 1 }, 'query')).toEqual({ field: 'query.k\\0', message: '字段名含有无效字符' });
    expect(findUnsafeInput('\u0000', 'params')).toEqual({ field: 'params', message: '不能包含空字符 (U+0000)' });
  });

  it('refuses a lone surrogate but not a pair', () => {
    expect(findUnsafeInput({ s: 'a\ud800' }, 'body')?.field).toBe('body.s');
    expect(findUnsafeInput({ s: '\udc00a' }, 'body')?.field).toBe('body.s');
    expect(findUnsafeInput({ s: '\ud83d\ude00' }, 'body')).toBeNull();
  });

  it(`refuses nesting past ${MAX_INPUT_DEPTH} levels, however deep, without recursion`, () => {
    expect(findUnsafeInput(nested(MAX_INPUT_DEPTH + 1), 'body')?.message).toBe(`嵌套层级不得超过 ${MAX_INPUT_DEPTH} 层`);
    // Far deeper than the call stack would allow a recursive walk.
    expect(findUnsafeInput(nested(200_000), 'body')?.message).toBe(`嵌套层级不得超过 ${MAX_INPUT_DEPTH} 层`);
    const arrays = JSON.parse(`${'['.repeat(5000)}${']'.repeat(5000)}`);
    expect(findUnsafeInput(arrays, 'body')?.field).toBe(`body${'.0'.repeat(MAX_INPUT_DEPTH)}`);
  });
});
