import { describe, expect, it } from 'vitest';
import { matchesSearch, normalizeSearchText, searchKeys, searchTerms } from './search.js';

describe('pinyin search', () => {
  const keys = searchKeys('食品经营许可（新办）', ['XK-00001-000']);

  it('builds name, full pinyin and initials', () => {
    expect(keys).toBe('食品经营许可新办|shipinjingyingxukexinban|spjyxkxb|xk00001000');
  });

  it.each(['spjy', 'SPJY', 'shipin', 'shipinjingying', 'jingying xuke', '食品', '食品 许可', '经营许可', 'ｓｐｊｙ', 'xk00001'])('finds 食品经营许可 by %j', (q) => {
    expect(matchesSearch(keys, q)).toBe(true);
  });

  it.each(['yp', '药品', 'spjy 注销', 'xyz'])('does not find it by %j', (q) => {
    expect(matchesSearch(keys, q)).toBe(false);
  });

  it('reads polyphonic characters in context', () => {
    expect(searchKeys('银行')).toContain('yinhang');
    expect(searchKeys('重庆')).toContain('chongqing');
    expect(matchesSearch(searchKeys('住房公积金个人住房贷款'), 'zfgjj')).toBe(true);
    expect(matchesSearch(searchKeys('不动产登记资料查询'), 'bdcdj')).toBe(true);
  });

  it('normalizes full-width characters and drops punctuation', () => {
    expect(normalizeSearchText('（ＸＫ）食品、经营')).toBe('xk食品经营');
    expect(searchTerms('  食品，许可  经营 ')).toEqual(['食品', '许可', '经营']);
  });
});
