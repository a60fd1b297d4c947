import type { RegionLevel } from '../../db/schema.js';

/** Levels from the top; a region sits below its parent's level (one or more steps). */
export const REGION_LEVELS: readonly RegionLevel[] = ['province', 'city', 'county', 'town', 'village'];

export const LEVEL_NAMES: Record<RegionLevel, string> = {
  province: '省',
  city: '市',
  county: '县（市、区）',
  town: '乡镇（街道）',
  village: '村（社区）',
};

/** Digits each level adds to the 12-digit 统计用区划代码 (2 + 2 + 2 + 3 + 3). */
const LEVEL_END: Record<RegionLevel, number> = { province: 2, city: 4, county: 6, town: 9, village: 12 };

/** The full 12 digits of any region's key: 220581 → 220581000000; a town's key is its 12 digits. */
export function statCode(code: string): string {
  return code.padEnd(12, '0');
}

/**
 * The key a region of this level is stored under: the 6-digit 行政区划代码 down to counties (what
 * case numbers, item codes and calendars already use), the 12-digit code for towns and villages.
 */
export function regionKey(stat: string, level: RegionLevel): string {
  return LEVEL_END[level] <= 6 ? stat.slice(0, 6) : stat;
}

/**
 * Significant prefix: what every code in the region's subtree starts with. 220500 (a city) covers
 * 2205xx; 220000 covers 22xxxx; a county covers itself and its towns; a town's 220581100000 covers
 * its villages 220581100xxx.
 */
export function regionPrefix(code: string): string {
  if (code.length === 12) {
    if (code.endsWith('000000')) return regionPrefix(code.slice(0, 6));
    return code.endsWith('000') ? code.slice(0, 9) : code;
  }
  let prefix = code;
  while (prefix.length > 2 && prefix.endsWith('00')) prefix = prefix.slice(0, -2);
  return prefix;
}

/** The level a 12-digit code's shape says it is (its last non-zero group), or null when malformed. */
export function levelOfStatCode(stat: string): RegionLevel | null {
  if (!/^[0-9]{12}$/.test(stat) || stat.startsWith('00')) return null;
  if (stat.slice(9) !== '000') return 'village';
  if (stat.slice(6, 9) !== '000') return 'town';
  if (stat.slice(4, 6) !== '00') return 'county';
  if (stat.slice(2, 4) !== '00') return 'city';
  return 'province';
}

export interface RegionInput {
  /** The 12-digit 统计用区划代码, or a 6-digit code for province/city/county. */
  code: string;
  level: RegionLevel;
  parent: { code: string; level: RegionLevel } | null;
}

/**
 * Why a region cannot go into the tree, or null when it can: 12 digits of the right shape for its
 * level, inside its parent's prefix, below its parent's level. The database trigger checks the same
 * on every write; this answers the user with a plain message first.
 */
export function regionProblem(input: RegionInput): string | null {
  const stat = input.code.length === 6 ? statCode(input.code) : input.code;
  if (!/^[0-9]{12}$/.test(stat)) return '区划代码应为 12 位数字（统计用区划代码）';
  const shape = levelOfStatCode(stat);
  if (shape !== input.level) return `代码 ${stat} 的格式不是${LEVEL_NAMES[input.level]}级代码`;
  if (!input.parent) return input.level === 'town' || input.level === 'village' ? `${LEVEL_NAMES[input.level]}须有上级区划` : null;
  if (REGION_LEVELS.indexOf(input.parent.level) >= REGION_LEVELS.indexOf(input.level)) {
    return `${LEVEL_NAMES[input.level]}不能位于${LEVEL_NAMES[input.parent.level]}之下`;
  }
  const prefix = regionPrefix(input.parent.code);
  if (!stat.startsWith(prefix)) return `代码 ${stat} 不以上级区划的代码 ${prefix} 开头`;
  return null;
}

/** Maps a region level to the kind of centre that serves it. */
export const CENTRE_KIND_NAMES = {
  centre: '政务服务中心',
  branch: '分中心',
  town_centre: '乡镇（街道）便民服务中心',
  village_station: '村（社区）便民服务站',
  agency_point: '村代办点',
} as const;
