import { z } from 'zod';

/** The indicators a scheme may weigh, each read from its own records. */
export const INDICATOR_KEYS = ['volume', 'on_time', 'early', 'satisfaction', 'rectified', 'complaints', 'findings', 'attendance'] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];

export const ZSchemeIndicator = z.object({
  key: z.enum(INDICATOR_KEYS),
  label: z.string().trim().min(1).max(20),
  weight: z.number().min(0).max(100),
  /** complaints: points taken off per complaint (from 100). */
  perItem: z.number().min(0).max(100).optional(),
});

export const ZScheme = z
  .object({
    indicators: z.array(ZSchemeIndicator).min(1).max(INDICATOR_KEYS.length),
    windowAwards: z.number().int().min(0).max(20),
    personAwards: z.number().int().min(0).max(50),
  })
  .meta({ id: 'AssessmentScheme' });
export type TScheme = z.infer<typeof ZScheme>;

export type RecordKind = 'ticket' | 'case' | 'rating' | 'complaint' | 'finding' | 'attendance';

export const ZIndicatorScore = z.object({
  key: z.enum(INDICATOR_KEYS),
  label: z.string(),
  weight: z.number(),
  /** What was measured, as shown (e.g. "18/20", "42 件"). */
  value: z.string(),
  /** 0–100, or null when there was nothing to count (left out of the total). */
  score: z.number().nullable(),
  records: z.object({ kind: z.enum(['ticket', 'case', 'rating', 'complaint', 'finding', 'attendance']), ids: z.array(z.union([z.number(), z.string()])) }),
});
export type TIndicatorScore = z.infer<typeof ZIndicatorScore>;

export const ZScore = z
  .object({
    id: z.number(),
    subjectType: z.enum(['window', 'person']),
    subjectId: z.number(),
    name: z.string(),
    departmentId: z.number().nullable(),
    total: z.number(),
    rank: z.number(),
    proposed: z.boolean(),
    awarded: z.boolean(),
    indicators: z.array(ZIndicatorScore),
  })
  .meta({ id: 'AssessmentScore' });
export type TScore = z.infer<typeof ZScore>;

export const ZRun = z
  .object({
    id: z.number(),
    centreId: z.number(),
    month: z.string(),
    status: z.enum(['draft', 'confirmed', 'published']),
    computedAt: z.string(),
    confirmedAt: z.string().nullable(),
    publishedAt: z.string().nullable(),
    scheme: ZScheme,
    windows: z.array(ZScore),
    persons: z.array(ZScore),
  })
  .meta({ id: 'AssessmentRun' });
export type TRun = z.infer<typeof ZRun>;

export const ZIndicatorTrace = z.object({ indicator: ZIndicatorScore, records: z.array(z.object({ id: z.string(), text: z.string(), at: z.string() })) });
export type TIndicatorTrace = z.infer<typeof ZIndicatorTrace>;

export const ZPublishedAwards = z.object({
  months: z.array(
    z.object({
      month: z.string(),
      publishedAt: z.string(),
      windows: z.array(z.object({ name: z.string(), total: z.number(), rank: z.number(), awarded: z.boolean() })),
      stars: z.array(z.object({ name: z.string(), total: z.number(), rank: z.number() })),
    }),
  ),
});
export type TPublishedAwards = z.infer<typeof ZPublishedAwards>;
