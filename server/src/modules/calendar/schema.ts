import { z } from 'zod';

export const ZDate = z.iso.date('日期格式应为 YYYY-MM-DD');

export const ZCalendarDays = z.array(
  z.object({
    date: z.string(),
    workday: z.boolean(),
    kind: z.enum(['workday', 'weekend', 'holiday', 'makeup']),
    name: z.string().optional(),
  }),
);
export type TCalendarDays = z.infer<typeof ZCalendarDays>;
export type TCalendarDay = TCalendarDays[number];

export const ZSchedule = z
  .object({
    source: z.string().trim().min(4, '请填写通知文号或标题').max(200),
    holidays: z
      .array(
        z.object({
          name: z.string().trim().min(1, '请填写节日名称').max(20),
          from: ZDate,
          to: ZDate,
          makeupWorkdays: z.array(ZDate).max(5).default([]),
        }),
      )
      .min(1, '至少录入一个节假日')
      .max(20),
  })
  .meta({ id: 'HolidaySchedule', description: 'One year of the State Council notice: holidays and make-up working days (调休上班)' });
export type TSchedule = z.infer<typeof ZSchedule>;

export const ZScheduleSaved = z.object({ year: z.number(), recomputedCases: z.number() });
export type TScheduleSaved = z.infer<typeof ZScheduleSaved>;

export const ZCalendarStatus = z.object({
  years: z.array(z.object({ year: z.number(), source: z.string(), enteredAt: z.string(), enteredBy: z.string().nullable() })),
  regionCode: z.string().nullable(),
  regionDays: z.array(z.object({ date: z.string(), name: z.string() })),
  warnings: z.array(z.string()),
});
export type TCalendarStatus = z.infer<typeof ZCalendarStatus>;
