import { z } from 'zod';
import { ZId } from '../../http/params.js';

export const ZHomeQuery = z.object({ centreId: ZId.optional() });
export type THomeQuery = z.infer<typeof ZHomeQuery>;

export const ZHotItem = z.object({
  id: z.number(),
  name: z.string(),
  departmentName: z.string(),
  /** Applications in the last 90 days (0 when the list is filled up with online items). */
  applications: z.number(),
});
export type THotItem = z.infer<typeof ZHotItem>;

export const ZNotice = z.object({
  /** The first day the notice is about (China date). */
  date: z.string(),
  title: z.string(),
  body: z.string(),
});
export type TNotice = z.infer<typeof ZNotice>;

/** 首页: what a visitor needs before coming (or instead of coming) to the centre. */
export const ZHome = z
  .object({
    centre: z.object({ id: z.number(), name: z.string(), address: z.string(), phone: z.string(), hours: z.string() }).nullable(),
    hotItems: z.array(ZHotItem),
    notices: z.array(ZNotice),
  })
  .meta({ id: 'Home' });
export type THome = z.infer<typeof ZHome>;
