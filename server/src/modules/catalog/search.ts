import { pinyin } from 'pinyin-pro';

/** Lower-case, NFKC (full-width letters and digits become ASCII), without spaces and brackets. */
export function normalizeSearchText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s()（）【】\[\]《》<>「」"'“”‘’、，。,.;；:：·\-—_/]+/g, '');
}

/**
 * The text an item is found by: its name, its full pinyin and its pinyin initials, joined by a
 * separator no query contains, so "spjy" finds 食品经营许可 and "shipin" finds it too.
 */
export function searchKeys(name: string, extra: string[] = []): string {
  const clean = normalizeSearchText(name);
  const chars = pinyin(clean, { toneType: 'none', type: 'all' });
  const full = chars.map((c) => (c.isZh ? c.pinyin : c.origin)).join('');
  const initials = chars.map((c) => (c.isZh ? c.pinyin[0] : c.origin)).join('');
  return [clean, full, initials, ...extra.map(normalizeSearchText)].join('|');
}

/**
 * Splits a query into terms that must all match ("食品 许可" → two terms). Each term is normalized
 * the same way as the keys; empty terms are dropped.
 */
export function searchTerms(query: string): string[] {
  return query
    .split(/[\s,，、]+/)
    .map(normalizeSearchText)
    .filter(Boolean)
    .slice(0, 5);
}

/** The same rule as the SQL filter, for unit tests and for ranking in memory. */
export function matchesSearch(keys: string, query: string): boolean {
  return searchTerms(query).every((term) => keys.includes(term));
}
