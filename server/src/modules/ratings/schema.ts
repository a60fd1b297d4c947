import { z } from 'zod';

export const ZRated = z.object({ id: z.number(), rectification: z.boolean().meta({ description: 'true when a 差评 opened a rectification' }) });
export type TRated = z.infer<typeof ZRated>;

/** The rating tablet's address for a window, key included (shown once). */
export const ZKioskAddress = z.object({ url: z.string() });
export type TKioskAddress = z.infer<typeof ZKioskAddress>;

export const ZKioskCurrent = z.object({
  service: z.object({ serviceId: z.string(), windowName: z.string(), windowNumber: z.string(), clerkName: z.string() }).nullable(),
  indicators: z.array(z.object({ key: z.string(), label: z.string() })).describe('the centre’s enabled 评价器 indicators, in order'),
});
export type TKioskCurrent = z.infer<typeof ZKioskCurrent>;

export const ZRatingStatsBy = z.enum(['department', 'window', 'staff', 'item', 'month']);
export type TRatingStatsBy = z.infer<typeof ZRatingStatsBy>;

export const ZRatingStats = z.object({
  rows: z.array(
    z.object({
      key: z.union([z.number(), z.string()]).meta({ description: 'department/window/staff/item id, or YYYY-MM by month' }),
      name: z.string(),
      total: z.number(),
      satisfied: z.number(),
      bad: z.number(),
      average: z.number(),
      satisfactionRate: z.number(),
      badRate: z.number(),
      rank: z.number().nullable().meta({ description: 'ranking (1 = best; ties share a rank); null by month' }),
    }),
  ),
});
export type TRatingStats = z.infer<typeof ZRatingStats>;
export type TRatingStatsRow = TRatingStats['rows'][number];

export const ZRectificationList = z.object({
  rectifications: z.array(
    z.object({
      id: z.number(),
      status: z.string(),
      dueDate: z.string(),
      overdue: z.boolean(),
      needsCallback: z.boolean(),
      level: z.number(),
      comment: z.string(),
      channel: z.string(),
      ratedAt: z.string(),
      departmentName: z.string().nullable(),
      windowNumber: z.string().nullable(),
      caseNumber: z.string().nullable(),
      measures: z.string().nullable(),
      appealKind: z.enum(['cannot_rectify', 'invalid']).nullable(),
      appealNote: z.string().nullable(),
      decisionNote: z.string().nullable(),
      realName: z.boolean(),
      callbackAt: z.string().nullable(),
      callbackNote: z.string().nullable(),
      fixLevel: z.number().nullable(),
      steps: z.array(z.string()).meta({ description: 'the steps the caller may take now' }),
    }),
  ),
});
export type TRectificationList = z.infer<typeof ZRectificationList>;
export type TRectification = TRectificationList['rectifications'][number];
