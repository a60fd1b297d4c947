import { z } from 'zod';

const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
export const ZMyWorkQuery = z.object({ from: ZDay, to: ZDay });

/** 我的工作: a member of staff's own figures for a period, their queue now, and how people rated them. */
export const ZMyWork = z
  .object({
    from: z.string(),
    to: z.string(),
    figures: z.object({
      received: z.number(),
      accepted: z.number(),
      refused: z.number(),
      completed: z.number(),
      onTime: z.number(),
      late: z.number(),
      stops: z.number(),
      extensions: z.number(),
      onTimeRate: z.number().nullable(),
      avgWorkdaysUsed: z.number().nullable(),
      avgPromisedWorkdays: z.number().nullable(),
    }),
    queue: z.object({ open: z.number(), warning: z.number(), overdue: z.number() }),
    ratings: z.object({
      count: z.number(),
      /** Share of 非常满意 + 满意 + 基本满意. */
      satisfaction: z.number().nullable(),
      byLevel: z.array(z.object({ level: z.number(), label: z.string(), count: z.number() })),
      recent: z.array(z.object({ at: z.string(), level: z.number(), label: z.string(), comment: z.string(), itemName: z.string().nullable(), rectification: z.string().nullable() })),
    }),
  })
  .meta({ id: 'MyWork' });
export type TMyWork = z.infer<typeof ZMyWork>;
