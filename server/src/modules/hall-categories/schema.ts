import { z } from 'zod';

export const ZCategoryInput = z.object({
  prefix: z.string().regex(/^[A-Z]$/, '前缀应为一个大写字母'),
  name: z.string().trim().min(1).max(40),
  departmentIds: z.array(z.number().int().positive()).max(100).default([]),
  windowIds: z.array(z.number().int().positive()).max(200).default([]),
  active: z.boolean().default(true),
});
export type TCategoryInput = z.infer<typeof ZCategoryInput>;

export const ZCategory = z
  .object({
    id: z.number(),
    centreId: z.number(),
    prefix: z.string(),
    name: z.string(),
    departmentIds: z.array(z.number()),
    windows: z.array(z.object({ id: z.number(), number: z.string(), name: z.string() })),
    active: z.boolean(),
  })
  .meta({ id: 'HallCategory' });
export type TCategory = z.infer<typeof ZCategory>;

export const ZCentreCategories = z.object({ centreName: z.string(), categories: z.array(ZCategory) });
export type TCentreCategories = z.infer<typeof ZCentreCategories>;

export const ZCategoryList = z.object({ categories: z.array(ZCategory) });
export type TCategoryList = z.infer<typeof ZCategoryList>;

export const ZPublicCentres = z.object({ centres: z.array(z.object({ id: z.number(), name: z.string(), address: z.string(), phone: z.string() })) });
export type TPublicCentres = z.infer<typeof ZPublicCentres>;

export const ZBookableItems = z.object({ items: z.array(z.object({ id: z.number(), name: z.string(), departmentName: z.string() })) });
export type TBookableItems = z.infer<typeof ZBookableItems>;
