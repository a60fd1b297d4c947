import { z } from 'zod';

export const ZDepartmentDirectory = z.object({
  departments: z.array(z.object({ id: z.number(), name: z.string(), creditCode: z.string(), phone: z.string() })),
});
export type TDepartmentDirectory = z.infer<typeof ZDepartmentDirectory>;

export const ZStaff = z.object({
  id: z.number(),
  displayName: z.string(),
  role: z.string(),
  departmentId: z.number().nullable(),
  away: z.boolean(),
  backupUserId: z.number().nullable(),
});
export type TStaff = z.infer<typeof ZStaff>;

export const ZStaffList = z.object({ staff: z.array(ZStaff) });
export type TStaffList = z.infer<typeof ZStaffList>;

export const ZAdminWindowList = z.object({ windows: z.array(z.object({ id: z.number(), number: z.string(), name: z.string(), kioskConfigured: z.boolean() })) });
export type TAdminWindowList = z.infer<typeof ZAdminWindowList>;
export type TAdminWindow = TAdminWindowList['windows'][number];

export const ZAway = z.object({ away: z.boolean() });
export type TAway = z.infer<typeof ZAway>;
