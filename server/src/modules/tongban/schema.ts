import { z } from 'zod';

/** Schemas of 通办 and the supervision of lower levels; ZX schema / TX type. */

/** 下级中心考核: the indicators one may weigh. */
export const INDICATORS = ['received', 'completed', 'onTimeRate', 'agencyCases', 'guidingCoverage'] as const;
export type Indicator = (typeof INDICATORS)[number];

export const ZRankingWeights = z
  .object(Object.fromEntries(INDICATORS.map((k) => [k, z.number().min(0).max(10)])) as Record<Indicator, z.ZodNumber>)
  .meta({ id: 'RankingWeights', description: '下级中心考核 indicator weights (0 leaves an indicator out)' });
export type TRankingWeights = z.infer<typeof ZRankingWeights>;

/** The weights stored for a region, and who set them when. */
export const ZWeightsAnswer = z.object({ weights: ZRankingWeights, updatedAt: z.string().nullable(), updatedBy: z.string().nullable() });
export type TWeightsAnswer = z.infer<typeof ZWeightsAnswer>;

/** One lower centre's place in the 下级中心考核 ranking. */
export const ZLowerCentreScore = z.object({
  rank: z.number(),
  centreId: z.number(),
  centreName: z.string(),
  regionCode: z.string(),
  values: z.record(z.string(), z.number()),
  score: z.number(),
});
export type TLowerCentreScore = z.infer<typeof ZLowerCentreScore>;

/** 下级中心考核排名 for a month, with the weights applied. */
export const ZLowerCentres = z.object({ weights: z.record(z.string(), z.number()), centres: z.array(ZLowerCentreScore) });
export type TLowerCentres = z.infer<typeof ZLowerCentres>;

export const ZLevelRow = z.object({
  regionCode: z.string(),
  regionName: z.string(),
  level: z.enum(['province', 'city', 'county', 'town', 'village']),
  own: z.boolean().meta({ description: "the region's own centres (本级), not its subtree" }),
  centres: z.number(),
  received: z.number(),
  accepted: z.number(),
  completed: z.number(),
  onTime: z.number(),
  onTimeRate: z.number().nullable(),
  openOverdue: z.number().meta({ description: 'running cases past their deadline now' }),
  agencyCases: z.number().meta({ description: '村代办点 applications filed in the period' }),
  hasChildren: z.boolean(),
});
export type TLevelRow = z.infer<typeof ZLevelRow>;

const ZRegionRef = z.object({ code: z.string(), name: z.string(), level: z.string() });
/** 分级统计: a region's child regions rolled up from their centres, with 本级 and the total. */
export const ZLevelRollup = z.object({
  region: ZRegionRef,
  path: z.array(ZRegionRef),
  rows: z.array(ZLevelRow),
  total: ZLevelRow.pick({ centres: true, received: true, accepted: true, completed: true, onTime: true, onTimeRate: true, openOverdue: true, agencyCases: true }),
});
export type TLevelRollup = z.infer<typeof ZLevelRollup>;


export const ZTongbanItem = z
  .object({ id: z.number(), name: z.string(), departmentName: z.string(), regionCode: z.string(), regionName: z.string().meta({ description: 'the region whose department decides' }) })
  .meta({ id: 'TongbanItem' });
export type TTongbanItem = z.infer<typeof ZTongbanItem>;
export const ZTongbanItemList = z.object({ items: z.array(ZTongbanItem) });
export type TTongbanItemList = z.infer<typeof ZTongbanItemList>;
